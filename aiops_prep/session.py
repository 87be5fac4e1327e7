"""One practice session: ask each question, grade the answer, hand every result on at once;
then sum the attempts up."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from aiops_prep.bank import Bank, Question
from aiops_prep.grading import Grade, grade


@dataclass(frozen=True)
class Attempt:
    question: Question
    answer: str
    grade: Grade
    hint_used: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class SectionSummary:
    section: str
    answered: int
    average: float


@dataclass(frozen=True)
class Summary:
    attempts: tuple[Attempt, ...]
    skipped: int
    sections: tuple[SectionSummary, ...]
    average: float


def summarize(bank: Bank, attempts: Sequence[Attempt], skipped: int = 0) -> Summary:
    by_section: dict[str, list[int]] = {}
    for attempt in attempts:
        by_section.setdefault(attempt.question.section, []).append(attempt.grade.score)
    order = [s.id for s in bank.sections]
    sections = tuple(
        SectionSummary(s, len(by_section[s]), sum(by_section[s]) / len(by_section[s]))
        for s in sorted(by_section, key=lambda s: order.index(s) if s in order else len(order))
    )
    scores = [a.grade.score for a in attempts]
    average = sum(scores) / len(scores) if scores else 0.0
    return Summary(tuple(attempts), skipped, sections, average)


HINT, SKIP, RETRY = "?", "s", "r"
QUIT = {"q", "quit", "exit"}  # typed as an answer, "quit" means quit: it is not graded

# Asks question `number` of `total`; returns the typed text, or None at end of input.
Ask = Callable[[Question, int, int], "str | None"]


@dataclass
class Outcome:
    attempts: list[Attempt] = field(default_factory=list)
    skipped: int = 0
    exit_code: int = 0  # 128 + the signal that stopped the session (Ctrl-C: 130), else 0

    @property
    def interrupted(self) -> bool:
        """Stopped by Ctrl-C or a signal, as opposed to finishing, `q` or end of input."""
        return self.exit_code != 0


@dataclass(frozen=True)
class Hooks:
    """What the session does around each question; the CLI fills these with terminal I/O."""

    ask: Ask
    show_hint: Callable[[Question], bool]  # False when hints are not offered
    save: Callable[[Attempt], object]  # called the moment an answer is graded
    # Then shown what `save` returned; RETRY asks the same question again, a new attempt.
    feedback: Callable[[Attempt, object], object]
    clock: Callable[[], float] = time.monotonic
    # Around reading, grading and saving one answer: Ctrl-C waits until it is saved.
    steady: Callable[[], AbstractContextManager[object]] = nullcontext
    # The grader, given the bank: an answer is also read against every other question.
    grade: Callable[[Question, str], Grade] = grade


def run(questions: Sequence[Question], hooks: Hooks) -> Outcome:
    """Ask every question in order; Ctrl-C ends the session and keeps what was graded."""
    outcome = Outcome()
    try:
        for number, question in enumerate(questions, 1):
            while (result := _ask_one(question, number, len(questions), hooks, outcome)) == RETRY:
                pass
            if not result:
                break
    except KeyboardInterrupt as stop:
        outcome.exit_code = getattr(stop, "exit_code", 130)
    return outcome


def _ask_one(
    question: Question, number: int, total: int, hooks: Hooks, outcome: Outcome
) -> bool | str:
    """Ask until answered or skipped; False when the session should end, RETRY when the
    question should be asked again."""
    started, hint_used = hooks.clock(), False
    while True:
        with hooks.steady():
            text = hooks.ask(question, number, total)
            if text is None:
                return False
            command = text.strip().lower()
            if command == HINT:
                hint_used = hooks.show_hint(question) or hint_used
                continue
            if command == SKIP:
                outcome.skipped += 1
                return True
            if command in QUIT:
                return False
            elapsed = hooks.clock() - started
            attempt = Attempt(question, text, hooks.grade(question, text), hint_used, elapsed)
            saved = hooks.save(attempt)
            # Listed only once saved: the summary never claims an answer the history lacks.
            outcome.attempts.append(attempt)
        return RETRY if hooks.feedback(attempt, saved) == RETRY else True
