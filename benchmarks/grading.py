"""Benchmark the grader against a labeled dev set of typed answers.

Run from the repository root:

    python benchmarks/grading.py [--answers PATH] [--json] [--check]

Every answer in the dev set carries a human label (0-3). The grader's scores are compared with
those labels, next to two baselines that know nothing about concepts: the answer's length in
words, and rapidfuzz's token_set_ratio between the answer and the question's hint. `--check`
exits 1 when the grader misses any target.
"""

from __future__ import annotations

import argparse
import json
import math
import operator
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import combinations, groupby
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from aiops_prep.bank import Bank, Question, load_bank
from aiops_prep.errors import SelectionError
from aiops_prep.grading import MAX_ANSWER_CHARS, grade

DEFAULT_ANSWERS = Path(__file__).resolve().parent / "grading" / "answers.yaml"
KINDS = (
    *("strong", "synonym", "partial", "weak", "stuffing", "offtopic", "noise"),
    *("contradiction", "plain", "keywords", "neighbour", "rambling", "injection", "terse"),
    "nonnative",
)
LOW_KINDS = ("stuffing", "offtopic", "contradiction", "keywords", "neighbour", "injection")
STRONG_STYLES = ("strong", "synonym", "plain", "terse", "nonnative")  # each must reach 80
KIND_CEILINGS = (("contradiction", 20), ("neighbour", 15), ("keywords", 30))
LABELS = (0, 1, 2, 3)
TIMING_PASSES = 5
TOP_OFFENDERS = 10
SNIPPET_CHARS = 60
METRIC_ROWS = (  # table label, Metrics field (also the target's name), decimals
    ("Spearman (label, score)", "spearman", 3),
    ("pairwise order accuracy", "pairwise", 3),
    ("strong above off-topic", "strong_over_offtopic", 3),
    ("stuffing below strong", "stuffing_under_strong", 3),
    ("max noise score", "noise_max", 0),
)

Scorer = Callable[[Question, str], float]


@dataclass(frozen=True)
class Answer:
    question: int
    label: int
    kind: str
    text: str
    note: str | None = None


@dataclass(frozen=True)
class Scored:
    answer: Answer
    score: float


@dataclass(frozen=True)
class Metrics:
    spearman: float | None
    pairwise: float | None
    strong_over_offtopic: float | None
    stuffing_under_strong: float | None
    noise_max: float | None
    mean_by_label: dict[int, float]
    mean_by_kind: dict[str, float]


@dataclass(frozen=True)
class Timing:
    ms_per_grade: float  # median
    answers_per_second: float
    worst_case_ms: float  # the slowest of the adversarial answers at the length cap
    semantic_ms: float | None = None  # median, when the semantic extra is installed


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    op: str
    bound: float

    @property
    def passed(self) -> bool:
        compare = {">=": operator.ge, "<=": operator.le, "<": operator.lt}[self.op]
        return self.value is not None and compare(self.value, self.bound)


# --- loading -------------------------------------------------------------------------------


