"""The dev set graded through an imported bank: how `drafted` questions grade.

    python benchmarks/imported.py [--answers benchmarks/grading/holdout.yaml]

The bundled bank's questions and hints only (no concepts, no model answers) go into a
`question,hint` CSV, which `aiops-prep import` turns into a bank with drafted concepts, as a
user's spreadsheet would. Every labelled answer of the dev set is graded against it twice: as
imported (`drafted: true`, so closeness to the hint counts for half: README, How grading
works, rule 7), and with the concepts taken as reviewed (`drafted` off: concept score alone).
Prints Spearman and Pearson against the labels and the mean score of each kind of answer.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from grading import DEFAULT_ANSWERS, load_answers, spearman  # benchmarks/grading.py

from aiops_prep.bank import Bank, load_bank
from aiops_prep.grading import grade


def imported_copy(bank: Bank, work: Path) -> Bank:
    sheet = work / "bank.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "question", "hint"])
        writer.writerows([q.id, q.question, q.hint] for q in bank.questions)
    target = work / "bank.yaml"
    command = [sys.executable, "-m", "aiops_prep", "import", str(sheet), "-o", str(target)]
    subprocess.run(command, check=True, capture_output=True)
    return load_bank(target)


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs) ** 0.5
    vy = sum((y - my) ** 2 for y in ys) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--answers", type=Path, default=DEFAULT_ANSWERS)
    args = parser.parse_args()
    bundled = load_bank()
    answers = load_answers(args.answers, bundled)
    with tempfile.TemporaryDirectory() as work:
        drafted = imported_copy(bundled, Path(work))
    reviewed = drafted._replace(
        questions=tuple(q._replace(drafted=False) for q in drafted.questions)
    )
    labels = [float(a.label) for a in answers]
    kinds: dict[str, list[list[int]]] = defaultdict(lambda: [[], []])
    scores: list[list[float]] = [[], []]
    for answer in answers:
        for i, bank in enumerate((reviewed, drafted)):
            score = grade(bank.get(answer.question), answer.text, bank.questions).score
            scores[i].append(score)
            kinds[answer.kind][i].append(score)
    print(f"{len(answers)} answers, {args.answers.name}, bank imported from question + hint")
    print(f"{'':26}{'concepts only':>14}{'drafted rule':>14}")
    for name, measure in (("Spearman", spearman), ("Pearson", pearson)):
        before, after = (measure(s, labels) or 0.0 for s in scores)
        print(f"{name:26}{before:14.3f}{after:14.3f}")
    for kind, (before_k, after_k) in sorted(kinds.items()):
        mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
        print(f"{'mean score, ' + kind:26}{mean(before_k):14.1f}{mean(after_k):14.1f}")


if __name__ == "__main__":
    main()
