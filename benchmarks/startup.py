"""Start-up time and memory of aiops-prep's commands, against a bare Typer app.

Run from the repository, with aiops-prep installed in the running interpreter:

    python benchmarks/startup.py [--runs 21] [--check] [--compare-typer]

Commands alternate within each round, so a noisy machine slows them all alike; the report
gives each command's median wall time, peak memory (max RSS), and ratios to the bare Typer
app and to `python -c pass`. `--check` exits 1 if a target is missed. `--compare-typer`
also times the bare app under Typer 0.28 and 0.29, each in its own virtual environment
(made once under the system temp directory; needs the package index).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from peak import peak_mb  # benchmarks/peak.py, beside this script

HELLO_APP = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""
ANSWER = (
    "supervised models need labeled incident data, which is scarce, so I start unsupervised: "
    "an isolation forest or an autoencoder learns normal behaviour and flags deviations"
)
# (name, arguments after the interpreter, ratio target against the bare Typer app)
TARGETS = {
    "aiops-prep --help": 1.1,
    "hint 23": 1.25,
    "list --json": 1.25,
    "grade --json": 1.25,
    "quiz -n 1 (piped)": 1.3,
    "stats": 1.3,
    "history": 1.3,
}
# What a command reads on standard input (a pipe); the others inherit the benchmark's own.
STDIN = {"quiz -n 1 (piped)": ANSWER.encode() + b"\n"}


@dataclass(frozen=True)
class Result:
    name: str
    seconds: float
    max_rss_mb: float


def commands(python: str, hello: Path) -> dict[str, list[str]]:
    # The console script pip installed beside this interpreter: what a user runs.
    aiops = [str(Path(python).parent / "aiops-prep")]
    return {
        "python -c pass": [python, "-c", "pass"],
        "bare typer app": [python, str(hello), "--name", "you"],
        "aiops-prep --help": [*aiops, "--help"],
        "hint 23": [*aiops, "hint", "23"],
        "list --json": [*aiops, "list", "--json"],
        "grade --json": [*aiops, "grade", "4", ANSWER, "--json"],
        # A script driving a quiz: one answer, graded, shown and saved.
        "quiz -n 1 (piped)": [*aiops, "quiz", "-n", "1", "--seed", "1"],
        # Piped, as in a script or `| less`: plain text (at a terminal they print the same).
        "stats": [*aiops, "stats"],
        "history": [*aiops, "history"],
    }


def practise(python: str, env: dict[str, str]) -> None:
    """A few saved answers, so `stats` and `history` have something to show."""
    aiops = str(Path(python).parent / "aiops-prep")
    answers = f"{ANSWER}\nno idea\nseasonality and trend\n"
    subprocess.run(
        [aiops, "quiz", "-n", "3", "--seed", "1"],
        input=answers.encode(),
        stdout=subprocess.DEVNULL,
        env=env,
        check=True,
    )


def run_once(argv: list[str], env: dict[str, str], stdin: bytes | None = None) -> float:
    """Wall seconds of one run."""
    started = time.perf_counter()
    result = subprocess.run(
        argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode().strip()}")
    return elapsed


def peak_of(argv: list[str], env: dict[str, str], stdin: bytes | None = None) -> float:
    """Peak resident memory of one of `commands`, in MB."""
    python, *rest = argv
    if python.endswith("aiops-prep"):  # the console script runs aiops_prep's main
        return peak_mb("module", "aiops_prep", rest, env, stdin=stdin)
    if rest[:1] == ["-c"]:
        return peak_mb("none", "-", [], env, python)
    return peak_mb("path", rest[0], rest[1:], env, python)


def measure(argvs: dict[str, list[str]], runs: int, env: dict[str, str]) -> list[Result]:
    times: dict[str, list[float]] = {name: [] for name in argvs}
    for name, argv in argvs.items():  # warm the file cache and any on-disk caches first
        run_once(argv, env, STDIN.get(name))
    for _ in range(runs):
        for name, argv in argvs.items():
            times[name].append(run_once(argv, env, STDIN.get(name)))
    memory = {name: peak_of(argv, env, STDIN.get(name)) for name, argv in argvs.items()}
    return [Result(n, statistics.median(times[n]), memory[n]) for n in argvs]


def report(results: list[Result]) -> tuple[str, bool]:
    by_name = {r.name: r for r in results}
    base, bare = by_name["python -c pass"].seconds, by_name["bare typer app"].seconds
    lines = [
        f"{'command':<20}{'median ms':>10}{'max MB':>8}{'x typer':>9}{'x python':>10}"
        f"{'target':>8}  result"
    ]
    passed = True
    for r in results:
        ratio = r.seconds / bare
        target = TARGETS.get(r.name)
        verdict = ""
        if target is not None:
            ok = ratio <= target
            passed = passed and ok
            verdict = "PASS" if ok else "FAIL"
        lines.append(
            f"{r.name:<20}{r.seconds * 1000:>10.1f}{r.max_rss_mb:>8.1f}{ratio:>9.2f}"
            f"{r.seconds / base:>10.2f}{(f'<={target}' if target else ''):>8}  {verdict}"
        )
    return "\n".join(lines), passed


def typer_venv(version: str) -> str:
    """A cached virtual environment with only this Typer release; its python."""
    folder = Path(tempfile.gettempdir()) / f"aiops-prep-bench-typer-{version}"
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"typer=={version}.*"], check=True
        )
    return str(python)


def compare_typer(hello: Path, runs: int, env: dict[str, str]) -> str:
    argvs = {"python -c pass": [sys.executable, "-c", "pass"]}
    for version in ("0.28", "0.29"):
        argvs[f"bare app, typer {version}"] = [typer_venv(version), str(hello), "--name", "you"]
    results = measure(argvs, runs, env)
    base = results[0].seconds
    lines = [f"{'':<22}{'median ms':>10}{'max MB':>8}{'x python':>10}"]
    for r in results:
        lines.append(
            f"{r.name:<22}{r.seconds * 1000:>10.1f}{r.max_rss_mb:>8.1f}{r.seconds / base:>10.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds of every command")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--compare-typer", action="store_true", help="time Typer 0.28 vs 0.29")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        hello = Path(folder) / "hello.py"
        hello.write_text(HELLO_APP, encoding="utf-8")
        env = {**os.environ, "AIOPS_PREP_HOME": str(Path(folder) / "home"), "COLUMNS": "100"}
        # As installed: bytecode compiled once and reused (pip compiles it at install time).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        from importlib.metadata import version

        print(f"Python {sys.version.split()[0]}, Typer {version('typer')}, {args.runs} runs each")
        practise(sys.executable, env)
        text, passed = report(measure(commands(sys.executable, hello), args.runs, env))
        print(text)
        if args.compare_typer:
            print()
            print(compare_typer(hello, args.runs, env))
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
