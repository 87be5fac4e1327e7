"""Turn a spreadsheet's CSV into a question bank: YAML text that `load_bank` accepts.

The sheet needs `question` and `hint` columns; `id`, `section`, `concepts`, `model_answer`,
`misconceptions` and `section_title` are optional (headers in any case; spaces or hyphens count
as underscores; other columns are ignored). Rows are numbered as a spreadsheet shows them: the
header is row 1.
The CSV that `aiops_prep.export` writes reads back into an equal bank.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiops_prep.bank import (
    MAX_BANK_BYTES,
    Bank,
    Concept,
    Misconception,
    Question,
    Section,
    bank_data,
    build_bank,
    parse_yaml,
)
from aiops_prep.errors import AiopsPrepError
from aiops_prep.export import CONCEPT_SPECIALS, CSV_COLUMNS, FORMULA_STARTS
from aiops_prep.files import read_regular
from aiops_prep.text import STOPWORDS

REQUIRED_COLUMNS = ("question", "hint")
DELIMITERS = (",", ";", "\t")  # spreadsheets in some locales save with ';'
DEFAULT_SECTION = Section("imported", "Imported")
DRAFT_COMMENT = "# concepts drafted from the hint: review them, then delete `drafted: true`"
MAX_DRAFTED = 8
MIN_DRAFTED = 3
MAX_ID = 10**9 - 1

# Split a hint into candidate concepts at these, then drop the lead-in words below.
HINT_SPLIT = re.compile(r"[,;:]|\.(?:\s|$)|\b(?:and|while|whereas|as well as)\b", re.IGNORECASE)
LEAD_IN = re.compile(
    r"^(?:(?:(?:a|an|the)\s+)?(?:strong|good|great|complete)\s+(?:answer|candidate|response)s?\b"
    r"|(?:discuss|cover|explain|describe|mention|address|highlight|include|consider|outline"
    r"|compare|identify|show|list|note|reference|emphasi[sz]e|touch\s+on)(?:e?s|d|ed|ing)?\b"
    r"|(?:talk|talks|talking)\s+about|focus(?:es|ing)?\s+on|walk(?:s|ing)?\s+through"
    r"|(?:how|why|what|that|the|a|an|also|then|both|to|its|their|your|any|some)\b)\s*",
    re.IGNORECASE,
)
CUT_WORDS = frozenset(
    "in across for with during by to within on from into that which when so over using against"
    " based starting via through including such like".split()
)
MAX_CONCEPT_WORDS = 5


@dataclass(frozen=True)
class _Row:
    number: int
    cells: dict[str, str]


def import_csv(path: Path) -> str:
    """The YAML text of a valid bank built from the CSV at `path`; AiopsPrepError if unusable."""
    text = _read(path)
    delimiter, header_number, columns = _header(text, path)
    rows = _rows(text, path, delimiter, header_number, columns)
    if not rows:
        raise AiopsPrepError(f"{path}: no questions below the header row")
    ids = _ids(rows, path)
    sections: dict[str, str] = {}
    explicit_titles: dict[str, str] = {}
    questions: list[Question] = []
    for row in rows:
        section = _section(row, path, sections, explicit_titles)
        concepts_cell = row.cells.get("concepts", "")
        try:
            concepts = parse_concepts(concepts_cell) if concepts_cell else ()
        except ValueError as exc:
            raise AiopsPrepError(f"{path}: row {row.number}: concepts: {exc}") from None
        try:
            wrong = parse_misconceptions(row.cells.get("misconceptions", ""))
        except ValueError as exc:
            raise AiopsPrepError(f"{path}: row {row.number}: misconceptions: {exc}") from None
        hint = row.cells["hint"]
        questions.append(
            Question(
                id=ids[row.number],
                section=section,
                question=row.cells["question"],
                hint=hint,
                concepts=concepts or draft_concepts(hint),
                model_answer=row.cells.get("model_answer") or None,
                misconceptions=wrong,
                drafted=not concepts,
            )
        )
    titles = {**sections, **explicit_titles}
    bank = Bank(tuple(Section(s, titles[s]) for s in sections), tuple(questions), str(path))
    yaml_text = _yaml_text(bank, path.name)
    _, problems = build_bank([(str(path), parse_yaml(yaml_text, str(path)))], source=str(path))
    if problems:
        raise AiopsPrepError(str(problems[0]))
    return yaml_text


def _read(path: Path) -> str:
    data = read_regular(path, MAX_BANK_BYTES)
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        raise AiopsPrepError(f"{path}: not UTF-8 text; save it as 'CSV UTF-8'") from None
    if not text.strip():
        raise AiopsPrepError(f"{path}: the file is empty")
    return text


def _records(text: str, path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for each record; a malformed record names its row, and a quote
    never closed names the line it opens on."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        number += 1
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise AiopsPrepError(f"{path}: row {number}: {exc}") from None
        if reader.line_num == len(lines) and _unclosed_quote(lines[first_line - 1 :], delimiter):
            raise AiopsPrepError(
                f"{path}: line {first_line}: a quoted cell is never closed (a '\"' is missing)"
            )
        yield number, [re.sub(r"\r\n?", "\n", cell).strip() for cell in cells]


def _unclosed_quote(lines: list[str], delimiter: str) -> bool:
    """Whether the last record's lines end inside a quoted cell: the lenient reader then
    takes the rest of the file as that cell; the strict one says so."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _header(text: str, path: Path) -> tuple[str, int, dict[str, int]]:
    """The delimiter, the header's row number and each known column's index."""
    tried: list[list[str]] = []
    for delimiter in DELIMITERS:
        number, cells = next((r for r in _records(text, path, delimiter) if any(r[1])), (0, []))
        names = [re.sub(r"[\s-]+", "_", cell.lower()) for cell in cells]
        if all(name in names for name in REQUIRED_COLUMNS):
            break
        tried.append(names)
    else:
        missing = [f"'{n}'" for n in REQUIRED_COLUMNS if n not in tried[0]]
        column = " and ".join(missing) + (" columns" if len(missing) > 1 else " column")
        shown = ", ".join(n for n in tried[0] if n) or "nothing"
        raise AiopsPrepError(f"{path}: no {column} in the header row (found: {shown})")
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in CSV_COLUMNS:
            if name in columns:
                raise AiopsPrepError(f"{path}: row {number}: two '{name}' columns")
            columns[name] = index
    return delimiter, number, columns


