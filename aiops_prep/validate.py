"""Check a bank and report every problem, each with file, line and column where YAML gives them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiops_prep.bank import (
    Bank,
    Marks,
    Problem,
    bank_files,
    build_bank,
    parse_yaml,
    paused_gc,
    read_bytes,
    yaml_marks,
)
from aiops_prep.errors import BankError


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    column: int | None
    question: int | None
    message: str

    def __str__(self) -> str:
        where = f":{self.line}:{self.column}" if self.line is not None else ""
        return f"{self.file}{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    path: str
    questions: int
    findings: tuple[Finding, ...]
    warnings: tuple[Finding, ...] = ()  # weak evidence: the bank loads, but grades worse

    @property
    def valid(self) -> bool:
        return not self.findings


def validate(path: Path) -> Report:
    """Every problem of the bank at `path` (a YAML file or a directory of them)."""
    try:
        files = bank_files(path)
    except BankError as exc:
        return Report(str(path), 0, (Finding(str(path), None, None, None, _bare(exc, path)),))
    findings: list[Finding] = []
    documents: list[tuple[str, Any]] = []
    texts: dict[str, bytes] = {}
    for file in files:
        name = str(file)
        try:
            texts[name] = read_bytes(file)
            documents.append((name, parse_yaml(texts[name], name)))
        except BankError as exc:
            findings.append(Finding(name, exc.line, exc.column, None, _bare(exc, file)))
    with paused_gc():
        bank, problems = build_bank(documents, str(path), path.stem)
        weak = list(_weak_evidence(documents, bank)) if not problems else []
    # Positions cost a second parse and a large table, so only files with problems pay it.
    marks: dict[str, Marks] = {}
    for name in {p.file for p in problems + weak if p.file in texts}:
        marks[name] = yaml_marks(texts[name])
    findings += [_locate(p, marks.get(p.file, {})) for p in problems]
    order = lambda f: (f.file, f.line or 0, f.column or 0)  # noqa: E731
    warnings = sorted((_locate(p, marks.get(p.file, {})) for p in weak), key=order)
    return Report(
        str(path), len(bank.questions), tuple(sorted(findings, key=order)), tuple(warnings)
    )


def _weak_evidence(documents: list[tuple[str, Any]], bank: Bank) -> Iterator[Problem]:
    """Aliases that prove nothing on their own (see grading.weak_evidence), and aliases two
    concepts of one question share: the grader ignores them, so the bank should not have them."""
    from aiops_prep.grading import shared_terms, weak_evidence
    from aiops_prep.matching import alias_words

    where = {
        item["id"]: (file, i)
        for file, data in documents
        if isinstance(data, dict) and isinstance(data.get("questions"), list)
        for i, item in enumerate(data["questions"])
        if isinstance(item, dict)
    }
    for question in bank.questions:
        file, index = where[question.id]
        shared = shared_terms(question)
        for c, concept in enumerate(question.concepts):
            for a, alias in enumerate(concept.aliases):
                at = ("questions", index, "concepts", c, "aliases", a)
                reason = weak_evidence(alias, question)
                owners = shared.get(alias_words(alias), ())
                if len(owners) > 1:
                    others = ", ".join(repr(n) for n in owners if n != concept.name)
                    reason = f"is shared with {others}"
                if reason:
                    message = (
                        f"question {question.id}: alias {alias!r} of {concept.name!r} {reason}"
                    )
                    yield Problem(file, at, f"warning: {message}", question.id)


MAX_MESSAGE = 300  # characters: a message quotes values, and a value can be huge


def _locate(problem: Problem, marks: Marks) -> Finding:
    """Point at the deepest part of the problem's path that the file has."""
    message = _bounded(problem.message)
    for depth in range(len(problem.path), -1, -1):
        mark = marks.get(tuple(problem.path[:depth]))
        if mark:
            return Finding(problem.file, *mark, problem.question, message)
    return Finding(problem.file, None, None, problem.question, message)


def _bounded(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _bare(exc: BankError, file: Path) -> str:
    """The error's message without the file name and position it starts with."""
    message = str(exc)
    prefix = str(file)
    if message.startswith(prefix):
        message = message[len(prefix) :]
        if exc.line is not None:
            message = message.removeprefix(f":{exc.line}:{exc.column}")
        message = message.removeprefix(": ")
    return message
