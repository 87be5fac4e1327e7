"""Find an alias in an answer: each of its words, close together, in any order.

Words of five letters or more may carry a typo. Short words (four characters or fewer: PSI,
KS, RCA, k8s) only match whole tokens, exactly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from aiops_prep.text import FILLER, common_words, stem, words_of

FUZZY_MIN_LENGTH = 5  # shorter tokens match exactly: acronyms must not fuzz into other words
SHORT_ALIAS = 4  # an alias this short (PSI, RCA, k8s, SHAP) matches whole words only
LONG_WORD = 10  # from this length two typos are allowed, below it one
SPAN_SLACK = 4  # words allowed between (or around) an alias's words
MAX_PLACES = 4  # places of one alias looked at in an answer
MAX_ANCHORS = 256  # occurrences of its rarest word tried
EXACT = "="  # marks an alias word that must appear as typed: acronyms and short words

Span = tuple[int, int]  # first and last word of the answer, inclusive


@lru_cache(maxsize=65536)
def alias_words(alias: str) -> tuple[str, ...]:
    """An alias's words as the matcher looks for them, without filler.

    Short aliases (PSI, SHAP, k8s) and words of three letters or fewer match whole words only
    (marked with EXACT); the rest match by stem. An alias that needs its filler keeps it, and
    so does a hyphenated word ("do-calculus" is not "calculus").
    """
    content = content_words(alias)
    # "one-on-one" would shrink to "one one", which any single "one" satisfies.
    if not content or len(set(content)) < len(content):
        content = tuple(words_of(alias))
    short = len(alias.strip()) <= SHORT_ALIAS
    return tuple(EXACT + w if short or len(w) <= 3 else stem(w) for w in content)


@lru_cache(maxsize=65536)
def content_words(alias: str) -> tuple[str, ...]:
    """The words of an alias that carry it: all but filler, and all of a hyphenated word."""
    if "-" not in alias:
        return tuple(w for w in words_of(alias) if w not in FILLER)
    words: list[str] = []
    for token in alias.split():
        parts = words_of(token)
        words += parts if "-" in token.strip("-") else [w for w in parts if w not in FILLER]
    return tuple(words)


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


class Vocabulary:
    """The words a question's aliases look for, bucketed by first letter and length, so that
    an answer's typos are looked up once per answer word, not once per alias word."""

    def __init__(self, patterns: Iterable[tuple[str, ...]]) -> None:
        self.words = frozenset(w for p in patterns for w in p if not w.startswith(EXACT))
        self.buckets: dict[str, list[tuple[str, frozenset[str], int]]] = {}
        for w in self.words:
            if len(w) >= FUZZY_MIN_LENGTH:
                typos = 2 if len(w) >= LONG_WORD else 1  # an edit or a swap of neighbours each
                self.buckets.setdefault(w[0] + str(len(w)), []).append((w, frozenset(w), typos))

    def near(self, typed: str) -> list[tuple[str, int]]:
        """Vocabulary words `typed` may be a typo of, with the typos each allows. Cheap
        necessary conditions only: the same first letter (a typo rarely hits it, so "forest"
        is not "iforest"), and each edit changes the length by at most one and the set of
        letters by at most two."""
        size, letters = len(typed), frozenset(typed)
        return [
            (w, typos)
            for length in range(size - 2, size + 3)
            for w, chars, typos in self.buckets.get(typed[0] + str(length), ())
            if abs(length - size) <= typos and len(letters ^ chars) <= 2 * typos
        ]


