"""The question bank: read YAML, validate it, and hold it in immutable records.

The records are NamedTuples rather than frozen dataclasses: as immutable and as easy to use,
and several times faster to define, which every command pays for at start-up.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from aiops_prep.errors import BankError, SelectionError

REQUIRED_QUESTION_FIELDS = ("id", "section", "question", "hint", "concepts")
QUESTION_FIELDS = {*REQUIRED_QUESTION_FIELDS, "model_answer", "misconceptions", "drafted"}
MISCONCEPTION_FIELDS = {"claim", "phrasings", "correction"}
CONCEPT_FIELDS = {"name", "aliases", "weight", "meaning"}
SECTION_FIELDS = {"id", "title"}
TOP_FIELDS = {"name", "sections", "questions"}
MAX_BANK_BYTES = 50 * 1024 * 1024


class Concept(NamedTuple):
    name: str
    aliases: tuple[str, ...] = ()
    weight: float = 1.0
    meaning: str | None = None  # the point in one plain sentence, for the semantic grader

    @property
    def terms(self) -> tuple[str, ...]:
        """Every phrase that counts as mentioning this concept, the name first."""
        return (self.name, *self.aliases)


class Misconception(NamedTuple):
    """A wrong claim candidates make, the phrasings that express it, and what is true."""

    claim: str
    phrasings: tuple[str, ...]
    correction: str


class Question(NamedTuple):
    id: int
    section: str
    question: str
    hint: str
    concepts: tuple[Concept, ...]
    model_answer: str | None = None
    misconceptions: tuple[Misconception, ...] = ()
    # Concepts drafted by `import` from the hint, not yet reviewed: the grader also weighs how
    # close the answer is to the hint, the one reference such a question has.
    drafted: bool = False


class Section(NamedTuple):
    id: str
    title: str


class Bank(NamedTuple):
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    source: str = "<memory>"
    name: str = "bank"
    identity: str = ""  # the key of a bank without a `name` field: see `load_bank`

    @property
    def key(self) -> str:
        """The bank's identity in saved progress and Anki decks: question 3 of one bank is not
        question 3 of another. It is the bank's `name`, so moving or rewording a bank keeps it;
        a bank without one is known by its resolved path.
        """
        return self.identity or self.name

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


BUNDLED_BANKS = {"aiops-prep": "aiops.yaml", "aiops-2026": "aiops-2026.yaml"}
"""The banks that ship with the package: `--bank NAME` -> its file in the bundled directory.
The first is the default; each file's own `name` is its key here (a test holds them equal)."""
DEFAULT_BANK = next(iter(BUNDLED_BANKS))


def bundled_dir() -> Path:
    """The directory of the banks that ship with the package (in the wheel, or the source tree).

    A path beside this module rather than importlib.resources, whose import alone costs more
    than loading the bank from its cache; the package is never imported from a zip.
    """
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir():
        return packaged
    return packaged.parent.parent / "questions"


def bundled_bank_path(name: str = DEFAULT_BANK) -> Path:
    """The file of a bundled bank, by name (default: the classic aiops-prep bank)."""
    return bundled_dir() / BUNDLED_BANKS[name]


def locate(bank: str | os.PathLike[str] | None) -> Path:
    """The bank a user named: nothing is the default bundled bank; a bundled bank's name
    (`aiops-2026`) is that bank, unless a file or directory of that name is in the way; any
    other value is a path."""
    if bank is None:
        return bundled_bank_path()
    text = os.fspath(bank)
    if text in BUNDLED_BANKS and not os.path.exists(text):
        return bundled_bank_path(text)
    return Path(text)


