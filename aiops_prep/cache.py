"""A cache of validated banks, so a command neither parses YAML nor re-checks it every run.

An entry is keyed by a checksum of the bank's files (names and bytes) and the package
version, so an edited bank or a new release misses it. An entry is written only once its bank
has passed validation, so a hostile file (an alias bomb) is never expanded into the cache. It
carries a checksum of its own payload: an entry that is unreadable, truncated, corrupt or
from another key is ignored and rewritten, never trusted.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from aiops_prep import __version__

FORMAT = 2
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
        header, _, payload = _path(name).read_bytes().partition(b"\n")
        meta = json.loads(header)
        if meta.get("key") != name or meta.get("crc") != zlib.crc32(payload):
            return None
        return json.loads(payload)
    except (OSError, ValueError, AttributeError):
        return None  # absent, unreadable or corrupt: parse again


def store(name: str, data: Any) -> None:
    """Remember a validated bank's data; a cache that cannot be written only costs speed."""
    path = _path(name)
    try:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({"key": name, "crc": zlib.crc32(payload)}).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(header + b"\n" + payload)
        os.replace(temp, path)
        _prune(path.parent)
    except (OSError, TypeError, ValueError):
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("bank-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
