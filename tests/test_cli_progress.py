"""Progress through the CLI: saved at once, kept across processes, interrupts and faults."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiops_prep.cli import app
from aiops_prep.progress import database_path, open_progress
from aiops_prep.quiz import select

DAY_LATER = "2026-11-27T12:00:00"
BUNDLED = "aiops-prep"


def cli(runner: CliRunner, *args: str, input: str | None = None, now: str | None = None):
    env = {"AIOPS_PREP_NOW": now} if now else {}
    return runner.invoke(app, list(args), input=input, env=env)


def saved_count() -> int:
    with open_progress(create=False) as store:
        return store.count(BUNDLED) if store else 0


def aiops(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiops_prep", *args], capture_output=True, text=True, **kwargs
    )


def test_empty_database_reads_as_no_practice(runner: CliRunner) -> None:
    stats = json.loads(cli(runner, "stats", "--json").stdout)
    assert stats["attempts"] == 0 and stats["weakest"] == [] and stats["streak_days"] == 0
    assert [s["attempted"] for s in stats["sections"]] == [0] * 6
    assert json.loads(cli(runner, "history", "--json").stdout) == []
    assert "No answers saved yet" in cli(runner, "stats").stdout
    assert not database_path().exists()


def test_quiz_stats_history_review_a_day_later(runner: CliRunner) -> None:
    answers = "isolation forest and autoencoders learn normal behaviour\nno idea\nseasonality\n"
    quiz = cli(
        runner,
        "quiz",
        "-n",
        "3",
        "--level",
        "beginner",
        "--seed",
        "4",
        input=answers,
        now="2026-11-26T09:00:00",
    )
    assert quiz.exit_code == 0 and quiz.stdout.count("Scheduled as") == 3
    stats = json.loads(cli(runner, "stats", "--json", now="2026-11-26T10:00:00").stdout)
    assert stats["attempts"] == 3 and stats["sections"][0]["attempted"] == 3
    assert len(stats["weakest"]) == 3 and stats["streak_days"] == 1
    assert stats["activity"][-1] == {"date": "2026-11-26", "attempts": 3}
    assert set(stats["most_missed"][0]) == {"concept", "missed"}
    history = json.loads(cli(runner, "history", "--json").stdout)
    assert len(history) == 3 and {h["mode"] for h in history} == {"quiz"}
    assert set(history[0]) >= {"id", "at", "score", "covered", "missed", "hint_used", "answer"}
    weakest_id = stats["weakest"][0]["id"]
    review = cli(runner, "review", "-n", "1", input="", now=DAY_LATER)
    assert f"#{weakest_id} ·" in review.stdout
    assert "Next review:" in review.stdout


def test_review_with_nothing_due_says_when(runner: CliRunner) -> None:
    cli(runner, "quiz", "-n", "1", "--level", "beginner", input="rule based vs ml\n")
    with open_progress() as store:  # every question practised, none due yet
        due = store.due(BUNDLED)
    assert len(due) == 1
    result = cli(runner, "review", "--level", "beginner", "-n", "1", input="")
    assert result.exit_code == 0
    assert "[1/1]" in result.stdout  # never-seen questions fill the session


def test_no_save_records_nothing(runner: CliRunner) -> None:
    result = cli(runner, "quiz", "-n", "2", "--no-save", input="a\nb\n")
    assert result.exit_code == 0 and "Scheduled" not in result.stdout
    assert saved_count() == 0


def test_quiz_weak_asks_the_lowest_scores_first(runner: CliRunner, bank) -> None:
    first, second = select(bank, ["beginner"], count=2, seed=1)
    strong = " ".join((first.model_answer or "").split())
    cli(runner, "quiz", "-n", "2", "--level", "beginner", "--seed", "1", input=f"{strong}\nno\n")
    scores = {h["id"]: h["score"] for h in json.loads(cli(runner, "history", "--json").stdout)}
    assert scores[first.id] > scores[second.id]
    result = cli(runner, "quiz", "--weak", "-n", "1", "--no-save", input="")
    assert f"#{second.id} ·" in result.stdout


def test_history_for_one_question_and_unknown_id(runner: CliRunner) -> None:
    cli(runner, "quiz", "-n", "2", "--seed", "9", input="a\nb\n")
    first = json.loads(cli(runner, "history", "--json").stdout)[0]["id"]
    rows = json.loads(cli(runner, "history", str(first), "--json").stdout)
    assert [r["id"] for r in rows] == [first]
    bad = cli(runner, "history", "99")
    assert bad.exit_code == 2 and "no question with id 99" in bad.stderr


def test_corrupt_database_is_reported_and_kept(runner: CliRunner) -> None:
    path = database_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 200)
    for args in (["stats"], ["quiz", "-n", "1"], ["history"]):
        result = cli(runner, *args, input="x\n")
        assert result.exit_code == 1, args
        assert f"{path}: not a usable progress database" in result.stderr
        assert "aiops-prep reset" in result.stderr and "Traceback" not in result.output
    assert path.read_bytes() == b"garbage" * 200
    reset = cli(runner, "reset", "--yes")
    assert reset.exit_code == 0 and "kept at" in reset.stderr
    assert not path.exists() and cli(runner, "stats").exit_code == 0


def test_reset_asks_first(runner: CliRunner) -> None:
    cli(runner, "quiz", "-n", "1", input="a\n")
    assert cli(runner, "reset").exit_code == 2  # no terminal to ask on
    assert saved_count() == 1


def test_unwritable_data_directory_warns_and_still_quizzes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("AIOPS_PREP_HOME", str(blocker / "home"))
    result = cli(runner, "quiz", "-n", "1", input="isolation forest\n")
    assert result.exit_code == 0
    assert "progress is not being saved" in result.stderr
    assert "Score:" in result.stdout


def test_progress_persists_across_processes() -> None:
    first = aiops("quiz", "-n", "2", "--seed", "1", input="drift\nseasonality\n")
    assert first.returncode == 0, first.stderr
    second = aiops("history", "--json")
    assert len(json.loads(second.stdout)) == 2


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from aiops_prep.bank import load_bank
    from aiops_prep.grading import grade
    from aiops_prep.progress import open_progress
    from aiops_prep.session import Attempt

    bank = load_bank()
    with open_progress() as store:
        for i in range(200):
            q = bank.questions[i % 50]
            store.record(bank.key, Attempt(q, sys.argv[1], grade(q, sys.argv[1])), "quiz",
                         datetime.now(timezone.utc))
    """
)


