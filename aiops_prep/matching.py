"""Find an alias in an answer: each of its words, close together, in any order.

Words of five letters or more may carry a typo. Short words (four characters or fewer: PSI,
KS, RCA, k8s) only match whole tokens, exactly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from aiops_prep.text import FILLER, STOPWORDS, common_words, stem, words_of

FUZZY_MIN_LENGTH = 5  # shorter tokens match exactly: acronyms must not fuzz into other words
SHORT_ALIAS = 4  # an alias this short (PSI, RCA, k8s, SHAP) matches whole words only
LONG_WORD = 10  # from this length two typos are allowed, below it one
SPAN_SLACK = 4  # words allowed between (or around) an alias's words
MAX_PLACES = 8  # places of one alias looked at in an answer
EXACT = "="  # marks an alias word that must appear as typed: acronyms and short words

Span = tuple[int, int]  # first and last word of the answer, inclusive


@lru_cache(maxsize=65536)
def alias_words(alias: str) -> tuple[str, ...]:
    """An alias's words as the matcher looks for them, without filler.

    Short aliases (PSI, SHAP, k8s) and words of three letters or fewer match whole words only
    (marked with EXACT); the rest match by stem. An alias that needs its filler keeps it, and
    so does a hyphenated word ("do-calculus" is not "calculus").
    """
    raw = words_of(alias)
    content = content_words(alias)
    # "one-on-one" would shrink to "one one", which any single "one" satisfies.
    if not content or len(set(content)) < len(content):
        content = raw
    short = len(alias.strip()) <= SHORT_ALIAS
    return tuple(EXACT + w if short or len(w) <= 3 else stem(w) for w in content)


def content_words(alias: str) -> list[str]:
    """The words of an alias that carry it: all but filler, and all of a hyphenated word."""
    words = []
    for token in alias.split():
        parts = words_of(token)
        words += parts if "-" in token.strip("-") else [w for w in parts if w not in FILLER]
    return words


@lru_cache(maxsize=65536)
def joined(alias: str) -> str | None:
    """A two- or three-word alias as one word ("hugging face" -> "huggingface"), if sensible."""
    words = content_words(alias)
    if not 2 <= len(words) <= 3 or len(alias.strip()) <= SHORT_ALIAS:
        return None
    return stem("".join(words))


def patterns(term: str) -> tuple[tuple[str, ...], ...]:
    """The word sequences that count as typing `term`: its words, and its words joined."""
    one_word = joined(term)
    return (alias_words(term),) if one_word is None else (alias_words(term), (one_word,))


class Index:
    """Where each word of an answer occurs: by stem, as typed, or joined with its neighbour."""

    def __init__(self, words: list[str], raw: list[str]) -> None:
        self.words, self.raw = words, raw
        self.spans: dict[str, list[Span]] = {}
        for i, word in enumerate(words):
            if word in self.spans:
                self.spans[word].append((i, i))
            else:
                self.spans[word] = [(i, i)]
        self._typed: dict[str, list[Span]] | None = None
        self._found: dict[str, tuple[list[Span], list[int]]] = {}
        self._long: dict[str, list[tuple[str, frozenset[str]]]] | None = None
        self._real: dict[str, bool] = {}

    def typed(self, word: str) -> list[Span]:
        """Where the answer has exactly this word, as typed (lowercased)."""
        if self._typed is None:
            self._typed = {}
            for i, as_typed in enumerate(self.raw):
                self._typed.setdefault(as_typed, []).append((i, i))
        return self._typed.get(word, [])

    def find(self, word: str) -> tuple[list[Span], list[int]]:
        """Where `word` occurs, sorted, with the start of each place (for bisecting)."""
        found = self._found.get(word)
        if found is None:
            spans = self._find(word)
            found = self._found[word] = (spans, [s[0] for s in spans])
        return found

    def _find(self, word: str) -> list[Span]:
        if word.startswith(EXACT):
            word = word[1:]
            plural = word[:-1] if word.endswith("s") and len(word) > 3 else word + "s"
            return sorted(self.typed(word) + self.typed(plural))
        exact = self.spans.get(word) or self._pair(word)
        if exact or len(word) < FUZZY_MIN_LENGTH:
            return exact or []
        return self._fuzzy_find(word)

    def _pair(self, word: str) -> list[Span]:
        """Where two neighbouring words of the answer make `word` ("data dog", "datadog")."""
        found: list[Span] = []
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if left in self.spans and right in self.spans and not {left, right} & STOPWORDS:
                after = {i for i, _ in self.spans[right]}
                found += [(i, i + 1) for i, _ in self.spans[left] if i + 1 in after]
        return sorted(found)

    def _fuzzy_find(self, word: str) -> list[Span]:
        if self._long is None:
            self._long = {}
            for w in self.spans:
                if len(w) >= FUZZY_MIN_LENGTH:
                    self._long.setdefault(w[0] + str(len(w)), []).append((w, frozenset(w)))
        typos = 2 if len(word) >= LONG_WORD else 1  # an edit or a swap of neighbours each
        size, letters = len(word), frozenset(word)
        # Cheap necessary conditions first: a typo rarely hits the first letter (so "forest"
        # is not "iforest"), and each edit changes the length by at most one and the set of
        # letters by at most two. Only near misses are looked at further, so most answers
        # never load the word list or import rapidfuzz.
        choices = [
            c
            for length in range(size - typos, size + typos + 1)
            for c, chars in self._long.get(word[0] + str(length), ())
            if len(letters ^ chars) <= 2 * typos and not self._is_real(c)
        ]
        if not choices:
            return []
        extract, distance = _rapidfuzz()
        matches = extract(word, choices, scorer=distance, score_cutoff=typos, limit=None)
        return sorted(s for candidate, _, _ in matches for s in self.spans[candidate])

    def _is_real(self, stemmed: str) -> bool:
        """Whether every answer word with this stem is common English: typed on purpose, so
        "replace" never stands for "replay"."""
        real = self._real.get(stemmed)
        if real is None:
            common = common_words()
            typed = [self.raw[i] for i, j in self.spans.get(stemmed, ()) if i == j]
            real = self._real[stemmed] = bool(typed) and all(t in common for t in typed)
        return real


@lru_cache(maxsize=1)
def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's matcher, imported on first use: commands that do not grade start faster."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return process.extract, OSA.distance


def occurrences(words: tuple[str, ...], index: Index) -> Iterator[Span]:
    """The places the answer holds all the words of an alias close together, in order.

    Each place starts from one occurrence of the alias's first word and takes the nearest
    occurrence of each other word, found by bisection. At most MAX_PLACES are given: an alias
    typed a thousand times says no more than one typed eight times, and costs no more.
    """
    hits = []
    for word in words:  # most aliases fail on their first word: stop there
        found = index.find(word)
        if not found[0]:
            return
        hits.append(found)
    limit = len(words) + SPAN_SLACK
    given = 0
    for first in hits[0][0]:
        lo, hi = first
        for spans, starts in hits[1:]:
            nearest = _nearest(spans, starts, first[0])
            lo, hi = min(lo, nearest[0]), max(hi, nearest[1])
        if hi - lo < limit:
            yield lo, hi
            given += 1
            if given == MAX_PLACES:
                return


def _nearest(spans: list[Span], starts: list[int], position: int) -> Span:
    at = bisect_left(starts, position)
    if at == 0:
        return spans[0]
    if at == len(spans):
        return spans[-1]
    before, after = spans[at - 1], spans[at]
    return before if position - before[0] <= after[0] - position else after
