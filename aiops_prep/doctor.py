"""Check what aiops-prep depends on, the progress database and the bank in use, and say what
to do about each problem. Nothing here changes a file: the database is opened read-only."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from aiops_prep import progress
from aiops_prep.errors import ProgressError


class Check(NamedTuple):
    name: str
    ok: bool
    detail: str
    advice: str = ""


RESET = "`aiops-prep reset` keeps it as a backup and starts a fresh one"


def run(bank: Path | None) -> list[Check]:
    """Every check, in the order they are shown."""
    return [data_dir(), *database(progress.database_path()), bank_check(bank)]


def data_dir() -> Check:
    folder = progress.data_dir()
    probe = folder if folder.exists() else next((p for p in folder.parents if p.exists()), folder)
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        return Check(
            "data directory",
            False,
            f"{folder} cannot be written: progress is not being saved",
            "make it writable, or point AIOPS_PREP_HOME at a directory that is",
        )
    return Check("data directory", True, str(folder))


def database(path: Path) -> list[Check]:
    if not path.exists():
        return [Check("progress database", True, f"{path}: none yet (made by the first answer)")]
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as db:
            return _database(db, path)
    except sqlite3.DatabaseError as exc:
        return [Check("progress database", False, f"{path}: {exc}", RESET)]


def _database(db: sqlite3.Connection, path: Path) -> list[Check]:
    try:
        waiting = progress.pending(db)
    except ProgressError as exc:
        detail = str(exc).replace("{path}", str(path))
        return [Check("progress database", False, detail, "upgrade aiops-prep")]
    problems = [row for (row,) in db.execute("PRAGMA integrity_check(5)")]
    if problems != ["ok"]:
        return [Check("progress database", False, f"{path}: damaged: {problems[0]}", RESET)]
    if waiting:
        note = f"{path}: an older schema; the next answer saved brings it up to date"
        return [Check("progress database", True, note)]
    checks = [Check("progress database", True, f"{path}: intact")]
    bad = _bad_rows(db)
    if bad:
        checks.append(
            Check(
                "saved answers",
                False,
                f"{bad} saved row{'s' * (bad != 1)} hold values aiops-prep did not write; "
                "they are skipped",
                RESET,
            )
        )
    return checks


def _bad_rows(db: sqlite3.Connection) -> int:
    store = progress.Progress(db, Path())
    bad = sum(progress._saved(row) is None for row in db.execute("SELECT * FROM attempts"))
    due = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    banks = [bank for (bank,) in db.execute("SELECT DISTINCT bank FROM cards")]
    return int(bad + due - sum(len(store.due(bank)) for bank in banks))


def bank_check(path: Path | None) -> Check:
    from aiops_prep.bank import locate
    from aiops_prep.validate import validate

    report = validate(locate(path))
    if not report.valid:
        count = len(report.findings)
        return Check(
            "bank",
            False,
            f"{report.path}: {count} problem{'s' * (count != 1)}, the first: {report.findings[0]}",
            f"`aiops-prep validate {report.path}` lists them all, with line numbers",
        )
    return Check("bank", True, f"{report.path}: valid, {report.questions} questions")
