"""`aiops-prep grade --batch`: JSON Lines in, one JSON grade per line out, clean errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app

STRONG = "an isolation forest (short path length) isolates anomalies in fewer splits"


def _lines(*items: object) -> str:
    return "".join(item if isinstance(item, str) else json.dumps(item) + "\n" for item in items)


def _grades(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_batch_file_gives_one_grade_per_line_in_order(
    runner: CliRunner, sample_bank_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "answers.jsonl"
    path.write_text(
        _lines({"id": 2, "answer": "k8s with HPA"}, "\n", {"id": 1, "answer": STRONG, "human": 5}),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["grade", "--batch", str(path), "--bank", str(sample_bank_path)])
    assert result.exit_code == 0, result.stderr
    grades = _grades(result.stdout)
    assert [g["id"] for g in grades] == [2, 1]
    assert all({"score", "band", "covered", "missed", "matches"} <= g.keys() for g in grades)
    assert "fewer splits" in grades[1]["covered"]  # type: ignore[operator]
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_batch_grades_match_single_grades(runner: CliRunner, sample_bank_path: Path) -> None:
    bank = ["--bank", str(sample_bank_path)]
    single = runner.invoke(app, ["grade", "1", STRONG, "--json", *bank])
    batch = runner.invoke(
        app, ["grade", "--batch", "-", *bank], input=_lines({"id": 1, "answer": STRONG})
    )
    assert batch.exit_code == 0
    assert _grades(batch.stdout) == [json.loads(single.stdout)]


def test_batch_reads_stdin_and_accepts_a_quoted_id(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["grade", "--batch", "-"], input=_lines({"id": "4", "answer": "autoencoder"})
    )
    assert result.exit_code == 0
    (grade,) = _grades(result.stdout)
    assert grade["id"] == 4 and "autoencoder reconstruction" in grade["covered"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param('{"id": 1, answer: "x"}\n', "line 2: not valid JSON (", id="bad-json"),
        pytest.param(
            "[1, 2]\n", 'line 2: expected an object {"id": ..., "answer": ...}', id="list"
        ),
        pytest.param('{"id": 99, "answer": "x"}\n', "line 2: no question 99 in this bank", id="id"),
        pytest.param('{"id": true, "answer": "x"}\n', 'line 2: "id" must be a question id', id="b"),
        pytest.param('{"id": 1, "answer": 3}\n', 'line 2: "answer" must be a string', id="answer"),
        pytest.param(b'{"id": 1, "answer": "\xff"}\n', "line 2: not UTF-8 text", id="bytes"),
    ],
)
def test_bad_line_is_one_clean_error_with_its_number_and_no_grades(
    runner: CliRunner, sample_bank_path: Path, tmp_path: Path, line: str | bytes, message: str
) -> None:
    path = tmp_path / "answers.jsonl"
    first = _lines({"id": 1, "answer": STRONG}).encode()
    path.write_bytes(first + (line if isinstance(line, bytes) else line.encode()))
    result = runner.invoke(app, ["grade", "--batch", str(path), "--bank", str(sample_bank_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"aiops-prep: error: {path}: {message}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["grade", "--batch", "-"], "standard input: no answers", id="empty"),
        pytest.param(["grade", "4", "--batch", "-"], "--batch takes no ID", id="id-too"),
        pytest.param(["grade"], "missing argument 'ID'", id="nothing"),
        pytest.param(
            ["grade", "--batch", "missing.jsonl"], "missing.jsonl: cannot read", id="file"
        ),
    ],
)
def test_batch_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args, input="\n\n")
    assert result.exit_code in (1, 2)
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_progress_bar_only_at_a_terminal(sample_bank_path: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    path = tmp_path / "answers.jsonl"
    path.write_text(_lines(*[{"id": 1, "answer": STRONG}] * 3), encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "aiops_prep", "grade", "--batch", str(path), "--bank", str(sample_bank_path)],
        encoding="utf-8",
        timeout=60,
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Grading" in output
    assert output.count('{"id":1,"score":') == 3
