"""The semantic step of grading: a point made in other words is covered, and shown as such;
a denied or wrong-claim paraphrase earns nothing. Needs the [semantic] extra."""

from __future__ import annotations

from typing import Any

import pytest

from aiops_prep.bank import Bank
from aiops_prep.grading import grade
from aiops_prep.render.questions import grade_json

pytestmark = pytest.mark.semantic

RHYTHM = (
    "Traffic has a rhythm: heavy on weekday mornings, nearly dead at 3am and different again "
    "on Sundays, so a value that is fine at noon is alarming at 4am."
)


def test_a_point_in_plain_words_is_covered_in_the_answers_words(
    bank: Bank, semantic_encoder: Any
) -> None:
    question = bank.get(3)
    lexical = grade(question, RHYTHM, bank.questions)
    semantic = grade(question, RHYTHM, bank.questions, semantic_encoder)
    seasonal = next(r for r in semantic.results if r.concept.name == "seasonal patterns")
    assert not any(r.concept.name == "seasonal patterns" for r in lexical.results if r.covered)
    assert seasonal.covered and seasonal.paraphrase and seasonal.matched in RHYTHM
    assert semantic.score > lexical.score
    assert "seasonal patterns" in grade_json(semantic)["in_own_words"]


def test_a_denied_paraphrase_earns_nothing(bank: Bank, semantic_encoder: Any) -> None:
    denied = "Traffic does not have a rhythm: it is no heavier on weekday mornings than at 3am."
    result = grade(bank.get(3), denied, bank.questions, semantic_encoder)
    assert not any(r.paraphrase for r in result.results)


def test_an_unrelated_answer_gains_nothing(bank: Bank, semantic_encoder: Any) -> None:
    unrelated = "We had pizza at the offsite and the weather in May was lovely."
    result = grade(bank.get(3), unrelated, bank.questions, semantic_encoder)
    assert result.covered == () and result.score <= 10