def bank_files(path: Path) -> list[Path]:
    """The YAML files that make up a bank: the file itself, or a directory's *.yaml files."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not found:
            raise BankError(f"{path}: no .yaml files in this directory")
        return found
    if not path.exists():
        named = "" if len(path.parts) > 1 else f" (bundled banks: {', '.join(BUNDLED_BANKS)})"
        raise BankError(f"{path}: no such file or directory{named}")
    return [path]


Marks = dict[tuple[Any, ...], tuple[int, int]]  # document path -> (line, column), from 1


def parse_yaml(text: str | bytes, source: str, marks: Marks | None = None) -> Any:
    """The one place YAML is parsed: safe semantics, C parser when available, built from the
    parser's events (see yamlevents). `marks`, when given, is filled with where each value
    stands, for problems to point into the file (`yaml_marks`)."""
    import yaml

    from aiops_prep.yamlevents import build

    if isinstance(text, bytes) and text[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise BankError(f"{source}: not a UTF-8 text file")  # the parser would take UTF-16
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        with paused_gc():
            built = build(loader, _printable, excerpt, marks)
        if built.expanded > 2 * built.written + MAX_ALIAS_GROWTH:
            raise BankError(
                f"{source}: aliases would expand the document to {built.expanded:,} values "
                f"from {built.written:,} (an alias bomb?); write the values out instead"
            )
        if built.duplicate is not None:
            raise built.duplicate
    except yaml.reader.ReaderError:
        raise BankError(f"{source}: not a UTF-8 text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        where = f":{line}:{column}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BankError(f"{source}{where}: invalid YAML: {problem}", line, column) from None
    except TypeError:  # a list or a mapping used as a key
        raise BankError(f"{source}: invalid YAML: found an unhashable key") from None
    finally:
        loader.dispose()
    return built.data


CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 but tab and newline, DEL, C1


_control = re.compile(CONTROL)


def _printable(text: str) -> str:
    # Called for every string of a bank: a compiled pattern, and no copy when it is clean.
    return _control.sub("\ufffd", text) if _control.search(text) else text


def _printable_data(value: Any) -> Any:
    """`value` with every string in it made printable (for what the safe constructor built)."""
    if isinstance(value, str):
        return _printable(value)
    if isinstance(value, list):
        return [_printable_data(item) for item in value]
    if isinstance(value, dict):
        return {_printable_data(k): _printable_data(v) for k, v in value.items()}
    return value


def excerpt(value: Any, limit: int = 60) -> str:
    """A short repr of `value` for a message: a huge or deeply nested value is cut, not
    expanded."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother = 2, limit, limit
    short.maxlist = short.maxdict = short.maxtuple = short.maxset = 4
    return short.repr(value)[: limit + 20]


# Aliases may add this many values beyond twice the document's own before the document
# counts as an alias bomb ("billion laughs"): 8 levels of 8 aliases are 16 million strings.
MAX_ALIAS_GROWTH = 100_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building a bank makes hundreds of thousands of objects and no garbage cycles, yet every
    few hundred allocations wake the cyclic collector, and switching it back on would have it
    sweep them all at once. So it is paused meanwhile, and what was built is then frozen out
    of its sight (it lives as long as the command): a 10,000-question bank loads 2-3x faster.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def yaml_marks(text: str | bytes) -> Marks:
    """The line and column of every value of a YAML document (of the key, for a mapping's
    entries): for `validate` to point into a bank it read."""
    marks: Marks = {}
    try:
        parse_yaml(text, "", marks)
    except BankError:
        marks.clear()  # the first parse reported it: no half-read positions
    return marks


def read_bytes(path: Path) -> bytes:
    """A bank file's bytes: a regular file of at most MAX_BANK_BYTES (a device or FIFO is
    refused: it could hang or never end)."""
    from aiops_prep.files import read_regular

    return read_regular(path, MAX_BANK_BYTES, BankError)


def load_bank(path: str | os.PathLike[str] | None = None) -> Bank:
    """Load and validate a bank; raise BankError naming the first problem.

    A bank whose files are byte for byte those of a bank validated before comes from the
    cache of validated banks; anything else is parsed, validated, and then cached.
    """
    from aiops_prep import cache

    root = locate(path)
    files = [(file, read_bytes(file)) for file in bank_files(root)]
    key = cache.key([(file.name, data) for file, data in files], root.stem)
    with paused_gc():
        cached = cache.load(key)
        if cached is not None:
            try:
                return _identified(from_data(cached, str(root)), root, cached.get("named", True))
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # not the shape this version writes: rebuild it
        # Bytes, not text: the parser reads them as they are, without a second copy.
        documents = [(str(f), parse_yaml(data, str(f))) for f, data in files]
        named = any(isinstance(data, dict) and "name" in data for _, data in documents)
        bank, problems = build_bank(documents, source=str(root), default_name=root.stem)
    del documents, files  # the parsed form is not needed past here: let a large bank's go
    if problems:
        more = f" (and {len(problems) - 1} more; see `aiops-prep validate`)" * (len(problems) > 1)
        raise BankError(f"{problems[0]}{more}")
    cache.store(key, {**_head(bank), "named": named}, map(question_data, bank.questions))
    return _identified(bank, root, named)


