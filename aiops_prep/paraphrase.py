"""Credit for a point made in the candidate's own words: the semantic step of grading.

A concept the lexical matcher missed is covered when a sentence or short window of the answer
is close in meaning (MiniLM cosine, see `semantic`) to the concept's `meaning` (or, without
one, its name and first aliases), and that window is about this concept more than about the
question's others. The negation rules still apply: a window that negates, contrasts or doubts
anything earns nothing, and neither does one closer to a misconception of the question than to
the point (a paraphrase of the opposite claim is not credit).

Only `grading` imports this module, and only when an encoder was loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from aiops_prep.bank import Concept, Question

if TYPE_CHECKING:
    import numpy

    from aiops_prep.negation import Scopes
    from aiops_prep.semantic import Encoder

# The cosine from which a window counts as making a concept's point. Calibrated on the dev
# set for this grader version with `python benchmarks/grading.py --calibrate` (thresholds
# 0.30-0.60): Spearman stays 0.89-0.90 throughout; strong plain-language answers score 79 at
# 0.30, 78 at 0.35 and 64 at 0.60 (50 by words alone), so the lowest threshold that keeps
# Spearman within 0.005 of its best among the four lowest.
THRESHOLD = 0.35
MARGIN = 0.05  # the window's best concept, or within this of it
ALIASES_IN_TEXT = 3  # without a meaning: the name and this many aliases describe the concept


class Match(NamedTuple):
    concept: int  # index in question.concepts
    where: tuple[int, int]  # characters of the answer
    similarity: float


def concept_text(concept: Concept) -> str:
    """What the concept means, as the encoder reads it."""
    if concept.meaning:
        return concept.meaning
    return "; ".join((concept.name, *concept.aliases[:ALIASES_IN_TEXT]))


class _BankVectors(NamedTuple):
    rows: dict[int, tuple[int, int, int]]  # question id -> first concept row, concepts, claims
    vectors: numpy.ndarray


_banks: dict[int, tuple[Sequence[Question], _BankVectors]] = {}


def _bank_vectors(encoder: Encoder, questions: Sequence[Question]) -> _BankVectors:
    """Every concept's and misconception claim's vector, once per bank (cached on disk)."""
    entry = _banks.get(id(questions))
    if entry is None or entry[0] is not questions:
        texts: list[str] = []
        rows = {}
        for q in questions:
            rows[q.id] = (len(texts), len(q.concepts), len(q.misconceptions))
            texts += [concept_text(c) for c in q.concepts]
            texts += [m.claim for m in q.misconceptions]
        entry = _banks[id(questions)] = (
            questions,
            _BankVectors(rows, encoder.concept_vectors("bank", texts)),
        )
    return entry[1]


def matches(
    encoder: Encoder,
    question: Question,
    questions: Sequence[Question],
    answer: str,
    scopes: Scopes,
    spans: list[tuple[str, int, int]],
    wanted: Sequence[int],
) -> list[Match]:
    """The concepts among `wanted` (indexes) that a window of the answer makes in other words."""
    from aiops_prep import semantic

    windows = [w for w in semantic.windows(answer) if not _denies(scopes, spans, w)]
    if not windows or not wanted:
        return []
    bank = _bank_vectors(encoder, questions or (question,))
    first, concepts, claims = bank.rows[question.id]
    points = bank.vectors[first : first + concepts]
    wrong = bank.vectors[first + concepts : first + concepts + claims]
    answer_vectors = encoder.encode([answer[s:e] for s, e in windows])
    similar = points @ answer_vectors.T  # concepts x windows
    best_point = similar.max(axis=0)
    worst_claim = (wrong @ answer_vectors.T).max(axis=0) if claims else None
    found = []
    for i in wanted:
        j = int(similar[i].argmax())
        value = float(similar[i, j])
        if value < THRESHOLD or value < best_point[j] - MARGIN:
            continue
        if worst_claim is not None and worst_claim[j] >= value:
            continue  # closer to a wrong claim than to the point
        found.append(Match(i, windows[j], value))
    return found


def _denies(scopes: Scopes, spans: list[tuple[str, int, int]], window: tuple[int, int]) -> bool:
    """Whether the window holds any negation: then its meaning may be the point's opposite."""
    words = [
        i for i, (_, start, end) in enumerate(spans) if start >= window[0] and end <= window[1]
    ]
    return bool(words) and scopes.denies_any(words[0], words[-1])
