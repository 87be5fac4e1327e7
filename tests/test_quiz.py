from __future__ import annotations

import pytest

from aiops_prep.bank import Bank
from aiops_prep.errors import SelectionError
from aiops_prep.quiz import resolve_levels, select


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(["advanced"], ["advanced"], id="slug"),
        pytest.param(["ADVANCED"], ["advanced"], id="any-case"),
        pytest.param(["adv"], ["advanced"], id="prefix"),
        pytest.param(["beg", "behav"], ["beginner", "behavioral"], id="two"),
        pytest.param(["sc", "scenario"], ["scenario"], id="repeated"),
    ],
)
def test_resolve_levels(bank: Bank, given: list[str], expected: list[str]) -> None:
    assert resolve_levels(bank, given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param(
            "expert", "unknown level 'expert'; choose from: beginner, intermediate", id="unknown"
        ),
        pytest.param("be", "ambiguous level 'be'", id="ambiguous"),
        pytest.param("", "unknown level ''", id="empty"),
    ],
)
def test_bad_level_lists_the_valid_ones(bank: Bank, given: str, message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        resolve_levels(bank, [given])


def test_filter_by_levels(bank: Bank) -> None:
    chosen = select(bank, ["advanced", "behavioral"], shuffle=False)
    assert [q.id for q in chosen] == [*range(16, 26), *range(46, 51)]


def test_seed_makes_the_order_reproducible(bank: Bank) -> None:
    first = [q.id for q in select(bank, seed=7)]
    assert first == [q.id for q in select(bank, seed=7)]
    assert first != [q.id for q in select(bank, seed=8)]
    assert sorted(first) == list(range(1, 51))


def test_count_takes_the_first_n_of_the_shuffle(bank: Bank) -> None:
    assert [q.id for q in select(bank, count=3, seed=1)] == [q.id for q in select(bank, seed=1)][:3]
    assert len(select(bank, ["beginner"], count=99)) == 5


def test_count_below_one_is_an_error(bank: Bank) -> None:
    with pytest.raises(SelectionError, match="at least 1"):
        select(bank, count=0)


def test_search_looks_in_question_and_hint(bank: Bank) -> None:
    found = {q.id for q in select(bank, search="OpenTelemetry", shuffle=False)}
    assert {5, 22, 40} <= found
    assert all(
        "opentelemetry" in (q.question + q.hint).lower() for q in bank.questions if q.id in found
    )
