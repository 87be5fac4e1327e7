"""Progress at a glance: mastery per section, what is due, streak, activity, weak spots."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from aiops_prep.bank import Bank
from aiops_prep.progress import Progress

ACTIVITY_DAYS = 14


@dataclass(frozen=True)
class SectionStats:
    section: str
    title: str
    attempted: int
    total: int
    average: float | None  # of the latest scores; None when nothing was attempted


@dataclass(frozen=True)
class Stats:
    attempts: int
    sections: tuple[SectionStats, ...]
    due_today: int
    next_due: datetime | None
    streak: int  # consecutive days with practice, ending today or yesterday
    activity: tuple[tuple[date, int], ...]  # attempts per local day, oldest first
    weakest: tuple[tuple[int, int], ...]  # (question id, latest score), weakest first
    most_missed: tuple[tuple[str, int], ...]  # (concept, times missed)


def compute(bank: Bank, progress: Progress | None, now: datetime) -> Stats:
    """The user's progress on `bank`; an absent database reads as no practice yet."""
    local = now.astimezone()  # days begin at local midnight
    today = local.date()
    first_day = today - timedelta(days=ACTIVITY_DAYS - 1)
    latest: dict[int, int] = {}
    due: dict[int, datetime] = {}
    days: list[str] = []
    recent: list[datetime] = []
    missed: list[tuple[str, int]] = []
    attempts = 0
    if progress is not None:
        key = bank.key
        latest, due, missed = (
            progress.latest_scores(key),
            progress.due(key),
            progress.most_missed(key),
        )
        days = progress.practice_days(key, local.utcoffset() or timedelta(0))
        recent = progress.activity(key, datetime.combine(first_day, time.min, local.tzinfo))
        attempts = progress.count(key)
    in_bank = {q.id for q in bank.questions}
    latest = {qid: score for qid, score in latest.items() if qid in in_bank}
    due = {qid: when for qid, when in due.items() if qid in in_bank}
    tomorrow = datetime.combine(today + timedelta(days=1), time.min, local.tzinfo)
    per_day = Counter(when.astimezone(local.tzinfo).date() for when in recent)
    return Stats(
        attempts=attempts,
        sections=tuple(_section(bank, s.id, latest) for s in bank.sections),
        due_today=sum(when < tomorrow for when in due.values()),
        next_due=min(due.values(), default=None),
        streak=_streak({date.fromisoformat(d) for d in days}, today),
        activity=tuple(
            (first_day + timedelta(days=n), per_day[first_day + timedelta(days=n)])
            for n in range(ACTIVITY_DAYS)
        ),
        weakest=tuple(sorted(latest.items(), key=lambda item: (item[1], item[0]))[:5]),
        most_missed=tuple(missed),
    )


def _section(bank: Bank, section: str, latest: dict[int, int]) -> SectionStats:
    ids = [q.id for q in bank.in_section(section)]
    scores = [latest[i] for i in ids if i in latest]
    average = sum(scores) / len(scores) if scores else None
    return SectionStats(section, bank.section(section).title, len(scores), len(ids), average)


def _streak(practised: set[date], today: date) -> int:
    """Days in a row with practice, counting back from today (or from yesterday)."""
    day = today if today in practised else today - timedelta(days=1)
    streak = 0
    while day in practised:
        streak, day = streak + 1, day - timedelta(days=1)
    return streak
