"""A mock interview: a balanced set of questions against the clock, then a report card."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aiops_prep.bank import Bank, Question
from aiops_prep.errors import SelectionError
from aiops_prep.grading import FLAGS, band
from aiops_prep.quiz import resolve_levels
from aiops_prep.session import Attempt

MINUTES_PER_QUESTION = 3.75  # a 30-minute interview asks 8 questions
READY, ALMOST, NOT_YET = "ready", "almost there", "keep practising"


@dataclass(frozen=True)
class Plan:
    questions: tuple[Question, ...]
    minutes: float
    seconds_per_question: float  # the soft limit: a warning, not a cut-off


def plan(bank: Bank, minutes: float, seed: int | None = None, levels: Iterable[str] = ()) -> Plan:
    """Questions for an interview of `minutes`, spread over the sections in turn.

    Every section gets a question before any gets a second; the sections' order is shuffled,
    so a short interview still varies.
    """
    if not 1 <= minutes <= 240:
        raise SelectionError(f"--minutes must be from 1 to 240, not {minutes:g}")
    rng = random.Random(seed)
    chosen_sections = resolve_levels(bank, levels) or [s.id for s in bank.sections]
    pools = {s: list(bank.in_section(s)) for s in chosen_sections if bank.in_section(s)}
    for pool in pools.values():
        rng.shuffle(pool)
    order = list(pools)
    rng.shuffle(order)
    count = min(max(1, round(minutes / MINUTES_PER_QUESTION)), sum(map(len, pools.values())))
    picked: list[Question] = []
    while len(picked) < count:
        for section in order:
            if pools[section] and len(picked) < count:
                picked.append(pools[section].pop())
    # Ask in the bank's order of sections, as an interview warms up: basics before scenarios.
    rank = {s.id: i for i, s in enumerate(bank.sections)}
    picked.sort(key=lambda q: rank[q.section])
    return Plan(tuple(picked), minutes, minutes * 60 / count)


@dataclass(frozen=True)
class Row:
    question: Question
    score: int
    band: str
    seconds: float
    over_time: bool
    covered: tuple[str, ...]
    missed: tuple[str, ...]  # not covered: never said, or contradicted
    contradicted: tuple[str, ...] = ()
    misconceptions: tuple[tuple[str, str], ...] = ()  # (claim, correction)
    flags: tuple[str, ...] = ()  # see grading.FLAGS


@dataclass(frozen=True)
class ReportCard:
    rows: tuple[Row, ...]
    skipped: tuple[Question, ...]
    sections: tuple[tuple[str, float], ...]  # (section title, average score)
    average: float
    verdict: str
    study_next: tuple[str, ...]  # three topics: concepts missed in the weakest answers
    minutes_planned: float
    minutes_taken: float


def report_card(
    bank: Bank, plan: Plan, attempts: Sequence[Attempt], minutes_taken: float
) -> ReportCard:
    answered = {a.question.id for a in attempts}
    rows = tuple(
        Row(
            a.question,
            a.grade.score,
            band(a.grade.score),
            a.seconds,
            a.seconds > plan.seconds_per_question,
            tuple(c.name for c in a.grade.covered),
            tuple(c.name for c in a.grade.missed),
            tuple(r.concept.name for r in a.grade.contradicted),
            tuple(
                (m.misconception.claim, m.misconception.correction) for m in a.grade.misconceptions
            ),
            a.grade.flags,
        )
        for a in attempts
    )
    skipped = tuple(q for q in plan.questions if q.id not in answered)
    # An unanswered question counts as 0: in an interview, silence scores nothing.
    scores = [r.score for r in rows] + [0] * len(skipped)
    by_section: dict[str, list[int]] = {}
    for row in rows:
        by_section.setdefault(row.question.section, []).append(row.score)
    for question in skipped:
        by_section.setdefault(question.section, []).append(0)
    sections = tuple(
        (s.title, sum(by_section[s.id]) / len(by_section[s.id]))
        for s in bank.sections
        if s.id in by_section
    )
    average = sum(scores) / len(scores) if scores else 0.0
    return ReportCard(
        rows,
        skipped,
        sections,
        average,
        _verdict(average, [avg for _, avg in sections]),
        _study_next(rows, skipped),
        plan.minutes,
        minutes_taken,
    )


def _verdict(average: float, section_averages: list[float]) -> str:
    if average >= 75 and min(section_averages, default=0) >= 55:
        return READY
    return ALMOST if average >= 55 else NOT_YET


def _study_next(rows: Sequence[Row], skipped: Sequence[Question]) -> tuple[str, ...]:
    """The concepts missed in the weakest answers first; then whatever was skipped."""
    counts: Counter[str] = Counter()
    for row in sorted(rows, key=lambda r: r.score):
        for name in row.missed:
            counts[name] += 100 - row.score
    topics = [name for name, _ in counts.most_common(3)]
    topics += [q.concepts[0].name for q in skipped if q.concepts[0].name not in topics]
    return tuple(topics[:3])


def markdown(card: ReportCard, bank: Bank) -> str:
    """The report card as a Markdown document."""
    lines = [
        "# Mock interview report",
        "",
        f"**Overall: {card.average:.0f}/100 ({band(round(card.average))}). "
        f"Verdict: {card.verdict}.**",
        "",
        f"Time: {_clock(card.minutes_taken * 60)} of {card.minutes_planned:g} minute"
        + "s" * (card.minutes_planned != 1)
        + ".",
        "",
        "| # | Section | Question | Score | Band | Time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in card.rows:
        late = " (over)" if row.over_time else ""
        lines.append(
            f"| {row.question.id} | {bank.section(row.question.section).title} | "
            f"{_cell(row.question.question)} | {row.score} | {row.band} | "
            f"{_clock(row.seconds)}{late} |"
        )
    for question in card.skipped:
        lines.append(
            f"| {question.id} | {bank.section(question.section).title} | "
            f"{_cell(question.question)} | - | skipped | - |"
        )
    lines += ["", "## By section", ""]
    lines += [f"- {title}: {average:.0f}" for title, average in card.sections]
    lines += ["", "## Study next", ""]
    lines += [f"{n}. {topic}" for n, topic in enumerate(card.study_next, 1)] or ["Nothing missed."]
    lines += ["", "## Each answer", ""]
    for row in card.rows:
        lines.append(f"### {row.question.id}. {row.question.question}")
        lines.append("")
        lines.append(f"Score {row.score} ({row.band}), {_clock(row.seconds)}.")
        lines.append(f"Covered: {', '.join(row.covered) or 'nothing yet'}.")
        lines.append(f"Missed: {', '.join(row.missed) or 'nothing'}.")
        if row.contradicted:
            lines.append(f"Contradicted: {', '.join(row.contradicted)}.")
        lines += [f"Misconception: {claim} Actually: {fix}" for claim, fix in row.misconceptions]
        lines += [f"Note: {FLAGS[flag]}." for flag in row.flags]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"
