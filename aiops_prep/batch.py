"""Bulk grading input: JSON Lines of {"id": ..., "answer": ...}, checked before any is graded.

Every line is read and checked first, so a bad line stops the run with its line number before
a single grade is printed (no half-finished output to clean up). Blank lines are skipped; other
fields on a line (a human score, say) are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from aiops_prep.bank import Bank
from aiops_prep.errors import AiopsPrepError

MAX_BATCH_BYTES = 256 * 1024 * 1024
STDIN = "-"


class BatchError(AiopsPrepError):
    """A batch file that cannot be read, or a line of it that is not a gradable answer."""


class Item(NamedTuple):
    line: int
    question_id: int
    answer: str


def read(source: str, bank: Bank) -> list[Item]:
    """The items of the batch file at `source` (or standard input for "-"), each checked."""
    if source == STDIN:
        import sys

        data = sys.stdin.buffer.read(MAX_BATCH_BYTES + 1)
        if len(data) > MAX_BATCH_BYTES:
            raise BatchError(f"standard input: over the {MAX_BATCH_BYTES} byte limit")
        name = "standard input"
    else:
        from aiops_prep.files import read_regular

        data = read_regular(Path(source), MAX_BATCH_BYTES, BatchError)
        name = source
    return parse(data, name, bank)


def parse(data: bytes, name: str, bank: Bank) -> list[Item]:
    known = {q.id for q in bank.questions}
    items = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        items.append(_item(raw, number, known, f"{name}: line {number}"))
    if not items:
        raise BatchError(
            f'{name}: no answers to grade (one JSON object a line: {{"id", "answer"}})'
        )
    return items


def _item(raw: bytes, number: int, known: set[int], where: str) -> Item:
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise BatchError(f"{where}: not UTF-8 text (byte {exc.start + 1})") from None
    try:
        value = json.loads(text)
    except ValueError as exc:
        message = getattr(exc, "msg", str(exc))
        raise BatchError(f"{where}: not valid JSON ({message})") from None
    if not isinstance(value, dict):
        raise BatchError(f'{where}: expected an object {{"id": ..., "answer": ...}}')
    qid, answer = value.get("id"), value.get("answer")
    if type(qid) is str and qid.strip().isdigit():
        qid = int(qid)  # a spreadsheet's export may quote the id
    if type(qid) is not int:
        raise BatchError(f'{where}: "id" must be a question id (a whole number), not {qid!r:.40}')
    if qid not in known:
        raise BatchError(f"{where}: no question {qid} in this bank")
    if not isinstance(answer, str):
        raise BatchError(f'{where}: "answer" must be a string')
    return Item(number, qid, answer)


def json_line(data: object) -> str:
    """`data` as one line of JSON, escaped as `render.print_json` escapes it."""
    import re

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m[0]):04x}", text)
