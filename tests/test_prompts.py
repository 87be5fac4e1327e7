"""The prompts after an answer, at a real pseudo-terminal: rating keys with their next
intervals, the hint cap, retry; and the one-line prompts of `grade` and `reset`."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app
from tests.test_terminal import spawn as terminal_spawn

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
STRONG = (
    "supervised needs labeled incident data, which is rare; unsupervised isolation forest and"
    " autoencoders learn normal behaviour and flag deviations"
)


def spawn(args: list[str], home: Path, columns: int = 80):
    return terminal_spawn(args, home, COLUMNS=str(columns), NO_COLOR="1")


def ready(child) -> None:
    child.expect(re.escape("\x1b[?2004h"))
    time.sleep(0.3)


def words(text: str) -> str:
    """A pattern for `text` however a narrow terminal wraps it."""
    return r"\s+".join(map(re.escape, text.split()))


def history(home: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["history", "--json"], env={"AIOPS_PREP_HOME": str(home)})
    return json.loads(result.stdout)


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_rating_prompt_shows_fsrs_intervals_and_confirms_the_choice(
    tmp_path: Path, columns: int
) -> None:
    child = spawn(["quiz", "-n", "1", "--seed", "4", "--level", "beginner"], tmp_path, columns)
    ready(child)
    child.send(STRONG + "\r\r")
    # A first review with FSRS (no learning steps, no fuzz): 1d, 1d, 2d, 8d.
    child.expect(r"1 Again \(1d\) 2 Hard \(1d\) 3 Good \(2d\) 4 Easy \(8d\); r retry: ")
    child.send("9")
    child.expect(words("not a rating (1-4, r, or Enter keeps"))
    child.send("4")
    child.expect(words("Rated Easy: next review in 8d."))
    child.expect(pexpect.EOF)
    assert [h["rating"] for h in history(tmp_path)] == [4]


def test_after_a_hint_four_is_refused_and_the_rating_stays_at_most_hard(tmp_path: Path) -> None:
    child = spawn(["quiz", "-n", "1", "--seed", "4", "--level", "beginner"], tmp_path)
    ready(child)
    child.send("?\r")
    child.expect("Hint:")
    ready(child)
    child.send(STRONG + "\r\r")
    child.expect(r"\(a hint was used: Hard at most\)\. Enter keeps it; 1 Again \(1d\) 2 Hard")
    assert "3 Good" not in child.before + child.after
    child.send("4")
    child.expect(words("not after a hint: Hard at most (1-2, r, or Enter keeps"))
    child.send("\r")
    child.expect(r"Rated Hard")
    child.expect(pexpect.EOF)
    assert [h["rating"] for h in history(tmp_path)] == [2]


def test_r_retries_the_same_question_as_a_new_attempt(tmp_path: Path) -> None:
    child = spawn(["quiz", "-n", "1", "--seed", "4", "--level", "beginner"], tmp_path)
    ready(child)
    child.send("no idea\r\r")
    child.expect("r retry: ")
    child.send("r")
    child.expect(r"\[1/1\]")  # the same question again
    ready(child)
    child.send(STRONG + "\r\r")
    child.expect("r retry: ")
    child.send("\r")
    child.expect("Quiz summary")
    child.expect(pexpect.EOF)
    saved = history(tmp_path)
    assert [h["answer"] for h in saved] == [STRONG, "no idea"]
    assert len({h["id"] for h in saved}) == 1


def test_retry_is_offered_without_saving_too(tmp_path: Path) -> None:
    child = spawn(["quiz", "-n", "1", "--seed", "4", "--no-save", "--no-model"], tmp_path)
    ready(child)
    child.send("no idea\r\r")
    child.expect("Enter goes on; r retries this question: ")
    child.send("r")
    child.expect(r"\[1/1\]")
    ready(child)
    child.send("q\r")
    child.expect(pexpect.EOF)


def test_grade_at_a_terminal_says_how_to_answer(tmp_path: Path) -> None:
    child = spawn(["grade", "4"], tmp_path)
    child.expect(re.escape("Type your answer; Ctrl-D when done."))
    child.send("opentelemetry is vendor-neutral\r")
    child.sendeof()
    child.expect("Score:")
    child.expect(pexpect.EOF)


def test_grade_piped_has_no_prompt(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "4"], input="opentelemetry\n")
    assert result.exit_code == 0 and "Type your answer" not in result.output


def test_reset_answered_no_says_nothing_changed(tmp_path: Path) -> None:
    CliRunner().invoke(
        app, ["quiz", "-n", "1"], input="x\n", env={"AIOPS_PREP_HOME": str(tmp_path)}
    )
    child = spawn(["reset"], tmp_path)
    child.expect(r"start fresh\? \[y/N\]: ")
    child.send("n\r")
    child.expect("Nothing changed.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert len(history(tmp_path)) == 1
