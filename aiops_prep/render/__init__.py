"""What every renderer shares: the console, colour, escaping, JSON, warnings and dates."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


BAND_STYLES = {"strong": "bold green", "good": "green", "partial": "yellow", "needs work": "red"}


def borders(out: Console) -> Any:
    """Box-drawing borders on a terminal; plain space-separated columns when piped or dumb."""
    from rich import box

    return box.HEAVY_HEAD if out.is_terminal and not out.is_dumb_terminal else None


def printable(text: str) -> str:
    """A user's text without control characters, which could restyle or clear the terminal."""
    return "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in text)


def no_controls(text: str) -> str:
    """Text from a bank or a file name without control characters (ESC, BEL, CSI...), which
    could retitle, clear or restyle the terminal; other characters are kept as they are."""
    import re

    from aiops_prep.bank import CONTROL

    return re.sub(CONTROL, "\ufffd", text)


def one_line(text: str) -> str:
    """A file name or message for one line of output: no control characters, no line breaks."""
    return no_controls(text.replace("\n", " ").replace("\t", " "))


def esc(text: object) -> str:
    """Text from a bank or a user, made safe to embed in rich markup ("[SLI]" stays text) and
    to print (no control characters)."""
    from rich.markup import escape

    return escape(no_controls(str(text)))


_settings = {"stderr": False, "no_color": False}


def configure(*, all_to_stderr: bool | None = None, no_color: bool | None = None) -> None:
    """Send people's output to stderr (stdout carries JSON), or turn colour off."""
    if all_to_stderr is not None:
        _settings["stderr"] = all_to_stderr
    if no_color is not None:
        _settings["no_color"] = no_color


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # NO_COLOR or --no-color: no escape codes at all, not even bold; borders stay.
    plain = _settings["no_color"] or bool(os.environ.get("NO_COLOR"))
    return Console(
        stderr=stderr or _settings["stderr"],
        highlight=False,
        color_system=None if plain else "auto",
    )


def band(score: int) -> str:
    from aiops_prep.bands import band as name

    return name(score)


def print_json(data: Any) -> None:
    import json
    import re

    # JSON escapes C0 controls itself; DEL and C1 (a terminal reads \x9b as ESC [) too.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    sys.stdout.write(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


# The most used output (a question, its hint) is printed without rich, whose import would
# double the start-up time of `aiops-prep hint 23`. The styles match rich's.
ANSI = {"bold": "1", "dim": "2", "cyan": "36"}


def say(text: str = "", style: str = "", label: str = "", label_style: str = "cyan") -> None:
    """Print `label` + `text`, wrapped to the terminal, styled when it is a colour terminal."""
    import shutil
    import textwrap

    stream = sys.stderr if _settings["stderr"] else sys.stdout
    width = shutil.get_terminal_size().columns
    text = no_controls(text)
    lines = textwrap.wrap(label + text, width - 1, break_on_hyphens=False) or [""]
    if colour(stream):
        first = lines[0][len(label) :]
        lines = [
            _ansi(label, label_style) + _ansi(first, style),
            *(_ansi(x, style) for x in lines[1:]),
        ]
    stream.write("\n".join(lines) + "\n")


def _ansi(text: str, style: str) -> str:
    return f"\x1b[{ANSI[style]}m{text}\x1b[0m" if style and text else text


def colour(stream: Any) -> bool:
    plain = _settings["no_color"] or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    return not plain and stream.isatty()


def warning(message: str) -> None:
    console(stderr=True).print(f"[yellow]warning:[/yellow] {esc(message)}")


def when(moment: datetime | None, now: datetime) -> str:
    """'now', 'in 3 hours', 'in 2 days' or 'due now (1 day overdue)', with the local date."""
    if moment is None:
        return "nothing scheduled"
    delta = moment - now
    seconds = abs(delta.total_seconds())
    amount = (
        f"{int(seconds // 86400)} day"
        if seconds >= 86400
        else f"{int(seconds // 3600)} hour"
        if seconds >= 3600
        else f"{int(seconds // 60)} minute"
    )
    amount += "" if amount.startswith("1 ") else "s"
    local = moment.astimezone().strftime("%Y-%m-%d %H:%M")
    if seconds < 60:
        return f"now ({local})"
    return f"in {amount} ({local})" if delta.total_seconds() > 0 else f"due now ({amount} overdue)"
