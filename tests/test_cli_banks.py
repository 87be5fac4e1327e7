"""Custom banks end to end: start one, validate, practise, export, import."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from aiops_prep.cli import app


def run(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_new_bank_is_valid_and_usable(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = run(runner, "new-bank", str(target))
    assert result.exit_code == 0
    assert (target / "questions.yaml").is_file() and (target / "schema.json").is_file()
    assert run(runner, "validate", str(target)).exit_code == 0
    listed = json.loads(run(runner, "list", "--bank", str(target), "--json").stdout)
    assert [q["section"] for q in listed] == ["fundamentals", "scenarios"]
    again = run(runner, "new-bank", str(target))
    assert again.exit_code == 1 and "not an empty directory" in again.stderr


def test_levels_come_from_the_loaded_bank(runner: CliRunner, sample_bank_path: Path) -> None:
    ok = run(runner, "list", "--bank", str(sample_bank_path), "--level", "deep", "--json")
    assert [q["id"] for q in json.loads(ok.stdout)] == [2]
    bad = run(runner, "list", "--bank", str(sample_bank_path), "--level", "advanced")
    assert bad.exit_code == 2
    assert "unknown level 'advanced'; choose from: basics, deep" in bad.stderr


def test_custom_bank_progress_is_kept_apart(runner: CliRunner, sample_bank_path: Path) -> None:
    run(runner, "quiz", "--bank", str(sample_bank_path), "-n", "1", "--seed", "1", input="k8s\n")
    assert len(json.loads(run(runner, "history", "--json").stdout)) == 0
    custom = run(runner, "history", "--bank", str(sample_bank_path), "--json")
    assert len(json.loads(custom.stdout)) == 1


def test_export_anki_and_markdown(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "deck.apkg"
    result = run(runner, "export", "--format", "anki", "-o", str(deck), "--level", "behavioral")
    assert result.exit_code == 0 and "Wrote 5 questions" in result.stderr
    with zipfile.ZipFile(deck) as z:
        z.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone() == (5,)
    guide = tmp_path / "guide.md"
    assert run(runner, "export", "-F", "markdown", "-o", str(guide)).exit_code == 0
    assert guide.read_text(encoding="utf-8").count("\n### ") == 50
    refused = run(runner, "export", "-F", "markdown", "-o", str(guide))
    assert refused.exit_code == 1 and "use --force" in refused.stderr
    assert run(runner, "export", "-F", "markdown", "-o", str(guide), "--force").exit_code == 0
    bad = run(runner, "export", "-F", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert bad.exit_code == 2 and "unknown format 'pdf'" in bad.stderr


def test_json_export_loads_back_as_a_bank(runner: CliRunner, tmp_path: Path) -> None:
    exported = tmp_path / "bank.json"
    assert run(runner, "export", "-F", "json", "-o", str(exported)).exit_code == 0
    again = json.loads(run(runner, "list", "--bank", str(exported), "--json").stdout)
    assert again == json.loads(run(runner, "list", "--json").stdout)


def test_import_csv_then_quiz_on_it(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "question,hint\n"
        'What is MTTD?,"Mean time to detect, measured from onset to alert, and how to cut it"\n',
        encoding="utf-8",
    )
    bank = tmp_path / "bank.yaml"
    result = run(runner, "import", str(sheet), "-o", str(bank))
    assert (
        result.exit_code == 0 and "1 question has concepts drafted from the hint" in result.stderr
    )
    assert run(runner, "validate", str(bank)).exit_code == 0
    quiz = run(runner, "quiz", "--bank", str(bank), "-n", "1", input="mean time to detect\n")
    assert quiz.exit_code == 0 and "Score:" in quiz.stdout
    missing = run(runner, "import", str(tmp_path / "none.csv"), "-o", str(tmp_path / "b.yaml"))
    assert missing.exit_code == 1 and "Traceback" not in missing.output