def load_answers(path: Path, bank: Bank) -> list[Answer]:
    """Read and check the dev set; raise SystemExit naming the first bad entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(f"{path}: cannot read the dev set: {exc}") from None
    if not isinstance(data, list) or not data:
        raise SystemExit(f"{path}: expected a non-empty list of answers")
    return [_answer(item, f"{path}: entry #{i}", bank) for i, item in enumerate(data, 1)]


def _answer(item: Any, where: str, bank: Bank) -> Answer:
    if not isinstance(item, dict):
        raise SystemExit(f"{where}: expected a mapping")
    try:
        answer = Answer(**item)
        bank.get(answer.question)
    except (TypeError, SelectionError) as exc:
        raise SystemExit(f"{where}: {exc}") from None
    if answer.label not in LABELS or answer.kind not in KINDS or not isinstance(answer.text, str):
        raise SystemExit(f"{where}: needs a label 0-3, a kind in {KINDS} and a text")
    return answer


# --- scorers -------------------------------------------------------------------------------


def scorers(bank: Bank, encoder: Any = None) -> dict[str, Scorer]:
    """The lexical grader, the semantic one when its extra is installed, and two baselines."""
    found: dict[str, Scorer] = {
        "grader": lambda question, text: grade(question, text, bank.questions).score,
    }
    if encoder is not None:
        found["semantic"] = lambda q, text: grade(q, text, bank.questions, encoder).score
    found["length"] = lambda question, text: len(text.split())
    found["token_set"] = lambda question, text: fuzz.token_set_ratio(text, question.hint)
    return found


def score_all(scorer: Scorer, answers: Sequence[Answer], bank: Bank) -> list[Scored]:
    return [Scored(a, scorer(bank.get(a.question), a.text)) for a in answers]


def time_grader(answers: Sequence[Answer], bank: Bank, passes: int = TIMING_PASSES) -> Timing:
    """The median over answers of each answer's fastest grade in `passes` runs (after a
    warm-up run), and the slowest adversarial answer at the length cap, fastest of five.

    Times are the process's CPU time, and the fastest of several runs is the answer's own
    cost: other processes on a shared machine would otherwise be counted in."""
    work = [(bank.get(a.question), a.text) for a in answers]
    for question, text in work:
        grade(question, text, bank.questions)
    best = [math.inf] * len(work)
    for _ in range(passes):
        for i, (question, text) in enumerate(work):
            start = time.process_time()
            grade(question, text, bank.questions)
            best[i] = min(best[i], time.process_time() - start)
    median = sorted(best)[len(best) // 2]
    worst = 0.0
    for question, text in adversarial(bank):
        runs = []
        for _ in range(5):
            start = time.process_time()
            grade(question, text, bank.questions)
            runs.append(time.process_time() - start)
        worst = max(worst, min(runs))
    return Timing(median * 1000, len(best) / sum(best), worst * 1000)


def adversarial(bank: Bank) -> list[tuple[Question, str]]:
    """Answers at the 20,000-character cap built to be slow: one alias repeated, every alias
    of the question at once, a negation before each, a long list, and near-miss typos."""
    question = max(bank.questions, key=lambda q: sum(len(c.terms) for c in q.concepts))
    terms = [t for c in question.concepts for t in c.terms]
    cases = [
        " ".join([terms[1]] * 2000),
        " ".join(terms * 20),
        " ".join(f"not {t}, but" for t in terms * 20),
        ", ".join(terms * 20),
        " ".join(t[:-1] + "x" for t in terms * 20),
        " ".join(["the"] * 5000),
    ]
    return [(question, case[:MAX_ANSWER_CHARS]) for case in cases]


# --- metrics -------------------------------------------------------------------------------


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    for _, group in groupby(order, key=lambda i: values[i]):
        members = list(group)
        rank = start + (len(members) + 1) / 2
        for i in members:
            ranks[i] = rank
        start += len(members)
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson correlation of average ranks; None when either side is constant."""
    if len(xs) < 2:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((x - mx) * (y - my) for x, y in zip(rx, ry, strict=True))
    var_x = sum((x - mx) ** 2 for x in rx)
    var_y = sum((y - my) ** 2 for y in ry)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def pairwise_accuracy(groups: Iterable[Sequence[tuple[int, float]]]) -> float | None:
    """Share of differently-labeled pairs within a group that the scores order the same way.

    Each group holds (label, score) pairs; a tied score earns half a pair.
    """
    credit = total = 0.0
    for group in groups:
        for (label_a, score_a), (label_b, score_b) in combinations(group, 2):
            if label_a == label_b:
                continue
            total += 1
            if score_a == score_b:
                credit += 0.5
            elif (score_a > score_b) == (label_a > label_b):
                credit += 1
    return credit / total if total else None


def by_question(rows: Iterable[Scored]) -> dict[int, list[Scored]]:
    grouped: dict[int, list[Scored]] = defaultdict(list)
    for row in rows:
        grouped[row.answer.question].append(row)
    return dict(grouped)


def share(outcomes: Sequence[bool]) -> float | None:
    return sum(outcomes) / len(outcomes) if outcomes else None


def strong_over_offtopic(rows: Sequence[Scored]) -> float | None:
    """Share of questions where every label-3 answer outscores every off-topic answer."""
    outcomes = []
    for group in by_question(rows).values():
        strong = [r.score for r in group if r.answer.label == 3]
        offtopic = [r.score for r in group if r.answer.kind == "offtopic"]
        if strong and offtopic:
            outcomes.append(min(strong) > max(offtopic))
    return share(outcomes)


