"""Hostile YAML: alias bombs, duplicate keys and terminal escape sequences in a bank."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.bank import load_bank, parse_yaml
from aiops_prep.cli import app
from aiops_prep.errors import BankError

ANCHORS = "\n".join(
    [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 8)]
)
QUESTION = "  - {{id: 1, section: s, question: q, hint: h, {field}}}\n"
BOMBS = {
    "section": QUESTION.format(field="section: *l7, concepts: [{name: c}]"),
    "aliases": QUESTION.format(field="section: s, concepts: [{name: c, aliases: *l7}]"),
    "aliases-items": QUESTION.format(
        field="section: s, concepts: [{name: c, aliases: [*l7, *l6]}]"
    ),
}

# Validate in a child process and report its peak memory (ru_maxrss is in KiB on Linux).
MEASURE = """
import json, resource, sys
from pathlib import Path
from aiops_prep.validate import validate
report = validate(Path(sys.argv[1]))
messages = sum(len(f.message) for f in report.findings)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"valid": report.valid, "chars": messages, "mb": peak,
                  "first": str(report.findings[0])}))
"""


@pytest.mark.parametrize("field", list(BOMBS))
def test_an_alias_bomb_in_a_field_is_refused_small_and_fast(tmp_path: Path, field: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(f"{ANCHORS}\nsections: [{{id: s, title: S}}]\nquestions:\n{BOMBS[field]}")
    assert path.stat().st_size < 800
    # Before the fix: hundreds of MB of messages, or minutes and a MemoryError.
    child = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, timeout=20, check=True
    )
    result = json.loads(child.stdout)
    assert not result["valid"] and "alias bomb" in result["first"]
    assert result["chars"] < 1000 and result["mb"] < 100
    with pytest.raises(BankError, match="alias bomb"):
        load_bank(path)


def test_a_few_aliases_are_fine() -> None:
    text = "base: &b [x, y]\none: *b\ntwo: [*b, *b]\n"
    assert parse_yaml(text, "a.yaml") == {
        "base": ["x", "y"],
        "one": ["x", "y"],
        "two": [["x", "y"]] * 2,
    }


def test_a_duplicate_key_names_both_lines() -> None:
    text = "name: bank\nquestions: []\nsections: []\nquestions: [1]\n"
    with pytest.raises(BankError) as caught:
        parse_yaml(text, "bank.yaml")
    assert str(caught.value) == (
        "bank.yaml:4:1: invalid YAML: duplicate key 'questions' (first at line 2)"
    )
    assert (caught.value.line, caught.value.column) == (4, 1)


def test_validate_reports_a_duplicate_key_in_a_question(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(
        "sections: [{id: s, title: S}]\nquestions:\n"
        "  - id: 1\n    section: s\n    question: q\n    hint: h\n    id: 2\n"
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "bank.yaml:7:5: invalid YAML: duplicate key 'id' (first at line 3)" in result.stdout


ESCAPES = r"\e]0;owned\a\e[2J\x9b31m"
HOSTILE = f"""\
name: "evil{ESCAPES}"
sections: [{{id: s, title: "Title{ESCAPES}"}}]
questions:
  - id: 1
    section: s
    question: "Question{ESCAPES}?"
    hint: "Hint{ESCAPES}"
    concepts: [{{name: "concept{ESCAPES}", aliases: ["alias{ESCAPES}"]}}]
    model_answer: "Model{ESCAPES}"
"""


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["hint", "1"],
        ["answer", "1"],
        ["answer", "1", "--json"],
        ["grade", "1", "concept"],
        ["export", "-F", "markdown", "-o", "-"],
        ["quiz", "-n", "1", "--seed", "1"],
    ],
    ids=" ".join,
)
def test_escape_sequences_from_a_bank_never_reach_the_output(
    tmp_path: Path, runner: CliRunner, args: list[str]
) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(HOSTILE)
    result = runner.invoke(app, [*args, "--bank", str(path)], input="concept\n")
    assert result.exit_code == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Question" in output
    assert not any(c in output for c in "\x1b\x07\x9b")


def test_control_characters_in_a_file_name_are_not_printed(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "bad\x1b[2Jname.yaml"
    path.write_text("questions: 7\n")
    for args in (["validate", str(path)], ["list", "--bank", str(path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "name.yaml" in result.stderr
        assert "\x1b" not in result.stderr


def test_marks_point_at_keys_items_and_the_first_appearance_of_an_alias() -> None:
    from aiops_prep.bank import yaml_marks

    text = "a: &x\n  - one\n  - {b: 2}\nc: *x\n"
    marks = yaml_marks(text)
    assert marks[()] == (1, 1)
    assert marks[("a",)] == (1, 1)  # an entry is found at its key
    assert marks[("a", 0)] == (2, 5) and marks[("a", 1, "b")] == (3, 6)
    assert marks[("c",)] == (4, 1) and ("c", 0) not in marks


def test_marks_of_text_that_does_not_parse_are_empty() -> None:
    from aiops_prep.bank import yaml_marks

    assert yaml_marks("a: [1, 2\n") == {}


def test_the_pure_python_parser_refuses_deep_nesting_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader")  # as where libyaml is missing
    with pytest.raises(BankError, match="invalid YAML: nested too deeply"):
        parse_yaml("a: " + "[" * 1500 + "]" * 1500, "deep.yaml")
    assert parse_yaml("a: [[1]]\n", "ok.yaml") == {"a": [[1]]}
