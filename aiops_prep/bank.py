"""The question bank: read YAML, validate it, and hold it in frozen dataclasses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aiops_prep.errors import BankError, SelectionError

QUESTION_FIELDS = {"id", "section", "question", "hint", "concepts", "model_answer"}
REQUIRED_QUESTION_FIELDS = ("id", "section", "question", "hint", "concepts")
CONCEPT_FIELDS = {"name", "aliases", "weight"}
SECTION_FIELDS = {"id", "title"}
TOP_FIELDS = {"sections", "questions"}
MAX_BANK_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Concept:
    name: str
    aliases: tuple[str, ...] = ()
    weight: float = 1.0

    @property
    def terms(self) -> tuple[str, ...]:
        """Every phrase that counts as mentioning this concept, the name first."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Question:
    id: int
    section: str
    question: str
    hint: str
    concepts: tuple[Concept, ...]
    model_answer: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Bank:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    source: str = "<memory>"
    # Names the bank in saved progress, so question 3 of one bank is not question 3 of another.
    key: str = "bundled"

    def get(self, question_id: int) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        ids = [q.id for q in self.questions]
        span = f"{min(ids)}-{max(ids)}" if ids else "none"
        raise SelectionError(f"no question with id {question_id} (ids in this bank: {span})")

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def in_section(self, section_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.section == section_id)


def bundled_bank_path() -> Path:
    """The bank that ships with the package (inside the wheel, or the source tree)."""
    from importlib.resources import files

    packaged = Path(str(files("aiops_prep"))) / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "questions"


def bank_files(path: Path) -> list[Path]:
    """The YAML files that make up a bank: the file itself, or a directory's *.yaml files."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not found:
            raise BankError(f"{path}: no .yaml files in this directory")
        return found
    if not path.exists():
        raise BankError(f"{path}: no such file or directory")
    return [path]


def parse_yaml(text: str, source: str) -> Any:
    """The one place YAML is parsed: safe semantics, C loader when available."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BankError(f"{source}{where}: invalid YAML: {problem}") from None
    except RecursionError:
        raise BankError(f"{source}: YAML is nested too deeply") from None


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            raise BankError(f"{path}: {size} bytes is over the {MAX_BANK_BYTES} byte limit")
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise BankError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise BankError(f"{path}: cannot read: {exc.strerror}") from None


def load_bank(path: str | os.PathLike[str] | None = None) -> Bank:
    """Load and validate a bank; raise BankError naming the first problem."""
    root = Path(path) if path is not None else bundled_bank_path()
    documents = [(str(p), parse_yaml(read_text(p), str(p))) for p in bank_files(root)]
    bank, problems = build_bank(documents, source=str(root))
    if root.resolve() != bundled_bank_path().resolve():
        bank = replace(bank, key=f"file:{root.resolve()}")
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise BankError(problems[0] + more)
    return bank


def build_bank(documents: list[tuple[str, Any]], source: str) -> tuple[Bank, list[str]]:
    """Merge parsed documents into one bank, collecting every problem found."""
    problems: list[str] = []
    sections: dict[str, Section] = {}
    raw_questions: list[tuple[str, int, Any]] = []
    for name, data in documents:
        if not isinstance(data, dict):
            problems.append(f"{name}: expected a mapping with 'sections' and 'questions'")
            continue
        problems += [f"{name}: unknown top-level field '{k}'" for k in data if k not in TOP_FIELDS]
        for section in _sections(data.get("sections", []), name, problems):
            if section.id in sections:
                problems.append(f"{name}: section '{section.id}' is defined twice")
            sections[section.id] = section
        items = data.get("questions", [])
        if not isinstance(items, list):
            problems.append(f"{name}: 'questions' must be a list")
            continue
        raw_questions += [(name, i, item) for i, item in enumerate(items, 1)]

    questions: list[Question] = []
    seen: dict[int, str] = {}
    for name, position, item in raw_questions:
        question = _question(item, f"{name}: question #{position}", sections, problems)
        if question is None:
            continue
        if question.id in seen:
            problems.append(
                f"{name}: question {question.id}: duplicate id (also in {seen[question.id]})"
            )
            continue
        seen[question.id] = name
        questions.append(question)
    if not questions and not problems:
        problems.append(f"{source}: the bank has no questions")
    questions.sort(key=lambda q: q.id)
    return Bank(tuple(sections.values()), tuple(questions), source), problems


