from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from aiops_prep.schedule import AGAIN, EASY, GOOD, HARD, rating_for, replay

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("score", "hint_used", "rating"),
    [
        pytest.param(0, False, AGAIN, id="0"),
        pytest.param(39, False, AGAIN, id="39"),
        pytest.param(40, False, HARD, id="40"),
        pytest.param(64, False, HARD, id="64"),
        pytest.param(65, False, GOOD, id="65"),
        pytest.param(84, False, GOOD, id="84"),
        pytest.param(85, False, EASY, id="85"),
        pytest.param(100, True, HARD, id="hint-caps-at-hard"),
        pytest.param(10, True, AGAIN, id="hint-keeps-again"),
    ],
)
def test_score_to_rating(score: int, hint_used: bool, rating: int) -> None:
    assert rating_for(score, hint_used) == rating


def test_better_ratings_wait_longer() -> None:
    dues = [replay([(T0, rating)])[1] for rating in (AGAIN, HARD, GOOD, EASY)]
    assert dues == sorted(dues)
    assert dues[0] - T0 == timedelta(days=1)
    assert dues[-1] - T0 > timedelta(days=3)


def test_replay_is_deterministic_and_grows_intervals() -> None:
    first = replay([(T0, GOOD)])
    assert first == replay([(T0, GOOD)])
    second = replay([(T0, GOOD), (first[1], GOOD)])
    assert second[1] - first[1] > first[1] - T0


def test_replay_needs_a_review() -> None:
    with pytest.raises(ValueError, match="at least one review"):
        replay([])
