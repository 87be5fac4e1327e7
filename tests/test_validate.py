from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app
from aiops_prep.validate import validate

BROKEN = """\
sections:
  - id: basics
    title: Basics
questions:
  - id: 1
    section: basic
    question: What is MTTD?
    hint: Mean time to detect.
    colour: red
    concepts:
      - name: mean time to detect
        aliases: [mttd, 42]
      - name: ""
  - id: 2
    section: basics
    question: Missing its hint?
    concepts: []
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    report = validate(write(tmp_path / "bank.yaml", BROKEN))
    found = [(f.line, f.question, f.message) for f in report.findings]
    assert found == [
        (6, 1, "question 1: unknown section 'basic' (known: basics)"),
        (9, 1, "question 1: unknown field 'colour'"),
        (12, 1, "question 1: concept #1 (mean time to detect): alias 42 must be non-empty text"),
        (13, 1, "question 1: concept #2: 'name' must be non-empty text"),
        (14, 2, "question 2: missing 'hint'"),
        (17, 2, "question 2: 'concepts' must be a non-empty list"),
    ]
    assert not report.valid
    assert str(report.findings[0]) == f"{tmp_path / 'bank.yaml'}:6:5: {found[0][2]}"


def test_bad_yaml_points_at_the_line(tmp_path: Path) -> None:
    report = validate(write(tmp_path / "bank.yaml", "questions:\n  - id: 1\n   bad: [\n"))
    [finding] = report.findings
    assert finding.line == 3 and finding.message.startswith("invalid YAML")


def test_directory_bank_merges_files_and_finds_duplicate_ids(tmp_path: Path) -> None:
    one = "sections: [{id: s, title: S}]\nquestions:\n  - {id: 1, section: s, question: q?, "
    one += "hint: h, concepts: [{name: c}]}\n"
    write(tmp_path / "a.yaml", one)
    write(
        tmp_path / "b.yaml",
        "questions:\n  - {id: 1, section: s, question: r?, hint: h, concepts: [{name: d}]}\n",
    )
    report = validate(tmp_path)
    [finding] = report.findings
    assert finding.file.endswith("b.yaml") and finding.line == 2
    assert "duplicate id (also in" in finding.message and "a.yaml" in finding.message
    (tmp_path / "b.yaml").write_text(
        "questions:\n  - {id: 2, section: s, question: r?, hint: h, concepts: [{name: d}]}\n"
    )
    assert validate(tmp_path).valid and validate(tmp_path).questions == 2


def test_validate_command_exit_codes_and_json(runner: CliRunner, tmp_path: Path) -> None:
    broken = write(tmp_path / "bank.yaml", BROKEN)
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()  # the report on stdout, its summary on stderr
    assert lines[0] == f"{broken}:6:5: question 1: unknown section 'basic' (known: basics)"
    assert len(lines) == 6 and result.stderr.strip().endswith("6 problems")
    data = json.loads(runner.invoke(app, ["validate", str(broken), "--json"]).stdout)
    assert data["valid"] is False and len(data["problems"]) == 6
    assert data["problems"][0] == {
        "file": str(broken),
        "line": 6,
        "column": 5,
        "question": 1,
        "message": "question 1: unknown section 'basic' (known: basics)",
    }
    ok = runner.invoke(app, ["validate"])
    assert ok.exit_code == 0 and "valid, 50 questions" in ok.stderr


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00", b"!!python/object:os.system {}\n"])
def test_unreadable_files_are_findings_not_crashes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    report = validate(path)
    assert report.findings and not report.valid
