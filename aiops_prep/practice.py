"""A practice session at the terminal: ask, grade, save each answer at once, sum up."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import TextIO

from aiops_prep import clock, render, schedule, session
from aiops_prep.bank import Bank, Question
from aiops_prep.errors import ProgressUnavailable
from aiops_prep.progress import Progress, open_progress
from aiops_prep.quiz import Attempt, summarize

RATING_KEYS = {str(r): r for r in schedule.RATING_NAMES}


def stdin() -> TextIO:
    """Standard input, with undecodable bytes replaced instead of raising."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    return sys.stdin


@contextmanager
def saving(enabled: bool) -> Iterator[Progress | None]:
    """The progress database, or None (with a warning) when it cannot be written.

    A corrupt database is an error: practising on would hide that history is not being kept.
    """
    if not enabled:
        yield None
        return
    with ExitStack() as stack:
        try:
            progress = stack.enter_context(open_progress())
        except ProgressUnavailable as exc:
            render.warning(f"{exc}; progress is not being saved")
            progress = None
        yield progress


def practise(
    bank: Bank,
    questions: Sequence[Question],
    mode: str,
    save: bool = True,
    interactive: bool | None = None,
    show_model: bool = True,
) -> session.Outcome:
    """Run a session over `questions`, saving every graded answer the moment it is graded."""
    interactive = sys.stdin.isatty() if interactive is None else interactive
    with saving(save) as progress:
        record = _recorder(bank, progress, mode, interactive, show_model)
        hooks = session.Hooks(
            ask=_terminal_ask(bank) if interactive else _piped_ask(bank, stdin()),
            show_hint=render.hint,
            graded=record,
        )
        outcome = session.run(questions, hooks)
    render.summary(summarize(bank, outcome.attempts, outcome.skipped), bank)
    return outcome


def _recorder(
    bank: Bank, progress: Progress | None, mode: str, interactive: bool, show_model: bool
) -> Callable[[Attempt], None]:
    state = {"progress": progress}

    def graded(attempt: Attempt) -> None:
        saved_id = None
        current = state["progress"]
        if current is not None:
            try:
                saved_id = current.record(bank.key, attempt, mode, clock.now())
            except ProgressUnavailable as exc:
                render.warning(f"{exc}; progress is not being saved from here on")
                state["progress"] = None
        render.attempt(attempt, show_model)
        rating = schedule.rating_for(attempt.grade.score, attempt.hint_used)
        if current is not None and saved_id is not None:
            if interactive:
                chosen = _ask_rating(rating)
                if chosen != rating:
                    current.rerate(saved_id, chosen)
            else:
                render.rating(rating)

    return graded


def _ask_rating(rating: int) -> int:
    name = schedule.RATING_NAMES[rating]
    prompt = f"Scheduled as {name}. Enter keeps it; 1 Again, 2 Hard, 3 Good, 4 Easy: "
    try:
        text = input(prompt).strip()
    except EOFError:
        return rating
    return RATING_KEYS.get(text, rating)


def _piped_ask(bank: Bank, stream: TextIO) -> Callable[[Question, int, int], str | None]:
    def ask(question: Question, number: int, total: int) -> str | None:
        render.question_header(question, bank, f"[{number}/{total}]")
        line = stream.readline()
        return line.rstrip("\r\n") if line else None

    return ask


def _terminal_ask(bank: Bank) -> Callable[[Question, int, int], str | None]:
    def ask(question: Question, number: int, total: int) -> str | None:
        render.question_header(question, bank, f"[{number}/{total}]")
        while True:
            try:
                text = input("answer (? hint, s skip, q quit)> ")
            except EOFError:
                return None
            if text.strip():
                return text

    return ask
