"""Spaced repetition with FSRS: one card per question, a rating derived from each score."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


def rating_for(score: int, hint_used: bool = False) -> int:
    """Below 40 Again, below 65 Hard, below 85 Good, else Easy; a used hint caps it at Hard."""
    rating = AGAIN if score < 40 else HARD if score < 65 else GOOD if score < 85 else EASY
    return min(rating, HARD) if hint_used else rating


def load() -> None:
    """Import FSRS (some 70 ms the first time), ahead of a transaction that will need it."""
    import fsrs  # noqa: F401


def replay(reviews: Iterable[tuple[datetime, int]]) -> tuple[str, datetime]:
    """The card after these (time, rating) reviews, oldest first: its JSON and when it is due."""
    from fsrs import Card, Rating, Scheduler

    # Interview answers are practised on a scale of days: no minute-long learning steps, and
    # no random fuzz, so the same history always gives the same schedule.
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = None
    for when, rating in reviews:
        card = card or Card(card_id=1, due=when)
        card, _ = scheduler.review_card(card, Rating(rating), when)
    if card is None:
        raise ValueError("a card needs at least one review")
    return card.to_json(), card.due
