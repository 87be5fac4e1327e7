from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiops_prep.bank import Bank, Concept, Question, build_bank, load_bank, parse_yaml
from aiops_prep.errors import AiopsPrepError, BankError
from aiops_prep.export import export, format_concepts
from aiops_prep.grading import grade
from aiops_prep.importer import import_csv, parse_concepts

DRAFTED = """\
# Imported from sheet.csv by aiops-prep; the format is in its README.
sections:
  - id: imported
    title: Imported
questions:
  # concepts drafted from the hint: review them, then delete `drafted: true`
  - id: 1
    section: imported
    question: What makes anomaly detection hard?
    hint: Discuss seasonality, non-stationarity, concept drift, and the high cost of false positives
      in alerting.
    concepts:
      - name: seasonality
      - name: non-stationarity
      - name: concept drift
      - name: high cost of false positives
    drafted: true
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sheet.csv"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def load_yaml(tmp_path: Path, text: str) -> Bank:
    path = tmp_path / "imported.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def test_exported_csv_imports_back_into_an_equal_bank(bank: Bank, tmp_path: Path) -> None:
    export(bank, "csv", tmp_path / "bank.csv")
    loaded = load_yaml(tmp_path, import_csv(tmp_path / "bank.csv"))
    assert (loaded.sections, loaded.questions) == (bank.sections, bank.questions)


def test_question_and_hint_only_drafts_concepts_from_the_hint(tmp_path: Path) -> None:
    hint = (
        "Discuss seasonality, non-stationarity, concept drift, and the high cost of false "
        "positives in alerting."
    )
    path = write(tmp_path, f'Question,HINT\nWhat makes anomaly detection hard?,"{hint}"\n')
    assert import_csv(path) == DRAFTED


def test_sheet_with_sections_gets_sections_ids_and_titles(tmp_path: Path) -> None:
    sheet = (
        "\ufeffQuestion;Hint;Section;ID;Model Answer;Concepts\n"
        "Q one?;H one.;Scenario-Based;;;alpha (a) | beta\n"
        "\n"
        "Q two?;H two.;advanced;7;An answer.;gamma [weight 3]\n"
        "Q three?;H three.;;;;delta\n"
    )
    loaded = load_yaml(tmp_path, import_csv(write(tmp_path, sheet)))
    assert [(s.id, s.title) for s in loaded.sections] == [
        ("scenario-based", "Scenario-Based"),
        ("advanced", "Advanced"),
        ("imported", "Imported"),
    ]
    assert [(q.id, q.section, q.model_answer) for q in loaded.questions] == [
        (7, "advanced", "An answer."),
        (8, "scenario-based", None),
        (9, "imported", None),
    ]
    assert loaded.get(7).concepts == (Concept("gamma", weight=3.0),)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        pytest.param(b"", "sheet.csv: the file is empty$", id="empty"),
        pytest.param(b" \n\n", "sheet.csv: the file is empty$", id="blank"),
        pytest.param(b"\xff\xfeq\x00", "sheet.csv: not UTF-8 text", id="undecodable"),
        pytest.param(
            b"id,question,answer\n1,Q?,A\n",
            r"sheet.csv: no 'hint' column in the header row \(found: id, question, answer\)$",
            id="no-hint-column",
        ),
        pytest.param(b"prompt,notes\n", "no 'question' and 'hint' columns", id="no-columns"),
        pytest.param(b"question,hint\n", "sheet.csv: no questions below the header", id="header"),
        pytest.param(
            b"question,hint\nQ?,H.\nQ2?,\n", "sheet.csv: row 3: the 'hint' cell", id="hint"
        ),
        pytest.param(b"id,question,hint\nx,Q?,H.\n", "row 2: id 'x' is not a whole", id="bad-id"),
        pytest.param(
            b"id,question,hint\n4,Q?,H.\n4,R?,I.\n", "row 3: id 4 is also on row 2", id="dup-id"
        ),
        pytest.param(
            b"question,hint,concepts\nQ?,H.,a (b\n",
            "row 2: concepts: '\\(' after 'a'",
            id="concepts",
        ),
        pytest.param(b"question,hint,section\nQ?,H.,!!\n", "row 2: section '!!'", id="section"),
    ],
)
def test_bad_csv_names_the_file_and_row(tmp_path: Path, sheet: bytes, message: str) -> None:
    with pytest.raises(AiopsPrepError, match=message):
        import_csv(write(tmp_path, sheet))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("k8s", (Concept("k8s"),), id="name"),
        pytest.param(
            " a ( b ; c ) [2] |d",
            (Concept("a", ("b", "c"), 2.0), Concept("d")),
            id="spaces",
        ),
        pytest.param(r"f\(x\) (g\; h) | \\", (Concept("f(x)", ("g; h",)), Concept("\\")), id="esc"),
        pytest.param("x | | y |", (Concept("x"), Concept("y")), id="empty-parts"),
    ],
)
def test_parse_concepts(cell: str, expected: tuple[Concept, ...]) -> None:
    assert parse_concepts(cell) == expected
    assert parse_concepts(format_concepts(expected)) == expected


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("a (b", id="unclosed"),
        pytest.param("a (b;) ", id="empty-alias"),
        pytest.param("a [weight 11]", id="heavy"),
        pytest.param("a ) b", id="stray"),
        pytest.param("(b)", id="no-name"),
        pytest.param("a (b) c", id="trailing"),
    ],
)
def test_bad_concepts_cell_is_a_value_error(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_concepts(cell)


@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=80)), min_size=1, max_size=4))
def test_any_sheet_gives_a_valid_bank_or_a_clean_error(rows: list[tuple[str, str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([("question", "hint"), *rows])
    with tempfile.TemporaryDirectory() as scratch:
        path = write(Path(scratch), out.getvalue())
        try:
            text = import_csv(path)
        except AiopsPrepError as exc:
            assert "\n" not in str(exc)
            return
    _, problems = build_bank([("sheet", parse_yaml(text, "sheet"))], source="sheet")
    assert problems == []


REFERENCE = (
    "TCP is connection-oriented and reliable: it numbers segments, acknowledges them and "
    "retransmits lost ones, while UDP sends independent datagrams without any guarantee."
)


def imported_question(tmp_path: Path) -> Question:
    path = write(tmp_path, f'question,hint\nHow do TCP and UDP differ?,"{REFERENCE}"\n')
    return load_yaml(tmp_path, import_csv(path)).get(1)


def test_drafted_question_also_weighs_closeness_to_its_hint(tmp_path: Path) -> None:
    question = imported_question(tmp_path)
    assert question.drafted
    right = (
        "TCP sets up a connection and resends segments that are not acknowledged; UDP just sends."
    )
    unrelated = "We had pizza at the offsite and the weather in May was lovely."
    reviewed = question._replace(drafted=False)
    assert grade(question, right).score > grade(reviewed, right).score
    assert grade(question, right).score >= 40
    assert grade(question, unrelated).score <= 10


def test_a_contradiction_gets_no_credit_for_sounding_like_the_hint(tmp_path: Path) -> None:
    question = imported_question(tmp_path)
    wrong = "TCP is not connection-oriented and UDP is not datagrams: they are the same thing."
    result = grade(question, wrong)
    assert result.contradicted
    assert result.score == grade(question._replace(drafted=False), wrong).score


def test_drafted_must_be_true_or_false(tmp_path: Path) -> None:
    text = import_csv(write(tmp_path, f'question,hint\nQ?,"{REFERENCE}"\n'))
    with pytest.raises(BankError, match="'drafted' must be true or false"):
        load_yaml(tmp_path, text.replace("drafted: true", "drafted: yes please"))
