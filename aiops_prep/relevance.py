"""How well an answer fits each question of its bank: TF-IDF cosine against a profile of each
question built from the bank itself (question, hint, concepts, model answer).

An answer to question 9 that talks about PSI and retraining fits 9's profile; the same words
typed as the answer to 27 still fit 9 better, which is how an answer to the wrong question is
told from a shallow answer to the right one.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from aiops_prep.bank import Question
from aiops_prep.memo import by_identity
from aiops_prep.text import STOPWORDS, tokenize

QUESTION_WEIGHT = 2  # the question's own words say most about what it asks
# A term in more questions' profiles than this tells them apart too little to be worth
# looking up for the best other question (it still counts for the answer's own question):
# only a large bank has any, and it keeps a grade fast on a 10,000-question bank.
MAX_POSTINGS = 200
K = TypeVar("K")


class Relevance(NamedTuple):
    score: float  # cosine with this question's profile, 0..1
    best_other: int | None  # the other question of the bank the answer fits best
    best_other_score: float
    best_other_question: str = ""  # what that question asks


class Profiles:
    """TF-IDF vectors of a bank's questions, with an inverted index for fast cosines."""

    def __init__(self, questions: Sequence[Question]) -> None:
        counts = {q.id: Counter(_content(_profile_text(q))) for q in questions}
        documents = Counter(term for c in counts.values() for term in c)
        total = len(counts)
        self.idf = {t: math.log((1 + total) / (1 + n)) + 1 for t, n in documents.items()}
        self.vectors: dict[int, dict[str, float]] = {}
        for qid, counter in counts.items():
            vector = {t: (1 + math.log(n)) * self.idf[t] for t, n in counter.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.vectors[qid] = {t: v / norm for t, v in vector.items()}
        self.asked = {q.id: q.question for q in questions}
        self.index()

    def index(self) -> None:
        """The inverted index of the vectors, without the terms too common to tell apart."""
        documents = Counter(term for vector in self.vectors.values() for term in vector)
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for qid, vector in self.vectors.items():
            for term, weight in vector.items():
                if documents[term] <= MAX_POSTINGS:
                    self.postings.setdefault(term, []).append((qid, weight))

    # Stored profiles keep each vector and posting list as one string, decoded on first use:
    # a `grade` needs one question's vector and the postings of the answer's few terms.
    _stored_vectors: dict[str, str] | None = None
    _stored_postings: dict[str, str] | None = None

    def vector(self, question_id: int) -> dict[str, float]:
        if question_id not in self.vectors and self._stored_vectors:
            text = self._stored_vectors.get(str(question_id), "")
            self.vectors[question_id] = dict(_pairs(text, str))
        return self.vectors.get(question_id, {})

    def posting(self, term: str) -> list[tuple[int, float]]:
        if term not in self.postings and self._stored_postings:
            self.postings[term] = _pairs(self._stored_postings.get(term, ""), int)
        return self.postings.get(term, [])

    def stored(self) -> dict[str, object]:
        """The profiles as `_stored` keeps them."""
        return {
            "idf": self.idf,
            "vectors": {
                str(q): " ".join(f"{t} {w:.6g}" for t, w in v.items())
                for q, v in self.vectors.items()
            },
            "postings": {
                t: " ".join(f"{q} {w:.6g}" for q, w in p) for t, p in self.postings.items()
            },
            "asked": self.asked,
        }

    def relevance(self, question_id: int, words: Iterable[str]) -> Relevance:
        """The answer's (stemmed words') cosine with its own question and with the other
        question it fits best."""
        counter = Counter(w for w in words if w in self.idf)
        vector = {t: (1 + math.log(n)) * self.idf[t] for t, n in counter.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        if not norm:
            return Relevance(0.0, None, 0.0)
        own_vector = self.vector(question_id)
        own = sum(v * own_vector.get(t, 0.0) for t, v in vector.items()) / norm
        scores: dict[int, float] = defaultdict(float)
        for term, value in vector.items():
            value /= norm
            for qid, weight in self.posting(term):
                scores[qid] += weight * value
        scores.pop(question_id, None)
        best = max(scores, key=scores.__getitem__, default=None)
        if best is None:
            return Relevance(own, None, 0.0)
        return Relevance(own, best, scores[best], self.asked[best])


def _pairs(text: Any, key: Callable[[str], K]) -> list[tuple[K, float]]:
    """ "a 0.5 b 0.25" as [(a, 0.5), (b, 0.25)]; nothing from a damaged entry."""
    try:
        words = str(text).split()
        return [(key(k), float(w)) for k, w in zip(words[::2], words[1::2], strict=True)]
    except ValueError:
        return []


def _profile_text(question: Question) -> str:
    parts = [question.question] * QUESTION_WEIGHT + [question.hint]
    for concept in question.concepts:
        parts += concept.terms
    return "\n".join([*parts, question.model_answer or ""])


def _content(text: str) -> list[str]:
    return [w for w in tokenize(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


@by_identity
def profiles(questions: Sequence[Question]) -> Profiles:
    """The profiles of a bank's questions, built once per bank per process, and kept on disk
    beside the bank cache: tokenizing a whole bank would cost `grade` more than it starts in."""
    return _stored(questions)


FORMAT = 4
KEEP = 4  # stored profiles kept; the oldest beyond that are removed


def _stored(questions: Sequence[Question]) -> Profiles:
    import json
    import os
    from contextlib import suppress

    try:  # hashlib's import loads OpenSSL; its BLAKE2 is this built-in module
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython build has it
        from hashlib import blake2b

    from aiops_prep.cache import cache_dir
    from aiops_prep.errors import AiopsPrepError
    from aiops_prep.files import read_regular

    digest = blake2b(digest_size=16)
    for q in questions:
        digest.update(json.dumps([q.id, q.question, _profile_text(q)]).encode())
    folder = cache_dir()
    path = folder / f"relevance-{digest.hexdigest()}-v{FORMAT}.json"
    with suppress(AiopsPrepError, ValueError, TypeError, AttributeError):
        data = json.loads(read_regular(path, 64 * 1024 * 1024))
        found = object.__new__(Profiles)
        found.idf = {str(t): float(v) for t, v in data["idf"].items()}
        found.vectors, found.postings = {}, {}
        found._stored_vectors, found._stored_postings = data["vectors"], data["postings"]
        found.asked = {int(qid): str(text) for qid, text in data["asked"].items()}
        if set(found.asked) == {int(q) for q in data["vectors"]} == {q.id for q in questions}:
            return found
    built = Profiles(questions)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(built.stored()))
        os.replace(temp, path)
        stored = sorted(folder.glob("relevance-*.json"), key=lambda p: p.stat().st_mtime)
        for old in stored[:-KEEP]:
            old.unlink(missing_ok=True)
    return built