def stuffing_under_strong(rows: Sequence[Scored]) -> float | None:
    """Share of questions where every stuffing answer scores below every strong-kind answer."""
    outcomes = []
    for group in by_question(rows).values():
        strong = [r.score for r in group if r.answer.kind == "strong"]
        stuffing = [r.score for r in group if r.answer.kind == "stuffing"]
        if strong and stuffing:
            outcomes.append(max(stuffing) < min(strong))
    return share(outcomes)


def mean_by_label(rows: Sequence[Scored]) -> dict[int, float]:
    scores: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        scores[row.answer.label].append(row.score)
    return {label: sum(s) / len(s) for label, s in sorted(scores.items())}


def mean_by_kind(rows: Sequence[Scored]) -> dict[str, float]:
    scores: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        scores[row.answer.kind].append(row.score)
    return {kind: sum(s) / len(s) for kind in KINDS if (s := scores.get(kind))}


def measure(rows: Sequence[Scored]) -> Metrics:
    groups = [[(r.answer.label, r.score) for r in g] for g in by_question(rows).values()]
    noise = [r.score for r in rows if r.answer.kind == "noise"]
    return Metrics(
        spearman=spearman([r.answer.label for r in rows], [r.score for r in rows]),
        pairwise=pairwise_accuracy(groups),
        strong_over_offtopic=strong_over_offtopic(rows),
        stuffing_under_strong=stuffing_under_strong(rows),
        noise_max=max(noise) if noise else None,
        mean_by_label=mean_by_label(rows),
        mean_by_kind=mean_by_kind(rows),
    )


def targets(metrics: dict[str, Metrics], timing: Timing) -> list[Target]:
    grader, length = metrics["grader"], metrics["length"]
    gain = None
    if grader.spearman is not None and length.spearman is not None:
        gain = grader.spearman - length.spearman
    kinds = grader.mean_by_kind
    strong = [kinds[k] for k in STRONG_STYLES if k in kinds]
    return [
        Target("spearman", grader.spearman, ">=", 0.85),
        Target("pairwise", grader.pairwise, ">=", 0.92),
        Target("strong_over_offtopic", grader.strong_over_offtopic, ">=", 1.0),
        Target("stuffing_under_strong", grader.stuffing_under_strong, ">=", 0.90),
        Target("noise_max", grader.noise_max, "<=", 5),
        Target("spearman_gain_over_length", gain, ">=", 0.2),
        *(Target(f"mean_{kind}", kinds.get(kind), "<=", bound) for kind, bound in KIND_CEILINGS),
        Target("weakest_strong_style", min(strong) if strong else None, ">=", 80),
        Target("ms_per_grade", timing.ms_per_grade, "<=", 1),
        Target("worst_case_ms", timing.worst_case_ms, "<=", 10),
    ]


# --- offenders -----------------------------------------------------------------------------


def misordered_pairs(rows: Sequence[Scored]) -> list[tuple[Scored, Scored]]:
    """(higher label, lower label) pairs of one question scored the wrong way round or tied.

    Worst first: by how far the lower-labeled answer scored above the higher-labeled one.
    """
    pairs = []
    for group in by_question(rows).values():
        for a, b in combinations(group, 2):
            high, low = (a, b) if a.answer.label > b.answer.label else (b, a)
            if high.answer.label != low.answer.label and high.score <= low.score:
                pairs.append((high, low))
    return sorted(pairs, key=lambda p: p[1].score - p[0].score, reverse=True)


def top_scoring(rows: Sequence[Scored], kinds: Sequence[str]) -> list[Scored]:
    chosen = [r for r in rows if r.answer.kind in kinds]
    return sorted(chosen, key=lambda r: r.score, reverse=True)


# --- report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    dev_set: str
    rows: list[Scored]  # the grader's scores
    metrics: dict[str, Metrics]
    timing: Timing
    targets: list[Target]

    @property
    def questions(self) -> int:
        return len({r.answer.question for r in self.rows})


def semantic_encoder(wanted: bool) -> Any:
    """The semantic extra's encoder, or None when it is not installed or not wanted."""
    if not wanted:
        return None
    from aiops_prep import semantic

    if semantic.model_dir() is None:
        return None
    return semantic.load()


