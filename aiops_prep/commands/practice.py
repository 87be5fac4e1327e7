"""Practice sessions: quiz and spaced-repetition review."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from aiops_prep.cli import BankOption, LevelOption, command, load

NoSaveOption = Annotated[
    bool, typer.Option("--no-save", help="Practise without recording anything.")
]
NoModelOption = Annotated[
    bool, typer.Option("--no-model", help="Do not show the model answer after grading.")
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
    no_model: NoModelOption = False,
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
    outcome = practice.practise(
        loaded, questions, "quiz", save=not no_save, show_model=not no_model
    )
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
    no_model: NoModelOption = False,
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
    outcome = practice.practise(
        loaded, questions, "review", save=not no_save, show_model=not no_model
    )
    with progress.open_progress(create=False) as store:
        upcoming = store.due(loaded.key) if store else due
    render.next_review(min(upcoming.values(), default=None), clock.now())
    if outcome.interrupted:
        raise typer.Exit(130)


def _latest_scores(bank: Any) -> dict[int, int]:
    from aiops_prep import progress

    with progress.open_progress(create=False) as store:
        return store.latest_scores(bank.key) if store else {}
