from __future__ import annotations

import pytest

from aiops_prep.bank import Bank
from aiops_prep.errors import SelectionError
from aiops_prep.grading import grade
from aiops_prep.mock import ALMOST, NOT_YET, READY, markdown, plan, report_card
from aiops_prep.session import Attempt


def test_thirty_minutes_is_a_balanced_eight(bank: Bank) -> None:
    chosen = plan(bank, 30, seed=1)
    sections = [q.section for q in chosen.questions]
    assert len(chosen.questions) == 8
    assert set(sections) == {s.id for s in bank.sections}  # every section before any twice
    assert sections == sorted(sections, key=[s.id for s in bank.sections].index)  # basics first
    assert chosen.seconds_per_question == pytest.approx(225)
    assert [q.id for q in plan(bank, 30, seed=1).questions] == [q.id for q in chosen.questions]


def test_short_interviews_and_levels(bank: Bank) -> None:
    short = plan(bank, 10, seed=2)
    assert len(short.questions) == 3 and len({q.section for q in short.questions}) == 3
    only = plan(bank, 60, seed=3, levels=["behavioral"])
    assert [q.section for q in only.questions] == ["behavioral"] * 5  # all there are


@pytest.mark.parametrize("minutes", [0, -5, 241])
def test_minutes_out_of_range(bank: Bank, minutes: float) -> None:
    with pytest.raises(SelectionError, match="--minutes must be from 1 to 240"):
        plan(bank, minutes)


def card_for(bank: Bank, answers: dict[int, str], seconds: float = 60.0):
    chosen = plan(bank, 30, seed=1)
    attempts = [
        Attempt(q, answers[q.id], grade(q, answers[q.id]), seconds=seconds)
        for q in chosen.questions
        if q.id in answers
    ]
    return chosen, report_card(bank, chosen, attempts, 20.0)


def test_report_card_verdicts_and_topics(bank: Bank) -> None:
    chosen = plan(bank, 30, seed=1)
    strong = {q.id: q.model_answer or "" for q in chosen.questions}
    _, ready = card_for(bank, strong)
    assert ready.verdict == READY and ready.average >= 85 and ready.study_next == ()
    _, silent = card_for(bank, {chosen.questions[0].id: "no idea"}, seconds=999)
    assert silent.verdict == NOT_YET
    assert len(silent.skipped) == 7 and silent.rows[0].over_time
    assert len(silent.study_next) == 3
    half = dict(list(strong.items())[:6])
    _, almost = card_for(bank, half)
    assert almost.verdict in (ALMOST, NOT_YET) and almost.average < ready.average


def test_markdown_report_lists_every_question(bank: Bank) -> None:
    chosen, card = card_for(bank, {plan(bank, 30, seed=1).questions[0].id: "drift"})
    text = markdown(card, bank)
    assert text.startswith("# Mock interview report")
    assert all(f"| {q.id} |" in text for q in chosen.questions)
    assert "## Study next" in text and "skipped" in text


def test_unwritable_report_path_fails_before_the_interview(runner, tmp_path) -> None:
    from aiops_prep.cli import app

    target = tmp_path / "missing" / "report.md"
    result = runner.invoke(app, ["mock", "-m", "4", "--report", str(target)], input="drift\n")
    assert result.exit_code == 1
    assert "no such directory" in result.stderr
    assert "Mock interview" not in result.stdout  # no question was asked
