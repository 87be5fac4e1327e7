from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from aiops_prep.bank import Bank
from aiops_prep.errors import ProgressError, ProgressUnavailable
from aiops_prep.grading import grade
from aiops_prep.progress import MIGRATIONS, database_path, open_progress, reset
from aiops_prep.quiz import review_order, weakest
from aiops_prep.session import Attempt

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def attempt(bank: Bank, qid: int, answer: str, hint_used: bool = False) -> Attempt:
    question = bank.get(qid)
    return Attempt(question, answer, grade(question, answer), hint_used, 12.5)


def test_database_lives_in_aiops_prep_home(_isolated_home: Path) -> None:
    assert database_path() == _isolated_home / "progress.db"


def test_record_keeps_every_field(bank: Bank) -> None:
    with open_progress() as store:
        store.record("bundled", attempt(bank, 4, "an isolation forest", True), "quiz", T0)
        [saved] = store.history("bundled")
    assert (saved.question_id, saved.at, saved.mode, saved.hint_used) == (4, T0, "quiz", True)
    assert saved.answer == "an isolation forest" and saved.seconds == 12.5
    assert "isolation forest" in saved.covered and saved.missed
    assert saved.score == grade(bank.get(4), "an isolation forest").score


def test_migrations_are_recorded_once(bank: Bank) -> None:
    with open_progress():
        pass
    with open_progress() as store:
        names = [n for (n,) in store.db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [m.__name__ for m in MIGRATIONS]


def test_absent_database_is_not_created_for_reading() -> None:
    with open_progress(create=False) as store:
        assert store is None
    assert not database_path().exists()


def test_due_dates_follow_the_scores(bank: Bank) -> None:
    with open_progress() as store:
        store.record("bundled", attempt(bank, 1, "no idea"), "quiz", T0)
        strong = bank.get(4).model_answer or ""
        store.record("bundled", attempt(bank, 4, strong), "quiz", T0)
        due = store.due("bundled")
    assert list(due) == [1, 4]  # soonest first
    assert due[1] == T0 + timedelta(days=1)
    assert due[4] > due[1]


def test_rerate_reschedules(bank: Bank) -> None:
    with open_progress() as store:
        saved = store.record("bundled", attempt(bank, 2, "no idea"), "quiz", T0)
        before = store.due("bundled")[2]
        store.rerate(saved, 4)
        assert store.due("bundled")[2] > before
        assert store.history("bundled")[0].rating == 4
        with pytest.raises(ProgressError, match="a rating is 1-4"):
            store.rerate(saved, 7)


def test_banks_keep_separate_histories(bank: Bank) -> None:
    with open_progress() as store:
        store.record("bundled", attempt(bank, 3, "drift"), "quiz", T0)
        assert store.history("file:/my/bank.yaml") == []
        assert store.latest_scores("file:/my/bank.yaml") == {}


def test_review_order_most_overdue_then_weakest_then_new(bank: Bank) -> None:
    questions = bank.in_section("beginner")
    due = {1: T0 - timedelta(days=1), 2: T0 - timedelta(days=3), 3: T0 + timedelta(days=2)}
    latest = {1: 50, 2: 80, 3: 10}
    order = review_order(questions, due, latest, T0, limit=10)
    assert [q.id for q in order] == [2, 1, 4, 5]
    crammed = review_order(questions, due, latest, T0, limit=10, cram=True)
    assert [q.id for q in crammed] == [2, 1, 3, 4, 5]
    same_day = {1: T0 - timedelta(hours=2), 2: T0 - timedelta(hours=1)}
    assert [q.id for q in review_order(questions, same_day, {1: 70, 2: 20}, T0, 2)] == [2, 1]


def test_weakest_first(bank: Bank) -> None:
    chosen = weakest(bank.questions, {10: 90, 20: 5, 30: 40}, 4)
    assert [q.id for q in chosen] == [20, 30, 10, 1]


def test_corrupt_database_is_a_clear_error_and_is_kept() -> None:
    path = database_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ProgressError, match=r"progress.db: not a usable progress database .*reset"):
        with open_progress():
            pass
    assert path.read_bytes().startswith(b"this is not sqlite")


def test_unwritable_directory_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ProgressUnavailable, match="cannot create"):
        with open_progress(blocker / "sub" / "progress.db"):
            pass


def test_reset_keeps_one_complete_backup_while_a_session_saves_on(
    bank: Bank, tmp_path: Path
) -> None:
    with open_progress() as store:  # a session that is still running
        store.record("bundled", attempt(bank, 5, "otel"), "quiz", T0)  # still in the WAL
        backup = reset(at=datetime(2026, 3, 1, 10, 0))
        store.record("bundled", attempt(bank, 4, "after the reset"), "quiz", T0)
        assert backup is not None and backup.name == "progress.db.20260301T100000.bak"
        alone = tmp_path / "copied-alone.db"  # the backup file on its own: no WAL beside it
        alone.write_bytes(backup.read_bytes())
        with closing(sqlite3.connect(alone)) as db:
            assert db.execute("SELECT question_id, answer FROM attempts").fetchall() == [
                (5, "otel")
            ]
        assert [s.answer for s in store.history("bundled")] == ["after the reset"]
        assert store.due("bundled").keys() == {4}
    assert not backup.with_name(backup.name + "-wal").exists()
    assert reset(tmp_path / "absent.db") is None


def test_most_missed_counts_across_attempts(bank: Bank) -> None:
    with open_progress() as store:
        for _ in range(3):
            store.record("bundled", attempt(bank, 4, "isolation forest"), "quiz", T0)
        top = store.most_missed("bundled", 2)
    missed = json.loads(json.dumps([c.name for c in grade(bank.get(4), "isolation forest").missed]))
    assert [n for _, n in top] == [3, 3]
    assert {name for name, _ in top} <= set(missed)


def test_later_migrations_backfill_an_older_database(bank: Bank) -> None:
    from aiops_prep import progress

    path = database_path()
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:  # a database from before m003
        db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        for migration in progress.MIGRATIONS[:2]:
            migration(db)
            db.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", (migration.__name__,))
        db.execute(
            "INSERT INTO attempts (bank, question_id, at, answer, score, covered, missed,"
            " hint_used, seconds, mode, rating) VALUES"
            " ('aiops-prep', 4, '2026-01-01T00:00:00+00:00', 'x', 0, '[]', ?, 0, 1.0, 'quiz', 1)",
            (json.dumps(["a", "b"]),),
        )
        db.execute("INSERT INTO cards VALUES ('aiops-prep', 4, '{}', '2026-01-02T00:00:00+00:00')")
    with open_progress() as store:
        assert store.most_missed("aiops-prep") == [("a", 1), ("b", 1)]  # m003 backfilled
        assert store.latest_scores("aiops-prep") == {4: 0}  # m004 backfilled
        store.record("aiops-prep", attempt(bank, 4, "nothing"), "quiz", T0)
        assert store.most_missed("aiops-prep")[0][1] == 1  # bank concepts counted from here on
        assert store.latest_scores("aiops-prep") == {4: 0}
