"""Standard streams that may be closed, full or unable to encode what is printed.

`aiops-prep hint 23 >&-`, `list >/dev/full`, `quiz <&-` and `PYTHONIOENCODING=ascii` must
end with one line on stderr (or work), never a traceback. The console script calls `prepare`
first and `output_failed` when writing the output fails.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from typing import Any

# What to print instead of the few symbols aiops-prep uses, when the output cannot encode them.
ASCII_SYMBOLS = {
    "✓": "+",
    "✗": "x",
    "·": "-",
    "█": "#",
    "░": ".",
    "…": "...",
    "→": "->",
    "—": "-",
    "–": "-",
    "┃": "|",
    "━": "-",
    **dict.fromkeys("▁▂▃▄▅▆▇", "#"),
}
FALLBACK = "aiops-prep-ascii"


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """Encoding errors handler: a known symbol's ASCII stand-in, a letter without its accent
    ("é" -> "e"), else "?"."""
    import unicodedata

    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    out = []
    for char in text:
        folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(ASCII_SYMBOLS.get(char) or folded or "?")
    return "".join(out), error.end


class _Closed(io.RawIOBase):
    """Standard output that was closed before aiops-prep started: every write fails."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def prepare() -> None:
    """Make the three standard streams safe to use.

    A closed descriptor gets /dev/null in its place at once, so that no file opened later
    (the progress database!) takes its number and receives the output. A closed stdin reads
    as empty; a closed stdout fails on the first write, reported by `output_failed`.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if fd == 0:
                sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
            elif fd == 1:
                sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
            else:
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    codecs.register_error(FALLBACK, _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        try:
            "".join(ASCII_SYMBOLS).encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors=FALLBACK)


def output_failed(exc: OSError) -> None:
    """Report that standard output could not be written (full, closed, failing) on one line,
    and make the interpreter's last flush at exit harmless."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the buffered rest is dropped
    reason = exc.strerror or str(exc)
    try:
        sys.stderr.write(f"aiops-prep: error: cannot write the output: {reason}\n")
        sys.stderr.flush()
    except OSError:
        pass
