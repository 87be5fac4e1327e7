"""What the welcome screen, `banks`, `validate`, `doctor` and `paths` print."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiops_prep.render import console, esc, one_line

if TYPE_CHECKING:
    from aiops_prep.bank import Bank
    from aiops_prep.validate import Report


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
