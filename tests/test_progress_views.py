"""`stats` and `history` as people read them: within the width at 40, 60 and 80 columns,
words and dates whole, one attempt in full with --show; plain text without rich."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app

WIDTHS = [pytest.param(w, id=f"{w}-columns") for w in (40, 60, 80)]
ANSWERS = "isolation forest and autoencoders learn normal behaviour\nno idea\nseasonality\n"
SECTIONS = ("Beginner", "Intermediate", "Advanced", "Scenario-Based", "AI Workflow & Tools")


@pytest.fixture
def practised(runner: CliRunner) -> CliRunner:
    quiz = runner.invoke(app, ["quiz", "-n", "3", "--seed", "4"], input=ANSWERS)
    assert quiz.exit_code == 0
    return runner


def lines_fit(text: str, columns: int) -> None:
    assert text.strip() and all(len(line) < columns for line in text.splitlines()), text


@pytest.mark.parametrize("columns", WIDTHS)
def test_stats_fits_the_width_and_keeps_words_whole(practised: CliRunner, columns: int) -> None:
    result = practised.invoke(app, ["stats"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines_fit(result.stdout, columns)
    table = result.stdout.split("Attempts:")[0]
    assert table.splitlines()[1].split() == ["Section", "Done", "Avg", "Mastery"]
    for title in SECTIONS:
        assert title in table  # never "Beginne" / "r"
    weakest = result.stdout.split("Weakest questions\n")[1].split("\n\n")[0].splitlines()
    assert len(weakest) == 3 and all(re.match(r"\s+\d+  #\d+ \S", line) for line in weakest)


@pytest.mark.parametrize("columns", WIDTHS)
def test_history_fits_the_width_with_whole_dates(practised: CliRunner, columns: int) -> None:
    result = practised.invoke(app, ["history"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines_fit(result.stdout, columns)
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d", result.stdout)) == 3
    assert "no idea" in result.stdout
    assert result.stdout.splitlines()[0].split()[:3] == ["N", "When", "Q"]


@pytest.mark.parametrize("columns", WIDTHS)
def test_history_show_prints_one_attempt_in_full(practised: CliRunner, columns: int) -> None:
    [first, *_] = json.loads(practised.invoke(app, ["history", "--json"]).stdout)
    number = first["attempt"]
    result = practised.invoke(
        app, ["history", "--show", str(number)], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0
    lines_fit(result.stdout, columns)
    text = " ".join(result.stdout.split())
    assert text.startswith(f"Attempt {number} · ")
    assert f"Score: {first['score']}/100" in text and first["answer"] in text
    for label in ("Covered:", "Missed:", "Contradicted:"):
        assert label in text
    shown = json.loads(practised.invoke(app, ["history", "--show", str(number), "--json"]).stdout)
    assert shown["attempt"] == number and shown["answer"] == first["answer"]
    assert "contradicted" in shown and shown["missed"] == first["missed"]


@pytest.mark.parametrize("number", ["999", "0", "-3", "99999999999999999999"])
def test_history_show_unknown_attempt_is_one_clean_line(practised: CliRunner, number: str) -> None:
    result = practised.invoke(app, ["history", "--show", number])
    assert result.exit_code == 1 and result.stdout == ""
    hint = "(aiops-prep history lists them in column N)"
    assert result.stderr == f"aiops-prep: error: no saved attempt {number} {hint}\n"


@pytest.mark.parametrize("command", ["stats", "history"])
def test_stats_and_history_do_not_import_rich(practised: CliRunner, command: str) -> None:
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write(str(sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'rich'))))\n"
        f"sys.argv = ['aiops-prep', '{command}']\n"
        "from aiops_prep.cli import main\nmain()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.endswith("[]"), result.stderr
