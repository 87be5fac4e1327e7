"""Ctrl-C, SIGTERM and SIGHUP during a practice session.

A signal ends the session the way Ctrl-C always has (its summary, then exit 128 + signal),
but never half way through saving an answer: between reading an answer and saving it, the
signal waits (`deferred`), so an answer that was submitted is graded and saved before the
session stops, and the summary lists exactly what was saved. Where the session blocks on
input it stops at once (`waiting`), and a running prompt is asked to end itself (`prompting`)
so that it restores the terminal on the way out.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


class Interrupted(KeyboardInterrupt):
    """A signal asked the session to stop; `draft` is what was typed but not submitted."""

    def __init__(self, signum: int = signal.SIGINT, draft: str = "") -> None:
        super().__init__(signum)
        self.signum, self.draft = signum, draft

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for Ctrl-C, 143 SIGTERM, 129 HUP


class _State:
    installed = False
    pending = 0  # a signal received and not acted on yet
    deferring = 0  # depth of `deferred()`
    waiting = False  # blocked on input: stop at once, even while deferring
    abort: Callable[[], None] | None = None  # asks a running prompt to end itself


_state = _State()


def _on_signal(signum: int, frame: object) -> None:
    _state.pending = _state.pending or signum
    if signum == getattr(signal, "SIGHUP", None):
        _detach_hung_up_terminal()
    if _state.abort is not None:
        _state.abort()  # the prompt ends itself, after the keys typed before the signal
    elif _state.waiting or not _state.deferring:
        raise Interrupted(take())


@contextmanager
def handled() -> Iterator[None]:
    """Within: SIGINT, SIGTERM and SIGHUP raise `Interrupted`, except where deferred.

    A signal that was ignored when the program started (`nohup` ignores SIGHUP) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread() or _state.installed:
        yield
        return
    previous = {}
    for signum in SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _on_signal)
    _state.installed, _state.pending = True, 0
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        _state.installed, _state.pending = False, 0


def installed() -> bool:
    return _state.installed


def pending() -> int:
    return _state.pending


def take() -> int:
    """The pending signal, now acted on (0 if none)."""
    signum, _state.pending = _state.pending, 0
    return signum


@contextmanager
def deferred() -> Iterator[None]:
    """Within: a signal waits until the end, so what is started here (reading an answer,
    grading and saving it) is finished before the session stops."""
    _state.deferring += 1
    try:
        yield
    finally:
        _state.deferring -= 1
    if not _state.deferring and _state.pending:
        raise Interrupted(take())


@contextmanager
def waiting() -> Iterator[None]:
    """Within: the program waits for input, and a signal stops it at once."""
    if _state.pending:
        raise Interrupted(take())
    before, _state.waiting = _state.waiting, True
    try:
        yield
    finally:
        _state.waiting = before


@contextmanager
def prompting(abort: Callable[[], None]) -> Iterator[None]:
    """Within: a prompt runs; a signal calls `abort` (from the signal handler) instead of
    raising, and the prompt ends itself with `Interrupted` once it has taken the keys typed
    before the signal."""
    before, _state.abort = _state.abort, abort
    try:
        yield
    finally:
        _state.abort = before


def _detach_hung_up_terminal() -> None:
    """After a hang-up every write to the terminal fails (EIO): send output to /dev/null so
    the session can still end in order, saving what it has."""
    for fd in (1, 2):
        try:
            import termios

            termios.tcgetattr(fd)
        except ImportError:
            return
        except termios.error as exc:
            if exc.args and exc.args[0] == errno.EIO:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, fd)
                os.close(devnull)
