"""Everything that is shown to the user: rich output for people, JSON for programs."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from aiops_prep.bank import Bank, Concept, Question
    from aiops_prep.grading import Grade
    from aiops_prep.mock import Plan, ReportCard, Row
    from aiops_prep.progress import Saved
    from aiops_prep.session import Attempt, Summary
    from aiops_prep.stats import Stats
    from aiops_prep.validate import Report

BAND_STYLES = {"strong": "bold green", "good": "green", "partial": "yellow", "needs work": "red"}


def _box(out: Console) -> Any:
    """Box-drawing borders on a terminal; plain space-separated columns when piped or dumb."""
    from rich import box

    return box.HEAVY_HEAD if out.is_terminal and not out.is_dumb_terminal else None


def printable(text: str) -> str:
    """A user's text without control characters, which could restyle or clear the terminal."""
    return "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in text)


def no_controls(text: str) -> str:
    """Text from a bank or a file name without control characters (ESC, BEL, CSI...), which
    could retitle, clear or restyle the terminal; other characters are kept as they are."""
    import re

    from aiops_prep.bank import CONTROL

    return re.sub(CONTROL, "\ufffd", text)


def one_line(text: str) -> str:
    """A file name or message for one line of output: no control characters, no line breaks."""
    return no_controls(text.replace("\n", " ").replace("\t", " "))


def esc(text: object) -> str:
    """Text from a bank or a user, made safe to embed in rich markup ("[SLI]" stays text) and
    to print (no control characters)."""
    from rich.markup import escape

    return escape(no_controls(str(text)))


_settings = {"stderr": False, "no_color": False}


def configure(*, all_to_stderr: bool | None = None, no_color: bool | None = None) -> None:
    """Send people's output to stderr (stdout carries JSON), or turn colour off."""
    if all_to_stderr is not None:
        _settings["stderr"] = all_to_stderr
    if no_color is not None:
        _settings["no_color"] = no_color


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # NO_COLOR or --no-color: no escape codes at all, not even bold; borders stay.
    plain = _settings["no_color"] or bool(os.environ.get("NO_COLOR"))
    return Console(
        stderr=stderr or _settings["stderr"],
        highlight=False,
        color_system=None if plain else "auto",
    )


# --- JSON ---------------------------------------------------------------------------------


def band(score: int) -> str:
    from aiops_prep.bands import band as name

    return name(score)


def print_json(data: Any) -> None:
    import json
    import re

    # JSON escapes C0 controls itself; DEL and C1 (a terminal reads \x9b as ESC [) too.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    sys.stdout.write(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


def concept_json(concept: Concept) -> dict[str, Any]:
    return {"name": concept.name, "aliases": list(concept.aliases), "weight": concept.weight}


def question_json(question: Question, bank: Bank, hint: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "section": question.section,
        "section_title": bank.section(question.section).title,
        "question": question.question,
    }
    if hint:
        data["hint"] = question.hint
        data["concepts"] = [concept_json(c) for c in question.concepts]
    return data


def grade_json(grade: Grade) -> dict[str, Any]:
    relevance = grade.relevance
    return {
        "id": grade.question_id,
        "score": grade.score,
        "band": grade.band,
        "grader": grade.grader,
        "covered": [c.name for c in grade.covered],
        "missed": [r.concept.name for r in grade.results if r.matched is None],
        "contradicted": {r.concept.name: r.matched for r in grade.contradicted},
        "misconceptions": [
            {
                "claim": m.misconception.claim,
                "matched": m.matched,
                "actually": m.misconception.correction,
            }
            for m in grade.misconceptions
        ],
        "flags": list(grade.flags),
        "relevance": None
        if relevance is None
        else {
            "score": round(relevance.score, 3),
            "best_other": relevance.best_other,
            "best_other_score": round(relevance.best_other_score, 3),
        },
        "matches": {r.concept.name: r.matched for r in grade.results if r.covered},
        "in_own_words": [r.concept.name for r in grade.results if r.covered and r.paraphrase],
    }


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