def test_two_writers_at_once_keep_all_attempts() -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, f"writer {n}"], stderr=subprocess.PIPE)
        for n in (1, 2)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    assert saved_count() == 400


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery")
def test_interrupted_quiz_keeps_the_answers_graded_before() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "aiops_prep", "quiz", "-n", "6", "--seed", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write("one\ntwo\nthree\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while saved_count() < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "Quiz summary" in out
    assert saved_count() == 3


def test_reset_while_a_quiz_runs_keeps_later_answers_out_of_the_backup(tmp_path: Path) -> None:
    quiz = subprocess.Popen(
        [sys.executable, "-m", "aiops_prep", "quiz", "-n", "2", "--seed", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert quiz.stdin is not None
    quiz.stdin.write("before the reset\n")
    quiz.stdin.flush()
    deadline = time.monotonic() + 30
    while saved_count() < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    reset = aiops("reset", "--yes")
    assert reset.returncode == 0, reset.stderr
    _, err = quiz.communicate("after the reset\n", timeout=30)
    assert quiz.returncode == 0, err
    [backup] = database_path().parent.glob("progress.db.*.bak")
    alone = tmp_path / "backup-alone.db"  # the backup file on its own, as a user copies it
    alone.write_bytes(backup.read_bytes())
    with sqlite3.connect(alone) as db:
        assert db.execute("SELECT answer FROM attempts").fetchall() == [("before the reset",)]
    answers = [h["answer"] for h in json.loads(aiops("history", "--json").stdout)]
    assert answers == ["after the reset"]
