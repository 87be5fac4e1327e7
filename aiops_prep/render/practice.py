"""What a quiz, review or mock prints: prompts, feedback, ratings, summary and report card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiops_prep.render import (
    BAND_STYLES,
    band,
    borders,
    console,
    esc,
    printable,
    say,
    warning,
    when,
)
from aiops_prep.render.questions import grade_result

if TYPE_CHECKING:
    from rich.text import Text

    from aiops_prep.bank import Bank, Question
    from aiops_prep.mock import Plan, ReportCard, Row
    from aiops_prep.session import Attempt, Summary


def answer_help(hints: bool, editor: bool) -> None:
    keys = "Enter on an empty line or Esc+Enter submits"
    if editor:
        keys = "your editor opens for each answer; save and quit to submit"
    commands = ("? hint · " if hints else "") + "s skip · q quit · e editor · Ctrl-C stop"
    console().print(f"[dim]Type your answer: {keys}. {commands}.[/dim]")


def recorded(attempt: Attempt, soft_limit: float | None) -> None:
    """The brief note after an answer in a mock: no score until the report card."""
    taken = _clock(attempt.seconds)
    if soft_limit is not None and attempt.seconds > soft_limit:
        warning(f"{taken} on that answer, over the ~{_clock(soft_limit)} per question")
    else:
        console().print(f"[dim]Recorded ({taken}).[/dim]")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def attempt(attempt: Attempt, with_model: bool = True) -> None:
    grade_result(attempt.grade, attempt.question)
    if with_model and attempt.question.model_answer:
        compare(attempt)


SIDE_BY_SIDE_WIDTH = 100  # narrower terminals show the two answers one after the other


def compare(attempt: Attempt) -> None:
    """The user's answer beside the model answer, the points they missed highlighted in it."""
    from rich.table import Table
    from rich.text import Text

    out = console()
    yours = Text(printable(" ".join(attempt.answer.split())) or "(empty)")
    coloured = out.color_system is not None
    model = model_text(attempt.question, {c.name for c in attempt.grade.missed}, not coloured)
    legend = "Highlighted: what you missed." if coloured else "Marked [missed]: what you missed."
    legend = f"[dim]{esc(legend)}[/dim]" * bool(attempt.grade.missed)
    if out.width >= SIDE_BY_SIDE_WIDTH:
        table = Table(expand=True, box=borders(out))
        table.add_column("Your answer", ratio=1)
        table.add_column("Model answer", ratio=1)
        table.add_row(yours, model)
        out.print(table)
    else:
        out.print("[bold]Your answer[/bold]")
        out.print(yours)
        out.print("[bold]Model answer[/bold]")
        out.print(model)
    if legend:
        out.print(legend)


MISSED_MARK = " [missed]"  # after each missed point when there is no colour to show it


def model_text(question: Question, highlight: set[str], marks: bool = False) -> Text:
    """The model answer as rich text, with the concepts named in `highlight` styled, or
    followed by a `[missed]` mark when `marks` (no colour: a style would not show)."""
    from rich.text import Text

    from aiops_prep.grading import grade as grade_answer

    answer = question.model_answer or ""
    spans = sorted(
        r.where
        for r in grade_answer(question, answer).results
        if r.concept.name in highlight and r.where
    )
    if not marks:
        text = Text(answer)
        for start, end in spans:
            text.stylize("bold yellow underline", start, end)
        return text
    pieces, done = [], 0
    for _, end in spans:
        if end > done:
            pieces += [answer[done:end], MISSED_MARK]
            done = end
    return Text("".join([*pieces, answer[done:]]))


def summary(result: Summary, bank: Bank) -> None:
    from rich.table import Table

    out = console()
    if not result.attempts:
        out.print(f"\nNo answers graded ({result.skipped} skipped).")
        return
    table = Table(title="Quiz summary", box=borders(out))
    table.add_column("#", justify="right")
    table.add_column("Section")
    table.add_column("Score", justify="right")
    table.add_column("Band")
    table.add_column("Hint")
    for a in result.attempts:
        style = BAND_STYLES[a.grade.band]
        table.add_row(
            str(a.question.id),
            esc(bank.section(a.question.section).title),
            f"[{style}]{a.grade.score}[/{style}]",
            a.grade.band,
            "used" if a.hint_used else "",
        )
    table.add_section()
    for s in result.sections:
        table.add_row(
            "", f"{esc(bank.section(s.section).title)} average", f"{s.average:.0f}", "", ""
        )
    table.add_row("", "[bold]Overall average[/bold]", f"[bold]{result.average:.0f}[/bold]", "", "")
    out.print()
    out.print(table)
    if result.skipped:
        out.print(f"{result.skipped} skipped.", style="dim")


def rating(value: int) -> None:
    from aiops_prep.schedule import RATING_NAMES

    console().print(f"[dim]Scheduled as {RATING_NAMES[value]}.[/dim]")