def welcome(bank: Bank, due: int, practised: bool) -> None:
    out = console()
    counts = ", ".join(f"{esc(s.title)} {len(bank.in_section(s.id))}" for s in bank.sections)
    out.print(f"[bold]aiops-prep[/bold]: {len(bank.questions)} interview questions ({counts}).")
    if practised:
        out.print(f"Due for review now: {due}." + " Run: aiops-prep review" * bool(due))
    out.print("Start with:")
    for command, what in (
        ("aiops-prep quiz", "5 random questions, graded as you answer"),
        ("aiops-prep review", "spaced repetition: what you are about to forget"),
        ("aiops-prep mock", "a 30-minute mock interview with a report card"),
    ):
        out.print(f"  {command:<18} {what}")
    out.print("More: aiops-prep list, aiops-prep hint ID, aiops-prep stats, aiops-prep --help")


def question_table(questions: Sequence[Question], bank: Bank) -> None:
    from rich.table import Table

    out = console()
    table = Table(box=_box(out))
    table.add_column("ID", justify="right", style="bold")
    table.add_column("Section", overflow="fold")
    table.add_column("Question", overflow="fold")
    for q in questions:
        table.add_row(str(q.id), esc(bank.section(q.section).title), esc(q.question))
    out.print(table)
    out.print(f"{len(questions)} of {len(bank.questions)} questions", style="dim")


# The most used output (a question, its hint) is printed without rich, whose import would
# double the start-up time of `aiops-prep hint 23`. The styles match rich's.
ANSI = {"bold": "1", "dim": "2", "cyan": "36"}


def say(text: str = "", style: str = "", label: str = "", label_style: str = "cyan") -> None:
    """Print `label` + `text`, wrapped to the terminal, styled when it is a colour terminal."""
    import shutil
    import textwrap

    stream = sys.stderr if _settings["stderr"] else sys.stdout
    width = shutil.get_terminal_size().columns
    text = no_controls(text)
    lines = textwrap.wrap(label + text, width - 1, break_on_hyphens=False) or [""]
    if _colour(stream):
        first = lines[0][len(label) :]
        lines = [
            _ansi(label, label_style) + _ansi(first, style),
            *(_ansi(x, style) for x in lines[1:]),
        ]
    stream.write("\n".join(lines) + "\n")


def _ansi(text: str, style: str) -> str:
    return f"\x1b[{ANSI[style]}m{text}\x1b[0m" if style and text else text


def _colour(stream: Any) -> bool:
    plain = _settings["no_color"] or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    return not plain and stream.isatty()


def question_header(
    question: Question, bank: Bank, position: str = "", clock: str = "", note: str = ""
) -> None:
    title = bank.section(question.section).title
    prefix = f"{position}  " if position else ""
    say()
    say(f"{prefix}#{question.id} · {title}" + f" · {note}" * bool(note), "dim")
    say(question.question, "bold")
    if clock:
        say(clock, "dim")


def hint(question: Question) -> None:
    say(question.hint, label="Hint: ")
    say(" · ".join(c.name for c in question.concepts), label="Key concepts: ")


def show(question: Question, bank: Bank, with_hint: bool = False) -> None:
    question_header(question, bank)
    if with_hint:
        hint(question)


def score_line(grade: Grade) -> str:
    style = BAND_STYLES[grade.band]
    return f"[{style}]{grade.score}/100 ({grade.band})[/{style}]"


