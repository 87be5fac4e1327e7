"""The terminal experience, in a real pseudo-terminal: multi-line answers, editor, mock."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(args: list[str], home: Path, **env: str):
    environment = {
        **{k: v for k, v in os.environ.items() if k != "NO_COLOR"},
        "AIOPS_PREP_HOME": str(home),
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer cursor-position requests
        **env,
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "aiops_prep", *args],
        env=environment,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, int(environment["COLUMNS"])),
    )


def wait_for_prompt(child) -> None:
    child.expect(re.escape("\x1b[?2004h"))  # the prompt turns on bracketed paste
    time.sleep(0.3)  # let it finish drawing before typing


def history(home: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["history", "--json"], env={"AIOPS_PREP_HOME": str(home)})
    return json.loads(result.stdout)


def test_mock_with_multiline_answers_ends_in_a_report_card(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    child = spawn(["mock", "--minutes", "8", "--seed", "1", "--report", str(report)], tmp_path)
    child.expect(r"\[1/2\]")
    wait_for_prompt(child)
    assert "Interview:" not in child.before  # the live clock is the toolbar's; no stale copy
    child.send(
        f"{PASTE_START}Metrics are time series like CPU.\nLogs are error records.{PASTE_END}"
    )
    child.send("\r")
    child.send("Traces are distributed request spans.")
    child.send("\r")
    time.sleep(0.2)
    child.send("\r")  # Enter on an empty line submits
    child.expect("Recorded|over the")
    child.expect(r"\[2/2\]")
    wait_for_prompt(child)
    child.send("First I would check the dashboards and then roll back.\r")
    time.sleep(0.2)
    child.send("\x1b\r")  # Esc+Enter submits too
    child.expect("Report card")
    child.expect("Verdict")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = history(tmp_path)
    assert [h["mode"] for h in saved] == ["mock", "mock"]
    pasted = saved[1]["answer"]
    assert pasted.count("\n") == 2 and pasted.startswith("Metrics are time series")
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Mock interview report") and "## Study next" in text


def test_e_opens_the_editor(tmp_path: Path) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text(
        '#!/bin/sh\necho "isolation forest and autoencoders, from the editor" >> "$1"\n'
    )
    editor.chmod(0o755)
    child = spawn(
        ["quiz", "-n", "1", "--level", "beginner", "--seed", "2"],
        tmp_path,
        EDITOR=str(editor),
        VISUAL="",
    )
    wait_for_prompt(child)
    child.send("e\r")
    child.expect("Score:")
    child.expect("Enter keeps it")
    child.send("\r")
    child.expect("Quiz summary")
    child.expect(pexpect.EOF)
    [saved] = history(tmp_path)
    assert saved["answer"] == "isolation forest and autoencoders, from the editor"


def test_editor_flag_composes_every_answer_in_the_editor(tmp_path: Path) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\necho "drift and seasonality" >> "$1"\n')
    editor.chmod(0o755)
    child = spawn(["quiz", "-n", "2", "--editor", "--no-model"], tmp_path, VISUAL=str(editor))
    for _ in range(2):
        child.expect("Enter keeps it")
        child.send("4\r")  # override the rating: Easy
    child.expect(pexpect.EOF)
    saved = history(tmp_path)
    assert [h["answer"] for h in saved] == ["drift and seasonality"] * 2
    assert {h["rating"] for h in saved} == {4}


def test_no_color_output_has_no_escape_codes(tmp_path: Path) -> None:
    child = spawn(["hint", "23"], tmp_path, NO_COLOR="1")
    child.expect(pexpect.EOF)
    assert "Hint:" in child.before and not ESCAPES.search(child.before)
    coloured = spawn(["hint", "23"], tmp_path)
    coloured.expect(pexpect.EOF)
    assert ESCAPES.search(coloured.before)  # the check can fail: a terminal gets styles
    flag = spawn(["--no-color", "hint", "23"], tmp_path)
    flag.expect(pexpect.EOF)
    assert not ESCAPES.search(flag.before)


def prompt_ready(child) -> None:
    child.expect(re.escape("\x1b[?2004h"))  # raw mode is on: keys typed now reach the prompt


def test_ctrl_c_with_a_draft_asks_and_the_rating_prompt_takes_single_keys(tmp_path: Path) -> None:
    child = spawn(["quiz", "-n", "4", "--seed", "3", "--no-model"], tmp_path, NO_COLOR="1")
    prompt_ready(child)
    child.send("first draft")
    child.sendintr()
    child.expect("g grades what you typed, d discards it, c goes on typing; Ctrl-C again ends")
    child.send("5")
    child.expect("press g, d or c")
    child.send("d")  # discard: the same question, an empty prompt
    prompt_ready(child)
    child.send("kubernetes")
    child.sendintr()
    child.expect("Ctrl-C again ends")
    child.send("c")  # go on typing where it was
    prompt_ready(child)
    child.send(" with autoscaling\r\r")
    child.expect(
        r"Enter keeps it; 1 Again \(\w+\) 2 Hard \(\w+\) 3 Good \(\w+\) 4 Easy \(\w+\); r retry: "
    )
    child.send("5")
    child.expect(r"not a rating \(1-4, r, or Enter keeps")
    child.send("my next answer")  # typed ahead: kept, not swallowed
    child.expect('"my next answer" starts your next answer')
    child.send("3")  # no Enter needed
    prompt_ready(child)
    child.expect("my next answer")  # the next prompt starts with it
    child.send("\r\r")
    child.expect("Enter keeps it")
    child.send("\r")
    prompt_ready(child)
    child.send("half an answer")
    child.sendintr()
    child.expect("Ctrl-C again ends")
    child.send("g")  # grade what was typed
    child.expect("Enter keeps it")
    child.send("\r")
    prompt_ready(child)
    child.send("unfinished")
    child.sendintr()
    child.expect("Ctrl-C again ends")
    child.sendintr()  # a second Ctrl-C ends the quiz, as before
    child.expect("Quiz summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = [(h["answer"], h["rating"]) for h in history(tmp_path)]
    assert saved == [
        ("half an answer", 1),
        ("my next answer", 1),
        ("kubernetes with autoscaling", 3),
    ]


def fake_editor(folder: Path, name: str, exit_code: int = 0) -> Path:
    """An editor that writes nothing: it logs each launch and the file it was given."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    log = folder / "editor.log"
    script.write_text(
        f'#!/bin/sh\necho "--- launch" >> "{log}"\n'
        f'while IFS= read -r line; do echo "$line" >> "{log}"; done < "$1"\nexit {exit_code}\n'
    )
    script.chmod(0o755)
    return log


