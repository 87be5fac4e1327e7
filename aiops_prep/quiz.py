"""Choose and order questions, and sum up a finished quiz."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from aiops_prep.bank import Bank, Question
from aiops_prep.errors import SelectionError
from aiops_prep.grading import Grade


def resolve_levels(bank: Bank, levels: Iterable[str]) -> list[str]:
    """Section ids for the given names: a slug in any case, or a unique prefix of one."""
    slugs = [s.id for s in bank.sections]
    chosen: list[str] = []
    for level in levels:
        wanted = level.strip().lower()
        exact = [s for s in slugs if s.lower() == wanted]
        matches = exact or [s for s in slugs if wanted and s.lower().startswith(wanted)]
        if len(matches) != 1:
            what = "ambiguous" if matches else "unknown"
            raise SelectionError(f"{what} level {level!r}; choose from: {', '.join(slugs)}")
        if matches[0] not in chosen:
            chosen.append(matches[0])
    return chosen


def select(
    bank: Bank,
    levels: Iterable[str] = (),
    count: int | None = None,
    seed: int | None = None,
    search: str | None = None,
    shuffle: bool = True,
) -> list[Question]:
    """The questions of the chosen levels (all when none), optionally searched and shuffled."""
    sections = set(resolve_levels(bank, levels))
    questions = [q for q in bank.questions if not sections or q.section in sections]
    if search:
        needle = search.lower()
        questions = [q for q in questions if needle in f"{q.question}\n{q.hint}".lower()]
    if shuffle:
        random.Random(seed).shuffle(questions)
    if count is not None:
        if count < 1:
            raise SelectionError(f"--count must be at least 1, not {count}")
        questions = questions[:count]
    return questions


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


def review_order(
    questions: Sequence[Question],
    due: dict[int, datetime],
    latest: dict[int, int],
    now: datetime,
    limit: int,
    cram: bool = False,
) -> list[Question]:
    """Due questions, most overdue first (by day); then never-seen ones in bank order.

    With `cram`, practised questions that are not yet due come before the never-seen ones,
    weakest first, so there is always something to practise.
    """
    # Most overdue day first; within a day, the weakest answer first.
    overdue = [q for q in questions if q.id in due and due[q.id] <= now]
    overdue.sort(key=lambda q: (due[q.id].date(), latest.get(q.id, 0), due[q.id]))
    unseen = [q for q in questions if q.id not in due]
    waiting = [q for q in questions if q.id in due and due[q.id] > now] if cram else []
    waiting.sort(key=lambda q: (latest.get(q.id, 0), q.id))
    return [*overdue, *waiting, *unseen][:limit]


def weakest(questions: Sequence[Question], latest: dict[int, int], count: int) -> list[Question]:
    """Practised questions with the lowest latest scores first, then never-seen ones."""
    practised = sorted((q for q in questions if q.id in latest), key=lambda q: (latest[q.id], q.id))
    return [*practised, *(q for q in questions if q.id not in latest)][:count]
