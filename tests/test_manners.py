"""Output that fits narrow terminals and pipes, JSON for every data command, completion."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app

ANSWERS = "isolation forest and autoencoders\ndrift and seasonality\n"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["list"],
        ["hint", "23"],
        ["answer", "4"],
        ["grade", "4", "an isolation forest learns normal behaviour"],
        ["quiz", "-n", "2", "--seed", "1"],
        ["mock", "--minutes", "8", "--seed", "2"],
        ["stats"],
        ["history"],
        ["--help"],
        ["quiz", "--help"],
    ],
    ids=lambda a: " ".join(a) or "welcome",
)
def test_forty_columns_fit(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args, input=ANSWERS, env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    too_long = [line for line in result.output.splitlines() if len(line) > 40]
    assert too_long == []


def test_piped_output_is_plain_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--level", "beginner"])
    assert not set("┏┃━│└") & set(result.stdout)
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        (["list", "--json"], {"id", "section", "question"}),
        (["show", "1", "--json"], {"id", "section", "question"}),
        (["hint", "1", "--json"], {"hint", "concepts"}),
        (["answer", "1", "--json"], {"model_answer"}),
        (["grade", "1", "rules", "--json"], {"score", "covered", "missed"}),
        (["stats", "--json"], {"sections", "streak_days", "activity"}),
        (["history", "--json"], set()),
        (["paths", "--json"], {"bank", "database"}),
        (["validate", "--json"], {"valid", "problems"}),
        (["mock", "-m", "4", "--seed", "1", "--json"], {"verdict", "questions", "study_next"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_json_on_every_data_command(runner: CliRunner, args: list[str], keys: set[str]) -> None:
    result = runner.invoke(app, args, input=ANSWERS)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    sample = data[0] if isinstance(data, list) and data else data
    assert keys <= set(sample if isinstance(sample, dict) else {})


def complete(runner: CliRunner, words: str) -> str:
    env = {"_AIOPS_PREP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    return runner.invoke(app, [], env=env, prog_name="aiops-prep").stdout


def test_completion_of_levels_and_ids(runner: CliRunner, sample_bank_path) -> None:
    levels = complete(runner, "aiops-prep quiz --level a")
    assert '"advanced":"Advanced"' in levels and "beginner" not in levels
    custom = complete(runner, f"aiops-prep quiz --bank {sample_bank_path} --level ")
    assert '"basics"' in custom and '"deep"' in custom and "advanced" not in custom
    ids = complete(runner, "aiops-prep hint 4")
    assert '"4":' in ids and '"45":' in ids and '"5":' not in ids


def test_welcome_says_what_is_due(runner: CliRunner) -> None:
    runner.invoke(app, ["quiz", "-n", "1"], input="x\n", env={"AIOPS_PREP_NOW": "2026-01-01T09:00"})
    later = runner.invoke(app, [], env={"AIOPS_PREP_NOW": "2026-01-05T09:00"})
    assert "50 interview questions" in later.stdout
    assert "Due for review now: 1. Run: aiops-prep review" in later.stdout
