"""Score a typed answer against a question's key concepts, by what the answer claims.

A concept is covered when the answer mentions it (one of its aliases, see `matching`) in a
statement that asserts it; a mention inside a negated or contrary statement ("there is no
drift", "seasonality doesn't matter", see `negation`) contradicts it, and costs its weight.
So does each misconception of the question the answer states. Only specific evidence counts:
one common English word, words of the question itself, or an alias two concepts share cover
nothing. The answer's form then caps the score: a bare list of terms, a recital of the hint,
text addressed to the grader, an answer that fits another question of the bank better (see
`checks` and `relevance`). A vague answer on the topic scores a little above zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from aiops_prep.bands import band as band  # re-exported: grading.band(score)
from aiops_prep.bank import Concept, Misconception, Question

if TYPE_CHECKING:
    from aiops_prep.semantic import Encoder
from aiops_prep.checks import addressed_to_grader, copied_share, is_list
from aiops_prep.matching import (
    EXACT,
    Index,
    Span,
    Vocabulary,
    alias_words,
    content_words,
    occurrences,
    patterns,
)
from aiops_prep.memo import by_identity
from aiops_prep.negation import ANTONYMS, Negation, Scopes
from aiops_prep.relevance import Profiles, Relevance, profiles
from aiops_prep.text import FILLER, STOPWORDS, common_words, stem, tokenize, word_spans, words_of

MAX_ANSWER_CHARS = 20_000  # the rest of a pasted essay is not read
MAX_MENTIONS = 16  # mentions of one concept read before its denials count as its answer
SENTENCE_ENDS = frozenset(".!?;,\n")  # a term's words are looked for within one clause
WRONG_COST = 2  # a confident wrong claim costs twice what a right one earns
LIST_CAP = 30  # a bare list of terms, however many
COPY_CAP = 40  # an answer that mostly repeats the hint or the question
COPY_SHARE = 0.5  # share of the answer's word pairs taken from the hint or question
OFF_TOPIC_CAP = 0  # an answer that fits another question clearly better
OFF_TOPIC_RATIO = 1.5  # "clearly better": this many times the own question's similarity
OFF_TOPIC_MIN = 0.25  # and as close to the other question as a typical partial answer to its own
VAGUE_MAX = 10  # the most an on-topic answer that makes no point can score
ON_TOPIC = 0.2  # TF-IDF similarity to its question at which an answer reads fully on topic

FLAGS = {
    "list": "a list of terms, not an explanation: say how they connect",
    "hint_copy": "mostly the hint's or the question's own words: explain in yours",
    "addressed_to_grader": "text addressed to the grader earns nothing",
    "off_topic": "this reads like an answer to another question",
}


class ConceptResult(NamedTuple):
    concept: Concept
    matched: str | None  # the words of the answer, as typed; None when not mentioned
    where: tuple[int, int] | None = None  # their character offsets in the answer
    contradicted: bool = False  # mentioned only in negated or contrary statements
    paraphrase: bool = False  # covered in the answer's own words (the semantic step)

    @property
    def covered(self) -> bool:
        return self.matched is not None and not self.contradicted


class MisconceptionResult(NamedTuple):
    misconception: Misconception
    matched: str  # the words of the answer that state it
    where: tuple[int, int]


class Grade(NamedTuple):
    question_id: int
    score: int
    results: tuple[ConceptResult, ...]
    prose: float  # 0..1, how much the answer reads as explanation rather than a term list
    misconceptions: tuple[MisconceptionResult, ...] = ()
    flags: tuple[str, ...] = ()  # keys of FLAGS
    relevance: Relevance | None = None
    grader: str = "lexical"  # or "semantic": an encoder was given and read the answer too

    @property
    def covered(self) -> tuple[Concept, ...]:
        return tuple(r.concept for r in self.results if r.covered)

    @property
    def missed(self) -> tuple[Concept, ...]:
        """Not covered: never mentioned, or contradicted."""
        return tuple(r.concept for r in self.results if not r.covered)

    @property
    def contradicted(self) -> tuple[ConceptResult, ...]:
        return tuple(r for r in self.results if r.contradicted)

    @property
    def band(self) -> str:
        return band(self.score)


def grade(
    question: Question,
    answer: str,
    questions: Sequence[Question] = (),
    encoder: Encoder | None = None,
) -> Grade:
    """Grade `answer` for `question`; pure and deterministic.

    `questions` is the question's bank: with it, the answer is also checked against every
    other question (relevance); without it, only against its own. With an `encoder` (the
    semantic extra), points the words missed may be found in the answer's own words.
    """
    answer = answer[:MAX_ANSWER_CHARS]
    grader = "lexical" if encoder is None else "semantic"
    flags = []
    spans = word_spans(answer)
    raw = [w for w, _, _ in spans]
    cut = addressed_to_grader(answer, set(raw))
    if cut is not None:
        flags.append("addressed_to_grader")
        answer = answer[:cut]
        spans = word_spans(answer)
        raw = [w for w, _, _ in spans]
    words = [stem(w) for w in raw]
    prepared = _prepare(question)
    bank = profiles(questions) if questions else _alone(question)
    relevance = bank.relevance(question.id, words)
    if not words:
        results = tuple(ConceptResult(c, None) for c in question.concepts)
        return Grade(question.id, 0, results, 0.0, (), tuple(flags), relevance, grader)
    reader = _Reader(answer, spans, Index(words, raw, prepared.vocabulary))
    results = _claimed_elsewhere(
        tuple(reader.concept(c, terms, opposite) for c, terms, opposite in prepared.concepts)
    )
    if encoder is not None:
        results = _in_own_words(results, question, questions, reader, encoder)
    wrong = tuple(m for m in map(reader.misconception, prepared.misconceptions) if m)

    total = sum(c.weight for c in question.concepts)
    found = sum(r.concept.weight for r in results if r.covered)
    lost = sum(r.concept.weight for r in results if r.contradicted)
    lost += len(wrong) * total / len(question.concepts)  # a wrong claim costs an average point
    lost *= WRONG_COST
    score = 100 * max(0.0, found - lost) / total
    if question.drafted and not (lost or flags):
        # Concepts drafted from the hint by `import`: the hint is the one real reference, so
        # the answer's TF-IDF closeness to the question counts for half, as in classic
        # short-answer grading, and a right answer in words the drafts miss is not 0.
        score = (score + 100 * min(1.0, relevance.score / ON_TOPIC)) / 2
    if is_list(answer, spans):
        flags.append("list")
        score = min(score, LIST_CAP)
    if copied_share(words, prepared.given) >= COPY_SHARE:
        flags.append("hint_copy")
        score = min(score, COPY_CAP)
    other = relevance.best_other_score
    if other >= OFF_TOPIC_MIN and other > OFF_TOPIC_RATIO * relevance.score and score < 100:
        flags.append("off_topic")
        score = min(score, OFF_TOPIC_CAP)
    elif questions and not (lost or flags):  # shallow but on this question: above a wrong one
        score = max(score, VAGUE_MAX * min(1.0, relevance.score / ON_TOPIC))
    prose = prose_ratio(words)
    return Grade(question.id, round(score), results, prose, wrong, tuple(flags), relevance, grader)


PROSE_SHARE = 0.2  # this share of function words or more reads as explanation


def prose_ratio(words: list[str]) -> float:
    """Connective words per word, scaled so ordinary explanatory English reaches 1.0."""
    if not words:
        return 0.0
    share = sum(w in STOPWORDS for w in words) / len(words)
    return min(1.0, share / PROSE_SHARE)


def _in_own_words(
    results: tuple[ConceptResult, ...],
    question: Question,
    questions: Sequence[Question],
    reader: _Reader,
    encoder: Encoder,
) -> tuple[ConceptResult, ...]:
    """Concepts never mentioned that the answer makes in other words (see `paraphrase`)."""
    from aiops_prep import paraphrase

    wanted = [i for i, r in enumerate(results) if r.matched is None]
    found = paraphrase.matches(
        encoder, question, questions, reader.text, reader.scopes, reader.spans, wanted
    )
    covered = list(results)
    for match in found:
        start, end = match.where
        text = reader.text[start:end]
        covered[match.concept] = ConceptResult(
            results[match.concept].concept, text, match.where, paraphrase=True
        )
    return tuple(covered)


def _claimed_elsewhere(results: tuple[ConceptResult, ...]) -> tuple[ConceptResult, ...]:
    """A negated mention that is another concept's point is that concept's, not a
    contradiction: "no labels needed" covers unsupervised learning, and does not deny that
    supervised learning needs labels."""
    covered = [r.where for r in results if r.covered and r.where]
    return tuple(
        ConceptResult(r.concept, None)
        if r.contradicted and r.where and any(_overlap(r.where, w) for w in covered)
        else r
        for r in results
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- what counts as evidence -----------------------------------------------------------------


def weak_evidence(term: str, question: Question) -> str | None:
    """Why `term` (a concept's name or alias) proves nothing on its own, or None if it can.

    The same rules warn in `validate` and keep such terms from covering anything here.
    """
    words = content_words(term)  # what the matcher looks for
    if all(w in STOPWORDS for w in words):
        return "has no words that carry meaning"
    if len(words) == 1 and _is_common(term):
        return "is one common English word"
    asked = _asked(question.question)
    if all(w in STOPWORDS or stem(w) in asked for w in words):
        return "is made of the question's own words"
    return None


def _is_common(term: str) -> bool:
    """A word of everyday English, written as one ("span", "exception", "retry"). Acronyms
    (PSI, RAG), names written with a capital (Prophet, Nagios) and hyphenated terms
    (do-calculus, k-means) are terms of art."""
    word = term.strip()
    if not word.islower() or "-" in word.strip("-") or any(c.isdigit() for c in word):
        return False
    return all(w in common_words() for w in words_of(word) if w not in FILLER)


@lru_cache(maxsize=4096)
def _asked(question: str) -> frozenset[str]:
    return frozenset(tokenize(question))


def shared_terms(question: Question) -> dict[tuple[str, ...], list[str]]:
    """Terms that two or more concepts of the question share (by their matched words)."""
    owners: dict[tuple[str, ...], list[str]] = {}
    for concept in question.concepts:
        for key in {alias_words(t) for t in concept.terms}:
            owners.setdefault(key, []).append(concept.name)
    return {key: names for key, names in owners.items() if len(names) > 1}


class _Prepared(NamedTuple):
    # each concept with the word patterns that cover it and those that state its opposite
    concepts: tuple[tuple[Concept, tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]], ...]
    misconceptions: tuple[tuple[Misconception, tuple[tuple[str, ...], ...]], ...]
    given: list[str]  # the words of the hint and the question, which an answer should not copy
    vocabulary: Vocabulary  # every word the patterns look for


@by_identity
def _alone(question: Question) -> Profiles:
    """Relevance when a question is graded without its bank: its own profile only."""
    return Profiles((question,))


@by_identity
def _prepare(question: Question) -> _Prepared:
    """The question's patterns, once per question per process."""
    shared = shared_terms(question)
    concepts = []
    for concept in question.concepts:
        terms = [
            t
            for t in concept.terms
            if alias_words(t) not in shared and weak_evidence(t, question) is None
        ]
        found = tuple(p for t in terms for p in patterns(t))
        concepts.append((concept, found, tuple(_opposites(terms))))
    wrong = tuple(
        (m, tuple(p for phrase in m.phrasings for p in patterns(phrase)))
        for m in question.misconceptions
    )
    given = tokenize(f"{question.hint}\n{question.question}")
    every = [p for _, terms, opposite in concepts for p in (*terms, *opposite)]
    vocabulary = Vocabulary([*every, *(p for _, phrasings in wrong for p in phrasings)])
    return _Prepared(tuple(concepts), wrong, given, vocabulary)


def _opposites(terms: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """What a term says in reverse: without its "non-" ("stationary data" denies
    "non-stationary data"), or with one word turned into its antonym ("labels are cheap"
    denies "labels are expensive"). Only terms of two words or more: one antonym alone
    ("easy") is no claim about anything."""
    for term in terms:
        words = content_words(term)
        if len(words) < 2:
            continue
        matched = alias_words(term)
        for i, word in enumerate(words):
            if word.startswith("non") and len(word) > 6:
                swaps: Iterable[str] = (word[3:],)
            else:
                swaps = ANTONYMS.get(word, ())
            for swap in swaps:
                yield (*matched[:i], stem(swap), *matched[i + 1 :])


# --- reading one answer --------------------------------------------------------------------


class _Reader:
    """One answer, indexed once, asked about each concept and misconception."""

    def __init__(self, text: str, spans: list[tuple[str, int, int]], index: Index) -> None:
        self.text, self.spans, self.index = text, spans, index
        self._scopes: Scopes | None = None

    @property
    def scopes(self) -> Scopes:
        if self._scopes is None:
            self._scopes = Scopes(self.text, self.spans, self.index.raw)
        return self._scopes

    def concept(
        self,
        concept: Concept,
        terms: Sequence[tuple[str, ...]],
        opposites: Sequence[tuple[str, ...]],
    ) -> ConceptResult:
        denied: tuple[Span, Negation | None] | None = None
        for tried, (place, negation, own) in enumerate(self._places(terms)):
            if negation is None:
                contrast = self.scopes.negation(*place, own, strict=True)
                if contrast is not None and contrast.kind == "contrast":
                    continue  # "A rather than B" neither states B nor denies it
                return ConceptResult(concept, *self._words(place))
            denied = denied or (place, negation)
            if tried == MAX_MENTIONS:
                break  # a point denied this often is denied
        for place, negation, _ in self._places(opposites):
            if negation is not None:  # "not stationary" is "non-stationary"
                return ConceptResult(concept, *self._words(place))
            denied = denied or (place, None)
        if denied is not None:
            return ConceptResult(concept, *self._words(*denied), contradicted=True)
        return ConceptResult(concept, None)

    def misconception(
        self, item: tuple[Misconception, Sequence[tuple[str, ...]]]
    ) -> MisconceptionResult | None:
        misconception, phrasings = item
        for place, negation, _ in self._places(phrasings, strict=True):
            if negation is None:
                return MisconceptionResult(misconception, *self._words(place))
        return None

    def _places(
        self, terms: Sequence[tuple[str, ...]], strict: bool = False
    ) -> Iterator[tuple[Span, Negation | None, frozenset[str]]]:
        """Where the terms occur within one sentence, each with what negates it and the
        term's own words. A wrong claim (`strict`) must also have its words in order."""
        for words in terms:
            own: frozenset[str] | None = None
            for place in occurrences(words, self.index, ordered=strict):
                if self._across_sentences(place):
                    continue
                own = own or frozenset(w.lstrip(EXACT) for w in words)
                yield place, self.scopes.negation(*place, own, strict), own

    def _across_sentences(self, place: Span) -> bool:
        spans, text = self.spans, self.text
        return any(
            any(c in SENTENCE_ENDS for c in text[spans[i - 1][2] : spans[i][1]])
            for i in range(place[0] + 1, place[1] + 1)
        )

    def _words(self, place: Span, negation: Negation | None = None) -> tuple[str, tuple[int, int]]:
        """The answer's words at `place` as typed, with the negation that denies them."""
        lo, hi = place
        if negation is not None:
            lo, hi = min(lo, negation.start), max(hi, negation.end)
        start, end = self.spans[lo][1], self.spans[hi][2]
        return self.text[start:end], (start, end)
