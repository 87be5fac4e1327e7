"""What `stats` and `history` print: plain text sized to the terminal, and their JSON.

Styled with ANSI codes only at a colour terminal. No rich here: these commands start as fast
as a bare Typer app (rich's import alone would add a third)."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiops_prep.bands import band
from aiops_prep.render import colour, no_controls, printable, when

if TYPE_CHECKING:
    from aiops_prep.bank import Bank
    from aiops_prep.progress import Saved
    from aiops_prep.stats import Stats

STYLES = {
    "bold": "1",
    "dim": "2",
    "bold green": "1;32",
    "green": "32",
    "yellow": "33",
    "red": "31",
}
BAND_STYLES = {"strong": "bold green", "good": "green", "partial": "yellow", "needs work": "red"}
SPARKS = " ▁▂▃▄▅▆▇█"
NARROW = 60  # below this many columns, history stacks each attempt on two lines


def width() -> int:
    return shutil.get_terminal_size().columns


class _Out:
    """Lines to stdout, each styled when stdout is a colour terminal."""

    def __init__(self) -> None:
        self.colour = colour(sys.stdout)

    def style(self, text: str, style: str) -> str:
        return f"\x1b[{STYLES[style]}m{text}\x1b[0m" if self.colour and style and text else text

    def line(self, text: str = "", style: str = "") -> None:
        sys.stdout.write(self.style(text, style) + "\n")

    def wrapped(self, text: str, indent: str = "", style: str = "") -> None:
        lines = textwrap.wrap(text, width() - 1, subsequent_indent=indent, break_on_hyphens=False)
        for line in lines or [""]:
            self.line(line, style)


def shorten(text: str, room: int) -> str:
    """`text` on one line, cut with … to fit `room` characters."""
    text = " ".join(printable(no_controls(text)).split())
    return text if len(text) <= room else text[: max(room - 1, 0)] + "…"


def bar(fraction: float, size: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * size)
    return "█" * filled + "░" * (size - filled)


def sparkline(counts: Sequence[int]) -> str:
    top = max(counts, default=0)
    if not top:
        return "·" * len(counts)
    return "".join("·" if not c else SPARKS[max(1, round(c / top * 8))] for c in counts)


def stats(result: Stats, bank: Bank, now: datetime) -> None:
    out, columns = _Out(), width()
    size = 10 if columns >= 60 else 5
    rows = [
        (
            no_controls(s.title),
            f"{s.attempted}/{s.total}",
            "-" if s.average is None else f"{s.average:.0f}",
            bar((s.average or 0) / 100 * s.attempted / s.total, size),
        )
        for s in result.sections
    ]
    heads = ("Section", "Done", "Avg", "Mastery")
    right = [max(len(heads[i]), *(len(r[i]) for r in rows)) for i in (1, 2)]
    room = columns - 1 - (right[0] + right[1] + max(size, 7) + 3 * 2)
    name = max(8, min(room, max(len(heads[0]), *(len(r[0]) for r in rows))))
    out.line("Mastery by section", "bold")
    gap = "  "

    def row(cells: tuple[str, str, str, str], style: str = "") -> None:
        title = textwrap.wrap(cells[0], name, break_on_hyphens=False) or [""]
        out.line(
            gap.join((f"{title[0]:<{name}}", f"{cells[1]:>{right[0]}}", f"{cells[2]:>{right[1]}}"))
            + gap
            + cells[3],
            style,
        )
        for more in title[1:]:
            out.line(more)

    row(heads, "bold")
    for cells in rows:
        row(cells)
    streak = f"Streak: {result.streak} day{'s' * (result.streak != 1)}"
    parts = [f"Attempts: {result.attempts}", f"Due today: {result.due_today}", streak]
    if len("   ".join(parts)) < columns:
        out.line("   ".join(parts))
    else:
        for part in parts:
            out.line(part)
    if result.next_due is not None:
        out.wrapped(f"Next review: {when(result.next_due, now)}")
    counts = [n for _, n in result.activity]
    first, last = result.activity[0][0], result.activity[-1][0]
    answers = f"{sum(counts)} answer{'s' * (sum(counts) != 1)}"
    out.line(f"Last 14 days: {sparkline(counts)}")
    out.wrapped(f"  {answers}, {first} to {last}", "  ")
    if result.weakest:
        out.line()
        out.line("Weakest questions", "bold")
        for qid, score in result.weakest:
            start = f"  {score:>3}  #{qid} "
            text = shorten(bank.get(qid).question, columns - 1 - len(start))
            out.line(out.style(start, BAND_STYLES[band(score)]) + text)
    if result.most_missed:
        out.line()
        out.line("Concepts you miss most", "bold")
        out.line("(the vocabulary to study next)", "dim")
        for concept, n in result.most_missed:
            start = f"  {n:>3}x "
            out.line(start + shorten(concept, columns - 1 - len(start)))
    if not result.attempts:
        out.line()
        out.wrapped("No answers saved yet: start with `aiops-prep quiz` or `aiops-prep review`.")


def _moment(saved: Saved) -> str:
    return saved.at.astimezone().strftime("%Y-%m-%d %H:%M")


def history(rows: Sequence[Saved]) -> None:
    """Newest first, one line an attempt (two when narrow); N is what `--show N` takes."""
    out, columns = _Out(), width()
    if not rows:
        out.line("No saved answers yet.")
        return
    number = max(len("N"), *(len(str(r.id)) for r in rows))
    qid = max(len("Q"), *(len(str(r.question_id)) + 1 for r in rows))
    modes = [r.mode + (" (hint)" if r.hint_used else "") for r in rows]
    mode = max(len("Mode"), *map(len, modes))
    head = f"{'N':>{number}}  {'When':<16}  {'Q':>{qid}}  Score  {'Mode':<{mode}}"
    stacked = columns < NARROW
    out.line(head if stacked else f"{head}  Answer", "bold")
    for r, how in zip(rows, modes, strict=True):
        score = out.style(f"{r.score:>5}", BAND_STYLES[band(r.score)])
        start = f"{r.id:>{number}}  {_moment(r)}  {'#' + str(r.question_id):>{qid}}  "
        rest = f"  {how:<{mode}}"
        if stacked:
            out.line(start + score + rest.rstrip())
            indent = " " * (number + 2)
            out.line(indent + shorten(r.answer, columns - 1 - len(indent)))
        else:
            room = columns - 1 - len(start) - 5 - len(rest) - 2
            out.line(start + score + rest + "  " + shorten(r.answer, room))
    out.wrapped("Show one in full: aiops-prep history --show N")


def attempt(saved: Saved, bank: Bank, contradicted: Sequence[str]) -> None:
    """One saved attempt in full: the question, the whole answer, every point, the score."""
    out = _Out()
    question = bank.get(saved.question_id)
    hint = ", hint used" if saved.hint_used else ""
    out.wrapped(f"Attempt {saved.id} · {_moment(saved)} · {saved.mode}{hint}", style="dim")
    out.wrapped(
        f"#{question.id} · {no_controls(bank.section(question.section).title)}", style="dim"
    )
    out.wrapped(no_controls(question.question), style="bold")
    name = band(saved.score)
    out.line("Score: " + out.style(f"{saved.score}/100 ({name})", BAND_STYLES[name]))
    out.line("Your answer", "bold")
    for paragraph in printable(saved.answer).splitlines() or ["(empty)"]:
        out.wrapped(paragraph)
    missed = [m for m in saved.missed if m not in contradicted]
    for label, names in (
        ("Covered", saved.covered),
        ("Missed", missed),
        ("Contradicted", contradicted),
    ):
        out.wrapped(f"{label}: " + (" · ".join(map(no_controls, names)) or "-"), "  ")


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
