"""Look back at saved progress, or start afresh."""

import sys
from typing import Annotated, Any, Optional

import typer

from aiops_prep.cli import BankOption, JsonOption, command, fail, load


@command()
def stats(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Your progress: mastery per section, due today, streak, activity, weak spots."""
    from aiops_prep import clock, progress, render
    from aiops_prep.render import progress as render_progress
    from aiops_prep.stats import compute

    loaded = load(bank)
    now = clock.now()
    with progress.open_progress(create=False) as store:
        result = compute(loaded, store, now)
    if as_json:
        render.print_json(render_progress.stats_json(result, now))
    else:
        render_progress.stats(result, loaded, now)


@command()
def history(
    question_id: Annotated[
        Optional[int],  # noqa: UP045
        typer.Argument(metavar="[ID]", help="Only this question.", show_default=False),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="At most this many.")
    ] = 20,
    show: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--show",
            metavar="N",
            help="One attempt in full (N is the first column of the history): the whole"
            " answer, the points covered, missed and contradicted, and the score.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Your saved answers, newest first."""
    from aiops_prep import progress, render
    from aiops_prep.render import progress as render_progress

    loaded = load(bank)
    if show is not None:
        _show(loaded, show, as_json)
        return
    if question_id is not None:
        loaded.get(question_id)
    with progress.open_progress(create=False) as store:
        rows = store.history(loaded.key, question_id, limit) if store else []
    if as_json:
        render.print_json(render_progress.history_json(rows))
    else:
        render_progress.history(rows)


def _show(bank: Any, number: int, as_json: bool) -> None:
    """`history --show N`: one saved attempt, its answer regraded for contradicted points
    (they are not stored)."""
    from aiops_prep import grading, progress, render
    from aiops_prep.render import progress as render_progress

    with progress.open_progress(create=False) as store:
        saved = store.attempt(bank.key, number) if store else None
    if saved is None or all(q.id != saved.question_id for q in bank.questions):
        raise fail(f"no saved attempt {number} (aiops-prep history lists them in column N)")
    question = bank.get(saved.question_id)
    regraded = grading.grade(question, saved.answer, bank.questions)
    contradicted = [r.concept.name for r in regraded.contradicted]
    if as_json:
        [data] = render_progress.history_json([saved])
        render.print_json({"attempt": saved.id, **data, "contradicted": contradicted})
    else:
        render_progress.attempt(saved, bank, contradicted)


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
        if not typer.confirm(f"Move {path} aside and start fresh?"):
            typer.echo("Nothing changed.", err=True)
            raise typer.Exit(1)
    backup = progress.reset(path)
    typer.echo(f"Progress reset. The old database is kept at {backup}", err=True)


@command()
def paths(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Where the question bank, your progress and the grading model are."""
    from aiops_prep import graders, progress, render
    from aiops_prep.bank import locate
    from aiops_prep.render import banks as render_banks
    from aiops_prep.semantic import model_dir

    chosen = graders.choice()
    model = model_dir() if graders.wants_model(chosen) else None
    data = {
        "bank": str(locate(bank)),
        "data_dir": str(progress.data_dir()),
        "database": str(progress.database_path()),
        "grader": chosen,
        "model": str(model) if model else None,
    }
    if as_json:
        render.print_json(data)
    else:
        render_banks.paths(data)
