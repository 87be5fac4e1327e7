"""A practice session at the terminal: ask, grade, save each answer at once.

Quiz, review and mock interviews all run through `practise`; they differ in their `Options`.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TextIO

from aiops_prep import clock, grading, interrupts, render, schedule, session
from aiops_prep.bank import Bank, Question
from aiops_prep.errors import AiopsPrepError, ProgressUnavailable
from aiops_prep.grading import Grade
from aiops_prep.progress import Progress, open_progress
from aiops_prep.render import practice as render_practice
from aiops_prep.render import questions as render_questions
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
    grader: str = "lexical"  # a graders.CHOICES value; the commands default to auto
    notes: Mapping[int, str] = field(default_factory=dict)  # by question id: "new", "due..."


def _grader(bank: Bank, chosen: str, interactive: bool) -> Callable[[Question, str], Grade]:
    """The session's grader: against the whole bank (relevance), and with the model when the
    choice wants it, loading while the first question is on screen at a terminal."""
    from aiops_prep import graders

    if not graders.wants_model(chosen):
        return partial(grading.grade, questions=bank.questions)
    if interactive:
        graders.preload(chosen)
    return lambda question, answer: grading.grade(
        question, answer, bank.questions, graders.encoder(chosen)
    )


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
    """Run a session over `questions`, saving every graded answer the moment it is graded.

    Ctrl-C, SIGTERM and SIGHUP end it with the summary so far (`interrupts`); an answer
    submitted just before is graded and saved first.
    """
    interactive = sys.stdin.isatty() if interactive is None else interactive
    timer = _Timer(options, len(questions))
    carry = _Carry()
    with interrupts.handled(), saving(options.save) as progress:
        if interactive:
            editor = _editor() if options.editor else None  # before the first question
            render_practice.answer_help(options.hints, options.editor)
            ask = _terminal_ask(bank, options, timer, carry, editor)
        else:
            ask = _piped_ask(bank, stdin(), timer, options)
        recorder = _Recorder(bank, progress, options, interactive, timer, carry)
        hooks = session.Hooks(
            ask=ask,
            show_hint=_hint if options.hints else _no_hint,
            save=recorder.save,
            feedback=recorder.feedback,
            steady=interrupts.deferred,
            grade=_grader(bank, options.grader, interactive),
        )
        outcome = session.run(questions, hooks)
    if interactive and outcome.interrupted:
        from aiops_prep.terminal import restore

        restore()
    return outcome


def _editor() -> list[str]:
    from aiops_prep.terminal import find_editor

    return find_editor()


def _hint(question: Question) -> bool:
    render_questions.hint(question)
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
        """The clock in one line that fits the terminal: in full, or short when narrow."""
        import shutil

        if self.options.soft_limit is None or self.options.minutes is None:
            return ""
        now = time.monotonic()
        left = self.options.minutes * 60 - (now - self.started)
        remaining = f"{_clock(left)} left" if left >= 0 else f"over by {_clock(-left)}"
        this = f"{_clock(now - self.question_started)} of ~{_clock(self.options.soft_limit)}"
        full = (
            f"Question {self.number}/{self.count}: {this} · "
            f"Interview: {_clock(now - self.started)} elapsed, {remaining}"
        )
        if len(full) < shutil.get_terminal_size().columns:
            return full
        return f"Q{self.number}/{self.count} {this} · {remaining}"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class _Carry:
    """Text typed at a key prompt that was not a key (an answer typed ahead, a paste): it
    starts the next answer instead of vanishing."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, text: str) -> None:
        self.text = f"{self.text} {text}".strip() if self.text else text

    def take(self) -> str:
        text, self.text = self.text, ""
        return text