def _rows(
    text: str, path: Path, delimiter: str, header_number: int, columns: dict[str, int]
) -> list[_Row]:
    rows = []
    for number, cells in _records(text, path, delimiter):
        if number <= header_number or not any(cells):
            continue
        row = _Row(number, {n: unguarded(cells[i]) for n, i in columns.items() if i < len(cells)})
        for name in REQUIRED_COLUMNS:
            if not row.cells.get(name):
                raise AiopsPrepError(f"{path}: row {number}: the '{name}' cell is empty")
        rows.append(row)
    return rows


def unguarded(cell: str) -> str:
    """A cell without the `'` that the CSV export puts before a would-be formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in tuple(FORMULA_STARTS) else cell


def _ids(rows: list[_Row], path: Path) -> dict[int, int]:
    """Question id by row number; blank ids continue after the highest one given."""
    ids: dict[int, int] = {}
    seen: dict[int, int] = {}
    for row in rows:
        cell = row.cells.get("id", "")
        if not cell:
            continue
        if not re.fullmatch(r"\d+", cell) or not 0 < int(cell) <= MAX_ID:
            raise AiopsPrepError(
                f"{path}: row {row.number}: id {cell!r} is not a whole number from 1 to {MAX_ID}"
            )
        qid = int(cell)
        if qid in seen:
            raise AiopsPrepError(f"{path}: row {row.number}: id {qid} is also on row {seen[qid]}")
        ids[row.number], seen[qid] = qid, row.number
    following = max(seen, default=0)
    for row in rows:
        if row.number not in ids:
            following += 1
            ids[row.number] = following
    if following > MAX_ID:
        raise AiopsPrepError(f"{path}: too many questions to number after id {max(seen)}")
    return ids


def _section(row: _Row, path: Path, sections: dict[str, str], explicit: dict[str, str]) -> str:
    """The row's section id, recording a new section's title on the way."""
    cell = row.cells.get("section", "")
    if not cell:
        sections.setdefault(DEFAULT_SECTION.id, DEFAULT_SECTION.title)
        return DEFAULT_SECTION.id
    slug = re.sub(r"[^\w-]+", "-", cell.lower()).strip("-_")
    if not slug or not slug.replace("-", "").replace("_", "").isalnum():
        raise AiopsPrepError(f"{path}: row {row.number}: section {cell!r} has no letters or digits")
    words = cell.replace("-", " ").replace("_", " ")
    sections.setdefault(slug, cell if cell != slug else words[:1].upper() + words[1:])
    title = row.cells.get("section_title", "")
    if title:
        explicit.setdefault(slug, title)
    return slug


def parse_concepts(text: str) -> tuple[Concept, ...]:
    """Read a `concepts` cell: `name (alias; alias) [weight 2] | name | ...`.

    The format `aiops_prep.export.format_concepts` writes; aliases and weight are optional and
    a backslash escapes a special character. Raises ValueError saying what is wrong.
    """
    concepts = tuple(
        Concept(name, aliases, 1.0 if bracket is None else _weight(bracket, name), meaning)
        for name, aliases, bracket, meaning in _entries(text, "concept")
    )
    if not concepts:
        raise ValueError("no concept names")
    return concepts


def parse_misconceptions(text: str) -> tuple[Misconception, ...]:
    """Read a `misconceptions` cell: `claim (phrasing; phrasing) [correction] | ...`, the format
    `aiops_prep.export.format_misconceptions` writes. Raises ValueError saying what is wrong."""
    found = []
    for claim, phrasings, correction, _ in _entries(text, "misconception"):
        if not phrasings or not (correction or "").strip():
            raise ValueError(f"{claim!r} needs (phrasings; ...) and a [correction]")
        found.append(Misconception(claim, phrasings, (correction or "").strip()))
    return tuple(found)


def _entries(text: str, kind: str) -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    """`name (alias; alias) [bracket] {braces} | ...` as (name, aliases, bracket text, braces
    text), the last two None when absent."""
    tokens = _tokens(text)
    entries = []
    while tokens:
        name = _text_until(tokens, "|([").strip()
        aliases: list[str] = []
        bracket = None
        if tokens and tokens[0] == (True, "("):
            tokens.popleft()
            aliases = _aliases(tokens, name)
        if tokens and not tokens[0][0] and not tokens[0][1].strip():
            tokens.popleft()  # the space between ')' and '['
        if tokens and tokens[0] == (True, "["):
            tokens.popleft()
            bracket = _text_until(tokens, "]")
            if not tokens:
                raise ValueError(f"'[' after {name!r} is not closed with ']'")
            tokens.popleft()
        braces = None
        if tokens and not tokens[0][0] and not tokens[0][1].strip():
            tokens.popleft()  # the space before '{'
        if tokens and tokens[0] == (True, "{"):
            tokens.popleft()
            braces = _text_until(tokens, "}").strip() or None
            if not tokens:
                raise ValueError(f"'{{' after {name!r} is not closed with '}}'")
            tokens.popleft()
        rest = _text_until(tokens, "|").strip()
        if rest:
            raise ValueError(f"unexpected {rest!r} after {name!r}; separate them with '|'")
        if tokens:
            tokens.popleft()
        if not name:
            if aliases or bracket is not None or braces is not None:
                raise ValueError(f"a {kind} has (...) or [...] but no name")
            continue
        entries.append((name, tuple(aliases), bracket, braces))
    return entries


def _tokens(text: str) -> deque[tuple[bool, str]]:
    """(is_special, text) pieces: runs of ordinary text and single unescaped special marks."""
    tokens: deque[tuple[bool, str]] = deque()
    run: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            escaped = next(chars, "")
            run.append(escaped if escaped and escaped in CONCEPT_SPECIALS else ch + escaped)
        elif ch in CONCEPT_SPECIALS:
            if run:
                tokens.append((False, "".join(run)))
                run.clear()
            tokens.append((True, ch))
        else:
            run.append(ch)
    if run:
        tokens.append((False, "".join(run)))
    return tokens


def _text_until(tokens: deque[tuple[bool, str]], stops: str) -> str:
    text = ""
    while tokens and not (tokens[0][0] and tokens[0][1] in stops):
        special, piece = tokens.popleft()
        if special:
            raise ValueError(f"unexpected {piece!r}; escape it as '\\{piece}' inside a name")
        text += piece
    return text


def _aliases(tokens: deque[tuple[bool, str]], name: str) -> list[str]:
    aliases = []
    while True:
        alias = _text_until(tokens, ";)").strip()
        if not tokens:
            raise ValueError(f"'(' after {name!r} is not closed with ')'")
        if not alias:
            raise ValueError(f"an empty alias of {name!r}")
        aliases.append(alias)
        if tokens.popleft()[1] == ")":
            return aliases


def _weight(text: str, name: str) -> float:
    match = re.fullmatch(r"\s*(?:weight\s*[:=]?\s*)?(\d+(?:\.\d+)?|\.\d+)\s*", text, re.IGNORECASE)
    weight = float(match.group(1)) if match else 0.0
    if not 0 < weight <= 10:
        raise ValueError(f"weight [{text.strip()}] of {name!r} is not a number from 0 to 10")
    return weight


def draft_concepts(hint: str) -> tuple[Concept, ...]:
    """A starting list of 3-8 concepts from a hint's phrases, for a person to review."""
    names: list[str] = []
    for piece in HINT_SPLIT.split(re.sub(r"\([^)]*\)", " ", hint)):
        phrase = piece.strip(" \t\n.!?\"'")
        while (shorter := LEAD_IN.sub("", phrase, count=1)) != phrase:
            phrase = shorter
        words = phrase.split()
        if len(words) > MAX_CONCEPT_WORDS - 1:
            cut = next((i for i, w in enumerate(words) if i and w.lower() in CUT_WORDS), None)
            words = words[:cut][:MAX_CONCEPT_WORDS]
        while len(words) > 1 and words[-1].lower() in STOPWORDS | CUT_WORDS:
            words.pop()
        name = " ".join(words).strip(" ,.;:!?\"'")
        if re.search(r"\w", name) and name.lower() not in (n.lower() for n in names):
            names.append(name)
    used = {w.lower() for n in names for w in n.split()}
    for word in re.findall(r"[^\W\d_][\w-]*", hint):
        if len(names) >= MIN_DRAFTED:
            break
        lowered = word.lower()
        if len(word) > 3 and lowered not in STOPWORDS | used and not LEAD_IN.match(word + " "):
            names.append(word)
            used.add(lowered)
    return tuple(Concept(name) for name in (names or [hint.strip()])[:MAX_DRAFTED])


def _yaml_text(bank: Bank, source_name: str) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        # Indent lists under their key, as the bundled bank is written.
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def sequence(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
        # Aliases on one line, as in the bundled bank; lists of mappings as blocks.
        flow = all(isinstance(v, str) for v in value)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)

    Dumper.add_representer(str, text)
    Dumper.add_representer(list, sequence)
    data = bank_data(bank)
    del data["name"]  # the bank is named after the file it is saved in, unless the user adds one
    body = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=96)
    name = " ".join(source_name.split())
    lines = [f"# Imported from {name} by aiops-prep; the format is in its README."]
    item = -1
    in_questions = False
    for line in body.splitlines():
        in_questions = in_questions or line == "questions:"
        if in_questions and line.startswith("  - "):
            item += 1
            if bank.questions[item].drafted:
                lines.append("  " + DRAFT_COMMENT)
        lines.append(line)
    return "\n".join(lines) + "\n"
