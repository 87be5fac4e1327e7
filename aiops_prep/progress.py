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
from typing import TYPE_CHECKING

from aiops_prep import schedule
from aiops_prep.errors import ProgressError, ProgressUnavailable

if TYPE_CHECKING:  # sessions import grading, which `stats` and `history` never need
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


def pending(db: sqlite3.Connection) -> list[str]:
    """The migrations this database still needs; ProgressError if a newer aiops-prep made it
    (it records migrations this version does not know, so its tables may not be ours)."""
    has_table = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    done = {name for (name,) in db.execute("SELECT name FROM _migrations")} if has_table else set()
    known = [m.__name__ for m in MIGRATIONS]
    unknown = sorted(done.difference(known))
    if unknown:
        raise ProgressError(
            f"{{path}}: made by a newer aiops-prep (it has migration {unknown[-1]}); "
            "upgrade aiops-prep to use it"
        )
    return [name for name in known if name not in done]


def migrate(db: sqlite3.Connection) -> None:
    """Apply, in order and each in its own transaction, the migrations not yet recorded."""
    if not pending(db):
        return
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
        schedule.load()  # import FSRS now, not while holding the write lock
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

    def intervals(self, attempt_id: int) -> dict[int, timedelta]:
        """Each rating's next interval for a saved attempt (see `schedule.intervals`)."""
        row = self.db.execute(
            "SELECT bank, question_id, at FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        if row is None:
            raise ProgressError(f"no saved attempt {attempt_id}")
        rows = self.db.execute(
            "SELECT at, rating FROM attempts WHERE bank = ? AND question_id = ? AND"
            " (at < ? OR (at = ? AND id <= ?)) ORDER BY at, id",
            (row[0], row[1], row[2], row[2], attempt_id),
        ).fetchall()
        return schedule.intervals([(datetime.fromisoformat(at), r) for at, r in rows])

    def attempt(self, bank: str, attempt_id: int) -> Saved | None:
        """One saved attempt by the number `history` shows, or None (also for a number no
        SQLite integer can hold)."""
        if not 0 < attempt_id <= MAX_ROWS:
            return None
        row = self.db.execute(
            "SELECT * FROM attempts WHERE bank = ? AND id = ?", (bank, attempt_id)
        ).fetchone()
        return _saved(row) if row is not None else None

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
        return {qid: when for qid, due in rows if (when := _moment(due)) and type(qid) is int}

    def latest_scores(self, bank: str) -> dict[int, int]:
        """Each practised question's most recent score."""
        rows = self.db.execute("SELECT question_id, score FROM cards WHERE bank = ?", (bank,))
        return {qid: score for qid, score in rows if type(qid) is int and type(score) is int}

    def history(self, bank: str, question_id: int | None = None, limit: int = 20) -> list[Saved]:
        """Saved attempts, newest first."""
        args: list[str | int]
        where, args = "bank = ?", [bank]
        if question_id is not None:
            where += " AND question_id = ?"
            args.append(question_id)
        rows = self.db.execute(
            f"SELECT * FROM attempts WHERE {where} ORDER BY at DESC, id DESC LIMIT ?",
            (*args, min(limit, MAX_ROWS)),
        )
        return [saved for row in rows if (saved := _saved(row))]

    def activity(self, bank: str, since: datetime) -> list[datetime]:
        """The times of every attempt since `since`."""
        rows = self.db.execute(
            "SELECT at FROM attempts WHERE bank = ? AND at >= ? ORDER BY at",
            (bank, since.isoformat()),
        )
        return [moment for (at,) in rows if (moment := _moment(at))]

    def practice_days(self, bank: str, offset: timedelta) -> list[str]:
        """Distinct days (shifted by `offset` into local time) with an attempt, newest first."""
        hours = offset.total_seconds() / 3600
        rows = self.db.execute(
            "SELECT DISTINCT date(at, ? || ' hours') AS day FROM attempts WHERE bank = ?"
            " ORDER BY day DESC",
            (f"{hours:+}", bank),
        )
        return [day for (day,) in rows if isinstance(day, str)]

    def most_missed(self, bank: str, limit: int = 5) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT concept, count FROM missed WHERE bank = ? ORDER BY count DESC, concept LIMIT ?",
            (bank, limit),
        )
        return [(name, n) for name, n in rows if isinstance(name, str) and type(n) is int]

    def count(self, bank: str) -> int:
        query = "SELECT count(*) FROM attempts WHERE bank = ?"
        return int(self.db.execute(query, (bank,)).fetchone()[0])


MAX_ROWS = 2**63 - 1  # SQLite's largest integer: `history -n` beyond it means "all"