class _Recorder:
    """Saves each graded answer, then shows its feedback and offers to change the rating."""

    def __init__(
        self,
        bank: Bank,
        progress: Progress | None,
        options: Options,
        interactive: bool,
        timer: _Timer,
        carry: _Carry,
    ) -> None:
        self.bank, self.progress, self.options = bank, progress, options
        self.ask_rating = interactive and options.feedback
        self.timer, self.carry = timer, carry

    def save(self, attempt: Attempt) -> int | None:
        if self.progress is None:
            return None
        try:
            return self.progress.record(self.bank.key, attempt, self.options.mode, clock.now())
        except ProgressUnavailable as exc:
            render.warning(f"{exc}; progress is not being saved from here on")
            self.progress = None
            return None

    def feedback(self, attempt: Attempt, saved_id: object) -> str | None:
        """Show the grade; at a terminal, ask for the rating (or `r`: retry at once)."""
        if not self.options.feedback:
            render_practice.recorded(attempt, self.options.soft_limit)
            return None
        render_practice.attempt(attempt, self.options.show_model)
        rating = schedule.rating_for(attempt.grade.score, attempt.hint_used)
        if not self.ask_rating:
            if self.progress is not None and isinstance(saved_id, int):
                render_practice.rating(rating)
            return None
        if self.progress is None or not isinstance(saved_id, int):
            pressed = self._ask_key("Enter goes on; r retries this question: ", {}, "Enter")
            return self._retry() if pressed == session.RETRY else None
        try:
            spans = self.progress.intervals(saved_id)
        except ProgressUnavailable:
            spans = {}
        cap = schedule.HARD if attempt.hint_used else schedule.EASY
        keys = {k: r for k, r in RATING_KEYS.items() if r <= cap}
        name = schedule.RATING_NAMES[rating]
        labels = " ".join(
            f"{r} {schedule.RATING_NAMES[r]}"
            + (f" ({schedule.interval_label(spans[r])})" if r in spans else "")
            for r in keys.values()
        )
        capped = " (a hint was used: Hard at most)" if attempt.hint_used else ""
        prompt = f"Scheduled as {name}{capped}. Enter keeps it; {labels}; r retry: "
        key = self._ask_key(prompt, keys, f"Enter keeps {name}", capped)
        chosen = keys.get(key or "", rating)
        if chosen != rating:
            try:
                with interrupts.deferred():
                    self.progress.rerate(saved_id, chosen)
            except ProgressUnavailable as exc:
                render.warning(f"{exc}; the rating stays {name}")
                chosen = rating
        render_practice.rated(chosen, spans.get(chosen))
        return self._retry() if key == session.RETRY else None

    def _retry(self) -> str:
        self.timer.number = 0  # the question is shown again, its clock restarts
        return session.RETRY

    def _ask_key(
        self, prompt: str, keys: Mapping[str, int], enter: str, capped: str = ""
    ) -> str | None:
        """A single keypress: one of `keys`, `r` or Enter. Other keys are refused with a
        message; text typed here (the next answer, typed ahead) is kept for that answer."""
        from aiops_prep.terminal import ENTER, read_key

        last = self.timer.number >= self.timer.count
        choices = f"{min(keys)}-{max(keys)}, r, or {enter}" if keys else f"r, or {enter}"

        def refused(text: str) -> None:
            if text in RATING_KEYS and capped:
                render.warning(f"not after a hint: Hard at most ({choices})")
            elif not _is_text(text):
                render.warning(f"not a rating ({choices})" if keys else f"press {choices}")
            elif last:
                render.warning(f'not a rating: "{_excerpt(text)}" ({choices})')
            else:
                self.carry.add(text)
                render.warning(f'"{_excerpt(text)}" starts your next answer ({choices})')

        return read_key(prompt, {*keys, session.RETRY, ENTER}, refused)


def _is_text(typed: str) -> bool:
    """Words typed (or pasted) at a key prompt, as opposed to one wrong key such as `5`."""
    return len(typed) > 1 or typed.isalpha()


def _excerpt(text: str, width: int = 30) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _header(
    question: Question, bank: Bank, number: int, total: int, clock: str, options: Options
) -> None:
    note = options.notes.get(question.id, "")
    render_questions.question_header(question, bank, f"[{number}/{total}]", clock, note)


def _piped_ask(bank: Bank, stream: TextIO, timer: _Timer, options: Options) -> session.Ask:
    def ask(question: Question, number: int, total: int) -> str | None:
        if timer.number != number:
            timer.next_question(number)
            _header(question, bank, number, total, timer.line(), options)
        with interrupts.waiting():
            line = stream.readline()
        return line.rstrip("\r\n") if line else None

    return ask


