"""A cache of validated banks, so a command neither parses YAML nor re-checks it every run.

An entry is keyed by a checksum of the bank's files (names and bytes) and the package
version, so an edited bank or a new release misses it. An entry is written only once its bank
has passed validation, so a hostile file (an alias bomb) is never expanded into the cache. It
ends with a line holding its key and a checksum of the JSON before it: an entry that is
unreadable, truncated, corrupt or from another key is ignored and rewritten, never trusted.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from aiops_prep import __version__

FORMAT = 3
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
    crc, size = zlib.crc32(default_name.encode()), 0
    for name, data in files:
        crc = zlib.crc32(data, zlib.crc32(name.encode(), crc))
        size += len(data)
    return f"{crc:08x}-{size}-{len(files)}-v{FORMAT}-{__version__}"


def _path(name: str) -> Path:
    return cache_dir() / f"bank-{name}.json"


def load(name: str) -> Any | None:
    """The validated bank data stored under `name`; None on a miss or a bad entry."""
    try:
        payload, _, header = _path(name).read_bytes().rpartition(b"\n")
        meta = json.loads(header)
        if meta.get("key") != name or meta.get("crc") != zlib.crc32(payload):
            return None
        return json.loads(payload)
    except (OSError, ValueError, AttributeError):
        return None  # absent, unreadable or corrupt: parse again


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