def _moment(value: object) -> datetime | None:
    """A stored time, or None when the row holds something else (a damaged or edited row)."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _saved(row: tuple) -> Saved | None:  # type: ignore[type-arg]
    """An attempt as stored, or None for a row whose values are not what aiops-prep writes
    (it is skipped; `aiops-prep doctor` counts such rows)."""
    aid, bank, qid, at, answer, score, covered, missed, hint_used, seconds, mode, rating = row
    try:
        saved = Saved(
            aid,
            bank,
            qid,
            datetime.fromisoformat(at),
            answer,
            score,
            tuple(json.loads(covered)),
            tuple(json.loads(missed)),
            bool(hint_used),
            float(seconds),
            mode,
            rating,
        )
    except (TypeError, ValueError):
        return None
    texts = (saved.answer, saved.mode, *saved.covered, *saved.missed)
    numbers = (saved.question_id, saved.score, saved.rating)
    if all(isinstance(t, str) for t in texts) and all(type(n) is int for n in numbers):
        return saved
    return None


DAMAGED = (
    "{path}: not a usable progress database ({problem}); "
    "`aiops-prep reset` moves it aside and starts fresh (`aiops-prep doctor` says more)"
)
_checked: set[Path] = set()  # databases whose pages were checked by this process


@contextmanager
def open_progress(path: Path | None = None, create: bool = True) -> Iterator[Progress | None]:
    """The progress database, migrated; None when `create` is off and there is none yet.

    With `create` off only reading is meant, so the database is opened read-only, without
    migrating it unless it needs it: `stats` and `history` work on a read-only data
    directory, on a full disk, and while another process holds the write lock.
    """
    path = path or database_path()
    if not path.exists() and not create:
        yield None
        return
    try:
        db = _connect(path, create)
    except ProgressError as exc:
        raise type(exc)(str(exc).replace("{path}", str(path))) from None
    with closing(db):
        try:
            yield Progress(db, path)
        except sqlite3.OperationalError as exc:
            raise ProgressUnavailable(f"{path}: cannot use: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise ProgressError(DAMAGED.format(path=path, problem=exc)) from None


def _connect(path: Path, write: bool) -> sqlite3.Connection:
    """A connection, checked and (for writing) migrated; ProgressError naming "{path}"."""
    db: sqlite3.Connection | None = None
    try:
        if write:
            db = _open_for_writing(path)
        else:
            db = _open_for_reading(path)
            if pending(db):  # an older schema: bring it up to date once, then read
                db.close()
                db = _open_for_writing(path)
        if path not in _checked:
            # Damage outside the pages a migration reads would otherwise surface as an
            # error in the middle of a command. It costs 2-3 ms per MB of database (0.1 s
            # for 100,000 answers), under 1 ms for a year of daily practice.
            problems = [row for (row,) in db.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems))
            _checked.add(path)
        return db
    except BaseException as exc:
        if db is not None:
            db.close()
        if isinstance(exc, sqlite3.OperationalError):
            verb = "write" if write else "read"
            raise ProgressUnavailable(f"{{path}}: cannot {verb}: {exc}") from None
        if isinstance(exc, sqlite3.DatabaseError):
            raise ProgressError(DAMAGED.format(path="{path}", problem=exc)) from None
        raise


def _open_for_reading(path: Path) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL database in a directory that cannot be written, with no -shm file left:
        # read it as an immutable file (nothing can be writing to it there).
        db.close()
        db = sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None)
    return db


def _open_for_writing(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProgressUnavailable(f"{path.parent}: cannot create: {exc.strerror}") from None
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _patiently(lambda: pending(db))  # a newer release's database is left as it is
        _patiently(lambda: db.execute("PRAGMA journal_mode = WAL"))
        _patiently(lambda: migrate(db))
    except BaseException:
        db.close()
        raise
    return db


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
    """Start afresh, keeping the old history as a timestamped backup; its path, or None.

    The backup is one complete SQLite file (the backup API copies what the write-ahead log
    holds too), and the database is emptied in place in the same write transaction: an
    answer saved meanwhile waits for the lock, then goes into the fresh database, never into
    the backup. A database too damaged to copy is moved aside instead.
    """
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
        _copy_and_empty(path, backup)
    except sqlite3.OperationalError as exc:
        raise ProgressError(f"{path}: cannot reset: {exc}") from None
    except sqlite3.DatabaseError:
        backup.unlink(missing_ok=True)
        _move_aside(path, backup)
    return backup


def _copy_and_empty(path: Path, backup: Path) -> None:
    partial = backup.with_name(backup.name + ".partial")
    timeout = BUSY_TIMEOUT_MS / 1000
    with closing(sqlite3.connect(path, timeout=timeout, isolation_level=None)) as db:
        with _transaction(db):  # the write lock: no answer lands between copy and emptying
            # The copy reads through a second connection: SQLite's backup cannot read from
            # the connection that holds the write transaction.
            try:
                with closing(sqlite3.connect(path, timeout=timeout)) as source:
                    with closing(sqlite3.connect(partial)) as copy:
                        source.backup(copy)
                os.replace(partial, backup)
            finally:
                partial.unlink(missing_ok=True)  # never half a backup under any name
            tables = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite%' AND name <> '_migrations'"
            ).fetchall()
            for (table,) in tables:
                db.execute(f'DELETE FROM "{table}"')


def _move_aside(path: Path, backup: Path) -> None:
    try:
        path.rename(backup)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(backup.with_name(backup.name + suffix))
    except OSError as exc:
        raise ProgressError(f"{path}: cannot move aside: {exc.strerror}") from None
