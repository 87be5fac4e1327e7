from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from aiops_prep.bank import Bank
from aiops_prep.grading import grade
from aiops_prep.progress import open_progress
from aiops_prep.render import when
from aiops_prep.render.progress import sparkline
from aiops_prep.session import Attempt
from aiops_prep.stats import _streak, compute

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def test_streak_counts_back_from_today_or_yesterday() -> None:
    today = date(2026, 3, 10)
    days = {today - timedelta(days=n) for n in (1, 2, 3, 5)}
    assert _streak(days, today) == 3  # not practised yet today: the streak is still alive
    assert _streak(days | {today}, today) == 4
    assert _streak({today - timedelta(days=2)}, today) == 0


def test_stats_over_days(bank: Bank) -> None:
    with open_progress() as store:
        for days_ago, qid, answer in ((2, 1, "static thresholds"), (1, 1, "no"), (0, 4, "iforest")):
            question = bank.get(qid)
            attempt = Attempt(question, answer, grade(question, answer))
            store.record(bank.key, attempt, "quiz", NOW - timedelta(days=days_ago))
        result = compute(bank, store, NOW)
    assert result.attempts == 3 and result.streak == 3
    assert [n for _, n in result.activity][-3:] == [1, 1, 1]
    assert result.sections[0].attempted == 2 and result.sections[1].attempted == 0
    assert result.weakest[0] == (1, 0)  # the latest score of question 1 counts, not the best
    assert result.due_today == 1  # question 1 failed yesterday: due again today


def test_sparkline_and_when() -> None:
    assert sparkline([0, 1, 4]) == "·▂█"
    assert sparkline([0, 0]) == "··"
    assert when(NOW + timedelta(days=2), NOW).startswith("in 2 days")
    assert when(NOW - timedelta(hours=3), NOW) == "due now (3 hours overdue)"
    assert when(None, NOW) == "nothing scheduled"