def grade_result(grade: Grade, question: Question, with_hint: bool = True) -> None:
    """The score, then each point: covered, contradicted or missed, in the answer's own
    words; then the wrong claims it made, and why the score was capped."""
    from aiops_prep.grading import FLAGS

    out = console()
    out.print(f"Score: {score_line(grade)}")
    for result in grade.results:
        name = esc(result.concept.name)
        wrote = esc(printable(result.matched or ""))
        if result.covered and result.paraphrase:
            out.print(f"  [green]≈[/green] {name} [dim](covered in your words: '{wrote}')[/dim]")
        elif result.covered:
            out.print(f"  [green]✓[/green] {name} [dim](you wrote: {wrote})[/dim]")
        elif result.contradicted:
            out.print(f"  [red]✗ contradicted:[/red] {name} [dim](you wrote: {wrote})[/dim]")
        else:
            words = ", ".join(esc(a) for a in _other_words(result.concept, question))
            out.print(f"  [red]✗[/red] {name}" + f" [dim](say: {words})[/dim]" * bool(words))
    for wrong in grade.misconceptions:
        claim, actually = esc(wrong.misconception.claim), esc(wrong.misconception.correction)
        wrote = esc(printable(wrong.matched))
        out.print(f"  [red]✗ misconception:[/red] {claim} [dim](you wrote: {wrote})[/dim]")
        out.print(f"    [cyan]actually:[/cyan] {actually}")
    for flag in grade.flags:
        note = FLAGS[flag]
        other = grade.relevance
        if flag == "off_topic" and other and other.best_other is not None:
            note = f"this reads like an answer to #{other.best_other}: {other.best_other_question}"
        out.print(f"  [yellow]Note:[/yellow] {esc(note)}")
    if grade.prose < 0.6 and grade.covered and "list" not in grade.flags:
        out.print("  [yellow]Tip:[/yellow] explain how the points connect, not only name them.")
    if with_hint:
        out.print(f"[cyan]Hint:[/cyan] {esc(question.hint)}")


def _other_words(concept: Concept, question: Question, count: int = 3) -> list[str]:
    """Aliases that teach new vocabulary: not a respelling of the name or of each other, and
    each one that the grader counts as evidence."""
    import re

    from aiops_prep.grading import weak_evidence

    seen = {re.sub(r"[^a-z0-9]", "", concept.name.lower())}
    chosen = []
    for alias in concept.aliases:
        key = re.sub(r"[^a-z0-9]", "", alias.lower())
        if any(key in s or s in key for s in seen) or weak_evidence(alias, question):
            continue
        seen.add(key)
        chosen.append(alias)
        if len(chosen) == count:
            break
    return chosen


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
        table = Table(expand=True, box=_box(out))
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


def answer(question: Question, bank: Bank) -> None:
    question_header(question, bank)
    hint(question)
    say("Model answer", "bold")
    say(question.model_answer or "(none in this bank)")


def hint_json(question: Question, bank: Bank) -> dict[str, Any]:
    return question_json(question, bank, hint=True)


def hint_view(question: Question, bank: Bank) -> None:
    show(question, bank, with_hint=True)


def answer_json(question: Question, bank: Bank) -> dict[str, Any]:
    return {**question_json(question, bank, hint=True), "model_answer": question.model_answer}


def summary(result: Summary, bank: Bank) -> None:
    from rich.table import Table

    out = console()
    if not result.attempts:
        out.print(f"\nNo answers graded ({result.skipped} skipped).")
        return
    table = Table(title="Quiz summary", box=_box(out))
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


# --- progress -----------------------------------------------------------------------------


def warning(message: str) -> None:
    console(stderr=True).print(f"[yellow]warning:[/yellow] {esc(message)}")


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


def when(moment: datetime | None, now: datetime) -> str:
    """'now', 'in 3 hours', 'in 2 days' or 'due now (1 day overdue)', with the local date."""
    if moment is None:
        return "nothing scheduled"
    delta = moment - now
    seconds = abs(delta.total_seconds())
    amount = (
        f"{int(seconds // 86400)} day"
        if seconds >= 86400
        else f"{int(seconds // 3600)} hour"
        if seconds >= 3600
        else f"{int(seconds // 60)} minute"
    )
    amount += "" if amount.startswith("1 ") else "s"
    local = moment.astimezone().strftime("%Y-%m-%d %H:%M")
    if seconds < 60:
        return f"now ({local})"
    return f"in {amount} ({local})" if delta.total_seconds() > 0 else f"due now ({amount} overdue)"


