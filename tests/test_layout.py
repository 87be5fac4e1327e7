"""Text that reads right at 40, 60 and 80 columns and without colour: the mock clock,
plurals, the [missed] marks, review's new/due notes."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app
from aiops_prep.practice import Options, _Timer

WIDTHS = [pytest.param(w, id=f"{w}-columns") for w in (40, 60, 80)]


@pytest.mark.parametrize("columns", WIDTHS)
def test_mock_clock_fits_the_width_and_says_over_by(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    timer = _Timer(Options("mock", soft_limit=120, minutes=1), 3)
    timer.next_question(1)
    timer.started -= 63  # 1:03 into a one-minute interview
    line = timer.line()
    assert len(line) < columns and "over by 0:03" in line and "left" not in line
    if columns >= 80:
        assert "Interview: 1:03 elapsed, over by 0:03" in line
    timer.started = time.monotonic() - 30
    assert timer.line().endswith(" left") and "over" not in timer.line()


def test_mock_intro_and_report_use_singulars(runner: CliRunner) -> None:
    result = runner.invoke(app, ["mock", "--minutes", "1", "--seed", "1"], input="kubernetes\n")
    assert result.exit_code == 0, result.output
    assert "1 question in 1 minute," in result.stdout
    assert " of 1 minute. Verdict" in result.stdout
    assert "minutes" not in result.stdout.split("Report card")[1]


@pytest.mark.parametrize("columns", WIDTHS)
def test_without_colour_missed_points_are_marked_in_text(runner: CliRunner, columns: int) -> None:
    result = runner.invoke(
        app,
        ["quiz", "-n", "1", "--seed", "4", "--level", "beginner", "--no-save"],
        input="isolation forest\n",
        env={"NO_COLOR": "1", "COLUMNS": str(columns)},
    )
    assert result.exit_code == 0
    model = result.stdout.split("Model answer")[1]
    assert "[missed]" in model and "Marked [missed]: what you missed." in model
    assert "Highlighted" not in result.stdout


def test_review_says_which_questions_are_new_and_which_are_due(runner: CliRunner) -> None:
    first = runner.invoke(
        app,
        ["quiz", "-n", "1", "--seed", "4", "--level", "beginner"],
        input="no idea\n",
        env={"AIOPS_PREP_NOW": "2026-11-20T09:00:00"},
    )
    assert first.exit_code == 0
    review = runner.invoke(
        app,
        ["review", "-n", "3", "--level", "beginner"],
        input="",
        env={"AIOPS_PREP_NOW": "2026-11-26T09:00:00"},
    )
    assert review.exit_code == 0
    assert "Review: 1 due, 2 new." in review.stdout
    assert "· due, 5 days overdue" in review.stdout
