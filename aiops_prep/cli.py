"""The command line: parse options, call the core, hand results to `render`."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from typer.core import TyperGroup

from aiops_prep import __version__
from aiops_prep.errors import AiopsPrepError

# Click's UsageError (bad option, bad value, missing argument), reached through Typer's API.
UsageError = typer.BadParameter.__mro__[1]


class OneLineErrors(TyperGroup):
    """Usage errors as one line on stderr, like every other error, instead of a framed box."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "aiops-prep"
            typer.echo(
                f"{command}: error: {exc.format_message().rstrip('.')} (see --help)", err=True
            )
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="aiops-prep",
    help="Practise AIOps / ML-for-operations interview questions, with graded answers.",
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

BankOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
    typer.Option(
        "--bank",
        envvar="AIOPS_PREP_BANK",
        help="A question bank (YAML file or directory) instead of the bundled one.",
        show_default=False,
    ),
]
LevelOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--level",
        "-l",
        help="Only this section (slug or unique prefix: beginner, adv, ...); repeatable.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]
IdArgument = Annotated[
    int,
    typer.Argument(metavar="ID", help="Question id (see `aiops-prep list`).", show_default=False),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"aiops-prep: error: {message}", err=True)
    return typer.Exit(code)


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """`app.command`, turning the project's errors into one line on stderr and an exit code."""

    def register(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*a: Any, **k: Any) -> Any:
            try:
                return func(*a, **k)
            except AiopsPrepError as exc:
                raise fail(str(exc), exc.exit_code) from None

        app.command(*args, **kwargs)(wrapper)
        return func

    return register


def load(bank: Path | None) -> Any:
    from aiops_prep.bank import load_bank

    return load_bank(bank)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aiops-prep {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Practise AIOps interview questions: quiz yourself, get graded, see what you missed."""
    if ctx.invoked_subcommand is None:
        from aiops_prep import render

        try:
            loaded = load(None)
        except AiopsPrepError as exc:
            raise fail(str(exc)) from None
        render.welcome(loaded)


@command("list")
def list_questions(
    level: LevelOption = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--search", "-s", help="Only questions whose text or hint contains this."),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """List the questions: id, section and question."""
    from aiops_prep import render
    from aiops_prep.quiz import select

    loaded = load(bank)
    questions = select(loaded, level or (), search=search, shuffle=False)
    if as_json:
        render.print_json([render.question_json(q, loaded) for q in questions])
    else:
        render.question_table(questions, loaded)


@command()
def show(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show one question, without its hint."""
    from aiops_prep import render

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(render.question_json(question, loaded))
    else:
        render.show(question, loaded)


@command()
def hint(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show a question with its hint and the key concepts a strong answer covers."""
    from aiops_prep import render

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(render.question_json(question, loaded, hint=True))
    else:
        render.show(question, loaded, with_hint=True)


@command()
def grade(
    question_id: IdArgument,
    answer: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Your answer; omit it or give - to read all of standard input."),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Score one answer without a quiz."""
    from aiops_prep import grading, render

    loaded = load(bank)
    question = loaded.get(question_id)
    if answer is None or answer == "-":
        from aiops_prep.practice import stdin

        answer = stdin().read()
    result = grading.grade(question, answer)
    if as_json:
        render.print_json(render.grade_json(result))
    else:
        render.show(question, loaded)
        render.grade_result(result, question, with_hint=False)


NoSaveOption = Annotated[
    bool, typer.Option("--no-save", help="Practise without recording anything.")
]


@command()
def quiz(
    level: LevelOption = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="How many questions to ask.")
    ] = 5,
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", help="Shuffle reproducibly with this seed."),
    ] = None,
    weak: Annotated[
        bool, typer.Option("--weak", help="Ask the questions with the lowest recent scores.")
    ] = False,
    no_save: NoSaveOption = False,
    bank: BankOption = None,
) -> None:
    """Answer questions in random order and see what you covered.

    At the prompt: ? shows the hint, s skips, q ends the quiz. When standard input is not a
    terminal, each line is one answer.
    """
    from aiops_prep import practice
    from aiops_prep.quiz import select, weakest

    loaded = load(bank)
    if weak:
        pool = select(loaded, level or (), seed=seed)
        questions = weakest(pool, _latest_scores(loaded), count)
    else:
        questions = select(loaded, level or (), count=count, seed=seed)
    outcome = practice.practise(loaded, questions, "quiz", save=not no_save)
    if outcome.interrupted:
        raise typer.Exit(130)


