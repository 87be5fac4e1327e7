"""Answers that fooled the vocabulary grader, on the bundled bank: each now scores fairly and the
result says why."""

from __future__ import annotations

import pytest

from aiops_prep.bank import Bank
from aiops_prep.grading import Grade, grade


def graded(bank: Bank, question: int, answer: str) -> Grade:
    return grade(bank.get(question), answer, bank.questions)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        pytest.param(
            3,
            "It's actually easy: ops data has no seasonality, it is stationary and there is no "
            "drift, and false positives don't cost anything, so a simple static threshold is fine.",
            id="3-opposite",
        ),
        pytest.param(
            4,
            "Supervised learning does not need labelled incidents, labels are easy to get",
            id="4-opposite",
        ),
        pytest.param(
            46,
            "I did not take ownership of the outage. I never did a root cause analysis and made "
            "no systemic improvements afterwards.",
            id="46-opposite",
        ),
    ],
)
def test_saying_the_opposite_scores_nothing_and_names_the_contradiction(
    bank: Bank, question: int, answer: str
) -> None:
    result = graded(bank, question, answer)
    assert result.score == 0
    assert result.contradicted or result.misconceptions
    assert not result.covered


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (3, "seasonality, non-stationarity, drift, alert fatigue"),
        (23, "grounding, citations, confidence calibration, human-in-the-loop, JSON schema"),
        (
            3,
            "the seasonality, the non-stationarity, the concept drift, the false positives, "
            "the alert fatigue, the baselines, the thresholds",
        ),
    ],
)
def test_a_list_of_terms_keeps_at_most_30(bank: Bank, question: int, answer: str) -> None:
    result = graded(bank, question, answer)
    assert result.score <= 30 and "list" in result.flags


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            14,
            "Edge has complexity and bandwidth issues, central has low latency and everything "
            "is in one place.",
        ),
        (15, "Throttle it, add a retry limit, use simulation, approve, and audit."),
        (2, "We look at CPU, an exception, and a span."),
        (35, "PagerDuty"),
        (36, "Kubernetes"),
        (9, "retrain"),
    ],
)
def test_generic_words_earn_little(bank: Bank, question: int, answer: str) -> None:
    assert graded(bank, question, answer).score <= 15


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (43, "We use lazy loading for the model."),
        (6, "We cluster the alerts with k-means."),
        (4, "I would use LOF for this."),
        (42, "We use tumbling windows in Flink."),
        (45, "We do a shadow deployment first."),
        (40, "We use the Jaeger exporter."),
        (47, "The system should be fully autonomous and auto-execute everything."),
        (30, "The system runs on autopilot."),
        (21, "We use a gpu node pool."),
        (13, "We use kubectl to see the services."),
        (22, "We use ECS for this."),
        (27, "Check the cgroup PSI, the pressure stall information, on the new nodes."),
        (34, "Turn off Datadog on day one."),
        (8, "We use dense retrieval."),
    ],
)
def test_an_alias_that_means_something_else_earns_no_point(
    bank: Bank, question: int, answer: str
) -> None:
    result = graded(bank, question, answer)
    assert result.score <= 10
    wrong_point = {"DBSCAN clustering of alerts"}  # k-means still clusters: no DBSCAN credit
    assert not {c.name for c in result.covered} - wrong_point or result.misconceptions


@pytest.mark.parametrize("question", [1, 3, 10, 23, 48])
def test_reciting_the_hint_keeps_at_most_40(bank: Bank, question: int) -> None:
    result = graded(bank, question, bank.get(question).hint)
    assert result.score <= 40 and "hint_copy" in result.flags


def test_a_vague_answer_ranks_above_an_answer_to_another_question(bank: Bank) -> None:
    vague = graded(bank, 9, "Models drift over time, so you have to keep an eye on them.")
    other = graded(bank, 9, bank.get(14).model_answer or "")
    assert vague.score > other.score == 0
    assert "off_topic" in other.flags and other.relevance and other.relevance.best_other == 14
