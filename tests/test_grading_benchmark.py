from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "grading.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("grading_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


bench = load_script()


def test_average_ranks_share_ties() -> None:
    assert bench.average_ranks([10, 20, 20, 5]) == [2.0, 3.5, 3.5, 1.0]


def test_spearman_perfect_and_reversed() -> None:
    assert bench.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert bench.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)


def test_spearman_with_ties() -> None:
    # Labels tied in pairs, scores strictly increasing: rho = 2 / sqrt(5)
    assert bench.spearman([0, 0, 1, 1], [1, 2, 3, 4]) == pytest.approx(2 / 5**0.5)
    assert bench.spearman([0, 0, 1, 1], [5, 5, 9, 9]) == pytest.approx(1.0)
    assert bench.spearman([1, 2, 3], [7, 7, 7]) is None


def test_pairwise_counts_ties_as_half() -> None:
    assert bench.pairwise_accuracy([[(3, 90), (2, 50), (0, 10)]]) == 1.0
    assert bench.pairwise_accuracy([[(3, 10), (0, 90)]]) == 0.0
    assert bench.pairwise_accuracy([[(3, 50), (0, 50)]]) == 0.5


def test_pairwise_only_compares_within_a_group_and_across_labels() -> None:
    groups = [[(3, 80), (1, 20), (1, 90)], [(0, 99)], [(2, 40), (2, 40)]]
    assert bench.pairwise_accuracy(groups) == 0.5  # (3 > 1) right, (3 > 1) wrong
    assert bench.pairwise_accuracy([[(1, 5), (1, 9)]]) is None


def test_per_question_rates() -> None:
    def row(question: int, label: int, kind: str, score: float):
        return bench.Scored(bench.Answer(question, label, kind, "text"), score)

    rows = [
        row(1, 3, "strong", 80), row(1, 1, "stuffing", 60), row(1, 0, "offtopic", 10),
        row(2, 3, "strong", 50), row(2, 1, "stuffing", 70), row(2, 0, "offtopic", 50),
    ]  # fmt: skip
    assert bench.strong_over_offtopic(rows) == 0.5
    assert bench.stuffing_under_strong(rows) == 0.5
