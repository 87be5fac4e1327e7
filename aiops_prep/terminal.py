"""Typing answers at a terminal: a multi-line prompt, or the user's own editor."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

from aiops_prep.errors import AiopsPrepError

SUBMIT_HELP = "Enter on an empty line or Esc+Enter submits"
EDITOR_HEADER = "# Write your answer below. Lines starting with # are ignored.\n"


def read_answer(
    message: str, commands: Collection[str], toolbar: Callable[[], str] | None = None
) -> str | None:
    """A multi-line answer; None at end of input (Ctrl-D). Ctrl-C raises KeyboardInterrupt.

    Enter adds a line, Enter on an empty line submits, and so does Esc+Enter. A command typed
    alone (such as `?` or `q`) is taken at the first Enter. Pasted text keeps its newlines.
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
    )
    try:
        return session.prompt().strip()
    except EOFError:
        return None


def edit_answer(initial: str = "") -> str:
    """Open $VISUAL or $EDITOR on a temporary file and return what was written."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise AiopsPrepError("set $VISUAL or $EDITOR to compose answers in an editor")
    with tempfile.TemporaryDirectory(prefix="aiops-prep-") as folder:
        path = Path(folder) / "answer.md"
        path.write_text(EDITOR_HEADER + initial, encoding="utf-8")
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise AiopsPrepError(f"the editor {editor!r} failed: {exc}") from None
        text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
