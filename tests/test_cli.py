from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep import __version__
from aiops_prep.cli import app

STRONG_4 = (
    "supervised models need labeled incident data, but labels are scarce, so I use unsupervised "
    "methods like an isolation forest or an autoencoder that learn normal behaviour and flag "
    "deviations"
)


def run(runner: CliRunner, *args: str, input: str | None = None) -> object:
    return runner.invoke(app, list(args), input=input)


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"aiops-prep {__version__}\n"


def test_list_shows_all_fifty(runner: CliRunner) -> None:
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "50 of 50 questions" in result.stdout
    assert "Scenario-Based" in result.stdout


def test_list_json_filters_by_level(runner: CliRunner) -> None:
    result = run(runner, "list", "--level", "beh", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [q["id"] for q in data] == [46, 47, 48, 49, 50]
    assert set(data[0]) >= {"id", "section", "question"}
    assert {q["section"] for q in data} == {"behavioral"}


def test_list_search(runner: CliRunner) -> None:
    data = json.loads(run(runner, "list", "--search", "flink", "--json").stdout)
    assert data and all(isinstance(q["id"], int) for q in data)


def test_show_has_no_hint(runner: CliRunner) -> None:
    result = run(runner, "show", "23", "--json")
    data = json.loads(result.stdout)
    assert data["id"] == 23 and data["section"] == "advanced"
    assert "hint" not in data


def test_hint_23_is_the_seed_hint(runner: CliRunner, bank) -> None:
    result = run(runner, "hint", "23", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["hint"].startswith("Discuss grounding each claim to specific telemetry evidence")
    assert data["hint"] == bank.get(23).hint
    assert all(c["name"] for c in data["concepts"])


def test_hint_text_output(runner: CliRunner) -> None:
    result = run(runner, "hint", "4")
    assert result.exit_code == 0
    assert "Hint:" in result.stdout and "isolation forest" in result.stdout.lower()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        pytest.param(["hint", "99"], "no question with id 99 (ids in this bank: 1-50)", 2, id="99"),
        pytest.param(["show", "0"], "no question with id 0", 2, id="zero"),
        pytest.param(["hint", "abc"], "'abc' is not a valid int", 2, id="abc"),
        pytest.param(
            ["list", "--level", "expert"], "unknown level 'expert'; choose from", 2, id="lvl"
        ),
        pytest.param(["quiz", "--count", "0"], "0 is not in the range x>=1", 2, id="count"),
        pytest.param(
            ["list", "--bank", "/nonexistent/b.yaml"], "no such file or directory", 1, id="bank"
        ),
    ],
)
def test_errors_are_one_clean_line(
    runner: CliRunner, args: list[str], message: str, code: int
) -> None:
    result = run(runner, *args)
    assert result.exit_code == code
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_bad_bank_error_names_the_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("sections: []\nquestions:\n  - id: 1\n    section: nope\n", encoding="utf-8")
    result = run(runner, "list", "--bank", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"aiops-prep: error: {path}: question 1: ")
    assert result.stderr.count("\n") == 1


def test_bank_from_environment(runner: CliRunner, sample_bank_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("AIOPS_PREP_BANK", str(sample_bank_path))
    data = json.loads(run(runner, "list", "--json").stdout)
    assert [q["id"] for q in data] == [1, 2]


def test_grade_json(runner: CliRunner) -> None:
    result = run(runner, "grade", "4", STRONG_4, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"id", "score", "covered", "missed"}
    assert data["id"] == 4 and data["score"] >= 85 and data["missed"] == []


def test_grade_reads_stdin(runner: CliRunner) -> None:
    strong = json.loads(run(runner, "grade", "4", "--json", input=STRONG_4).stdout)
    vague = json.loads(run(runner, "grade", "4", "-", "--json", input="you monitor stuff").stdout)
    assert strong["score"] > vague["score"] + 50


def test_grade_text_shows_covered_and_missed(runner: CliRunner) -> None:
    result = run(runner, "grade", "4", "an isolation forest learns normal behaviour")
    assert result.exit_code == 0
    assert "✓ isolation forest (you wrote: isolation forest)" in result.stdout
    assert "✗ supervised needs labeled incidents" in result.stdout


def test_piped_quiz_answers_line_by_line(runner: CliRunner) -> None:
    result = run(runner, "quiz", "-n", "2", "--seed", "1", input="answer one\nanswer two\n")
    assert result.exit_code == 0
    assert result.stdout.count("Score: 0/100 (needs work)") == 2
    assert "Quiz summary" in result.stdout and "Overall average" in result.stdout


def test_quiz_hint_skip_and_quit(runner: CliRunner, sample_bank_path: Path) -> None:
    args = ["quiz", "--bank", str(sample_bank_path), "--seed", "3", "-n", "2"]
    result = run(runner, *args, input="?\niforest with k8s HPA\nq\n")
    assert result.exit_code == 0
    assert "Hint:" in result.stdout
    assert result.stdout.count("Score:") == 1
    assert "used" in result.stdout  # the hint column of the summary
    skipped = run(runner, *args, input="s\ns\n")
    assert "No answers graded (2 skipped)." in skipped.stdout


def test_quiz_ends_cleanly_at_end_of_input(runner: CliRunner) -> None:
    result = run(runner, "quiz", "-n", "3", "--seed", "2", "--level", "adv", input="only one\n")
    assert result.exit_code == 0
    assert result.stdout.count("Score:") == 1
    assert "Advanced average" in result.stdout


def test_quiz_same_seed_asks_the_same_questions(runner: CliRunner) -> None:
    first = run(runner, "quiz", "-n", "3", "--seed", "5", input="")
    second = run(runner, "quiz", "-n", "3", "--seed", "5", input="")
    assert first.stdout == second.stdout and "#" in first.stdout


def test_every_command_has_help(runner: CliRunner) -> None:
    for name in ("list", "show", "hint", "grade", "quiz"):
        result = run(runner, name, "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.stdout
