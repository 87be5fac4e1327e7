"""A cache of parsed bank files, so a command does not parse 300 KB of YAML on every run.

Entries are JSON, keyed by a checksum and the size of the file's bytes and by the package
version: an edited bank or a new release misses the cache. An entry that cannot be read, is
not valid JSON or does not carry its own key is ignored and rewritten; what it holds still
goes through the bank's full validation, like freshly parsed YAML. Only files that made a
valid bank are stored, so a hostile file (an alias bomb) is never expanded into the cache.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from aiops_prep import __version__

FORMAT = 1
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


def key(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}-{len(data)}-v{FORMAT}-{__version__}"


def load(data: bytes) -> Any | None:
    """The parsed form of a bank file's bytes, if cached; None on a miss or a bad entry."""
    name = key(data)
    try:
        entry = json.loads((cache_dir() / f"bank-{name}.json").read_bytes())
    except (OSError, ValueError):
        return None  # absent, unreadable or corrupt: parse again
    if isinstance(entry, dict) and entry.get("key") == name and "data" in entry:
        return entry["data"]
    return None


def store(data: bytes, parsed: Any) -> None:
    """Remember the parsed form of a file that made a valid bank (so never a YAML bomb)."""
    name = key(data)
    path = cache_dir() / f"bank-{name}.json"
    try:
        text = json.dumps({"key": name, "data": parsed}, ensure_ascii=False)
        if json.loads(text)["data"] != parsed:
            return  # YAML gave something JSON cannot carry (a date, a number key): no cache
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
        _prune(path.parent)
    except (OSError, TypeError, ValueError):
        pass  # a cache that cannot be written only costs speed


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("bank-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
