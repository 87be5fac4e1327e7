"""Choose and order questions: by level, search, shuffle, what is due, what is weakest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from aiops_prep.errors import SelectionError

if TYPE_CHECKING:
    from datetime import datetime

    from aiops_prep.bank import Bank, Question


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
            choices = matches or slugs  # an ambiguous prefix: only the levels it could mean
            raise SelectionError(f"{what} level {level!r}; choose from: {', '.join(choices)}")
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
        import random

        random.Random(seed).shuffle(questions)
    if count is not None:
        if count < 1:
            raise SelectionError(f"--count must be at least 1, not {count}")
        questions = questions[:count]
    return questions


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
