"""Words as the grader sees them: lowercase, ASCII-folded, lightly stemmed, with word lists."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Words that carry no concept on their own: dropped from aliases, counted as connective prose.
STOPWORDS = frozenset(
    """a an the and or but if then so because since as of to in on at by for with from into onto
    over under than that this these those it its is are was were be been being do does did has
    have had we i you they he she them our my your their which who whom what when where why how
    not no can could should would will may might must also just very more most less such each
    per via vs versus about across between within without while after before until up out off
    all any both every some other only own same too there here""".split()
)

# Dropped from aliases, so "labels are scarce" also matches "labels scarce". Kept short:
# "after the fact", "same host" and "no labels needed" must keep their meaning.
FILLER = frozenset(
    """a an the and or of to in on at by for with from is are was were be been it its this
    that these those we i you they our your their do does can will would should""".split()
)

WORD = re.compile(r"[a-z0-9]+")
Spans = list[tuple[str, int, int]]  # each word with its character offsets in the text


def word_spans(text: str) -> Spans:
    """Lowercase, ASCII-folded words with their character offsets in `text`.

    "non-stationary", "non stationary" and "nonstationary" are one word: the opposite of
    "stationary", never a match for it.
    """
    if text.isascii():
        spans = [(m[0], m.start(), m.end()) for m in WORD.finditer(text.lower())]
    else:
        spans = []
        for match in re.finditer(r"\w+", text):
            folded = unicodedata.normalize("NFKD", match.group()).encode("ascii", "ignore")
            words = WORD.findall(folded.decode().lower())
            spans += [(w, match.start(), match.end()) for w in words]
    if "non" in text.lower() and "non" in (w for w, _, _ in spans):
        spans = _join_non(spans)
    return spans


def _join_non(spans: Spans) -> Spans:
    joined: Spans = []
    for word, start, end in spans:
        if joined and joined[-1][0] == "non" and start - joined[-1][2] <= 1:
            joined[-1] = ("non" + word, joined[-1][1], end)
        else:
            joined.append((word, start, end))
    return joined


def words_of(text: str) -> list[str]:
    """Lowercase, ASCII-folded words."""
    return [word for word, _, _ in word_spans(text)]


def tokenize(text: str) -> list[str]:
    """Stemmed word tokens: what answers and aliases are compared by."""
    return [stem(w) for w in words_of(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper, so plurals and -ing/-ed/-ly forms meet their base word.

    Only ever applied to both sides of a comparison, so the stems need not be real words:
    "scale", "scaled" and "scaling" all become "scal"; "embeddings" and "embed", "embed".
    """
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes")):
        word = word[:-2]
    elif word.endswith("s") and (len(word) == 4 or not word.endswith(("ss", "us", "is"))):
        word = word[:-1]
    for suffix, keep in (("ing", 3), ("ed", 4), ("ly", 5)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
            if suffix != "ly" and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # running -> run, embedded -> embed
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent English words (see scripts/make_common_words.py): never taken for typos, and
    never enough on their own to show that an answer made a specific point."""
    text = (Path(__file__).parent / "common_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split("\n", 1)[1].split())  # the first line is a comment