def _identified(bank: Bank, root: Path, named: bool) -> Bank:
    """A bank without a `name` is named after its file, and two `questions.yaml` in different
    places must not share progress or Anki cards: its key is its resolved path instead."""
    return bank if named else bank._replace(identity=f"{bank.name}@{root.resolve()}")


def bank_data(bank: Bank) -> dict[str, Any]:
    """The bank in the YAML bank's shape: `build_bank` loads it back into an equal Bank, and
    so does `from_data`, for data known to be valid."""
    return {**_head(bank), "questions": [question_data(q) for q in bank.questions]}


def _head(bank: Bank) -> dict[str, Any]:
    return {"name": bank.name, "sections": [{"id": s.id, "title": s.title} for s in bank.sections]}


def question_data(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "section": question.section,
        "question": question.question,
        "hint": question.hint,
        "concepts": [concept_data(c) for c in question.concepts],
    }
    if question.model_answer is not None:
        data["model_answer"] = question.model_answer
    if question.misconceptions:
        data["misconceptions"] = [misconception_data(m) for m in question.misconceptions]
    if question.drafted:
        data["drafted"] = True
    return data


def misconception_data(item: Misconception) -> dict[str, Any]:
    return {"claim": item.claim, "phrasings": list(item.phrasings), "correction": item.correction}


def concept_data(concept: Concept) -> dict[str, Any]:
    data: dict[str, Any] = {"name": concept.name}
    if concept.aliases:
        data["aliases"] = list(concept.aliases)
    if concept.weight != 1:
        data["weight"] = number(concept.weight)
    if concept.meaning is not None:
        data["meaning"] = concept.meaning
    return data


def number(value: float) -> int | float:
    """A weight as written: 2, not 2.0."""
    return int(value) if value.is_integer() else value


def from_data(data: dict[str, Any], source: str) -> Bank:
    """A Bank from `bank_data`'s output, without validating it again: only for data that
    passed validation (the cache of validated banks)."""
    return Bank(
        tuple(Section(s["id"], s["title"]) for s in data["sections"]),
        tuple(
            Question(
                q["id"],
                q["section"],
                q["question"],
                q["hint"],
                tuple(
                    Concept(
                        c["name"],
                        tuple(c.get("aliases", ())),
                        float(c.get("weight", 1)),
                        c.get("meaning"),
                    )
                    for c in q["concepts"]
                ),
                q.get("model_answer"),
                tuple(
                    Misconception(m["claim"], tuple(m["phrasings"]), m["correction"])
                    for m in q.get("misconceptions", ())
                ),
                q.get("drafted", False),
            )
            for q in data["questions"]
        ),
        source,
        data["name"],
    )


Path_ = tuple[str | int, ...]  # where in a document: ("questions", 2, "concepts", 0, "name")


