"""The banks that ship with the package: each is complete and consistent, and `--bank NAME`
chooses one, with progress kept per bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep import bank as bank_module
from aiops_prep.bank import BUNDLED_BANKS, Bank, load_bank, locate, parse_yaml
from aiops_prep.cli import app
from aiops_prep.validate import validate

NAMES = list(BUNDLED_BANKS)
SCHEMA = bank_module.bundled_dir() / "schema.json"


@pytest.fixture(scope="module", params=NAMES)
def bundled(request: pytest.FixtureRequest) -> Bank:
    return load_bank(locate(request.param))


def test_each_bundled_file_is_named_as_it_is_listed() -> None:
    for name in NAMES:
        assert load_bank(bank_module.bundled_bank_path(name)).key == name


def test_bundled_banks_validate_without_problems_or_warnings() -> None:
    for name in NAMES:
        report = validate(locate(name))
        assert report.findings == () and report.warnings == (), name


def test_bundled_banks_pass_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for name in NAMES:
        path = bank_module.bundled_bank_path(name)
        jsonschema.validate(parse_yaml(path.read_bytes(), str(path)), schema)


def test_every_question_has_a_model_answer_and_misconceptions(bundled: Bank) -> None:
    for question in bundled.questions:
        assert question.model_answer, question.id
        assert 2 <= len(question.misconceptions) <= 5, question.id
        assert 3 <= len(question.concepts) <= 8, question.id


def test_every_concept_says_its_meaning_in_a_sentence(bundled: Bank) -> None:
    for question in bundled.questions:
        for concept in question.concepts:
            assert concept.meaning and len(concept.meaning.split()) >= 6, (question.id, concept)


def test_every_section_is_used(bundled: Bank) -> None:
    assert {s.id for s in bundled.sections} == {q.section for q in bundled.questions}


def test_banks_lists_each_bundled_bank(runner: CliRunner) -> None:
    result = runner.invoke(app, ["banks", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == NAMES
    assert [row["default"] for row in rows] == [True] + [False] * (len(NAMES) - 1)
    for row in rows:
        assert row["questions"] == len(load_bank(locate(row["name"])).questions)
        assert row["answered"] == 0
    text = runner.invoke(app, ["banks"]).stdout
    assert all(name in text for name in NAMES) and "--bank NAME" in text


def test_bank_by_name_is_chosen_and_keeps_its_own_progress(runner: CliRunner) -> None:
    other = load_bank(locate("aiops-2026"))
    listed = json.loads(runner.invoke(app, ["list", "--json", "--bank", "aiops-2026"]).stdout)
    assert [q["id"] for q in listed] == [q.id for q in other.questions]
    quiz = ["quiz", "-n", "1", "--bank", "aiops-2026", "--no-model"]
    assert runner.invoke(app, quiz, input="an answer\n\n3\n").exit_code == 0
    rows = {row["name"]: row for row in json.loads(runner.invoke(app, ["banks", "--json"]).stdout)}
    assert rows["aiops-2026"]["answered"] == 1 and rows["aiops-prep"]["answered"] == 0
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert stats["attempts"] == 0  # the default bank's progress is untouched


def test_bank_name_from_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(app, ["paths", "--json"], env={"AIOPS_PREP_BANK": "aiops-2026"})
    assert json.loads(result.stdout)["bank"] == str(bank_module.bundled_bank_path("aiops-2026"))


def test_a_path_of_the_same_name_wins(
    runner: CliRunner, sample_bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample_bank_path.parent)
    sample_bank_path.rename("aiops-2026")
    listed = json.loads(runner.invoke(app, ["list", "--json", "--bank", "aiops-2026"]).stdout)
    assert [q["question"] for q in listed][0] == "What is an isolation forest?"


def test_an_unknown_bank_name_lists_the_bundled_ones(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--bank", "aiops-2025"])
    assert result.exit_code != 0
    assert "no such file or directory (bundled banks: aiops-prep, aiops-2026)" in result.stderr
