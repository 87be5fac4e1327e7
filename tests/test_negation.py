"""NegEx scopes as typed: triggers before and after, where a scope ends, and what is no negation."""

from __future__ import annotations

import pytest

from aiops_prep.negation import Scopes
from aiops_prep.text import word_spans


def negated(text: str, phrase: str, strict: bool = False, own: str = "") -> bool:
    spans = word_spans(text)
    words, wanted = [w for w, _, _ in spans], phrase.split()
    lo = next(i for i in range(len(words)) if words[i : i + len(wanted)] == wanted)
    scopes = Scopes(text, spans)
    return scopes.negation(lo, lo + len(wanted) - 1, frozenset(own.split()), strict) is not None


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        pytest.param("there is no drift here", "drift", id="no"),
        pytest.param("ops data has no seasonality at all", "seasonality", id="has-no"),
        pytest.param("Supervised learning does not need labels", "labels", id="does-not-need"),
        pytest.param("we never did a root cause analysis", "root cause", id="never"),
        pytest.param("it works without any labels", "labels", id="without"),
        pytest.param("drift detection is no longer needed", "needed", id="no-longer"),
        pytest.param("we dont need drift detection", "drift", id="no-apostrophe"),
        pytest.param("Seasonality isn't an issue for ops data", "seasonality", id="post-isnt"),
        pytest.param("false positives don't cost anything", "false positives", id="post-dont"),
        pytest.param("concept drift is a myth", "concept drift", id="post-myth"),
        pytest.param("drift is not really a thing", "drift", id="post-not-a-thing"),
        pytest.param("canary rollouts are overkill here", "canary rollouts", id="post-overkill"),
        pytest.param("logs are too noisy to correlate", "logs", id="post-too"),
        pytest.param("you can skip drift detection", "drift detection", id="advice-to-skip"),
        pytest.param("counterfactuals can't be computed here", "counterfactuals", id="not-viable"),
    ],
)
def test_negated_statements(text: str, phrase: str) -> None:
    assert negated(text, phrase)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        pytest.param("not only drift but also seasonality", "drift", id="not-only"),
        pytest.param("no matter the seasonality, drift wins", "seasonality", id="no-matter"),
        pytest.param("not all spikes are incidents", "spikes", id="not-all"),
        pytest.param("there is no labels, but drift is real", "drift", id="scope-ends-at-but"),
        pytest.param("no labels. Drift is the problem", "drift", id="scope-ends-at-period"),
        pytest.param("we never see it, drift still bites", "drift", id="scope-ends-at-comma"),
        pytest.param("seasonality can't be ignored", "seasonality", id="double-post"),
        pytest.param("drift is not a myth", "drift", id="not-a-myth"),
        pytest.param(
            "you can't detect anything without handling seasonality", "seasonality", id="double-pre"
        ),
        pytest.param(
            "if you don't handle seasonality you page every monday", "seasonality", id="conditional"
        ),
        pytest.param(
            "Without drift detection, the model rots", "drift detection", id="without-as-argument"
        ),
        pytest.param(
            "it learns baselines, not static thresholds", "static thresholds", id="contrast"
        ),
        pytest.param("drift means the model no longer fits", "drift", id="far-post"),
        pytest.param("he wanted to skip shadow testing", "shadow testing", id="reported-skip"),
        pytest.param("no labels needed for this", "no labels needed", id="negation-is-the-alias"),
    ],
)
def test_asserted_statements(text: str, phrase: str) -> None:
    assert not negated(text, phrase, own=phrase)


def test_a_negation_between_an_alias_words_denies_it() -> None:
    assert negated(
        "supervised does not need labels",
        "supervised does not need labels",
        own="supervised need labels",
    )


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        pytest.param("use a time split rather than a random split", "random split", id="rather"),
        pytest.param("instead of a random split, split by time", "random split", id="instead"),
        pytest.param("avoid a big bang migration", "big bang", id="avoid"),
        pytest.param("not everything needs real time", "everything", id="limit"),
        pytest.param("split by time, not a random split", "random split", id="comma-not"),
        pytest.param("if everything is real time, costs explode", "everything", id="supposition"),
    ],
)
def test_a_wrong_claim_needs_an_outright_assertion(text: str, phrase: str) -> None:
    assert negated(text, phrase, strict=True)
    assert not negated(
        "we did a random split and everything in real time", "random split", strict=True
    )