class Problem(NamedTuple):
    """One thing wrong with a bank: the file, where in it, and what is expected."""

    file: str
    path: Path_
    message: str
    question: int | None = None

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class _Report:
    """Collects problems for one file, each with the path of the offending value."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems = file, problems

    def __call__(self, path: Path_, message: str, question: int | None = None) -> None:
        self.problems.append(Problem(self.file, path, message, question))


def build_bank(
    documents: list[tuple[str, Any]], source: str, default_name: str = "bank"
) -> tuple[Bank, list[Problem]]:
    """Merge parsed documents into one bank, collecting every problem found.

    The bank's `name` comes from a document's `name` field, else `default_name`.
    """
    problems: list[Problem] = []
    names: dict[str, str] = {}
    sections: dict[str, Section] = {}
    raw_questions: list[tuple[_Report, int, Any]] = []
    for file, data in documents:
        report = _Report(file, problems)
        if not isinstance(data, dict):
            report((), "expected a mapping with 'sections' and 'questions'")
            continue
        for key in _unknown(data, TOP_FIELDS):
            report((key,), f"unknown top-level field '{key}'")
        if "name" in data:
            if _text(data["name"]):
                names.setdefault(data["name"].strip(), file)
            else:
                report(("name",), "'name' must be non-empty text")
        for section in _sections(data.get("sections", []), report):
            if section.id in sections:
                report(("sections",), f"section '{section.id}' is defined twice")
            sections[section.id] = section
        items = data.get("questions", [])
        if not isinstance(items, list):
            report(("questions",), "'questions' must be a list")
            continue
        raw_questions += [(report, i, item) for i, item in enumerate(items)]

    questions: list[Question] = []
    seen: dict[int, str] = {}
    for report, index, item in raw_questions:
        question = _question(item, ("questions", index), sections, report)
        if question is None:
            continue
        if question.id in seen:
            report(
                ("questions", index, "id"),
                f"question {question.id}: duplicate id (also in {seen[question.id]})",
                question.id,
            )
            continue
        seen[question.id] = report.file
        questions.append(question)
    if documents and not questions and not problems:
        problems.append(Problem(source, (), "the bank has no questions"))
    if len(names) > 1:
        problems.append(Problem(source, (), f"files name the bank differently: {', '.join(names)}"))
    questions.sort(key=lambda q: q.id)
    bank_name = next(iter(names), default_name)
    return Bank(tuple(sections.values()), tuple(questions), source, bank_name), problems


def _sections(items: Any, report: _Report) -> Iterator[Section]:
    if not isinstance(items, list):
        report(("sections",), "'sections' must be a list")
        return
    for i, item in enumerate(items):
        at, where = ("sections", i), f"section #{i + 1}"
        if not isinstance(item, dict):
            report(at, f"{where}: expected a mapping with 'id' and 'title'")
            continue
        for key in _unknown(item, SECTION_FIELDS):
            report((*at, key), f"{where}: unknown field '{key}'")
        slug: Any = item.get("id")
        title: Any = item.get("title", slug)
        if not _text(slug) or not slug.replace("-", "").replace("_", "").isalnum():
            report((*at, "id"), f"{where}: 'id' must be a word such as 'beginner'")
        elif not _text(title):
            report((*at, "title"), f"{where}: 'title' must be non-empty text")
        else:
            yield Section(slug, title)


def _question(
    item: Any, at: Path_, sections: dict[str, Section], report: _Report
) -> Question | None:
    where = f"question #{int(at[1]) + 1}"
    if not isinstance(item, dict):
        report(at, f"{where}: expected a mapping")
        return None
    qid: Any = item.get("id")
    valid_id = isinstance(qid, int) and not isinstance(qid, bool) and 0 < qid < 10**9
    if valid_id:
        where = f"question {qid}"
    else:
        report(
            (*at, "id") if "id" in item else at,
            f"{where}: 'id' must be a whole number from 1 to 999999999",
        )
    found = len(report.problems)

    def problem(path: Path_, message: str) -> None:
        report((*at, *path), f"{where}: {message}", qid if valid_id else None)

    for key in _unknown(item, QUESTION_FIELDS):
        problem((key,), f"unknown field '{key}'")
    for field in REQUIRED_QUESTION_FIELDS[1:]:
        if field not in item:
            problem((), f"missing '{field}'")
    section: Any = item.get("section")
    if "section" in item and (not isinstance(section, str) or section not in sections):
        known = ", ".join(sections) or "none defined"
        problem(("section",), f"unknown section {section!r} (known: {known})")
    for field in ("question", "hint"):
        if field in item and not _text(item[field]):
            problem((field,), f"'{field}' must be non-empty text")
    model_answer = item.get("model_answer")
    if model_answer is not None and not _text(model_answer):
        problem(("model_answer",), "'model_answer' must be non-empty text when present")
    concepts = _concepts(item.get("concepts"), problem) if "concepts" in item else ()
    misconceptions = _misconceptions(item.get("misconceptions", []), problem)
    drafted = item.get("drafted", False)
    if not isinstance(drafted, bool):
        problem(("drafted",), "'drafted' must be true or false")
    if len(report.problems) > found or not valid_id:
        return None
    return Question(
        id=qid,
        section=section,
        question=item["question"].strip(),
        hint=item["hint"].strip(),
        concepts=concepts,
        model_answer=model_answer.strip() if model_answer else None,
        misconceptions=misconceptions,
        drafted=drafted is True,
    )


def _concepts(items: Any, problem: Callable[[Path_, str], None]) -> tuple[Concept, ...]:
    if not isinstance(items, list) or not items:
        problem(("concepts",), "'concepts' must be a non-empty list")
        return ()
    concepts = []
    fields = ("concepts", "concept", "'name' and 'aliases'", CONCEPT_FIELDS)
    for at, where, item in _mappings(items, *fields, problem):
        name: Any = item.get("name")
        aliases: Any = item.get("aliases", [])
        weight: Any = item.get("weight", 1)
        if not _text(name):
            problem(
                (*at, "name") if "name" in item else at, f"{where}: 'name' must be non-empty text"
            )
            continue
        where = f"{where} ({name})"
        if not isinstance(aliases, list):
            problem((*at, "aliases"), f"{where}: 'aliases' must be a list of text")
            continue
        bad = [j for j, alias in enumerate(aliases) if not _text(alias)]
        for j in bad:
            problem((*at, "aliases", j), f"{where}: alias {aliases[j]!r} must be non-empty text")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            problem((*at, "weight"), f"{where}: 'weight' must be a number from 0 to 10")
            continue
        meaning: Any = item.get("meaning")
        if meaning is not None and not _text(meaning):
            problem((*at, "meaning"), f"{where}: 'meaning' must be non-empty text when present")
            continue
        if not bad:
            phrases = tuple(a.strip() for a in aliases)
            sense = meaning.strip() if meaning else None
            concepts.append(Concept(name.strip(), phrases, float(weight), sense))
    return tuple(concepts)


def _misconceptions(items: Any, problem: Callable[[Path_, str], None]) -> tuple[Misconception, ...]:
    if not isinstance(items, list):
        problem(("misconceptions",), "'misconceptions' must be a list")
        return ()
    found = []
    fields = ("misconceptions", "misconception", "'claim', 'phrasings', 'correction'")
    for at, where, item in _mappings(items, *fields, MISCONCEPTION_FIELDS, problem):
        claim, phrasings, correction = (item.get(k) for k in ("claim", "phrasings", "correction"))
        ok = True
        for field, value in (("claim", claim), ("correction", correction)):
            if not _text(value):
                problem((*at, field) if field in item else at, f"{where}: '{field}' must be text")
                ok = False
        if not isinstance(phrasings, list) or not phrasings:
            at_phrasings = (*at, "phrasings") if "phrasings" in item else at
            problem(at_phrasings, f"{where}: 'phrasings' must be a non-empty list of text")
            continue
        for j, phrase in enumerate(phrasings):
            if not _text(phrase):
                problem((*at, "phrasings", j), f"{where}: phrasing {phrase!r} must be text")
                ok = False
        if ok:
            phrases = tuple(p.strip() for p in phrasings)
            found.append(Misconception(str(claim).strip(), phrases, str(correction).strip()))
    return tuple(found)


def _mappings(
    items: list[Any],
    field: str,
    what: str,
    expected: str,
    allowed: set[str],
    problem: Callable[[Path_, str], None],
) -> Iterator[tuple[Path_, str, dict[Any, Any]]]:
    """The mappings of a list field with their path and name ("concept #2"); a non-mapping
    and any unknown field are reported on the way."""
    for i, item in enumerate(items):
        at, where = (field, i), f"{what} #{i + 1}"
        if not isinstance(item, dict):
            problem(at, f"{where}: expected a mapping with {expected}")
            continue
        for key in _unknown(item, allowed):
            problem((*at, key), f"{where}: unknown field '{key}'")
        yield at, where, item


def _unknown(item: dict[Any, Any], allowed: set[str]) -> list[Any]:
    """The fields of `item` that the format does not know."""
    return [key for key in item if key not in allowed]


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
