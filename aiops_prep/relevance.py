"""How well an answer fits each question of its bank: TF-IDF cosine against a profile of each
question built from the bank itself (question, hint, concepts, model answer).

An answer to question 9 that talks about PSI and retraining fits 9's profile; the same words
typed as the answer to 27 still fit 9 better, which is how an answer to the wrong question is
told from a shallow answer to the right one.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from aiops_prep.bank import Question
from aiops_prep.text import STOPWORDS, tokenize

QUESTION_WEIGHT = 2  # the question's own words say most about what it asks
# A term in more questions' profiles than this tells them apart too little to be worth
# looking up for the best other question (it still counts for the answer's own question):
# only a large bank has any, and it keeps a grade fast on a 10,000-question bank.
MAX_POSTINGS = 200


class Relevance(NamedTuple):
    score: float  # cosine with this question's profile, 0..1
    best_other: int | None  # the other question of the bank the answer fits best
    best_other_score: float
    best_other_question: str = ""  # what that question asks


class Profiles:
    """TF-IDF vectors of a bank's questions, with an inverted index for fast cosines."""

    def __init__(self, questions: Sequence[Question]) -> None:
        counts = {q.id: Counter(_content(_profile_text(q))) for q in questions}
        self.asked = {q.id: q.question for q in questions}
        documents = Counter(term for c in counts.values() for term in c)
        total = len(counts)
        self.idf = {t: math.log((1 + total) / (1 + n)) + 1 for t, n in documents.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.vectors: dict[int, dict[str, float]] = {}
        for qid, counter in counts.items():
            vector = {t: (1 + math.log(n)) * self.idf[t] for t, n in counter.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.vectors[qid] = {t: v / norm for t, v in vector.items()}
            for term, value in vector.items():
                if documents[term] <= MAX_POSTINGS:
                    self.postings.setdefault(term, []).append((qid, value / norm))

    def relevance(self, question_id: int, words: Iterable[str]) -> Relevance:
        """The answer's (stemmed words') cosine with its own question and with the other
        question it fits best."""
        counter = Counter(w for w in words if w in self.idf)
        vector = {t: (1 + math.log(n)) * self.idf[t] for t, n in counter.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        if not norm:
            return Relevance(0.0, None, 0.0)
        own_vector = self.vectors.get(question_id, {})
        own = sum(v * own_vector.get(t, 0.0) for t, v in vector.items()) / norm
        scores: dict[int, float] = defaultdict(float)
        for term, value in vector.items():
            value /= norm
            for qid, weight in self.postings.get(term, ()):
                scores[qid] += weight * value
        scores.pop(question_id, None)
        best = max(scores, key=scores.__getitem__, default=None)
        if best is None:
            return Relevance(own, None, 0.0)
        return Relevance(own, best, scores[best], self.asked[best])


def _profile_text(question: Question) -> str:
    parts = [question.question] * QUESTION_WEIGHT + [question.hint]
    for concept in question.concepts:
        parts += concept.terms
    return "\n".join([*parts, question.model_answer or ""])


def _content(text: str) -> list[str]:
    return [w for w in tokenize(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


_cache: dict[int, tuple[Sequence[Question], Profiles]] = {}


def profiles(questions: Sequence[Question]) -> Profiles:
    """The profiles of a bank's questions, built once per bank per process."""
    entry = _cache.get(id(questions))
    if entry is None or entry[0] is not questions:
        entry = _cache[id(questions)] = (questions, Profiles(questions))
    return entry[1]
