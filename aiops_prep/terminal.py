"""Typing answers at a terminal: a multi-line prompt, single keypresses, or the user's editor.

Ctrl-C stays a signal throughout (the terminal's ISIG is kept on, also while a prompt reads
keys one by one), so `interrupts` decides what it does wherever it arrives: never as a stray
byte read by whichever prompt comes next.
"""

from __future__ import annotations

import codecs
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from aiops_prep import interrupts
from aiops_prep.errors import AiopsPrepError, EditorUnavailable

SUBMIT_HELP = "Enter on an empty line or Esc+Enter submits"
ENTER = "\n"
FALLBACK_EDITORS = ("nano", "vi")  # when neither $VISUAL nor $EDITOR is set
# An escape sequence (an arrow key, a function key, a terminal title) or a control character
# other than a tab or a line break.
_CONTROLS = re.compile(
    r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b(\[[0-?]*[ -/]*[@-~]|O.|.)?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def read_answer(
    message: str,
    commands: Collection[str],
    toolbar: Callable[[], str] | None = None,
    default: str = "",
) -> str | None:
    """A multi-line answer, starting from `default`; None at end of input (Ctrl-D).

    Enter adds a line, Enter on an empty line submits, and so does Esc+Enter. A command typed
    alone (such as `?` or `q`) is taken at the first Enter. Pasted text keeps its newlines.
    A signal ends the prompt with `Interrupted`, carrying the text typed so far as its draft;
    keys typed before the signal come first, so an Enter just before Ctrl-C submits.
    """
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event) -> None:  # type: ignore[no-untyped-def]
        buffer = event.current_buffer
        text = buffer.text
        if text.strip().lower() in commands or (text.strip() and text.endswith("\n")):
            buffer.validate_and_handle()
        elif text.strip():
            buffer.insert_text("\n")

    @keys.add("escape", "enter")
    def _submit(event) -> None:  # type: ignore[no-untyped-def]
        if event.current_buffer.text.strip():
            event.current_buffer.validate_and_handle()

    session: PromptSession[str] = PromptSession(
        message,
        multiline=True,
        key_bindings=keys,
        bottom_toolbar=toolbar,
        refresh_interval=1.0 if toolbar else 0,
        prompt_continuation=lambda width, line, soft: "." * (width - 1) + " ",
        input=_input_keeping_signals(),
    )
    stop, abort = _stoppers(session.app)

    def started() -> None:  # a signal that came while the prompt was being set up
        if session.app.loop is not None:
            session.app.loop.call_soon(stop)

    try:
        with interrupts.prompting(abort):
            text = session.prompt(
                default=default, pre_run=started, handle_sigint=not interrupts.installed()
            )
        return text.strip()
    except EOFError:
        return None
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        raise interrupts.Interrupted(signum, session.default_buffer.text) from None


def restore() -> None:
    """Turn bracketed paste off again after an interrupted session. The prompt did, but a
    Ctrl-C typed once it had returned makes the terminal discard output not yet shown."""
    out = sys.stdout if sys.stdout.isatty() else sys.stderr
    try:
        out.write("\x1b[?2004l")
        out.flush()
    except OSError:
        pass  # the terminal has gone


def _stoppers(app: Any) -> tuple[Callable[[], None], Callable[[], None]]:
    """`stop` ends the running prompt for a pending signal, in its event loop; `abort`, for
    the signal handler, schedules it."""

    def stop() -> None:
        if not app.is_running or app.is_done or not interrupts.pending():
            return  # not started or already answered: the signal waits for the answer's save
        # What was typed before the signal is still in the terminal's queue: take it first.
        app.key_processor.feed_multiple(app.input.read_keys())
        app.key_processor.process_keys()
        if not app.is_done:
            app.exit(exception=interrupts.Interrupted(interrupts.take()))

    def abort() -> None:
        loop = app.loop
        if loop is not None:
            loop.call_soon_threadsafe(stop)

    return stop, abort


def _input_keeping_signals() -> Any:
    """prompt_toolkit's input, in a raw mode that leaves Ctrl-C to the terminal as SIGINT.

    prompt_toolkit turns ISIG off and reads Ctrl-C as a key; one pressed just after Enter was
    then queued for the next prompt (or lost with it). Ctrl-\\ and Ctrl-Z stay plain keys.
    """
    from prompt_toolkit.input import create_input

    if os.name != "posix" or not sys.stdin.isatty():
        return create_input()
    import termios

    from prompt_toolkit.input.vt100 import Vt100Input, raw_mode

    class SignalsRawMode(raw_mode):
        def __enter__(self) -> None:
            try:
                attrs = termios.tcgetattr(self.fileno)
            except termios.error:
                return
            attrs[3] = (attrs[3] & ~(termios.ECHO | termios.ICANON | termios.IEXTEN)) | (
                termios.ISIG | termios.NOFLSH  # NOFLSH: Ctrl-C keeps what was typed before it
            )
            attrs[0] = self._patch_iflag(attrs[0])
            off = _disabled_character(self.fileno)
            attrs[6][termios.VQUIT] = attrs[6][termios.VSUSP] = off
            attrs[6][termios.VMIN], attrs[6][termios.VTIME] = 1, 0
            termios.tcsetattr(self.fileno, termios.TCSANOW, attrs)

    class SignalsInput(Vt100Input):
        def raw_mode(self) -> Any:
            return SignalsRawMode(self.stdin.fileno())

    return SignalsInput(sys.stdin)


def _disabled_character(fd: int) -> bytes:
    """The terminal's "no character" (_POSIX_VDISABLE: 0 on Linux, 0xff on macOS)."""
    try:
        value = os.fpathconf(fd, "PC_VDISABLE")
    except (OSError, ValueError):
        value = 0
    return bytes([value if 0 <= value <= 255 else 0])


def read_key(prompt: str, keys: Collection[str], refused: Callable[[str], None]) -> str | None:
    """One of `keys` pressed alone, no Enter needed (Enter itself is `ENTER`); None at end of
    input. Anything else - another key, a paste, an answer typed ahead - goes to `refused` as
    its printable text ("" for a bare control key), and the prompt is shown again.
    """
    try:
        import termios
    except ImportError:  # Windows: a line at a time, Enter needed
        return _read_key_line(prompt, keys, refused)

    fd = sys.stdin.fileno()
    before = termios.tcgetattr(fd)
    mode = termios.tcgetattr(fd)
    mode[3] &= ~(termios.ICANON | termios.ECHO)  # ISIG stays: Ctrl-C is a signal
    mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    termios.tcsetattr(fd, termios.TCSANOW, mode)  # TCSANOW: keep anything typed ahead
    out = sys.stdout if sys.stdout.isatty() else sys.stderr  # stdout may carry JSON
    try:
        while True:
            out.write(prompt)
            out.flush()
            with interrupts.waiting():
                data = os.read(fd, 4096)
            chunk = decoder.decode(data)
            if not data or chunk == "\x04":  # end of input, Ctrl-D
                out.write("\n")
                return None
            key = ENTER if chunk in ("\r", "\n") else chunk
            if key[:-1] in keys and key[-1:] in ("\r", "\n"):
                key = key[:-1]  # a key and Enter at once, as a line-reading prompt took it
            out.write(("" if key == ENTER else printable(key)) + "\n")
            out.flush()
            if key in keys:
                return key
            refused(printable(chunk).strip())
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)