def next_review(moment: datetime | None, now: datetime) -> None:
    console().print(f"Next review: {when(moment, now)}.")


def stats_json(stats: Stats, now: datetime) -> dict[str, Any]:
    return {
        "attempts": stats.attempts,
        "sections": [
            {
                "section": s.section,
                "title": s.title,
                "attempted": s.attempted,
                "total": s.total,
                "average": None if s.average is None else round(s.average, 1),
            }
            for s in stats.sections
        ],
        "due_today": stats.due_today,
        "next_due": stats.next_due.isoformat() if stats.next_due else None,
        "streak_days": stats.streak,
        "activity": [{"date": d.isoformat(), "attempts": n} for d, n in stats.activity],
        "weakest": [{"id": qid, "score": score} for qid, score in stats.weakest],
        "most_missed": [{"concept": name, "missed": n} for name, n in stats.most_missed],
    }


def history_json(rows: Sequence[Saved]) -> list[dict[str, Any]]:
    return [
        {
            "attempt": r.id,
            "id": r.question_id,
            "at": r.at.isoformat(),
            "score": r.score,
            "band": band(r.score),
            "covered": list(r.covered),
            "missed": list(r.missed),
            "hint_used": r.hint_used,
            "seconds": r.seconds,
            "mode": r.mode,
            "rating": r.rating,
            "answer": r.answer,
        }
        for r in rows
    ]


def paths(data: dict[str, str | None]) -> None:
    out = console()
    for name, value in data.items():
        shown = value if value is not None else "none (grading by words)"
        out.print(f"{name + ':':<10} {esc(shown)}")


def bank_list(rows: Sequence[dict[str, Any]]) -> None:
    """One line a bundled bank: its name, size, your progress in it, and its sections."""
    out = console()
    for row in rows:
        default = " (default)" if row["default"] else ""
        out.print(
            f"[bold]{esc(row['name'])}[/bold]{default}: {row['questions']} questions,"
            f" {row['answered']} answered"
        )
        sections = ", ".join(row["sections"])
        lines = textwrap.wrap(sections, out.width - 4, break_on_hyphens=False)
        out.print(esc("\n".join("    " + line for line in lines)))
    out.print("Choose one with --bank NAME, e.g. `aiops-prep quiz --bank aiops-2026`.")


def doctor(checks: Sequence[Any]) -> None:
    """One line a check, and what to do under each problem."""
    out = console()
    for check in checks:
        mark = "[green]✓[/green]" if check.ok else "[red]✗[/red]"
        out.print(f"{mark} {esc(check.name)}: {esc(one_line(check.detail))}")
        if check.advice:
            out.print(f"    [yellow]→[/yellow] {esc(check.advice)}")


# --- validation ---------------------------------------------------------------------------


def validation_json(report: Report) -> dict[str, Any]:
    return {
        "path": report.path,
        "valid": report.valid,
        "questions": report.questions,
        "problems": [
            {
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "question": f.question,
                "message": f.message,
            }
            for f in report.findings
        ],
        "warnings": [
            {
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "question": f.question,
                "message": f.message,
            }
            for f in report.warnings
        ],
    }


def validation(report: Report) -> None:
    """The report (warnings, problems) on stdout, one per line and never wrapped, for editors
    and CI to parse file:line:column; the summary line on stderr."""
    for finding in report.warnings:
        sys.stdout.write(f"{one_line(str(finding))}\n")
    if report.valid:
        warned = len(report.warnings)
        note = f", {warned} warning{'s' * (warned != 1)}" * bool(warned)
        console(stderr=True).print(
            f"[green]✓[/green] {esc(report.path)}: valid, {report.questions} questions{note}"
        )
        return
    for finding in report.findings:
        sys.stdout.write(f"{one_line(str(finding))}\n")
    count = len(report.findings)
    console(stderr=True).print(
        f"[red]✗[/red] {esc(report.path)}: {count} problem{'s' * (count != 1)}"
    )


# --- mock interview -----------------------------------------------------------------------

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
    table = Table(title="Report card", box=_box(out))
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