class Remembering:
    """An encoder that encodes each text once: calibration grades every answer many times."""

    def __init__(self, encoder: Any) -> None:
        self.encoder, self.seen = encoder, {}

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self.seen]
        for text, vector in zip(new, self.encoder.encode(new), strict=True):
            self.seen[text] = vector
        return np.array([self.seen[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)

    def concept_vectors(self, key: str, texts: Sequence[str]) -> Any:
        return self.encoder.concept_vectors(key, texts)


def calibrate(answers_path: Path) -> str:
    """Spearman and the weakest strong style of the semantic grader at each threshold."""
    from aiops_prep import paraphrase

    bank = load_bank()
    answers = load_answers(answers_path, bank)
    encoder = semantic_encoder(True)
    if encoder is None:
        raise SystemExit("calibration needs the [semantic] extra: pip install '.[semantic]'")
    encoder = Remembering(encoder)
    lines = ["threshold  Spearman  pairwise  weakest strong style  contradiction  plain"]
    for step in range(0, 13):
        paraphrase.THRESHOLD = 0.30 + step * 0.025
        m = measure(score_all(scorers(bank, encoder)["semantic"], answers, bank))
        strong = min(m.mean_by_kind.get(k, 100.0) for k in STRONG_STYLES)
        lines.append(
            f"{paraphrase.THRESHOLD:9.3f}  {fmt(m.spearman):>8}  {fmt(m.pairwise):>8}  "
            f"{strong:20.1f}  {m.mean_by_kind.get('contradiction', 0):13.1f}  "
            f"{m.mean_by_kind.get('plain', 0):5.1f}"
        )
    return "\n".join(lines)


def semantic_ms(answers: Sequence[Answer], bank: Bank, encoder: Any) -> float | None:
    """Median wall time of one semantic grade (the model's time is not CPU-bound alone)."""
    if encoder is None:
        return None
    times = []
    for a in answers:
        start = time.perf_counter()
        grade(bank.get(a.question), a.text, bank.questions, encoder)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2] * 1000


def build_report(answers_path: Path, with_semantic: bool = True) -> Report:
    bank = load_bank()
    answers = load_answers(answers_path, bank)
    encoder = semantic_encoder(with_semantic)
    scored = {name: score_all(s, answers, bank) for name, s in scorers(bank, encoder).items()}
    metrics = {name: measure(rows) for name, rows in scored.items()}
    timing = time_grader(answers, bank)
    timing = replace(timing, semantic_ms=semantic_ms(answers, bank, encoder))
    dev_set = display_path(answers_path)
    return Report(dev_set, scored["grader"], metrics, timing, targets(metrics, timing))


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table_rows(report: Report) -> list[tuple[str, list[str], Target | None]]:
    m = list(report.metrics.values())
    t = {target.name: target for target in report.targets}
    rows: list[tuple[str, list[str], Target | None]] = [
        (label, [fmt(getattr(x, field), digits) for x in m], t[field])
        for label, field, digits in METRIC_ROWS
    ]
    rows += [
        (f"mean score, label {label}", [fmt(x.mean_by_label.get(label), 1) for x in m], None)
        for label in reversed(LABELS)
    ]
    rows += [
        (
            f"mean score, {kind}",
            [fmt(x.mean_by_kind.get(kind), 1) for x in m],
            t.get(f"mean_{kind}"),
        )
        for kind in KINDS
        if kind in report.metrics["grader"].mean_by_kind
    ]
    strong = t["weakest_strong_style"]
    gain = t["spearman_gain_over_length"]
    return [
        *rows,
        ("weakest strong style", [fmt(strong.value, 1)], strong),
        ("Spearman gain over length", [fmt(gain.value)], gain),
        ("median grade time (ms)", [fmt(report.timing.ms_per_grade)], t["ms_per_grade"]),
        ("worst case at the cap (ms)", [fmt(report.timing.worst_case_ms)], t["worst_case_ms"]),
        ("answers graded per second", [fmt(report.timing.answers_per_second, 0)], None),
        *(
            [("semantic: median grade (ms)", ["", fmt(report.timing.semantic_ms, 1)], None)]
            if report.timing.semantic_ms is not None
            else []
        ),
    ]


def table_line(label: str, cells: Sequence[str], target: str = "", status: str = "") -> str:
    return (
        f"{label:<27}" + "".join(f"{c:>10}" for c in cells) + f"  {target:<7} {status}"
    ).rstrip()


def render_table(report: Report) -> list[str]:
    names = list(report.metrics)
    lines = [table_line("metric", names, "target", "result")]
    for label, cells, target in table_rows(report):
        padded = cells + [""] * (len(names) - len(cells))
        if target is None:
            lines.append(table_line(label, padded))
        else:
            bound = f"{target.op} {target.bound:g}"
            lines.append(table_line(label, padded, bound, "PASS" if target.passed else "FAIL"))
    return lines


def snippet(text: str) -> str:
    flat = " ".join(text.split())
    return json.dumps(flat[:SNIPPET_CHARS] + ("..." if len(flat) > SNIPPET_CHARS else ""))


def answer_line(row: Scored) -> str:
    a = row.answer
    return f"q{a.question:<4} {a.kind:<9} {a.label:>5} {row.score:>5g}  {snippet(a.text)}"


def render_offenders(rows: Sequence[Scored]) -> list[str]:
    lines = [
        f"Worst-ordered pairs (higher label scored at or below lower label), top {TOP_OFFENDERS}:",
        f"  {'gap':>4}  {'q':<5} {'kind':<9} {'label':>5} {'score':>5}  text",
    ]
    for high, low in misordered_pairs(rows)[:TOP_OFFENDERS]:
        gap = low.score - high.score
        lines += [f"  {gap:>4g}  {answer_line(high)}", f"  {'':>4}  {answer_line(low)}"]
    lines += [
        "",
        f"Highest-scoring answers of the kinds that should score low, top {TOP_OFFENDERS}:",
        f"  {'q':<5} {'kind':<9} {'label':>5} {'score':>5}  text",
    ]
    top = top_scoring(rows, LOW_KINDS)[:TOP_OFFENDERS]
    lines += [f"  {answer_line(r)}" for r in top]
    lines += ["", f"Lowest-scoring strong answers, bottom {TOP_OFFENDERS}:"]
    low = sorted((r for r in rows if r.answer.label == 3), key=lambda r: r.score)[:TOP_OFFENDERS]
    return lines + [f"  {answer_line(r)}" for r in low]


def render_text(report: Report) -> str:
    passed = sum(t.passed for t in report.targets)
    return "\n".join(
        [
            f"Grading benchmark: {len(report.rows)} answers to {report.questions} questions"
            f" ({report.dev_set})",
            "scores: grader (lexical) and semantic 0-100, length in words,"
            " token_set = rapidfuzz token_set_ratio vs hint",
            "",
            *render_table(report),
            "",
            f"grader targets passed: {passed} of {len(report.targets)}",
            "",
            *render_offenders(report.rows),
        ]
    )


def offender_json(row: Scored) -> dict[str, Any]:
    a = row.answer
    return {
        "question": a.question,
        "kind": a.kind,
        "label": a.label,
        "score": row.score,
        "text": a.text[:SNIPPET_CHARS],
    }


def render_json(report: Report) -> str:
    pairs = misordered_pairs(report.rows)[:TOP_OFFENDERS]
    top = top_scoring(report.rows, LOW_KINDS)[:TOP_OFFENDERS]
    data = {
        "dev_set": report.dev_set,
        "answers": len(report.rows),
        "questions": report.questions,
        "metrics": {name: asdict(m) for name, m in report.metrics.items()},
        "timing": asdict(report.timing),
        "targets": [{**asdict(t), "passed": t.passed} for t in report.targets],
        "passed": all(t.passed for t in report.targets),
        "misordered_pairs": [
            {
                "gap": low.score - high.score,
                "higher": offender_json(high),
                "lower": offender_json(low),
            }
            for high, low in pairs
        ],
        "top_stuffing_offtopic": [offender_json(r) for r in top],
    }
    return json.dumps(data, indent=2)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=Path, default=DEFAULT_ANSWERS, help="labeled dev set")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument(
        "--lexical", action="store_true", help="leave the semantic grader out even if installed"
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="sweep the semantic grader's threshold"
    )
    args = parser.parse_args(argv)
    if args.calibrate:
        print(calibrate(args.answers))
        return 0
    report = build_report(args.answers, with_semantic=not args.lexical)
    print(render_json(report) if args.json else render_text(report))
    return 1 if args.check and not all(t.passed for t in report.targets) else 0


if __name__ == "__main__":
    sys.exit(main())