def _read_key_line(
    prompt: str, keys: Collection[str], refused: Callable[[str], None]
) -> str | None:
    while True:
        try:
            with interrupts.waiting():
                line = input(prompt).strip()
        except EOFError:
            return None
        key = line or ENTER
        if key in keys:
            return key
        refused(printable(line))


def printable(text: str) -> str:
    """Typed text without escape sequences or control characters (line breaks stay)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def find_editor() -> list[str]:
    """The editor command: $VISUAL, else $EDITOR, else nano or vi when installed."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError as exc:
            raise EditorUnavailable(f"${variable} is not a valid command ({exc})") from None
        if not shutil.which(command[0]):
            raise EditorUnavailable(f"the editor in ${variable}, {command[0]!r}, is not found")
        return command
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise EditorUnavailable(
        f"no editor: set $VISUAL or $EDITOR (neither {' nor '.join(FALLBACK_EDITORS)} is installed)"
    )


def edit_answer(editor: list[str], header: str, initial: str = "") -> str | None:
    """Open `editor` on a file with `header` (comment lines) and `initial`: what was written
    below the comments, or None when the file was left empty or unchanged (the question is
    skipped: the editor is never opened again on its own)."""
    with tempfile.TemporaryDirectory(prefix="aiops-prep-") as folder:
        path = Path(folder) / "answer.md"
        original = header + initial
        path.write_text(original, encoding="utf-8")
        try:
            status = subprocess.run([*editor, str(path)]).returncode
        except OSError as exc:
            raise AiopsPrepError(f"cannot run the editor {editor[0]!r}: {exc.strerror}") from None
        if status != 0:
            raise AiopsPrepError(f"the editor {editor[0]!r} exited with status {status}")
        text = path.read_text(encoding="utf-8", errors="replace")
    if text == original:
        return None
    answer = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return answer.strip() or None
