from __future__ import annotations

import pytest

from aiops_prep.bank import Bank, Concept, Question
from aiops_prep.grading import band, grade
from aiops_prep.text import stem, tokenize

QUESTION = Question(
    id=7,
    section="s",
    question="How would you detect anomalies in Kubernetes metrics?",
    hint="Isolation forests, k8s, PSI drift checks, root cause analysis.",
    concepts=(
        Concept("isolation forest", ("iforest", "isolation tree"), weight=2),
        Concept("Kubernetes", ("k8s", "kube")),
        Concept("population stability index", ("PSI",)),
        Concept("root cause analysis", ("RCA",)),
    ),
)


def covered(answer: str) -> set[str]:
    return {c.name for c in grade(QUESTION, answer).covered}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param("I'd train an isolation forest.", {"isolation forest"}, id="exact"),
        pytest.param("an isolaton forset works", {"isolation forest"}, id="typos"),
        pytest.param("several isolation forests", {"isolation forest"}, id="plural"),
        pytest.param("a forest of isolation trees", {"isolation forest"}, id="word-order"),
        pytest.param("an iForest on K8S pods", {"isolation forest", "Kubernetes"}, id="case"),
        pytest.param("We compute the PSI weekly.", {"population stability index"}, id="acronym"),
        pytest.param("Then do RCA.", {"root cause analysis"}, id="acronym-punctuated"),
    ],
)
def test_concept_matching(answer: str, expected: set[str]) -> None:
    assert covered(answer) == expected


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("the psion and gypsies", id="psi-inside-words"),
        pytest.param("we discussed the ks test", id="near-acronym"),
        pytest.param("an arcade of cubes", id="rca-kube-lookalikes"),
        pytest.param("a forest walk, then after many more words an isolation ward", id="far-apart"),
    ],
)
def test_short_aliases_match_whole_tokens_only(answer: str) -> None:
    assert covered(answer) == set()


def test_negation_is_part_of_an_alias() -> None:
    negated = Question(1, "s", "q", "h", (Concept("no labels needed", ()),))
    assert grade(negated, "we need labels for this").score == 0
    assert grade(negated, "no labels needed at all").score == 100


@pytest.mark.parametrize("answer", ["", "   ", "\n\t"])
def test_empty_answer_scores_zero(answer: str) -> None:
    result = grade(QUESTION, answer)
    assert result.score == 0
    assert result.missed == QUESTION.concepts


def test_score_is_the_weighted_share_covered() -> None:
    assert grade(QUESTION, "I would train an isolation forest on it.").score == 40  # 2 of 5
    assert grade(QUESTION, "It runs on kube and we watch the psi of it.").score == 40
    full = "I would run an isolation forest on k8s metrics, watch the psi and automate rca."
    assert grade(QUESTION, full).score == 100


def test_term_list_scores_below_explanation() -> None:
    listed = "isolation forest, k8s, psi, rca, iforest, kube, drift, anomaly, metrics, pods"
    prose = (
        "I would run an isolation forest over the k8s metrics because it needs no labels, "
        "then watch the psi of each feature and use the anomalies to start the rca."
    )
    assert grade(QUESTION, listed).score < grade(QUESTION, prose).score == 100


def test_matched_words_are_reported_as_typed() -> None:
    result = grade(QUESTION, "We ran Isolation Forests.")
    assert result.results[0].matched == "Isolation Forests"
    assert result.results[0].where == (7, 24)
    accented = grade(QUESTION, "Überwachung: une isolation forêt, naïvement.")
    assert accented.results[0].matched == "isolation forêt"


def test_grading_is_deterministic() -> None:
    answer = "isolaton forest on kube with psi"
    assert grade(QUESTION, answer) == grade(QUESTION, answer)


@pytest.mark.parametrize(
    ("score", "name"),
    [(0, "needs work"), (39, "needs work"), (40, "partial"), (70, "good"), (85, "strong")],
)
def test_bands(score: int, name: str) -> None:
    assert band(score) == name


def test_stem_meets_plural_and_verb_forms() -> None:
    assert stem("processes") == stem("process")
    assert stem("scaling") == stem("scaled") == stem("scale")
    assert stem("policies") == stem("policy")
    assert stem("embeddings") == stem("embedding") == stem("embedded") == stem("embed")
    assert stem("logs") == stem("logging") == stem("logged") == stem("log")
    assert stem("gradually") == stem("gradual") and stem("running") == stem("run")
    assert stem("tuning") == stem("tune") and stem("apis") == stem("api")
    assert tokenize("K8s, Café-ops!") == ["k8s", "caf", "ops"]


def test_strong_answer_to_question_4_beats_a_vague_one(bank: Bank) -> None:
    q4 = bank.get(4)
    vague = grade(q4, "you monitor stuff and use machine learning").score
    strong = grade(
        q4,
        "Supervised detection needs labeled incident data, and labels are scarce because real "
        "incidents are rare and nobody tags them. So I start unsupervised: an isolation forest "
        "or an autoencoder learns what normal looks like and flags deviations from it.",
    ).score
    assert vague <= 20
    assert strong >= 85


@pytest.mark.parametrize(
    ("alias", "answer", "found"),
    [
        pytest.param("isolation forest", "we ran an isolation forset on it", True, id="one-typo"),
        pytest.param("replay", "we replace it", False, id="real-word-is-no-typo"),
        pytest.param("SHAP", "reward shaping", False, id="acronym-is-not-a-stem"),
        pytest.param("hugging face", "on HuggingFace", True, id="joined-alias"),
        pytest.param("SLOs", "the SLO says so", True, id="short-plural"),
        pytest.param("chaos mesh", "we chose mess", False, id="two-edits-short-word"),
        pytest.param("observability platform", "an observabilty platfrom", True, id="long"),
        pytest.param("autoencoder", "an outoencoder only", False, id="first-letter"),
    ],
)
def test_typo_tolerance_is_bounded(alias: str, answer: str, found: bool) -> None:
    question = Question(1, "s", "q", "h", (Concept(alias, ()),))
    assert bool(grade(question, answer).covered) is found


def test_alias_that_needs_its_filler_keeps_it() -> None:
    question = Question(
        1, "s", "q", "h", (Concept("regular one-on-one meetings", ("one-on-one",)),)
    )
    assert grade(question, "sorry, skip this one").score == 0
    assert grade(question, "we had a one-on-one").score == 100


def test_bare_term_list_keeps_under_half_its_coverage() -> None:
    listed = "isolation forest, k8s, psi, rca, drift, anomaly, metrics, pods, iforest, kube"
    assert grade(QUESTION, listed).score < 50