@command()
def review(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many questions.")
    ] = 10,
    level: LevelOption = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practise even when nothing is due, weakest first.")
    ] = False,
    no_save: NoSaveOption = False,
    bank: BankOption = None,
) -> None:
    """Spaced repetition: the questions you are due to review, most overdue first.

    When fewer are due than --limit, questions you have never answered fill the session.
    """
    from aiops_prep import clock, practice, progress, render
    from aiops_prep.quiz import review_order, select

    loaded = load(bank)
    pool = select(loaded, level or (), shuffle=False)
    now = clock.now()
    with progress.open_progress(create=False) as store:
        due = store.due(loaded.key) if store else {}
        latest = store.latest_scores(loaded.key) if store else {}
    questions = review_order(pool, due, latest, now, limit, cram)
    if not questions:
        render.next_review(min(due.values(), default=None), now)
        typer.echo("Nothing is due. Use --cram to practise anyway.", err=True)
        return
    outcome = practice.practise(loaded, questions, "review", save=not no_save)
    with progress.open_progress(create=False) as store:
        upcoming = store.due(loaded.key) if store else due
    render.next_review(min(upcoming.values(), default=None), clock.now())
    if outcome.interrupted:
        raise typer.Exit(130)


def _latest_scores(bank: Any) -> dict[int, int]:
    from aiops_prep import progress

    with progress.open_progress(create=False) as store:
        return store.latest_scores(bank.key) if store else {}


@command()
def stats(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Your progress: mastery per section, due today, streak, activity, weak spots."""
    from aiops_prep import clock, progress, render
    from aiops_prep.stats import compute

    loaded = load(bank)
    now = clock.now()
    with progress.open_progress(create=False) as store:
        result = compute(loaded, store, now)
    if as_json:
        render.print_json(render.stats_json(result, now))
    else:
        render.stats(result, loaded, now)


@command()
def history(
    question_id: Annotated[
        Optional[int],  # noqa: UP045
        typer.Argument(metavar="[ID]", help="Only this question.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 20,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Your saved answers, newest first."""
    from aiops_prep import progress, render

    loaded = load(bank)
    if question_id is not None:
        loaded.get(question_id)
    with progress.open_progress(create=False) as store:
        rows = store.history(loaded.key, question_id, limit) if store else []
    if as_json:
        render.print_json(render.history_json(rows))
    else:
        render.history(rows)


@command()
def reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Start fresh: the progress database is moved aside as a timestamped backup."""
    from aiops_prep import progress

    path = progress.database_path()
    if not path.exists():
        typer.echo(f"Nothing to reset: {path} does not exist.", err=True)
        return
    if not yes:
        if not sys.stdin.isatty():
            raise fail("reset needs confirmation: run it in a terminal or pass --yes", 2)
        typer.confirm(f"Move {path} aside and start fresh?", abort=True)
    backup = progress.reset(path)
    typer.echo(f"Progress reset. The old database is kept at {backup}", err=True)


@command()
def paths(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Where the question bank and your progress database are."""
    from aiops_prep import progress, render
    from aiops_prep.bank import bundled_bank_path

    data = {
        "bank": str(bank if bank is not None else bundled_bank_path()),
        "data_dir": str(progress.data_dir()),
        "database": str(progress.database_path()),
    }
    if as_json:
        render.print_json(data)
    else:
        render.paths(data)


def main() -> None:
    """The console script: the app, with a closed pipe or Ctrl-C ending quietly."""
    try:
        app()
    except BrokenPipeError:
        # `aiops-prep list | head -1`: the reader has gone; stop without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