def rated(value: int, span: timedelta | None) -> None:
    """The rating chosen at the prompt, confirmed, with when the question comes back."""
    from aiops_prep.schedule import RATING_NAMES, interval_label

    label = interval_label(span) if span is not None else ""
    back = "" if not label else " today" if label == "today" else f" in {label}"
    console().print(
        f"[dim]Rated {RATING_NAMES[value]}" + f": next review{back}" * bool(back) + ".[/dim]"
    )


def review_notes(
    questions: Sequence[Question], due: dict[int, datetime], now: datetime
) -> dict[int, str]:
    """Why each question is in a review: new, due (and how overdue), or crammed early."""
    notes = {}
    for q in questions:
        moment = due.get(q.id)
        if moment is None:
            notes[q.id] = "new"
        elif moment <= now:
            overdue = _span(now - moment)
            notes[q.id] = "due" + f", {overdue} overdue" * bool(overdue)
        else:
            notes[q.id] = f"not due for {_span(moment - now)} (cram)"
    return notes


def review_intro(notes: dict[int, str]) -> None:
    kinds = [n.split(",")[0].split(" (")[0] for n in notes.values()]
    due, new = kinds.count("due"), kinds.count("new")
    early = len(kinds) - due - new
    parts = [f"{due} due", f"{new} new"] + [f"{early} not yet due"] * bool(early)
    say(f"Review: {', '.join(parts)}.")


def _span(delta: timedelta) -> str:
    """'3 days', '1 hour', '5 minutes'; '' under a minute."""
    seconds = delta.total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return plural(int(seconds // size), unit)
    return ""


def plural(count: float, word: str) -> str:
    """'1 minute', '2 minutes', '1.5 minutes'."""
    return f"{count:g} {word}" + "s" * (count != 1)


def next_review(moment: datetime | None, now: datetime) -> None:
    console().print(f"Next review: {when(moment, now)}.")


VERDICT_STYLES = {"ready": "bold green", "almost there": "yellow", "keep practising": "red"}


def mock_intro(plan: Plan) -> None:
    out = console()
    count = len(plan.questions)
    out.print(
        f"[bold]Mock interview[/bold]: {plural(count, 'question')} in "
        f"{plural(plan.minutes, 'minute')}, about {_clock(plan.seconds_per_question)} each "
        "(a guide, not a cut-off). No hints; the report card comes at the end."
    )


def report_card_json(card: ReportCard) -> dict[str, Any]:
    return {
        "average": round(card.average, 1),
        "band": band(round(card.average)),
        "verdict": card.verdict,
        "minutes_planned": card.minutes_planned,
        "minutes_taken": round(card.minutes_taken, 2),
        "questions": [
            {
                "id": r.question.id,
                "section": r.question.section,
                "score": r.score,
                "band": r.band,
                "seconds": round(r.seconds, 1),
                "over_time": r.over_time,
                "covered": list(r.covered),
                "missed": list(r.missed),
                "contradicted": list(r.contradicted),
                "misconceptions": [{"claim": c, "actually": a} for c, a in r.misconceptions],
                "flags": list(r.flags),
            }
            for r in card.rows
        ],
        "skipped": [q.id for q in card.skipped],
        "sections": [{"title": t, "average": round(a, 1)} for t, a in card.sections],
        "study_next": list(card.study_next),
    }


def _missed_cell(row: Row) -> str:
    """What the answer lacked: missed points, with contradicted ones and wrong claims marked."""
    missed = [esc(n) for n in row.missed if n not in row.contradicted]
    missed += [f"[red]✗ {esc(n)} (contradicted)[/red]" for n in row.contradicted]
    missed += [f"[red]✗ misconception: {esc(claim)}[/red]" for claim, _ in row.misconceptions]
    return ", ".join(missed) or "-"


def report_card(card: ReportCard, bank: Bank) -> None:
    from rich.table import Table

    out = console()
    table = Table(title="Report card", box=borders(out))
    for name, justify in (("#", "right"), ("Section", "left"), ("Score", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("Time", justify="right")
    table.add_column("Missed")
    for row in card.rows:
        style = BAND_STYLES[row.band]
        table.add_row(
            str(row.question.id),
            esc(bank.section(row.question.section).title),
            f"[{style}]{row.score}[/{style}] {row.band}",
            _clock(row.seconds) + (" [yellow]over[/yellow]" if row.over_time else ""),
            _missed_cell(row),
        )
    for question in card.skipped:
        table.add_row(
            str(question.id), esc(bank.section(question.section).title), "skipped", "-", ""
        )
    out.print()
    out.print(table)
    sections = " · ".join(f"{esc(title)} {average:.0f}" for title, average in card.sections)
    out.print(f"By section: {sections}")
    style = VERDICT_STYLES[card.verdict]
    out.print(
        f"Overall: [bold]{card.average:.0f}/100[/bold] in {_clock(card.minutes_taken * 60)} of "
        f"{plural(card.minutes_planned, 'minute')}. Verdict: [{style}]{card.verdict}[/{style}]."
    )
    if card.study_next:
        out.print("Study next: " + "; ".join(esc(t) for t in card.study_next))
