"""What an answer's form says, whatever its words: a bare list of terms, a copy of the hint,
or text addressed to the grader instead of the interviewer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from aiops_prep.text import STOPWORDS, Spans

# Articles and list glue do not make a list of terms an explanation ("the drift, the PSI").
LIST_GLUE = frozenset("a an the and or etc also plus vs versus".split())
CONNECTIVES = STOPWORDS - LIST_GLUE
ITEM_BREAK = r"[,;\n\u2022|&+]|\s[-*/]\s|\band\b|(?:^|\n)\s*[-*\d.)]+\s"
SHORT_ITEM = 3  # words; a term ("concept drift", "cost of false positives") rarely has more
LIST_CONNECTIVE_SHARE = 0.08  # explanations, even terse ones, connect their terms
SHORT_ANSWER = 12  # words; this short, only a sentence with its connecting words explains
SHORT_CONNECTIVE_SHARE = 0.2
LIST_SAMPLE = 4000  # characters: what a long answer's first 600 words are, it is


def is_list(text: str, spans: Spans) -> bool:
    """A bare list of terms: short items and next to no words that connect them.

    Counts the words between list breaks (commas, semicolons, bullets, new lines, "and"),
    leaving out articles, so "the seasonality, the drift" is as much a list as "seasonality,
    drift". A terse expert answer ("drift: baselines shift after deploys, so retrain") has
    longer items and connecting words.
    """
    if not spans:
        return False
    lower = text[:LIST_SAMPLE].lower()
    words = [w.strip(PUNCTUATION) for w in lower.split()]  # "human-in-the-loop" is one term
    words = [w for w in words if w and w not in LIST_GLUE]
    if not words:
        return False
    share = sum(w in CONNECTIVES for w in words) / len(words)
    if len(spans) <= SHORT_ANSWER:
        return share < SHORT_CONNECTIVE_SHARE
    if share >= LIST_CONNECTIVE_SHARE:
        return False
    items = [n for n in (_length(part) for part in _compiled(ITEM_BREAK).split(lower)) if n]
    return len(items) >= 2 and sum(items) / len(items) <= SHORT_ITEM


PUNCTUATION = ".,;:!?()[]{}\"'`*"


def _length(item: str) -> int:
    """Words in a list item, not counting articles and glue."""
    return sum(w.strip(PUNCTUATION) not in LIST_GLUE for w in item.split())


def copied_share(answer: Sequence[str], source: Sequence[str]) -> float:
    """The share of the answer's word pairs that stand in `source` (both stemmed): near 1 for
    a pasted or recited hint, about 0.1-0.3 for an answer in the candidate's own words."""
    pairs = list(zip(answer, answer[1:], strict=False))
    if len(pairs) < 3:
        return 0.0
    known = set(zip(source, source[1:], strict=False))
    return sum(p in known for p in pairs) / len(pairs)


# Text meant for the grader, not the interviewer: instructions, fake roles, score claims,
# keyword dumps. Each pattern names a way of addressing a machine that no answer needs, and is
# tried only when one of its cue words is in the answer (a dozen regexes over every answer
# would cost more than the rest of grading).
_ADDRESSED = [
    (
        "ignore disregard forget override bypass",
        r"\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:rubric|instructions?|"
        r"prompt|grading|grader|criteria|rules|guidelines|scoring|above|previous|prior)\b",
    ),
    (
        "give award assign grant",
        r"\b(?:give|award|assign|grant)\s+(?:me\s+|this\s+(?:answer\s+)?|it\s+|the\s+candidate\s+)?"
        r"(?:a\s+)?(?:100|full|perfect|maximum|max|top|high(?:est)?)\b(?!\s+(?:latency|load))",
    ),
    (
        "score grade mark rate",
        r"\b(?:score|grade|mark|rate)\s+(?:this|me|it|the\s+answer|my\s+answer|the\s+candidate)"
        r"(?:\s+answer)?\s+(?:as\s+)?(?:a\s+)?(?:100|full|perfect|correct|complete|10\b|5/5|high)",
    ),
    ("full", r"\bfull\s+(?:marks|credit|points|score)\b"),
    (
        "mark count treat consider",
        r"\b(?:mark|count|treat|consider)\s+(?:every|all|each)\s+(?:of\s+the\s+)?"
        r"(?:concepts?|points?|criteria|items?)\b",
    ),
    (
        "system assistant user grader evaluator examiner marker admin developer",
        r"(?:^|\n)\s*[\[<(]?\s*(?:system|assistant|user|grader|evaluator|examiner|marker|admin|"
        r"developer)\s*[\]>)]?\s*[:=]",
    ),
    (
        "note",
        r"\bnote\s+(?:to|for)\s+(?:the\s+)?(?:grader|evaluator|examiner|marker|reviewer|ai|model)\b",
    ),
    (
        "grader evaluator examiner marker ai assistant llm language grading",
        r"\b(?:as|you\s+are)\s+(?:the|an|a)\s+(?:grader|evaluator|examiner|marker|ai|assistant|"
        r"llm|language\s+model|grading\s+(?:system|model))\b",
    ),
    ("dear", r"\bdear\s+(?:evaluator|examiner|marker|ai|grader)\b"),
    (
        "grader grading scoring",
        r"\bto\s+(?:the\s+)?(?:grader|(?:grading|scoring)\s+(?:model|system))\b",
    ),
    (
        "keywords keyword key tags buzzwords rubric concepts concept covered points",
        r"(?:^|\s)(?:keywords?|key\s+words|tags|key\s+terms|buzzwords|rubric(?:\s+matched)?|"
        r"concepts?\s+covered|covered\s+concepts|points\s+covered)\s*:",
    ),
    (
        "score grade rating mark marks",
        r"[\"']?\b(?:score|grade|rating|marks?)\b[\"']?\s*[:=]\s*[\"']?\d",
    ),
    # the same in other languages people try: Spanish, French, German, Portuguese
    (
        "ignora ignore ignorez ignoriere ignorar",
        r"\bignor(?:a|e|ez|iere|ar)\b[^.\n]{0,40}\b(?:instrucciones|r[uú]brica|instructions|"
        r"anweisungen|regeln|instru[cç][oõ]es)\b",
    ),
    (
        "puntuacion maximale punktzahl nota",
        r"puntuaci[oó]n\s+m[aá]xima|note\s+maximale|volle\s+punktzahl|nota\s+m[aá]xima",
    ),
]


ADDRESSED = [(frozenset(cues.split()), pattern) for cues, pattern in _ADDRESSED]


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern compiled the first time an answer has one of its cues: compiling all of them
    would cost every grade's start-up more than grading does."""
    return re.compile(pattern)


MARKUP = r"\[/?inst\]|<\|[a-z_]+\|>|<\s*/?\s*(?:system|s|instruction)\s*>|<!--|满分|忽略"


def addressed_to_grader(text: str, words: set[str]) -> int | None:
    """Where text addressed to the grader begins, or None (`words`: the answer's words).
    Everything from there on is set aside: an answer is written to an interviewer, and
    nothing said to the grader earns."""
    lower = text.lower()
    starts = [
        m.start() for cues, p in ADDRESSED if cues & words and (m := _compiled(p).search(lower))
    ]
    if "<" in text or "[" in text or not text.isascii():
        starts += [m.start() for m in [_compiled(MARKUP).search(lower)] if m]
    return min(starts, default=None)