def test_editor_left_unsaved_skips_the_question_instead_of_relaunching(tmp_path: Path) -> None:
    log = fake_editor(tmp_path / "bin", "quits-at-once")
    args = ["quiz", "-n", "2", "--seed", "1", "--editor"]
    child = spawn(args, tmp_path, VISUAL=str(tmp_path / "bin" / "quits-at-once"))
    child.expect("No answers graded \\(2 skipped\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and history(tmp_path) == []
    opened = log.read_text().split("--- launch\n")[1:]
    assert len(opened) == 2  # once per question, never again on its own
    assert opened[0].startswith("# [1/2] #") and "An empty or unchanged file skips" in opened[0]


def test_editor_flag_falls_back_to_vi_or_stops_before_the_first_question(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    no_editor = {"VISUAL": "", "EDITOR": "", "PATH": str(bin_dir)}
    child = spawn(["quiz", "--editor"], tmp_path, **no_editor)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "no editor: set $VISUAL or $EDITOR" in child.before and "[1/" not in child.before
    log = fake_editor(bin_dir, "vi")
    child = spawn(["quiz", "-n", "1", "--editor"], tmp_path, **no_editor)
    child.expect("1 skipped")
    child.expect(pexpect.EOF)
    assert log.read_text().count("--- launch") == 1


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        pytest.param("\x1b[A", "", id="arrow-key"),
        pytest.param("next answer\r", "next answer\n", id="typed-ahead"),
        pytest.param("a\x1b]0;title\x07b\x1b[2J", "ab", id="no-escape-reaches-the-screen"),
    ],
)
def test_refused_keys_keep_only_printable_text(typed: str, kept: str) -> None:
    from aiops_prep.terminal import printable

    assert printable(typed) == kept


def test_without_termios_a_key_prompt_reads_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiops_prep import terminal

    lines = iter(["5", "words typed ahead", "", "3"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(lines))
    refused: list[str] = []
    assert terminal._read_key_line("? ", {"3", terminal.ENTER}, refused.append) == terminal.ENTER
    assert terminal._read_key_line("? ", {"3"}, refused.append) == "3"
    assert refused == ["5", "words typed ahead"]
