"""A cache of parsed bank files, so a command does not parse 300 KB of YAML on every run.

Entries are JSON, keyed by a checksum and the size of the file's bytes and by the package
version: an edited bank or a new release misses the cache. An entry that cannot be read, is
not valid JSON or does not carry its own key is ignored and rewritten; what it holds still
goes through the bank's full validation, like freshly parsed YAML.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Callable
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


def parsed(data: bytes, parse: Callable[[], Any]) -> Any:
    """The parsed form of a bank file's `data`: from the cache, or `parse()` and remember it."""
    key = f"{zlib.crc32(data):08x}-{len(data)}-v{FORMAT}-{__version__}"
    path = cache_dir() / f"bank-{key}.json"
    try:
        entry = json.loads(path.read_bytes())
        if isinstance(entry, dict) and entry.get("key") == key and "data" in entry:
            return entry["data"]
    except (OSError, ValueError):
        pass  # absent, unreadable or corrupt: parse again
    result = parse()
    _store(path, key, result)
    return result


def _store(path: Path, key: str, result: Any) -> None:
    try:
        text = json.dumps({"key": key, "data": result}, ensure_ascii=False)
        if json.loads(text)["data"] != result:
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
