"""How aiops-prep grades a public, human-scored short-answer set, imported as a user would.

Run from the repository, with aiops-prep installed in the running interpreter:

    python benchmarks/public_set.py [--data DIR] [--split NAME]... [--json]

The set is SAF, communication networks, English (benchmarks/public/README.md: source,
licence, where the copy is looked for). Its questions and reference answers become a CSV of
`question,hint` (the reference answer as the hint: all such a spreadsheet has), which
`aiops-prep import` turns into a bank; every student answer is graded in one process with
`aiops-prep grade --batch`; and the scores are set against the experts' with Pearson and
Spearman correlations, beside two baselines against the reference answer:
rapidfuzz's token_set_ratio, and (with the [semantic] extra) MiniLM cosine similarity.
Nothing is tuned on this set.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("training", "unseen_answers", "unseen_questions")
PLACES = (ROOT / "benchmarks" / "public" / "saf", ROOT.parent / "shared" / "public" / "saf")


class Question(NamedTuple):
    key: str
    text: str
    reference: str


class Answer(NamedTuple):
    question: str
    split: str
    text: str
    score: float


def find_data(given: str | None) -> Path:
    candidates = [Path(given)] if given else []
    if os.environ.get("AIOPS_PREP_PUBLIC_SET"):
        candidates.append(Path(os.environ["AIOPS_PREP_PUBLIC_SET"]))
    candidates += PLACES
    for place in candidates:
        if (place / "data").is_dir():
            return place
    sys.exit(
        "no copy of the SAF data found in "
        + ", ".join(str(p) for p in candidates)
        + " (see benchmarks/public/README.md)"
    )


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def read_set(root: Path, splits: Sequence[str]) -> tuple[dict[str, Question], list[Answer]]:
    questions: dict[str, Question] = {}
    answers: list[Answer] = []
    for split in splits:
        for path in sorted((root / "data" / split / "english").glob("*.xml")):
            node = ET.parse(path).getroot()
            key = path.stem.split("_")[0]  # 4.2_LM_v1.0.xml: some files' id attributes are wrong
            reference = node.find("referenceAnswers/referenceAnswer")
            questions.setdefault(
                key,
                Question(
                    key,
                    _clean(node.findtext("questionText")),
                    _clean(reference.text if reference is not None else ""),
                ),
            )
            for student in node.iterfind("studentAnswers/studentAnswer"):
                text = (student.findtext("response") or "").strip()
                answers.append(Answer(key, split, text, float(student.findtext("score") or 0)))
    return questions, answers


def aiops_prep(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "aiops_prep", *args],
        input=stdin,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"aiops-prep {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def tool_scores(
    questions: dict[str, Question], answers: list[Answer], work: Path
) -> tuple[list[float], float]:
    """Import the questions from a CSV, grade every answer with `grade --batch`."""
    sheet = work / "saf.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["question", "hint"])
        for q in questions.values():
            writer.writerow([q.text, q.reference])
    bank = work / "saf.yaml"
    aiops_prep("import", str(sheet), "-o", str(bank))
    listed = json.loads(aiops_prep("list", "--json", "--bank", str(bank)))
    ids = {_clean(item["question"]): item["id"] for item in listed}
    by_key = {key: ids[_clean(q.text)] for key, q in questions.items()}
    lines = "".join(
        json.dumps({"id": by_key[a.question], "answer": a.text}) + "\n" for a in answers
    )
    start = time.perf_counter()
    out = aiops_prep("grade", "--batch", "-", "--bank", str(bank), stdin=lines)
    seconds = time.perf_counter() - start
    return [float(json.loads(line)["score"]) for line in out.splitlines()], seconds


def token_set(questions: dict[str, Question], answers: list[Answer]) -> list[float]:
    from rapidfuzz import fuzz, utils

    return [
        fuzz.token_set_ratio(
            a.text, questions[a.question].reference, processor=utils.default_process
        )
        for a in answers
    ]


def minilm(questions: dict[str, Question], answers: list[Answer]) -> list[float] | None:
    from aiops_prep import semantic

    if semantic.model_dir() is None:
        return None
    encoder = semantic.load()
    if encoder is None:
        return None
    keys = list(questions)
    references = encoder.encode([questions[k].reference for k in keys])
    row = {k: n for n, k in enumerate(keys)}
    vectors = encoder.encode([a.text or " " for a in answers])
    return [float(v @ references[row[a.question]]) for v, a in zip(vectors, answers, strict=True)]


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else float("nan")


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties given their average rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            result[i] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    return pearson(ranks(x), ranks(y))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", help="a copy of the SAF repository's data (and LICENSE)")
    parser.add_argument("--split", action="append", choices=SPLITS, help="default: all three")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    root = find_data(args.data)
    questions, answers = read_set(root, args.split or SPLITS)
    human = [a.score for a in answers]
    with tempfile.TemporaryDirectory() as work:
        tool, seconds = tool_scores(questions, answers, Path(work))
    rows = {"aiops-prep grade (imported bank)": tool, "token_set_ratio vs reference": None}
    rows["token_set_ratio vs reference"] = token_set(questions, answers)
    cosine = minilm(questions, answers)
    if cosine is not None:
        rows["MiniLM cosine vs reference"] = cosine
    figures = {
        name: {"pearson": round(pearson(v, human), 3), "spearman": round(spearman(v, human), 3)}
        for name, v in rows.items()
        if v is not None
    }
    if args.json:
        print(json.dumps({"answers": len(answers), "questions": len(questions), **figures}))
        return
    print(
        f"SAF communication networks (English): {len(questions)} questions, {len(answers)}"
        f" answers ({', '.join(args.split or SPLITS)}); grade --batch took {seconds:.1f} s"
    )
    print(f"{'method':36} {'Pearson':>8} {'Spearman':>9}")
    for name, values in figures.items():
        print(f"{name:36} {values['pearson']:8.3f} {values['spearman']:9.3f}")
    if cosine is None:
        print("(MiniLM cosine: the [semantic] extra is not installed)")


if __name__ == "__main__":
    main()
