"""Practice sessions: quiz, spaced-repetition review and mock interview."""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from aiops_prep.cli import BankOption, GraderOption, LevelOption, command, load

NoSaveOption = Annotated[
    bool, typer.Option("--no-save", help="Practise without recording anything.")
]
NoModelOption = Annotated[
    bool, typer.Option("--no-model", help="Do not show the model answer after grading.")
]
EditorOption = Annotated[
    bool, typer.Option("--editor", help="Compose every answer in $VISUAL or $EDITOR.")
]
SeedOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--seed", metavar="N", help="Choose and shuffle reproducibly with this seed."),
]
PROMPT_HELP = """

At the prompt, Enter on an empty line (or Esc+Enter) submits a multi-line answer; ? shows the
hint, s skips, e opens your editor, q ends. When standard input is not a terminal, each line
is one answer."""


@command(help="Answer questions in random order and see what you covered." + PROMPT_HELP)
def quiz(
    level: LevelOption = None,
    count: Annotated[
        int, typer.Option("--count", "-n", metavar="N", min=1, help="How many questions to ask.")
    ] = 5,
    seed: SeedOption = None,
    weak: Annotated[
        bool, typer.Option("--weak", help="Ask the questions with the lowest recent scores.")
    ] = False,
    no_save: NoSaveOption = False,
    no_model: NoModelOption = False,
    editor: EditorOption = False,
    grader: GraderOption = None,
    bank: BankOption = None,
) -> None:
    from aiops_prep.graders import choice
    from aiops_prep.practice import Options
    from aiops_prep.quiz import select, weakest

    loaded = load(bank)
    if weak:
        pool = select(loaded, level or (), seed=seed)
        questions = weakest(pool, _latest_scores(loaded), count)
    else:
        questions = select(loaded, level or (), count=count, seed=seed)
    options = Options(
        "quiz", save=not no_save, show_model=not no_model, editor=editor, grader=choice(grader)
    )
    _run(loaded, questions, options)


@command(
    help="Spaced repetition: the questions you are due to review, most overdue first. When "
    "fewer are due than --limit, questions you have never answered fill the session." + PROMPT_HELP
)
def review(
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", metavar="N", min=1, help="At most this many questions."),
    ] = 10,
    level: LevelOption = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practise even when nothing is due, weakest first.")
    ] = False,
    no_save: NoSaveOption = False,
    no_model: NoModelOption = False,
    editor: EditorOption = False,
    grader: GraderOption = None,
    bank: BankOption = None,
) -> None:
    from aiops_prep import clock, progress
    from aiops_prep.graders import choice
    from aiops_prep.practice import Options
    from aiops_prep.quiz import review_order, select
    from aiops_prep.render import practice as render_practice

    loaded = load(bank)
    pool = select(loaded, level or (), shuffle=False)
    now = clock.now()
    with progress.open_progress(create=False) as store:
        due = store.due(loaded.key) if store else {}
        latest = store.latest_scores(loaded.key) if store else {}
    questions = review_order(pool, due, latest, now, limit, cram)
    if not questions:
        render_practice.next_review(min(due.values(), default=None), now)
        typer.echo("Nothing is due. Use --cram to practise anyway.", err=True)
        return
    notes = render_practice.review_notes(questions, due, now)
    render_practice.review_intro(notes)
    options = Options(
        "review",
        save=not no_save,
        show_model=not no_model,
        editor=editor,
        grader=choice(grader),
        notes=notes,
    )
    try:
        _run(loaded, questions, options)
    finally:
        with progress.open_progress(create=False) as store:
            upcoming = store.due(loaded.key) if store else due
        render_practice.next_review(min(upcoming.values(), default=None), clock.now())


@command(
    help="A mock interview: a balanced set of questions against the clock, no hints, then a "
    "report card with per-section averages, a verdict and what to study next." + PROMPT_HELP
)
def mock(
    minutes: Annotated[
        float, typer.Option("--minutes", "-m", metavar="MINUTES", help="Length of the interview.")
    ] = 30,
    seed: SeedOption = None,
    level: LevelOption = None,
    report: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--report", metavar="FILE.md", help="Also write the report card to this Markdown file."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite the report file if it exists.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report card as JSON to stdout.")
    ] = False,
    no_save: NoSaveOption = False,
    editor: EditorOption = False,
    grader: GraderOption = None,
    bank: BankOption = None,
) -> None:
    import time

    from aiops_prep import render
    from aiops_prep.export import check_target, write_atomically
    from aiops_prep.graders import choice
    from aiops_prep.mock import markdown, plan, report_card
    from aiops_prep.practice import Options, practise
    from aiops_prep.render import practice as render_practice

    if report is not None:
        check_target(report, force)  # not after a 30-minute interview
    if as_json:
        render.configure(all_to_stderr=True)
    loaded = load(bank)
    chosen = plan(loaded, minutes, seed, level or ())
    limit = chosen.seconds_per_question
    render_practice.mock_intro(chosen)
    options = Options(
        "mock", not no_save, False, False, False, editor, limit, minutes, choice(grader)
    )
    started = time.monotonic()
    outcome = practise(loaded, chosen.questions, options)
    card = report_card(loaded, chosen, outcome.attempts, (time.monotonic() - started) / 60)
    if as_json:
        render.print_json(render_practice.report_card_json(card))
    else:
        render_practice.report_card(card, loaded)
    if report is not None:
        write_atomically(report, markdown(card, loaded).encode("utf-8"), force=force)
        typer.echo(f"Report written to {report}", err=True)
    if outcome.interrupted:
        raise typer.Exit(outcome.exit_code)


def _run(bank: Any, questions: Any, options: Any) -> None:
    from aiops_prep.practice import practise
    from aiops_prep.render import practice as render_practice
    from aiops_prep.session import summarize

    outcome = practise(bank, questions, options)
    render_practice.summary(summarize(bank, outcome.attempts, outcome.skipped), bank)
    if outcome.interrupted:
        raise typer.Exit(outcome.exit_code)


def _latest_scores(bank: Any) -> dict[int, int]:
    from aiops_prep import progress

    with progress.open_progress(create=False) as store:
        return store.latest_scores(bank.key) if store else {}
