"""A practice session at the terminal: ask, grade, save each answer at once.

Quiz, review and mock interviews all run through `practise`; they differ in their `Options`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TextIO

from aiops_prep import clock, render, schedule, session
from aiops_prep.bank import Bank, Question
from aiops_prep.errors import ProgressUnavailable
from aiops_prep.progress import Progress, open_progress
from aiops_prep.session import Attempt

EDIT = "e"
RATING_KEYS = {str(r): r for r in schedule.RATING_NAMES}


@dataclass(frozen=True)
class Options:
    mode: str = "quiz"  # recorded with each attempt: quiz, review or mock
    save: bool = True
    feedback: bool = True  # score, concepts and model answer after each answer
    show_model: bool = True
    hints: bool = True
    editor: bool = False  # compose every answer in $VISUAL / $EDITOR
    soft_limit: float | None = None  # seconds per question; shows the clock (mock)
    minutes: float | None = None  # the whole session's time, for the clock


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
    options: Options,
    interactive: bool | None = None,
) -> session.Outcome:
    """Run a session over `questions`, saving every graded answer the moment it is graded."""
    interactive = sys.stdin.isatty() if interactive is None else interactive
    timer = _Timer(options, len(questions))
    with saving(options.save) as progress:
        if interactive:
            render.answer_help(options.hints, options.editor)
            ask = _terminal_ask(bank, options, timer)
        else:
            ask = _piped_ask(bank, stdin(), timer)
        hooks = session.Hooks(
            ask=ask,
            show_hint=_hint if options.hints else _no_hint,
            graded=_recorder(bank, progress, options, interactive and options.feedback, timer),
        )
        return session.run(questions, hooks)


def _hint(question: Question) -> bool:
    render.hint(question)
    return True


def _no_hint(question: Question) -> bool:
    render.warning("no hints in a mock interview: answer as you would in the room")
    return False


class _Timer:
    """The session's clock: elapsed and remaining time, shown while a mock runs."""

    def __init__(self, options: Options, count: int) -> None:
        self.options, self.count = options, count
        self.started = self.question_started = time.monotonic()
        self.number = 0

    def next_question(self, number: int) -> None:
        self.number, self.question_started = number, time.monotonic()

    def line(self) -> str:
        if self.options.soft_limit is None or self.options.minutes is None:
            return ""
        now = time.monotonic()
        left = self.options.minutes * 60 - (now - self.started)
        return (
            f"Question {self.number}/{self.count}: {_clock(now - self.question_started)}"
            f" of ~{_clock(self.options.soft_limit)} · Interview: {_clock(now - self.started)}"
            f" elapsed, {_clock(left) if left >= 0 else 'over by ' + _clock(-left)} left"
        )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _recorder(
    bank: Bank, progress: Progress | None, options: Options, ask_rating: bool, timer: _Timer
) -> Callable[[Attempt], None]:
    state = {"progress": progress}

    def graded(attempt: Attempt) -> None:
        saved_id = None
        current = state["progress"]
        if current is not None:
            try:
                saved_id = current.record(bank.key, attempt, options.mode, clock.now())
            except ProgressUnavailable as exc:
                render.warning(f"{exc}; progress is not being saved from here on")
                state["progress"] = None
        if not options.feedback:
            render.recorded(attempt, options.soft_limit)
            return
        render.attempt(attempt, options.show_model)
        rating = schedule.rating_for(attempt.grade.score, attempt.hint_used)
        if current is not None and saved_id is not None:
            if ask_rating:
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


def _piped_ask(bank: Bank, stream: TextIO, timer: _Timer) -> session.Ask:
    def ask(question: Question, number: int, total: int) -> str | None:
        if timer.number != number:
            timer.next_question(number)
            render.question_header(question, bank, f"[{number}/{total}]", timer.line())
        line = stream.readline()
        return line.rstrip("\r\n") if line else None

    return ask


def _terminal_ask(bank: Bank, options: Options, timer: _Timer) -> session.Ask:
    from aiops_prep.terminal import edit_answer, read_answer

    commands = {session.SKIP, session.QUIT, EDIT} | ({session.HINT} if options.hints else set())
    toolbar = timer.line if options.soft_limit else None

    def ask(question: Question, number: int, total: int) -> str | None:
        if timer.number != number:
            timer.next_question(number)
            render.question_header(question, bank, f"[{number}/{total}]", timer.line())
        while True:
            if options.editor:
                text: str | None = edit_answer()
            else:
                text = read_answer("> ", commands, toolbar)
                if text is not None and text.lower() == EDIT:
                    text = edit_answer()
            if text is None or text.strip():
                return text

    return ask
