"""Score a typed answer against a question's key concepts.

An answer and every alias are reduced to stemmed word tokens. An alias is found when each of its
content words appears in the answer close together, in any order; words of five letters or more
may carry a typo.
Short words (four characters or fewer: PSI, KS, RCA, k8s) only match whole tokens, exactly.
The score is the weighted share of concepts found, scaled down when the answer is a bare list of
terms rather than sentences that connect them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from aiops_prep.bank import Concept, Question

FUZZY_MIN_LENGTH = 5  # shorter tokens match exactly: acronyms must not fuzz into other words
SHORT_ALIAS = 4  # an alias this short (PSI, RCA, k8s, SHAP) matches whole words only
LONG_WORD = 10  # from this length two typos are allowed, below it one
SPAN_SLACK = 4  # words allowed between (or around) an alias's words
MAX_ANSWER_CHARS = 20_000  # the rest of a pasted essay is not read

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

PROSE_SHARE = 0.2  # this share of function words or more reads as explanation
LIST_FLOOR = 0.3  # a bare list of terms keeps this fraction of its coverage score

BANDS = ((85, "strong"), (70, "good"), (40, "partial"), (0, "needs work"))


class ConceptResult(NamedTuple):
    concept: Concept
    matched: str | None  # the words of the answer that matched, as typed; None when missed
    where: tuple[int, int] | None = None  # their character offsets in the answer

    @property
    def covered(self) -> bool:
        return self.matched is not None


class Grade(NamedTuple):
    question_id: int
    score: int
    results: tuple[ConceptResult, ...]
    prose: float  # 0..1, how much the answer reads as explanation rather than a term list

    @property
    def covered(self) -> tuple[Concept, ...]:
        return tuple(r.concept for r in self.results if r.covered)

    @property
    def missed(self) -> tuple[Concept, ...]:
        return tuple(r.concept for r in self.results if not r.covered)

    @property
    def band(self) -> str:
        return band(self.score)


def band(score: int) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def grade(question: Question, answer: str) -> Grade:
    """Grade `answer` for `question`; pure and deterministic."""
    answer = answer[:MAX_ANSWER_CHARS]
    spans = word_spans(answer)
    words = [stem(w) for w, _, _ in spans]
    if not words:
        results = tuple(ConceptResult(c, None) for c in question.concepts)
        return Grade(question.id, 0, results, 0.0)
    index = _Index(words, [w for w, _, _ in spans])
    results = tuple(_result(c, index, spans, answer) for c in question.concepts)
    total = sum(c.weight for c in question.concepts)
    found = sum(r.concept.weight for r in results if r.covered)
    prose = prose_ratio(words)
    score = round(100 * found / total * (LIST_FLOOR + (1 - LIST_FLOOR) * prose))
    return Grade(question.id, max(0, min(100, score)), results, prose)


def prose_ratio(words: list[str]) -> float:
    """Connective words per word, scaled so ordinary explanatory English reaches 1.0.

    Explanations, even terse typed ones, run at 25-50% function words ("so", "the", "because",
    "which"); a comma-separated list of terms has almost none. Very short answers are not
    judged on it.
    """
    if len(words) < 8:
        return 1.0
    share = sum(w in STOPWORDS for w in words) / len(words)
    return min(1.0, share / PROSE_SHARE)


WORD = re.compile(r"[a-z0-9]+")


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Lowercase, ASCII-folded words with their character offsets in `text`."""
    if text.isascii():
        return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text.lower())]
    spans = []
    for match in re.finditer(r"\w+", text):
        folded = unicodedata.normalize("NFKD", match.group()).encode("ascii", "ignore").decode()
        spans += [(w, match.start(), match.end()) for w in WORD.findall(folded.lower())]
    return spans


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


EXACT = "="  # marks an alias word that must appear as typed: acronyms and short words


@lru_cache(maxsize=65536)
def alias_words(alias: str) -> tuple[str, ...]:
    """An alias's words as the matcher looks for them, without filler.

    Short aliases (PSI, SHAP, k8s) and words of three letters or fewer match whole words only
    (marked with EXACT); the rest match by stem. An alias that needs its filler keeps it.
    """
    raw = words_of(alias)
    content = [w for w in raw if w not in FILLER]
    # "one-on-one" would shrink to "one one", which any single "one" satisfies.
    if not content or len(set(content)) < len(content):
        content = raw
    short = len(alias.strip()) <= SHORT_ALIAS
    return tuple(EXACT + w if short or len(w) <= 3 else stem(w) for w in content)


@lru_cache(maxsize=65536)
def joined(alias: str) -> str | None:
    """A two- or three-word alias as one word ("hugging face" -> "huggingface"), if sensible."""
    words = [w for w in words_of(alias) if w not in FILLER]
    if not 2 <= len(words) <= 3 or len(alias.strip()) <= SHORT_ALIAS:
        return None
    return stem("".join(words))


Span = tuple[int, int]  # first and last word of the answer, inclusive


