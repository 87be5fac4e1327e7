"""What `list`, `show`, `hint`, `answer` and `grade` print: questions, hints and grades."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiops_prep.render import BAND_STYLES, borders, console, esc, printable, say

if TYPE_CHECKING:
    from aiops_prep.bank import Bank, Concept, Question
    from aiops_prep.grading import Grade


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


def question_table(questions: Sequence[Question], bank: Bank) -> None:
    from rich.table import Table

    out = console()
    table = Table(box=borders(out))
    table.add_column("ID", justify="right", style="bold")
    table.add_column("Section", overflow="fold")
    table.add_column("Question", overflow="fold")
    for q in questions:
        table.add_row(str(q.id), esc(bank.section(q.section).title), esc(q.question))
    out.print(table)
    out.print(f"{len(questions)} of {len(bank.questions)} questions", style="dim")


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
