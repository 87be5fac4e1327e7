from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aiops_prep import bank as bank_module
from aiops_prep.bank import Bank, build_bank, load_bank
from aiops_prep.errors import BankError, SelectionError

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "hints-numbered.md"
EXPECTED_SECTIONS = {
    "beginner": ("Beginner", 5),
    "intermediate": ("Intermediate", 10),
    "advanced": ("Advanced", 10),
    "scenario": ("Scenario-Based", 10),
    "workflow": ("AI Workflow & Tools", 10),
    "behavioral": ("Behavioral", 5),
}


def test_bundled_bank_has_fifty_questions_in_six_sections(bank: Bank) -> None:
    assert [q.id for q in bank.questions] == list(range(1, 51))
    assert [(s.id, s.title) for s in bank.sections] == [
        (slug, title) for slug, (title, _) in EXPECTED_SECTIONS.items()
    ]
    for slug, (_, count) in EXPECTED_SECTIONS.items():
        assert len(bank.in_section(slug)) == count


def test_sections_follow_the_id_order(bank: Bank) -> None:
    order = [q.section for q in bank.questions]
    assert order == sorted(order, key=list(EXPECTED_SECTIONS).index)


def test_every_question_has_three_to_eight_named_concepts(bank: Bank) -> None:
    for q in bank.questions:
        assert 3 <= len(q.concepts) <= 8, q.id
        assert all(c.name and c.aliases for c in q.concepts), q.id
        assert q.question.endswith(("?", ".")), q.id


@pytest.mark.skipif(not SEED.exists(), reason="the team's seed is not beside this checkout")
def test_hints_are_the_seed_word_for_word(bank: Bank) -> None:
    """The seed's hints, except where the issue-16 review asked for more (a new tenant, how
    the loop is measured, who runs the incident): those keep every word of the seed's."""
    text = SEED.read_text(encoding="utf-8")
    seed = {int(n): h.strip() for n, h in re.findall(r"^(\d+)\. (.+)$", text, re.M)}
    hints = {q.id: q.hint for q in bank.questions}
    assert hints.keys() == seed.keys()
    extended = {17, 25, 26}
    assert {i for i in seed if hints[i] != seed[i]} == extended
    for i in extended:
        words = set(re.findall(r"[\w-]+", hints[i]))
        assert words >= set(re.findall(r"[\w-]+", seed[i])), i


def test_get_unknown_id_names_the_valid_range(bank: Bank) -> None:
    with pytest.raises(SelectionError, match=r"no question with id 99 \(ids in this bank: 1-50\)"):
        bank.get(99)


VALID = {
    "sections": [{"id": "s", "title": "S"}],
    "questions": [
        {"id": 1, "section": "s", "question": "Q?", "hint": "H.", "concepts": [{"name": "c"}]}
    ],
}


def variant(path: str, value: object) -> dict:
    data = json.loads(json.dumps(VALID))
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is _DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


_DELETE = object()
ERRORS = [
    pytest.param(variant("questions.0.id", "one"), "'id' must be a whole number", id="id-text"),
    pytest.param(variant("questions.0.id", 0), "'id' must be a whole number", id="id-zero"),
    pytest.param(variant("questions.0.id", -3), "'id' must be a whole number", id="id-negative"),
    pytest.param(variant("questions.0.section", "x"), "unknown section 'x'", id="section"),
    pytest.param(variant("questions.0.question", " "), "'question' must be non-empty", id="q"),
    pytest.param(variant("questions.0.hint", _DELETE), "question 1: missing 'hint'", id="hint"),
    pytest.param(variant("questions.0.concepts", []), "'concepts' must be a non-empty", id="c"),
    pytest.param(variant("questions.0.concepts.0.name", ""), "'name' must be non-empty", id="cn"),
    pytest.param(
        variant("questions.0.concepts.0.aliases", [3]), "alias 3 must be non-empty text", id="alias"
    ),
    pytest.param(variant("questions.0.concepts.0.weight", 0), "'weight' must be", id="weight"),
    pytest.param(variant("questions.0.colour", "red"), "unknown field 'colour'", id="field"),
    pytest.param(variant("extra", 1), "unknown top-level field 'extra'", id="top"),
    pytest.param(variant("sections.0.id", "two words"), "'id' must be a word", id="slug"),
    pytest.param(["a list"], "expected a mapping", id="not-mapping"),
]


@pytest.mark.parametrize(("data", "message"), ERRORS)
def test_invalid_bank_names_file_question_and_problem(data: object, message: str) -> None:
    problems = [str(p) for p in build_bank([("bank.yaml", data)], "bank.yaml")[1]]
    assert problems, "the problem went unnoticed"
    assert problems[0].startswith("bank.yaml: ")
    assert message in problems[0]


def test_duplicate_ids_are_an_error() -> None:
    data = variant("questions", VALID["questions"] * 2)
    problems = [str(p) for p in build_bank([("b.yaml", data)], "b.yaml")[1]]
    assert problems == ["b.yaml: question 1: duplicate id (also in b.yaml)"]


def test_loader_reports_first_problem_and_how_many_more(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("sections: []\nquestions:\n  - id: 1\n  - id: 2\n", encoding="utf-8")
    with pytest.raises(
        BankError,
        match=r"question 1: missing .section. \(and \d+ more; see `aiops-prep validate`\)",
    ):
        load_bank(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"questions: [\n", r"bank.yaml:2:1: invalid YAML", id="bad-yaml"),
        pytest.param(b"\xff\xfe\x00binary", "not a UTF-8 text file", id="binary"),
        pytest.param(b"", "expected a mapping", id="empty"),
        pytest.param(b"!!python/object:os.system {}\n", "invalid YAML", id="python-tag"),
    ],
)
def test_unreadable_files_give_one_clean_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    with pytest.raises(BankError, match=message):
        load_bank(path)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such file or directory"):
        load_bank(tmp_path / "nope.yaml")


def test_bank_ships_with_the_package() -> None:
    assert bank_module.bundled_bank_path().name == "aiops.yaml"
    assert all(bank_module.bundled_bank_path(name).is_file() for name in bank_module.BUNDLED_BANKS)


SCHEMA = bank_module.bundled_dir() / "schema.json"


def test_schema_fields_match_the_loader() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    question = schema["properties"]["questions"]["items"]
    concept = question["properties"]["concepts"]["items"]
    section = schema["properties"]["sections"]["items"]
    assert set(schema["properties"]) == bank_module.TOP_FIELDS
    assert set(question["properties"]) == bank_module.QUESTION_FIELDS
    assert question["required"] == list(bank_module.REQUIRED_QUESTION_FIELDS)
    assert set(concept["properties"]) == bank_module.CONCEPT_FIELDS
    assert set(section["properties"]) == bank_module.SECTION_FIELDS


@pytest.mark.parametrize("data", [VALID, *(p.values[0] for p in ERRORS)])
def test_schema_and_loader_agree(data: object) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema_ok = jsonschema.Draft202012Validator(schema).is_valid(data)
    problems = [str(p) for p in build_bank([("b.yaml", data)], "b.yaml")[1]]
    # Cross-references (a question's section must be defined) are beyond JSON Schema.
    if problems and all("unknown section" in p for p in problems):
        assert schema_ok
    else:
        assert schema_ok == (not problems), problems
