from __future__ import annotations

import csv
import html
import json
import os
import re
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import genanki
import pytest

from aiops_prep.bank import Bank, build_bank, load_bank
from aiops_prep.errors import AiopsPrepError, SelectionError
from aiops_prep.export import CSV_COLUMNS, FORMATS, bank_key, export, subset

SAMPLE_MARKDOWN = """\
# sample: study guide

2 questions.

## Basics

### 1. What is an isolation forest?

**Hint:** An ensemble of random trees; anomalies are isolated in fewer splits.

**Key concepts:**

- isolation forest
- fewer splits

## Deep Dive

### 2. How do you run models on Kubernetes?

**Hint:** Containers, autoscaling, readiness probes.

**Key concepts:**

- Kubernetes
- autoscaling
- readiness probe
"""


def anki_notes(apkg: Path) -> list[tuple[str, list[str], list[str]]]:
    """(guid, tags, fields) of every note in the package, in the order they were added."""
    with zipfile.ZipFile(apkg) as package:
        names = package.namelist()
        member = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
        database = apkg.with_suffix(".db")
        database.write_bytes(package.read(member))
    with closing(sqlite3.connect(database)) as db:
        rows = db.execute("SELECT guid, tags, flds FROM notes ORDER BY id").fetchall()
    return [(guid, tags.split(), fields.split("\x1f")) for guid, tags, fields in rows]


def test_anki_deck_holds_one_note_per_question_with_fields_and_section_tag(
    bank: Bank, tmp_path: Path
) -> None:
    assert export(bank, "anki", tmp_path / "deck.apkg") == 50
    notes = anki_notes(tmp_path / "deck.apkg")
    assert len(notes) == len(bank.questions)
    for (guid, tags, fields), question in zip(notes, bank.questions, strict=True):
        assert guid == genanki.guid_for("aiops-prep", question.id)
        assert tags == [question.section]
        assert fields[:2] == [html.escape(question.question), html.escape(question.hint)]
        assert all(html.escape(c.name) in fields[2] for c in question.concepts)
        assert fields[3] == html.escape(question.model_answer or "")


def test_anki_model_answer_field_is_empty_when_the_bank_has_none(
    sample_bank_path: Path, tmp_path: Path
) -> None:
    export(load_bank(sample_bank_path), "anki", tmp_path / "deck.apkg")
    notes = anki_notes(tmp_path / "deck.apkg")
    assert [(tags, fields[3]) for _, tags, fields in notes] == [(["basics"], ""), (["deep"], "")]


def test_anki_guids_are_stable_across_exports_and_levels(bank: Bank, tmp_path: Path) -> None:
    export(bank, "anki", tmp_path / "first.apkg", timestamp=1_700_000_000)
    export(bank, "anki", tmp_path / "second.apkg", timestamp=1_800_000_000)
    export(subset(bank, [16, 3]), "anki", tmp_path / "two.apkg")
    first, second = anki_notes(tmp_path / "first.apkg"), anki_notes(tmp_path / "second.apkg")
    assert [n[0] for n in first] == [n[0] for n in second]
    assert [n[0] for n in anki_notes(tmp_path / "two.apkg")] == [first[2][0], first[15][0]]


def test_anki_export_is_reproducible_with_a_fixed_timestamp(bank: Bank, tmp_path: Path) -> None:
    for name in ("a.apkg", "b.apkg"):
        export(bank, "anki", tmp_path / name, timestamp=1_700_000_000)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_bank_key_is_constant_for_the_bundled_bank_and_a_named_bank_survives_a_move(
    bank: Bank, sample_bank_path: Path, tmp_path: Path
) -> None:
    text = "name: my-prep\n" + sample_bank_path.read_text(encoding="utf-8")
    named = tmp_path / "named.yaml"
    moved = tmp_path / "elsewhere" / "renamed.yaml"
    moved.parent.mkdir()
    for path in (named, moved):
        path.write_text(text, encoding="utf-8")
    assert bank_key(bank) == bank_key(subset(bank, [1])) == "aiops-prep"
    assert bank_key(load_bank(named)) == bank_key(load_bank(moved)) == "my-prep"
    # A bank without a name is known by where it is (two sample.yaml are two banks).
    assert bank_key(load_bank(sample_bank_path)) == f"sample@{sample_bank_path.resolve()}"


def test_markdown_is_a_study_guide_grouped_by_section(
    sample_bank_path: Path, tmp_path: Path
) -> None:
    export(load_bank(sample_bank_path), "markdown", tmp_path / "guide.md")
    assert (tmp_path / "guide.md").read_text(encoding="utf-8") == SAMPLE_MARKDOWN


def test_markdown_has_every_question_and_model_answer(bank: Bank, tmp_path: Path) -> None:
    export(bank, "markdown", tmp_path / "guide.md")
    text = (tmp_path / "guide.md").read_text(encoding="utf-8")
    for q in bank.questions:
        assert f"### {q.id}. {q.question}\n" in text
        assert f"**Hint:** {q.hint}\n" in text and f"{q.model_answer}\n" in text


