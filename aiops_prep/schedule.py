"""Spaced repetition with FSRS: one card per question, a rating derived from each score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


def rating_for(score: int, hint_used: bool = False) -> int:
    """Below 40 Again, below 65 Hard, below 85 Good, else Easy; a used hint caps it at Hard."""
    rating = AGAIN if score < 40 else HARD if score < 65 else GOOD if score < 85 else EASY
    return min(rating, HARD) if hint_used else rating


def load() -> None:
    """Import FSRS (some 70 ms the first time), ahead of a transaction that will need it."""
    import fsrs  # noqa: F401


def _scheduler() -> Any:
    from fsrs import Scheduler

    # Interview answers are practised on a scale of days: no minute-long learning steps, and
    # no random fuzz, so the same history always gives the same schedule.
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def replay(reviews: Iterable[tuple[datetime, int]]) -> tuple[str, datetime]:
    """The card after these (time, rating) reviews, oldest first: its JSON and when it is due."""
    from fsrs import Card, Rating

    scheduler = _scheduler()
    card = None
    for when, rating in reviews:
        card = card or Card(card_id=1, due=when)
        card, _ = scheduler.review_card(card, Rating(rating), when)
    if card is None:
        raise ValueError("a card needs at least one review")
    return card.to_json(), card.due


def intervals(reviews: Sequence[tuple[datetime, int]]) -> dict[int, timedelta]:
    """For each rating, how long until the question is due again if the last of these
    reviews were given that rating instead: what the rating keys would do."""
    *before, (last, _) = reviews
    return {r: replay([*before, (last, r)])[1] - last for r in RATING_NAMES}


def interval_label(span: timedelta) -> str:
    """An interval as Anki shows it on its buttons: today, 2d, 3mo, 1.5y."""
    days = span.total_seconds() / 86400
    if days < 1:
        return "today"
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.3g}mo"
    return f"{days / 365:.2g}y"
