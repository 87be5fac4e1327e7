"""Attempt history and review schedule, in one SQLite database in the user's data directory."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from aiops_prep import schedule
from aiops_prep.errors import ProgressError, ProgressUnavailable
from aiops_prep.session import Attempt

HOME_VARIABLE = "AIOPS_PREP_HOME"
DATABASE_NAME = "progress.db"
BUSY_TIMEOUT_MS = 10_000


def data_dir() -> Path:
    """Where user data lives: $AIOPS_PREP_HOME, else the platform's user data directory."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("aiops-prep", appauthor=False)


def database_path() -> Path:
    return data_dir() / DATABASE_NAME


# --- schema -------------------------------------------------------------------------------


def m001_attempts(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            bank TEXT NOT NULL,
            question_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            answer TEXT NOT NULL,
            score INTEGER NOT NULL,
            covered TEXT NOT NULL,
            missed TEXT NOT NULL,
            hint_used INTEGER NOT NULL,
            seconds REAL NOT NULL,
            mode TEXT NOT NULL,
            rating INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX attempts_by_question ON attempts (bank, question_id, at)")
    db.execute("CREATE INDEX attempts_by_time ON attempts (bank, at)")


def m002_cards(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE cards (
            bank TEXT NOT NULL,
            question_id INTEGER NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (bank, question_id)
        )"""
    )


def m003_missed(db: sqlite3.Connection) -> None:
    """How often each concept was missed, kept up to date as answers are saved: `stats` reads
    the most missed at once instead of unpacking every attempt."""
    db.execute(
        """CREATE TABLE missed (
            bank TEXT NOT NULL,
            concept TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (bank, concept)
        )"""
    )
    recount_missed(db)


def recount_missed(db: sqlite3.Connection) -> None:
    """Rebuild the `missed` counts from every saved attempt (after a bulk import, say)."""
    db.execute("DELETE FROM missed")
    db.execute(
        """INSERT INTO missed SELECT bank, value, count(*) FROM attempts, json_each(missed)
           GROUP BY bank, value"""
    )


def m004_card_scores(db: sqlite3.Connection) -> None:
    """Each card keeps its question's latest score, so `stats` and `quiz --weak` need not
    search every attempt for it."""
    db.execute("ALTER TABLE cards ADD COLUMN score INTEGER")
    db.execute(
        """UPDATE cards SET score = (SELECT score FROM attempts a WHERE a.bank = cards.bank
           AND a.question_id = cards.question_id ORDER BY at DESC, id DESC LIMIT 1)"""
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    m001_attempts,
    m002_cards,
    m003_missed,
    m004_card_scores,
)


def migrate(db: sqlite3.Connection) -> None:
    """Apply, in order and each in its own transaction, the migrations not yet recorded."""
    with _transaction(db):
        db.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
    for migration in MIGRATIONS:
        with _transaction(db):
            done = db.execute(
                "SELECT 1 FROM _migrations WHERE name = ?", (migration.__name__,)
            ).fetchone()
            if not done:
                migration(db)
                db.execute(
                    "INSERT INTO _migrations VALUES (?, datetime('now'))", (migration.__name__,)
                )


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
    # instead of one failing when it upgrades a read lock.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


# --- the store ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """One attempt as stored."""

    id: int
    bank: str
    question_id: int
    at: datetime
    answer: str
    score: int
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    hint_used: bool
    seconds: float
    mode: str
    rating: int


class Progress:
    """An open progress database. Use `open_progress()`."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def record(self, bank: str, attempt: Attempt, mode: str, at: datetime) -> int:
        """Save a graded attempt and reschedule its question, in one transaction."""
        rating = schedule.rating_for(attempt.grade.score, attempt.hint_used)
        with self._write():
            cursor = self.db.execute(
                "INSERT INTO attempts (bank, question_id, at, answer, score, covered, missed,"
                " hint_used, seconds, mode, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bank,
                    attempt.question.id,
                    at.isoformat(),
                    attempt.answer,
                    attempt.grade.score,
                    json.dumps([c.name for c in attempt.grade.covered]),
                    json.dumps([c.name for c in attempt.grade.missed]),
                    int(attempt.hint_used),
                    round(attempt.seconds, 3),
                    mode,
                    rating,
                ),
            )
            self.db.executemany(
                "INSERT INTO missed VALUES (?, ?, 1)"
                " ON CONFLICT (bank, concept) DO UPDATE SET count = count + 1",
                [(bank, c.name) for c in attempt.grade.missed],
            )
            self._reschedule(bank, attempt.question.id)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def rerate(self, attempt_id: int, rating: int) -> None:
        """Replace the rating of a saved attempt (the user overrode it) and reschedule."""
        if rating not in schedule.RATING_NAMES:
            raise ProgressError(f"a rating is 1-4, not {rating}")
        with self._write():
            row = self.db.execute(
                "SELECT bank, question_id FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if row is None:
                raise ProgressError(f"no saved attempt {attempt_id}")
            self.db.execute("UPDATE attempts SET rating = ? WHERE id = ?", (rating, attempt_id))
            self._reschedule(*row)

    def _reschedule(self, bank: str, question_id: int) -> None:
        rows = self.db.execute(
            "SELECT at, rating, score FROM attempts WHERE bank = ? AND question_id = ?"
            " ORDER BY at, id",
            (bank, question_id),
        ).fetchall()
        card, due = schedule.replay((datetime.fromisoformat(at), rating) for at, rating, _ in rows)
        self.db.execute(
            "INSERT OR REPLACE INTO cards (bank, question_id, card, due, score)"
            " VALUES (?, ?, ?, ?, ?)",
            (bank, question_id, card, due.isoformat(), rows[-1][2]),
        )

    @contextmanager
    def _write(self) -> Iterator[None]:
        try:
            with _transaction(self.db):
                yield
        except sqlite3.OperationalError as exc:
            raise ProgressUnavailable(f"{self.path}: cannot save progress: {exc}") from None

    # --- reading --------------------------------------------------------------------------

    def due(self, bank: str) -> dict[int, datetime]:
        """When each practised question is due, soonest first."""
        rows = self.db.execute(
            "SELECT question_id, due FROM cards WHERE bank = ? ORDER BY due, question_id", (bank,)
        )
        return {qid: datetime.fromisoformat(due) for qid, due in rows}

    def latest_scores(self, bank: str) -> dict[int, int]:
        """Each practised question's most recent score."""
        rows = self.db.execute("SELECT question_id, score FROM cards WHERE bank = ?", (bank,))
        return dict(rows.fetchall())

    def history(self, bank: str, question_id: int | None = None, limit: int = 20) -> list[Saved]:
        """Saved attempts, newest first."""
        args: list[str | int]
        where, args = "bank = ?", [bank]
        if question_id is not None:
            where += " AND question_id = ?"
            args.append(question_id)
        rows = self.db.execute(
            f"SELECT * FROM attempts WHERE {where} ORDER BY at DESC, id DESC LIMIT ?",
            (*args, limit),
        )
        return [_saved(row) for row in rows]

    def activity(self, bank: str, since: datetime) -> list[datetime]:
        """The times of every attempt since `since`."""
        rows = self.db.execute(
            "SELECT at FROM attempts WHERE bank = ? AND at >= ? ORDER BY at",
            (bank, since.isoformat()),
        )
        return [datetime.fromisoformat(at) for (at,) in rows]

    def practice_days(self, bank: str, offset: timedelta) -> list[str]:
        """Distinct days (shifted by `offset` into local time) with an attempt, newest first."""
        hours = offset.total_seconds() / 3600
        rows = self.db.execute(
            "SELECT DISTINCT date(at, ? || ' hours') AS day FROM attempts WHERE bank = ?"
            " ORDER BY day DESC",
            (f"{hours:+}", bank),
        )
        return [day for (day,) in rows]

    def most_missed(self, bank: str, limit: int = 5) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT concept, count FROM missed WHERE bank = ? ORDER BY count DESC, concept LIMIT ?",
            (bank, limit),
        )
        return [(name, n) for name, n in rows]

    def count(self, bank: str) -> int:
        query = "SELECT count(*) FROM attempts WHERE bank = ?"
        return int(self.db.execute(query, (bank,)).fetchone()[0])


def _saved(row: tuple) -> Saved:  # type: ignore[type-arg]
    aid, bank, qid, at, answer, score, covered, missed, hint_used, seconds, mode, rating = row
    return Saved(
        aid,
        bank,
        qid,
        datetime.fromisoformat(at),
        answer,
        score,
        tuple(json.loads(covered)),
        tuple(json.loads(missed)),
        bool(hint_used),
        seconds,
        mode,
        rating,
    )


@contextmanager
def open_progress(path: Path | None = None, create: bool = True) -> Iterator[Progress | None]:
    """The progress database, migrated; None when `create` is off and there is none yet."""
    path = path or database_path()
    if not path.exists():
        if not create:
            yield None
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressUnavailable(f"{path.parent}: cannot create: {exc.strerror}") from None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise ProgressUnavailable(f"{path}: cannot open: {exc}") from None
    with closing(connection) as db:
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _patiently(lambda: db.execute("PRAGMA journal_mode = WAL"))
            _patiently(lambda: migrate(db))
        except sqlite3.OperationalError as exc:
            raise ProgressUnavailable(f"{path}: cannot write: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise ProgressError(
                f"{path}: not a usable progress database ({exc}); "
                "`aiops-prep reset` moves it aside and starts fresh"
            ) from None
        yield Progress(db, path)


def _patiently(step: Callable[[], object]) -> None:
    """Run a set-up step, retrying while another process holds the lock.

    A new database starts in rollback-journal mode, where SQLite reports a lock conflict at
    once instead of waiting on the busy timeout; two first runs at the same moment meet it.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def reset(path: Path | None = None, at: datetime | None = None) -> Path | None:
    """Move the database aside as a timestamped backup; the backup's path, or None if none."""
    path = path or database_path()
    if not path.exists():
        return None
    stamp = (at or datetime.now()).strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.{stamp}-{n}.bak")
        n += 1
    try:
        path.rename(backup)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(backup.with_name(backup.name + suffix))
    except OSError as exc:
        raise ProgressError(f"{path}: cannot move aside: {exc.strerror}") from None
    return backup
