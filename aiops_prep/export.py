"""Write a bank out as an Anki deck, a Markdown study guide, a CSV sheet or JSON.

Every format is written atomically: to a temporary file beside the target, then renamed over
it, so an interrupted export never leaves half a file (`aiops_prep.files` says how devices,
FIFOs and `-` for standard output are written).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

from aiops_prep.bank import Bank, Concept, Misconception, Question, bank_data, number
from aiops_prep.errors import AiopsPrepError
from aiops_prep.files import check_target, write_output

# Callers name these by what they do for export's targets.
write_atomically = write_output
__all__ = ["check_target", "write_atomically"]

# The format names the CLI offers, with the file suffix to suggest for each.
FORMATS = {"anki": ".apkg", "markdown": ".md", "csv": ".csv", "json": ".json"}

# The CSV sheet: `import_csv` reads it back. `section_title` comes last so the first six
# columns stay the ones a person edits; without it, titles are made up from the section ids.
CSV_COLUMNS = (
    *("id", "section", "question", "hint", "concepts", "model_answer"),
    *("misconceptions", "section_title"),
)

# The bundled banks' names for people (bank.BUNDLED_BANKS has their keys).
TITLES = {"aiops-prep": "AIOps interview prep", "aiops-2026": "AIOps interview prep 2026"}
# Bump when the Anki note type's fields or templates change, so Anki sees a new note type.
ANKI_MODEL_VERSION = 1
ANKI_FIELDS = ("Question", "Hint", "Concepts", "ModelAnswer")
ANKI_FRONT = '<div class="question">{{Question}}</div>'
ANKI_BACK = (
    '{{FrontSide}}<hr id="answer">'
    '<div class="hint"><b>Hint</b><br>{{Hint}}</div>'
    '<div class="concepts"><b>Key concepts</b>{{Concepts}}</div>'
    '{{#ModelAnswer}}<div class="model-answer"><b>Model answer</b><br>{{ModelAnswer}}</div>'
    "{{/ModelAnswer}}"
)
ANKI_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.question { font-weight: bold; }
.hint, .concepts, .model-answer { margin-top: 1em; }"""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the zip format's epoch: entries carry no build time

# In the CSV `concepts` cell these separate concepts, alias lists and aliases; a backslash
# escapes them (and itself) inside a name or alias.
CONCEPT_SPECIALS = "\\|;()[]{}"
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = "=+-@\t\r"


def bank_key(bank: Bank) -> str:
    """The bank's identity: Anki deck, note type and note GUIDs are all derived from it.

    It is the bank's `name` (`Bank.key`), as for saved progress: a bundled bank is always
    named the same ("aiops-prep"), so a newer release's deck updates the cards of an older
    one, and a custom bank keeps its cards when it is moved, reworded or exported in part.
    """
    return bank.key


def bank_title(bank: Bank) -> str:
    """A name for people: the Anki deck's name and the study guide's title."""
    return TITLES.get(bank.key, bank.name)


def safe_file_name(name: str) -> str:
    """A file name in the current directory made from a bank's name: `../../x` or `/etc/x`
    must not write elsewhere, so only letters, digits, `.`, `_` and `-` are kept."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")
    return cleaned[:100] or "bank"


def subset(bank: Bank, question_ids: Iterable[int]) -> Bank:
    """The bank with only these questions; every section is kept, so `bank_key` is unchanged."""
    wanted = {bank.get(qid).id for qid in question_ids}
    return bank._replace(questions=tuple(q for q in bank.questions if q.id in wanted))


def export(
    bank: Bank, fmt: str, path: Path, *, force: bool = False, timestamp: float | None = None
) -> int:
    """Write the bank to `path` in format `fmt` and return how many questions were written.

    `timestamp` (seconds since the epoch) stamps the Anki notes; the default is now, because
    Anki only updates a note from a package whose copy is newer than its own. A fixed value
    makes the .apkg byte-for-byte reproducible. The other formats do not use it.
    """
    writers: dict[str, Callable[[Bank], bytes]] = {
        "anki": lambda b: anki_bytes(b, time.time() if timestamp is None else timestamp),
        "markdown": lambda b: markdown_text(b).encode("utf-8"),
        "csv": lambda b: csv_text(b).encode("utf-8"),
        "json": lambda b: json_text(b).encode("utf-8"),
    }
    if fmt not in writers:
        raise AiopsPrepError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}")
    if not bank.questions:
        raise AiopsPrepError("nothing to export: no questions were selected")
    check_target(path, force)
    write_atomically(path, writers[fmt](bank), force=force)
    return len(bank.questions)


# --- JSON -----------------------------------------------------------------------------------


def json_text(bank: Bank) -> str:
    return json.dumps(bank_data(bank), indent=2, ensure_ascii=False) + "\n"


# --- Markdown -------------------------------------------------------------------------------


def markdown_text(bank: Bank) -> str:
    count = len(bank.questions)
    lines = [f"# {bank_title(bank)}: study guide", ""]
    lines += [f"{count} question{'s' if count != 1 else ''}.", ""]
    for section in bank.sections:
        questions = bank.in_section(section.id)
        if not questions:
            continue
        lines += [f"## {section.title}", ""]
        for q in questions:
            lines += [f"### {q.id}. {_one_line(q.question)}", "", f"**Hint:** {q.hint}", ""]
            lines += ["**Key concepts:**", "", *[f"- {c.name}" for c in q.concepts], ""]
            if q.misconceptions:
                lines += ["**Common misconceptions:**", ""]
                lines += [f"- {m.claim} Actually: {m.correction}" for m in q.misconceptions]
                lines.append("")
            if q.model_answer:
                lines += ["**Model answer:**", "", q.model_answer, ""]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- CSV ------------------------------------------------------------------------------------


def csv_text(bank: Bank) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for q in bank.questions:
        title = bank.section(q.section).title
        concepts = format_concepts(q.concepts)
        wrong = format_misconceptions(q.misconceptions)
        cells = [q.section, q.question, q.hint, concepts, q.model_answer or "", wrong, title]
        writer.writerow([q.id, *map(guarded, cells)])
    return out.getvalue()


def guarded(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula (`=`, `+`, `-`, `@`,
    a tab or a carriage return) gets a leading `'`, as OWASP advises against CSV injection.
    `import` takes the `'` off again."""
    return "'" + cell if cell[:1] in tuple(FORMULA_STARTS) else cell


