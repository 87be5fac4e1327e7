"""A cache of validated banks, so a command neither parses YAML nor re-checks it every run.

An entry is keyed by a cryptographic hash (BLAKE2b) of the bank's files (names and bytes)
and the package version, so an edited bank or a new release misses it, and no other content
can be made to share its key. An entry is written only once its bank has passed validation,
so a hostile file (an alias bomb) is never expanded into the cache. It ends with a line holding
its key and a checksum of the JSON before it, and its data must have a validated bank's shape
(types, fields, printable text): an entry that is not a regular file, unreadable, truncated,
corrupt, from another key or of another shape is ignored and rewritten, never trusted.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from aiops_prep import __version__

FORMAT = 5
KEEP = 16  # cache files kept; the oldest beyond that are removed


def cache_dir() -> Path:
    """$AIOPS_PREP_HOME/cache, else the platform's user cache directory."""
    home = os.environ.get("AIOPS_PREP_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    if sys.platform.startswith("linux"):  # what platformdirs answers, without importing it
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "aiops-prep"
    from platformdirs import user_cache_path

    return user_cache_path("aiops-prep", appauthor=False)


def key(files: list[tuple[str, bytes]], default_name: str) -> str:
    """The identity of a bank's content: its files' names and bytes, and its default name."""
    try:  # hashlib's import loads OpenSSL, 8 ms; its BLAKE2 is this built-in module
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython build has it
        from hashlib import blake2b
    digest = blake2b(digest_size=16)
    for part in (default_name.encode(), *(p for f in files for p in (f[0].encode(), f[1]))):
        digest.update(len(part).to_bytes(8, "big"))  # lengths first: parts cannot run together
        digest.update(part)
    return f"{digest.hexdigest()}-v{FORMAT}-{__version__}"


def _path(name: str) -> Path:
    return cache_dir() / f"bank-{name}.json"


def load(name: str) -> Any | None:
    """The validated bank data stored under `name`; None on a miss or a bad entry."""
    from aiops_prep.bank import MAX_BANK_BYTES
    from aiops_prep.errors import AiopsPrepError
    from aiops_prep.files import read_regular

    try:
        entry = read_regular(_path(name), 4 * MAX_BANK_BYTES)
        payload, _, header = entry.rpartition(b"\n")
        meta = json.loads(header)
        if meta.get("key") != name or meta.get("crc") != zlib.crc32(payload):
            return None
        if _has_control(payload):
            return None  # bank text is stored printable; this entry was not written by us
        data = json.loads(payload)
    except (AiopsPrepError, ValueError, AttributeError):
        return None  # absent, unreadable, not a file, or corrupt: parse again
    return data if well_formed(data) else None


def well_formed(data: Any) -> bool:
    """Whether `data` has the shape of a validated bank as `store` writes it."""
    if not (isinstance(data, dict) and _text(data.get("name"))):
        return False
    sections, questions = data.get("sections"), data.get("questions")
    if not (isinstance(sections, list) and isinstance(questions, list) and questions):
        return False
    if not all(_fields(s, {"id", "title"}, {"id", "title"}) for s in sections):
        return False
    known = {s["id"] for s in sections}
    return all(_question(q, known) for q in questions)


def _question(q: Any, sections: set[str]) -> bool:
    from aiops_prep.bank import QUESTION_FIELDS

    if not _fields(q, {"section", "question", "hint"}, QUESTION_FIELDS | {"id"}):
        return False
    qid, concepts = q["id"], q.get("concepts")
    return (
        type(qid) is int
        and 0 < qid < 10**9
        and q["section"] in sections
        and ("model_answer" not in q or _text(q["model_answer"]))
        and isinstance(concepts, list)
        and bool(concepts)
        and all(_concept(c) for c in concepts)
    )


def _concept(c: Any) -> bool:
    from aiops_prep.bank import CONCEPT_FIELDS

    if not _fields(c, {"name"}, CONCEPT_FIELDS):
        return False
    aliases, weight = c.get("aliases", []), c.get("weight", 1)
    return (
        isinstance(aliases, list)
        and all(_text(a) for a in aliases)
        and type(weight) in (int, float)
        and 0 < weight <= 10
    )


def _fields(item: Any, text: set[str], allowed: set[str]) -> bool:
    """A mapping with only `allowed` keys, whose `text` keys hold printable text."""
    return (
        isinstance(item, dict) and item.keys() <= allowed and all(_text(item.get(k)) for k in text)
    )


def _text(value: Any) -> bool:
    return type(value) is str and bool(value) and not value.isspace()


# Control characters as `store` writes them (JSON, ASCII only): \b \f \r and \u escapes of
# C0 (but newline and tab), DEL and C1.
_CONTROL_JSON = rb"\\(?:[bfr]|u00(?:0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f]))"


def _has_control(payload: bytes) -> bool:
    """Whether the JSON holds an escaped control character; one after an escaped backslash
    (`\\\\b` is a backslash and a "b") does not count."""
    for found in re.finditer(_CONTROL_JSON, payload):
        start = found.start()
        before = len(payload[:start]) - len(payload[:start].rstrip(b"\\"))
        if before % 2 == 0:
            return True
    return False


def store(name: str, head: dict[str, Any], questions: Iterable[dict[str, Any]]) -> None:
    """Remember a validated bank: `head` (name, sections) and its questions, which are
    written one at a time so a large bank is never held twice in memory as JSON.
    A cache that cannot be written only costs speed."""
    path = _path(name)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        crc = 0
        with temp.open("wb") as out:

            def write(chunk: bytes) -> None:
                nonlocal crc
                crc = zlib.crc32(chunk, crc)
                out.write(chunk)

            write(json.dumps(head, separators=(",", ":")).encode("ascii")[:-1])
            write(b',"questions":[')
            for n, question in enumerate(questions):
                write(b"," * bool(n) + json.dumps(question, separators=(",", ":")).encode("ascii"))
            write(b"]}")
            out.write(b"\n" + json.dumps({"key": name, "crc": crc}).encode("ascii"))
        os.replace(temp, path)
        _prune(path.parent)
    except (OSError, TypeError, ValueError):
        with suppress(OSError):
            temp.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("bank-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