class _Index:
    """Where each word of an answer occurs: by stem, as typed, and joined with its neighbour."""

    def __init__(self, words: list[str], raw: list[str]) -> None:
        self.words, self.raw = words, raw
        self.spans: dict[str, list[Span]] = {}
        for i, word in enumerate(words):
            if word in self.spans:
                self.spans[word].append((i, i))
            else:
                self.spans[word] = [(i, i)]
        for i in range(len(words) - 1):
            left, right = words[i], words[i + 1]
            if (
                len(left) >= 3
                and len(right) >= 3
                and left not in STOPWORDS
                and right not in STOPWORDS
            ):
                self.spans.setdefault(left + right, []).append((i, i + 1))
        self._typed: dict[str, list[Span]] | None = None
        self._fuzzy: dict[str, list[Span]] = {}
        self._long: dict[str, list[tuple[str, int, frozenset[str]]]] | None = None

    def typed(self, word: str) -> list[Span]:
        """Where the answer has exactly this word, as typed (lowercased)."""
        if self._typed is None:
            self._typed = {}
            for i, as_typed in enumerate(self.raw):
                self._typed.setdefault(as_typed, []).append((i, i))
        return self._typed.get(word, [])

    def find(self, word: str) -> list[Span]:
        if word.startswith(EXACT):
            word = word[1:]
            plural = word[:-1] if word.endswith("s") and len(word) > 3 else word + "s"
            return sorted(self.typed(word) + self.typed(plural))
        exact = self.spans.get(word)
        if exact is not None or len(word) < FUZZY_MIN_LENGTH:
            return exact or []
        if word not in self._fuzzy:
            self._fuzzy[word] = self._fuzzy_find(word)
        return self._fuzzy[word]

    def _fuzzy_find(self, word: str) -> list[Span]:
        if self._long is None:
            self._long = {}
            for w in self.spans:
                if len(w) >= FUZZY_MIN_LENGTH:
                    self._long.setdefault(w[0], []).append((w, len(w), frozenset(w)))
        typos = 2 if len(word) >= LONG_WORD else 1  # an edit or a swap of neighbours each
        size, letters = len(word), frozenset(word)
        # Cheap necessary conditions first: a typo rarely hits the first letter (so "forest"
        # is not "iforest"), and each edit changes the length by at most one and the set of
        # letters by at most two. Only near misses are looked at further, so most answers
        # never load the word list or import rapidfuzz.
        choices = [
            c
            for c, length, chars in self._long.get(word[0], ())
            if -typos <= length - size <= typos
            and len(letters ^ chars) <= 2 * typos
            and not self._is_real(c)
        ]
        if not choices:
            return []
        extract, distance = _rapidfuzz()
        matches = extract(word, choices, scorer=distance, score_cutoff=typos, limit=None)
        return sorted(s for candidate, _, _ in matches for s in self.spans[candidate])

    def _is_real(self, stemmed: str) -> bool:
        """Whether every answer word with this stem is common English: typed on purpose, so
        "replace" never stands for "replay". Joined neighbours are never real words."""
        common = common_words()
        typed = [self.raw[i] for i, j in self.spans[stemmed] if i == j]
        return bool(typed) and all(t in common for t in typed)


@lru_cache(maxsize=1)
def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's matcher, imported on first use: commands that do not grade start faster."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return process.extract, OSA.distance


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent English words (see scripts/make_common_words.py): never taken for typos."""
    text = (Path(__file__).parent / "common_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split("\n", 1)[1].split())  # the first line is a comment


@lru_cache(maxsize=1 << 17)  # room for every concept of a 10,000-question bank
def _patterns(concept: Concept) -> tuple[tuple[str, ...], ...]:
    """Every word sequence that counts as mentioning the concept, in the order tried."""
    patterns = []
    for term in concept.terms:
        patterns.append(alias_words(term))
        one_word = joined(term)
        if one_word is not None:
            patterns.append((one_word,))
    return tuple(patterns)


def _result(
    concept: Concept, index: _Index, spans: list[tuple[str, int, int]], answer: str
) -> ConceptResult:
    for words in _patterns(concept):
        found = _find_alias(words, index)
        if found is not None:
            start, end = spans[found[0]][1], spans[found[1]][2]
            return ConceptResult(concept, answer[start:end], (start, end))
    return ConceptResult(concept, None)


def _find_alias(words: tuple[str, ...], index: _Index) -> Span | None:
    """The narrowest span of the answer holding every word of the alias, if close enough."""
    hits = []
    for word in words:  # most aliases fail on their first word: stop there
        found = index.find(word)
        if not found:
            return None
        hits.append(found)
    if not hits:
        return None
    limit = len(words) + SPAN_SLACK
    best: Span | None = None
    for first in hits[0]:
        lo, hi = first
        for spans in hits[1:]:
            nearest = min(spans, key=lambda s: abs(s[0] - first[0]))
            lo, hi = min(lo, nearest[0]), max(hi, nearest[1])
        if hi - lo < limit and (best is None or hi - lo < best[1] - best[0]):
            best = (lo, hi)
    return best