def format_concepts(concepts: Iterable[Concept]) -> str:
    """Concepts as one CSV cell: `name (alias; alias) [weight 2] {meaning} | name | ...`.

    Aliases in parentheses, the weight in brackets and the meaning in braces are optional (the
    weight defaults to 1). A `\\`, `|`, `;`, `(`, `)`, `[`, `]`, `{` or `}` inside a name,
    alias or meaning is escaped with a backslash. `aiops_prep.importer.parse_concepts` reads
    it back.
    """
    parts = []
    for concept in concepts:
        text = _escape(concept.name)
        if concept.aliases:
            text += " (" + "; ".join(_escape(a) for a in concept.aliases) + ")"
        if concept.weight != 1:
            text += f" [weight {number(concept.weight)}]"
        if concept.meaning:
            text += " {" + _escape(concept.meaning) + "}"
        parts.append(text)
    return " | ".join(parts)


def format_misconceptions(misconceptions: Iterable[Misconception]) -> str:
    """Misconceptions as one CSV cell: `claim (phrasing; phrasing) [correction] | ...`, escaped
    like concepts; `aiops_prep.importer.parse_misconceptions` reads it back."""
    return " | ".join(
        f"{_escape(m.claim)} ({'; '.join(map(_escape, m.phrasings))}) [{_escape(m.correction)}]"
        for m in misconceptions
    )


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in CONCEPT_SPECIALS else ch for ch in text)


# --- Anki -----------------------------------------------------------------------------------


def anki_ids(bank: Bank) -> tuple[int, int]:
    """The deck id and note-type id: stable for a bank key, in the range genanki advises."""
    key = bank_key(bank)
    return _stable_id(f"{key}/deck"), _stable_id(f"{key}/model/v{ANKI_MODEL_VERSION}")


def _stable_id(text: str) -> int:
    digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def anki_fields(question: Question) -> list[str]:
    """The note's fields, as the HTML Anki stores: Question, Hint, Concepts, ModelAnswer."""
    concepts = "<ul>" + "".join(f"<li>{_html(c.name)}</li>" for c in question.concepts) + "</ul>"
    if question.misconceptions:  # on the back with the concepts: the note type stays the same
        concepts += (
            "<b>Common misconceptions</b><ul>"
            + "".join(
                f"<li>{_html(m.claim)} <i>Actually:</i> {_html(m.correction)}</li>"
                for m in question.misconceptions
            )
            + "</ul>"
        )
    answer = _html(question.model_answer) if question.model_answer else ""
    return [_html(question.question), _html(question.hint), concepts, answer]


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def anki_bytes(bank: Bank, timestamp: float) -> bytes:
    """A .apkg: a zip holding the SQLite collection genanki builds, plus an empty media map."""
    try:
        import genanki
    except ImportError:
        raise AiopsPrepError("the anki format needs genanki: pip install genanki") from None
    import itertools
    import sqlite3
    import tempfile
    import zipfile

    deck_id, model_id = anki_ids(bank)
    model = genanki.Model(
        model_id,
        "aiops-prep question",
        fields=[{"name": name} for name in ANKI_FIELDS],
        templates=[{"name": "Question", "qfmt": ANKI_FRONT, "afmt": ANKI_BACK}],
        css=ANKI_CSS,
    )
    deck = genanki.Deck(deck_id, bank_title(bank))
    key = bank_key(bank)
    for q in bank.questions:
        guid = genanki.guid_for(key, q.id)
        deck.add_note(genanki.Note(model, anki_fields(q), tags=[q.section], guid=guid))
    # Package.write_to_file leaves its temporary database behind and stamps the zip with the
    # time; writing the database ourselves keeps the result clean and reproducible.
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "collection.anki2"
        with closing(sqlite3.connect(db_path)) as db:
            ids = itertools.count(int(timestamp * 1000))
            genanki.Package(deck).write_to_db(db.cursor(), timestamp, ids)
            db.commit()
        collection = db_path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as apkg:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            apkg.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
