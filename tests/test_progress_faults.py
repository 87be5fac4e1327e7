"""A damaged, edited, newer or locked progress database: a clear line, never a traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep import progress
from aiops_prep.cli import app

READERS = [["stats"], ["history"], ["review", "--no-save"], [], ["quiz", "-n", "1"]]


_template: list[bytes] = []


@pytest.fixture
def practised(runner: CliRunner) -> Path:
    """A database with two saved answers, every connection to it closed (made once, copied)."""
    path = progress.database_path()
    if not _template:
        result = runner.invoke(app, ["quiz", "-n", "2", "--seed", "1"], input="drift\nlabels\n")
        assert result.exit_code == 0, result.stderr
        sql(path, "PRAGMA journal_mode = DELETE")
        _template.append(path.read_bytes())
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_template[0])
    progress._checked.clear()  # each test's CLI run is a fresh "process"
    return path


def sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def damage_table(path: Path, table: str) -> None:
    """Overwrite the root page of `table` with noise, as a failing disk would."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    with path.open("r+b") as file:
        file.seek((root[0] - 1) * page_size)
        file.write(b"\xa5" * page_size)


def run(runner: CliRunner, args: list[str]):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, args, input="drift\n")
    progress._checked.clear()
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    return result


@pytest.mark.parametrize("table", ["cards", "attempts_by_question"])
@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a) or "welcome")
def test_a_damaged_table_is_reported(
    runner: CliRunner, practised: Path, table: str, args: list[str]
) -> None:
    damage_table(practised, table)
    result = run(runner, args)
    assert result.exit_code == 1
    assert "not a usable progress database" in result.stderr and "reset" in result.stderr


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a) or "welcome")
def test_a_newer_schema_is_not_touched(runner: CliRunner, practised: Path, args: list[str]) -> None:
    sql(practised, "INSERT INTO _migrations VALUES ('m099_from_the_future', 'now')")
    before = practised.read_bytes()
    result = run(runner, args)
    assert result.exit_code == 1
    assert "made by a newer aiops-prep (it has migration m099_from_the_future)" in result.stderr
    assert practised.read_bytes() == before


BAD_ROWS = [
    "UPDATE attempts SET at = 'yesterday' WHERE id = 1",
    "UPDATE attempts SET covered = 'not json', score = 'high' WHERE id = 2",
    "UPDATE cards SET due = 'soon'",
    "UPDATE cards SET score = 'x'",
    "INSERT INTO missed VALUES ('aiops-prep', 'z', 'many')",
]


@pytest.mark.parametrize("args", [["stats"], ["history"], ["review", "--no-save"], []])
def test_bad_values_in_rows_are_skipped(
    runner: CliRunner, practised: Path, args: list[str]
) -> None:
    sql(practised, *BAD_ROWS)
    result = run(runner, args)
    assert result.exit_code == 0, result.stderr


def test_doctor_names_each_fault_and_what_to_do(runner: CliRunner, practised: Path) -> None:
    healthy = run(runner, ["doctor"])
    assert healthy.exit_code == 0 and "progress database" in healthy.stdout
    sql(practised, *BAD_ROWS)
    edited = run(runner, ["doctor"])
    assert edited.exit_code == 1 and "hold values aiops-prep did not write" in edited.stdout
    damage_table(practised, "cards")
    damaged = run(runner, ["doctor"])
    assert damaged.exit_code == 1 and "aiops-prep reset" in damaged.stdout
    sql(practised.with_name("other.db"))
    practised.unlink()
    (practised.parent / "other.db").rename(practised)
    sql(practised, "CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    sql(practised, "INSERT INTO _migrations VALUES ('m099_x', 'now')")
    newer = run(runner, ["doctor", "--json"])
    assert newer.exit_code == 1 and "upgrade aiops-prep" in newer.stdout


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")


def test_reading_commands_do_not_wait_for_a_writer(
    runner: CliRunner, practised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "BUSY_TIMEOUT_MS", 200)  # before the fix: "database is locked"
    sql(practised, "PRAGMA journal_mode = WAL")
    with closing(sqlite3.connect(practised, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another process in the middle of saving an answer
        for args in (["stats", "--json"], ["history", "--json"], ["review", "--no-save"], []):
            result = run(runner, args)
            assert result.exit_code == 0, result.stderr
        other.execute("ROLLBACK")


def test_reading_commands_do_not_write(runner: CliRunner, practised: Path) -> None:
    files = [practised.with_name(practised.name + suffix) for suffix in ("", "-wal")]

    def snapshot() -> list[bytes]:  # an empty write-ahead log counts as none
        return [f.read_bytes() if f.exists() else b"" for f in files]

    before = snapshot()
    for args in (["stats"], ["history"], ["doctor"], []):
        assert run(runner, args).exit_code == 0
    assert snapshot() == before