def _terminal_ask(
    bank: Bank, options: Options, timer: _Timer, carry: _Carry, editor: list[str] | None
) -> session.Ask:
    from aiops_prep.terminal import read_answer

    commands = {session.SKIP, EDIT, *session.QUIT} | ({session.HINT} if options.hints else set())
    toolbar = timer.line if options.soft_limit else None

    def ask(question: Question, number: int, total: int) -> str | None:
        if timer.number != number:
            timer.next_question(number)
            # With the live clock in the toolbar, no copy of it above that would stand still.
            _header(question, bank, number, total, "" if toolbar else timer.line(), options)
        draft = carry.take()
        if editor is not None:
            return _compose(editor, _editor_header(question, bank, number, total, options), draft)
        while True:
            try:
                text = read_answer("> ", commands, toolbar, draft)
            except interrupts.Interrupted as stop:
                choice, draft = _after_interrupt(stop)
                if choice != GRADE:
                    continue
                text = draft
            draft = ""
            if text is not None and text.lower() == EDIT:
                text = _edit_once(question, bank, number, total, options)
            if text is None or text.strip():
                return text

    return ask


GRADE, DISCARD, GO_ON = "g", "d", "c"


def _after_interrupt(stop: interrupts.Interrupted) -> tuple[str, str]:
    """Ctrl-C with an answer half typed asks what to do with it: grade it, discard it or go
    on typing (the choice and the draft to go on with). A second Ctrl-C, an empty draft or
    another signal ends the session as before."""
    from aiops_prep.terminal import read_key

    draft = stop.draft.strip()
    if stop.signum != signal.SIGINT or not draft:
        raise stop
    extra = _Carry()

    def refused(text: str) -> None:
        if _is_text(text):
            extra.add(text)
            render.warning(f'"{_excerpt(text)}" is added to your answer; press g, d or c')
        else:
            render.warning("press g, d or c, or Ctrl-C again to end")

    prompt = "Ctrl-C: g grades what you typed, d discards it, c goes on typing; Ctrl-C again ends: "
    choice = read_key(prompt, (GRADE, DISCARD, GO_ON), refused)
    if choice is None:
        raise stop
    draft = f"{draft} {extra.text}".strip() if extra.text else draft
    return choice, "" if choice == DISCARD else draft


def _editor_header(
    question: Question, bank: Bank, number: int, total: int, options: Options
) -> str:
    """The comment lines that open the editor: the question and what the controls are."""
    import textwrap

    title = f"[{number}/{total}] #{question.id} · {bank.section(question.section).title}"
    lines = [title, *textwrap.wrap(question.question, 76), ""]
    lines += [
        "Write your answer below; lines starting with # are ignored. Save and quit to submit.",
        "An empty or unchanged file skips the question. A line with only q ends the session"
        + (", only ? shows the hint." if options.hints else "."),
    ]
    return "".join(f"# {_printable(line)}".rstrip() + "\n" for line in lines)


def _printable(text: str) -> str:
    return "".join(c for c in text if c.isprintable())


def _compose(editor: list[str], header: str, initial: str) -> str:
    """An answer from the editor; an empty or unchanged file, or a failed editor, skips."""
    from aiops_prep.terminal import edit_answer

    try:
        text = edit_answer(editor, header, initial)
    except AiopsPrepError as exc:
        render.warning(f"{exc}: question skipped")
        return session.SKIP
    if text is None:
        render.warning("nothing written: question skipped")
        return session.SKIP
    return text


def _edit_once(
    question: Question, bank: Bank, number: int, total: int, options: Options
) -> str | None:
    """`e` at the prompt: one answer in the editor; back to the prompt if nothing was written."""
    from aiops_prep.terminal import edit_answer, find_editor

    try:
        text = edit_answer(find_editor(), _editor_header(question, bank, number, total, options))
    except AiopsPrepError as exc:
        render.warning(str(exc))
        return ""
    return text or ""