def test_csv_has_a_row_for_every_question(bank: Bank, tmp_path: Path) -> None:
    export(bank, "csv", tmp_path / "bank.csv")
    with (tmp_path / "bank.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(int(r["id"]), r["question"], r["hint"]) for r in rows] == [
        (q.id, q.question, q.hint) for q in bank.questions
    ]


def test_csv_writes_concepts_with_aliases_and_weights(
    sample_bank_path: Path, tmp_path: Path
) -> None:
    export(load_bank(sample_bank_path), "csv", tmp_path / "bank.csv")
    with (tmp_path / "bank.csv").open(encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    assert first["concepts"] == (
        "isolation forest (iforest; isolation tree) [weight 2] | "
        "fewer splits (short path length; isolated quickly)"
    )
    assert (first["section"], first["section_title"], first["model_answer"]) == (
        "basics",
        "Basics",
        "",
    )


def test_json_export_loads_back_into_an_equal_bank(bank: Bank, tmp_path: Path) -> None:
    export(bank, "json", tmp_path / "bank.json")
    with (tmp_path / "bank.json").open(encoding="utf-8") as f:
        loaded, problems = build_bank([("bank.json", json.load(f))], source=bank.source)
    assert problems == []
    assert (loaded.sections, loaded.questions) == (bank.sections, bank.questions)


@pytest.mark.parametrize("fmt", [pytest.param(fmt, id=fmt) for fmt in FORMATS])
def test_existing_file_is_kept_unless_forced(bank: Bank, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out{FORMATS[fmt]}"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(AiopsPrepError, match=f"^{target} exists; use --force to overwrite$"):
        export(bank, fmt, target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert export(bank, fmt, target, force=True) == 50
    assert target.read_bytes() != b"precious"
    assert os.listdir(tmp_path) == [target.name]


def test_failed_write_leaves_the_old_file_and_no_temporary_file(
    bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bank.json"
    target.write_text("old", encoding="utf-8")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(AiopsPrepError, match="bank.json: cannot write: No space left on device"):
        export(bank, "json", target, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["bank.json"]


@pytest.mark.parametrize(
    ("fmt", "ids", "error", "message"),
    [
        pytest.param("pdf", [1], AiopsPrepError, "unknown export format 'pdf'", id="format"),
        pytest.param("csv", [], AiopsPrepError, "nothing to export", id="no-questions"),
        pytest.param("csv", [99], SelectionError, "no question with id 99", id="unknown-id"),
    ],
)
def test_bad_export_requests_fail_cleanly(
    bank: Bank, tmp_path: Path, fmt: str, ids: list[int], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        export(subset(bank, ids), fmt, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_look_like_formulas_are_neutralised_and_read_back(
    tmp_path: Path, start: str
) -> None:
    from aiops_prep.bank import parse_yaml
    from aiops_prep.importer import import_csv

    formula = f'{start}HYPERLINK("http://x")'
    data = {
        "name": "f",
        "sections": [{"id": "s", "title": formula}],
        "questions": [
            {"id": 1, "section": "s", "question": formula, "hint": "h", "concepts": [{"name": "c"}]}
        ],
    }
    bank, _ = build_bank([("f.yaml", data)], "f.yaml")
    path = tmp_path / "f.csv"
    export(bank, "csv", path)
    row = next(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    assert row["question"] == "'" + formula and row["section_title"] == "'" + formula
    again = parse_yaml(import_csv(path), "again.yaml")
    assert again["questions"][0]["question"] == formula
    assert again["sections"][0]["title"] == formula


def test_tabs_and_carriage_returns_starting_a_cell_are_neutralised_too() -> None:
    from aiops_prep.export import guarded

    assert [guarded(c) for c in ("\t=1", "\r=1", "a=1", "", "'")] == [
        "'\t=1",
        "'\r=1",
        "a=1",
        "",
        "'",
    ]


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("../../x", "x.json"),
        ("{tmp}/abs", "tmp-abs.json"),
        ("..", "bank.json"),
        ("my bank: v2", "my-bank-v2.json"),
    ],
)
def test_default_export_file_stays_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, file: str
) -> None:
    from typer.testing import CliRunner

    from aiops_prep.cli import app

    # An absolute name points into tmp_path: a regression must not write outside it.
    name = name.replace("{tmp}", str(tmp_path))
    file = file.replace("tmp", re.sub(r"[^A-Za-z0-9._-]+", "-", str(tmp_path)).strip(".-"))
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    bank_path = tmp_path / "bank.yaml"
    bank_path.write_text(
        f"name: {json.dumps(name)}\nsections: [{{id: s, title: S}}]\nquestions:\n"
        "  - {id: 1, section: s, question: q, hint: h, concepts: [{name: c}]}\n"
    )
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["export", "-F", "json", "--bank", str(bank_path)])
    assert result.exit_code == 0, result.stderr
    assert os.listdir(work) == [file]
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "abs.json").exists()
