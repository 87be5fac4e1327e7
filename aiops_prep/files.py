"""Reading and writing the user's files safely: only regular files are read (a device or a
FIFO named as a bank could hang or never end), reads stop at a size limit, and writes replace
only regular files, so `-o /dev/null` as root never turns a device into a plain file."""

from __future__ import annotations

import os
import stat
import sys
import uuid
from contextlib import suppress
from pathlib import Path

from aiops_prep.errors import AiopsPrepError

STDOUT = "-"  # `-o -` writes to standard output


def read_regular(path: Path, limit: int, error: type[AiopsPrepError] = AiopsPrepError) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them, else `error`.

    Opened without blocking, so a FIFO is refused instead of waiting for a writer, and
    checked on the open descriptor, so the file cannot be swapped between check and read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as file:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise error(f"{path}: not a regular file")
            if info.st_size > limit:
                raise error(f"{path}: {info.st_size} bytes is over the {limit} byte limit")
            data = file.read(limit + 1)  # the file may have grown since fstat
        except OSError as exc:
            raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise error(f"{path}: over the {limit} byte limit")
    return data


def is_stdout(path: Path) -> bool:
    return str(path) == STDOUT


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work, an output path that cannot or must not be written."""
    if is_stdout(path):
        return
    if path.is_dir():
        raise AiopsPrepError(f"{path} is a directory; give a file name")
    kind = _kind(path)
    if kind == "other":
        raise AiopsPrepError(f"{path} is not a regular file, a character device or a FIFO")
    if kind == "regular" and not force:
        raise AiopsPrepError(f"{path} exists; use --force to overwrite")
    if kind is None and not path.parent.is_dir():
        raise AiopsPrepError(f"{path.parent}: no such directory")


def _kind(path: Path) -> str | None:
    """None when nothing is there; 'regular', 'stream' (a character device such as /dev/null,
    or a FIFO) or 'other' (a block device, a socket)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):  # never a disk (a block device)
        return "stream"
    return "other"


def write_output(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path`: standard output for `-`, through to a device or FIFO, and
    otherwise atomically (a temporary file renamed over a regular file or a new name)."""
    check_target(path, force)
    try:
        if is_stdout(path):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        elif _kind(path) == "stream":
            _write_through(path, data)
        else:
            _write_atomically(path, data)
    except OSError as exc:
        raise AiopsPrepError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _write_through(path: Path, data: bytes) -> None:
    # Non-blocking open: a FIFO with no reader fails at once (ENXIO) instead of hanging.
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "wb") as out:
        os.set_blocking(fd, True)
        out.write(data)


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        # os.open with 0o666 lets the umask decide the mode, as for any new file.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:  # Ctrl-C included: never leave the temporary file behind
        with suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