def _sections(items: Any, name: str, problems: list[str]) -> Iterator[Section]:
    if not isinstance(items, list):
        problems.append(f"{name}: 'sections' must be a list")
        return
    for i, item in enumerate(items, 1):
        where = f"{name}: section #{i}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping with 'id' and 'title'")
            continue
        problems += [f"{where}: unknown field '{k}'" for k in item if k not in SECTION_FIELDS]
        slug, title = item.get("id"), item.get("title", item.get("id"))
        if not _text(slug) or not slug.replace("-", "").replace("_", "").isalnum():
            problems.append(f"{where}: 'id' must be a word such as 'beginner'")
        elif not _text(title):
            problems.append(f"{where}: 'title' must be non-empty text")
        else:
            yield Section(slug, title)


def _question(
    item: Any, where: str, sections: dict[str, Section], problems: list[str]
) -> Question | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    qid = item.get("id")
    if isinstance(qid, int) and not isinstance(qid, bool) and 0 < qid < 10**9:
        where = f"{where.split(':')[0]}: question {qid}"
    else:
        problems.append(f"{where}: 'id' must be a whole number from 1 to 999999999")
    before = len(problems)
    problems += [f"{where}: unknown field '{k}'" for k in item if k not in QUESTION_FIELDS]
    missing = [f for f in REQUIRED_QUESTION_FIELDS if f not in item]
    problems += [f"{where}: missing '{f}'" for f in missing if f != "id"]
    section = item.get("section")
    if "section" in item and section not in sections:
        known = ", ".join(sections) or "none defined"
        problems.append(f"{where}: unknown section {section!r} (known: {known})")
    for field in ("question", "hint"):
        if field in item and not _text(item[field]):
            problems.append(f"{where}: '{field}' must be non-empty text")
    model_answer = item.get("model_answer")
    if model_answer is not None and not _text(model_answer):
        problems.append(f"{where}: 'model_answer' must be non-empty text when present")
    concepts = _concepts(item.get("concepts"), where, problems) if "concepts" in item else ()
    if len(problems) > before or not isinstance(qid, int) or qid <= 0 or qid >= 10**9:
        return None
    return Question(
        id=qid,
        section=section,
        question=item["question"].strip(),
        hint=item["hint"].strip(),
        concepts=concepts,
        model_answer=model_answer.strip() if model_answer else None,
    )


def _concepts(items: Any, where: str, problems: list[str]) -> tuple[Concept, ...]:
    if not isinstance(items, list) or not items:
        problems.append(f"{where}: 'concepts' must be a non-empty list")
        return ()
    concepts = []
    for i, item in enumerate(items, 1):
        at = f"{where}: concept #{i}"
        if not isinstance(item, dict):
            problems.append(f"{at}: expected a mapping with 'name' and 'aliases'")
            continue
        problems += [f"{at}: unknown field '{k}'" for k in item if k not in CONCEPT_FIELDS]
        name, aliases, weight = item.get("name"), item.get("aliases", []), item.get("weight", 1)
        if not _text(name):
            problems.append(f"{at}: 'name' must be non-empty text")
            continue
        if not isinstance(aliases, list):
            problems.append(f"{at} ({name}): 'aliases' must be a list of text")
            continue
        bad = [a for a in aliases if not _text(a)]
        if bad:
            problems.append(f"{at} ({name}): alias {bad[0]!r} is not non-empty text")
            continue
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            problems.append(f"{at} ({name}): 'weight' must be a number from 0 to 10")
            continue
        concepts.append(Concept(name.strip(), tuple(a.strip() for a in aliases), float(weight)))
    return tuple(concepts)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
