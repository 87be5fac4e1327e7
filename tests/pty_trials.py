"""Ctrl-C just after the Enter that submits an answer, in real pseudo-terminals, many times.

Run by tests/test_interrupts.py as `python tests/pty_trials.py DIR BANK TRIALS [SIGNALS]`.
Each trial is a fresh `aiops-prep quiz` on its own pseudo-terminal (its controlling terminal,
so the terminal's Ctrl-C byte becomes SIGINT exactly as for a person), with its own data
directory. It types an answer, submits it with Enter on an empty line, waits 0-30 ms and
presses Ctrl-C (every other Ctrl-C trial sends SIGINT with kill instead); SIGNALS (default
INT) lists the signals the trials take turns with: TERM and HUP are sent with kill.
To keep 50 trials fast, this process imports the program once and forks each trial from it,
instead of starting Python 50 times.

Prints one JSON line per trial: the exit code, the output, the saved history, and whether
the terminal was left as it was found (line editing and echo on, bracketed paste off).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import sqlite3
import struct
import sys
import termios
import time
from pathlib import Path

import fsrs  # noqa: F401
import prompt_toolkit.input.vt100  # noqa: F401
import prompt_toolkit.patch_stdout  # noqa: F401
import prompt_toolkit.shortcuts  # noqa: F401
import rapidfuzz.distance  # noqa: F401
import rich.console  # noqa: F401
import rich.markup  # noqa: F401
import rich.table  # noqa: F401
import yaml  # noqa: F401

import aiops_prep.cli
import aiops_prep.commands.practice  # noqa: F401 - what the program imports, imported once
import aiops_prep.practice  # noqa: F401
import aiops_prep.quiz  # noqa: F401
import aiops_prep.terminal  # noqa: F401

WORKERS = 2  # trials at a time
PATIENCE = 5.0  # seconds: after the Ctrl-C, the program should end well within this
ANSWER = b"k8s with an hpa"  # short: prompt_toolkit handles each key on its own


def trial(home: str, bank: str, delay: float, signum: int, by_terminal: bool) -> dict[str, object]:
    shutil.copytree(os.path.join(os.path.dirname(home), "warm-up"), home)  # the bank's cache
    pid, fd = pty.fork()
    if pid == 0:  # the program, on the pseudo-terminal
        os.environ.update(AIOPS_PREP_HOME=home, COLUMNS="100", LINES="40", NO_COLOR="1")
        os.environ["PROMPT_TOOLKIT_NO_CPR"] = "1"  # no cursor-position request to answer
        sys.argv = ["aiops-prep", "quiz", "-n", "2", "--seed", "1", "--bank", bank]
        code = 1
        try:
            aiops_prep.cli.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    try:
        output = read_until(fd, b"", b"\x1b[?2004h")  # the prompt is up (bracketed paste on)
        os.write(fd, ANSWER + b"\r")
        output = read_until(fd, output, ANSWER[-10:], b"\n")  # the answer's second line
    except Hung:
        os.kill(pid, signal.SIGKILL)
        raise
    os.write(fd, b"\r")  # Enter on an empty line submits
    time.sleep(delay)
    if by_terminal:
        os.write(fd, b"\x03")  # Ctrl-C, as typed
    else:
        os.kill(pid, signum)
    problem = None
    try:
        output = read_until(fd, output, None)
    except Hung as exc:
        problem = str(exc)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    lflag = termios.tcgetattr(fd)[3]  # the terminal's modes, as the program left them
    os.close(fd)
    return {
        "exit_code": os.waitstatus_to_exitcode(status),
        "problem": problem,
        "terminal_restored": bool(lflag & termios.ICANON and lflag & termios.ECHO)
        and output.rfind(b"\x1b[?2004l") > output.rfind(b"\x1b[?2004h"),
        "output": output.decode("utf-8", "replace"),
        "saved": saved(os.path.join(home, "progress.db")),
    }


class Hung(Exception):
    """The program did not get as far as expected in time: it went on past the Ctrl-C."""


def read_until(fd: int, output: bytes, *marks: bytes | None) -> bytes:
    """Read from the terminal until each mark has appeared in turn (None: the end)."""
    start = len(output)
    deadline = time.monotonic() + PATIENCE
    for mark in marks:
        while mark is None or mark not in output[start:]:
            if not select.select([fd], [], [], max(0, deadline - time.monotonic()))[0]:
                raise Hung(f"waited {PATIENCE} s for {mark!r}; last output: {output[-300:]!r}")
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the program has exited
                chunk = b""
            if not chunk:
                if mark is None:
                    return output
                raise Hung(f"the program ended before {mark!r}: {output[-300:]!r}")
            output += chunk
        if mark is not None:
            start = output.index(mark, start) + len(mark)
    return output


def saved(database: str) -> list[list[int]]:
    if not os.path.exists(database):
        return []
    with sqlite3.connect(database) as db:
        return [list(row) for row in db.execute("SELECT question_id, score FROM attempts")]


def main() -> None:
    folder, bank, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    signals = [getattr(signal, f"SIG{name}") for name in (sys.argv[4:] or ["INT"])[0].split(",")]
    os.environ["AIOPS_PREP_HOME"] = os.path.join(folder, "warm-up")
    aiops_prep.cli.load(Path(bank))  # imports the loader and cache modules
    workers = []
    for worker in range(WORKERS):  # each runs every WORKERS-th trial, one at a time
        pid = os.fork()
        if pid == 0:
            with open(os.path.join(folder, f"trials-{worker}.jsonl"), "w") as results:
                for n in range(worker, count, WORKERS):
                    delay = 0.030 * n / max(count - 1, 1)  # 0 to 30 ms, evenly
                    home = os.path.join(folder, f"trial-{n}")
                    signum = signals[n % len(signals)]
                    by_terminal = signum == signal.SIGINT and n // len(signals) % 2 == 0
                    outcome = trial(home, bank, delay, signum, by_terminal)
                    results.write(json.dumps({"trial": n, "signal": signum, **outcome}) + "\n")
            os._exit(0)
        workers.append(pid)
    for pid in workers:
        os.waitpid(pid, 0)
    for worker in range(WORKERS):
        with open(os.path.join(folder, f"trials-{worker}.jsonl")) as results:
            sys.stdout.write(results.read())


if __name__ == "__main__":
    main()