class Index:
    """Where each word of an answer occurs: by stem, as typed, joined with its neighbour
    ("data dog" as "datadog"), or as a typo of a word the question looks for."""

    def __init__(self, words: list[str], raw: list[str], vocabulary: Vocabulary) -> None:
        self.words, self.raw, self.vocabulary = words, raw, vocabulary
        # One pass over the answer, a long one paying for its length once: word positions by
        # stem; as typed only for short words (EXACT looks for those alone); and neighbours
        # joined only where that makes a word the question looks for.
        positions: dict[str, list[int]] = {}
        typed: dict[str, list[int]] = {}
        pairs: dict[str, list[Span]] = {}
        joinable, previous = vocabulary.words, ""
        for i, word in enumerate(words):
            if word in positions:
                positions[word].append(i)
            else:
                positions[word] = [i]
            as_typed = raw[i]
            if len(as_typed) <= SHORT_ALIAS + 1:
                typed.setdefault(as_typed, []).append(i)
            if previous + word in joinable and len(previous) >= 3 and len(word) >= 3:
                pairs.setdefault(previous + word, []).append((i - 1, i))
            previous = word
        self.positions, self._typed, self._pairs = positions, typed, pairs
        self._typos: dict[str, list[int]] | None = None
        self._found: dict[str, tuple[list[Span], list[int]]] = {}

    def find(self, word: str) -> tuple[list[Span], list[int]]:
        """Where `word` occurs, sorted, with the start of each place (for bisecting)."""
        found = self._found.get(word)
        if found is None:
            found = self._found[word] = self._find(word)
        return found

    def _find(self, word: str) -> tuple[list[Span], list[int]]:
        if word.startswith(EXACT):
            word = word[1:]
            plural = word[:-1] if word.endswith("s") and len(word) > 3 else word + "s"
            at = sorted(self._typed.get(word, []) + self._typed.get(plural, []))
        else:
            at = self.positions.get(word) or self.typos().get(word, [])
        if not at and word in self._pairs:
            pairs = self._pairs[word]
            return pairs, [lo for lo, _ in pairs]
        return [(i, i) for i in at], at

    def typos(self) -> dict[str, list[int]]:
        """Vocabulary words the answer typed with a typo, with where. An answer word that is
        common English was typed on purpose ("replace" never stands for "replay"); rapidfuzz
        is imported only when some word is a near miss, so most answers never load it."""
        if self._typos is None:
            self._typos = {}
            vocabulary, common = self.vocabulary, None
            for typed, at in self.positions.items():
                if len(typed) < FUZZY_MIN_LENGTH - 1 or typed in vocabulary.words:
                    continue
                near = vocabulary.near(typed)
                if not near:
                    continue
                common = common or common_words()
                if all(self.raw[i] in common for i in at):
                    continue
                distance = _rapidfuzz()
                for word, typos in near:
                    if distance(typed, word, score_cutoff=typos) <= typos:
                        self._typos.setdefault(word, []).extend(at)
            for at in self._typos.values():
                at.sort()
        return self._typos


@lru_cache(maxsize=1)
def _rapidfuzz() -> Any:
    """rapidfuzz's edit distance (optimal string alignment: a swap is one edit), imported on
    first use: commands that do not grade start faster."""
    from rapidfuzz.distance import OSA

    return OSA.distance


def occurrences(words: tuple[str, ...], index: Index, ordered: bool = False) -> Iterator[Span]:
    """The places the answer holds all the words of an alias close together, in order.

    Each place starts from one occurrence of the alias's rarest word in the answer and takes
    the nearest occurrence of each other word, found by bisection. At most MAX_PLACES are
    given, from at most MAX_ANCHORS tries: an alias typed a thousand times says no more than
    one typed four times, and a long answer costs no more than a short one. `ordered`: the
    words in the alias's order, as a claim needs them ("A beats B" is not "B beats A").
    """
    hits = []
    for word in words:  # most aliases fail on their first word: stop there
        found = index.find(word)
        if not found[0]:
            return
        hits.append(found)
    anchor = min(range(len(hits)), key=lambda i: len(hits[i][0]))
    others = hits[:anchor] + hits[anchor + 1 :]
    limit = len(words) + SPAN_SLACK
    given = 0
    for first in hits[anchor][0][:MAX_ANCHORS]:
        lo, hi = first
        places = []
        for spans, starts in others:
            nearest = _nearest(spans, starts, first[0])
            lo, hi = min(lo, nearest[0]), max(hi, nearest[1])
            places.append(nearest[0])
        if ordered:
            places.insert(anchor, first[0])
            if places != sorted(places):
                continue
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
