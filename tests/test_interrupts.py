"""Ctrl-C, SIGTERM and SIGHUP: nothing submitted is lost, the summary is the saved history,
and the terminal is left as it was found."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from aiops_prep import interrupts

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and terminals")
TRIALS = Path(__file__).with_name("pty_trials.py")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SUMMARY_ROW = re.compile(r"│\s*(\d+)\s*│[^│\n]*│\s*(\d+)\s*│")  # "│ 2 │ Deep Dive │ 67 │"


def run_trials(tmp_path: Path, bank: Path, count: int, signals: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, str(TRIALS), str(tmp_path), str(bank), str(count), signals],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    trials = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(trials) == count
    return trials


def summary(output: str) -> list[list[int]]:
    """The (question id, score) rows of the quiz summary the program printed."""
    _, _, table = ESCAPES.sub("", output).partition("Quiz summary")
    return [[int(qid), int(score)] for qid, score in SUMMARY_ROW.findall(table)]


def test_ctrl_c_0_to_30_ms_after_enter_never_loses_the_submitted_answer(
    tmp_path: Path, sample_bank_path: Path
) -> None:
    trials = run_trials(tmp_path, sample_bank_path, 50, "INT")
    for trial in trials:
        assert trial["problem"] is None, trial  # the quiz never carried on past the Ctrl-C
        assert trial["exit_code"] == 130, trial["output"][-800:]
        assert len(trial["saved"]) == 1, trial  # the submitted answer: graded and saved
        assert summary(trial["output"]) == trial["saved"]  # and the summary is the history
        assert trial["terminal_restored"], trial["output"][-300:]


def test_sigterm_and_sighup_end_like_ctrl_c_and_restore_the_terminal(
    tmp_path: Path, sample_bank_path: Path
) -> None:
    trials = run_trials(tmp_path, sample_bank_path, 12, "TERM,HUP")
    for trial in trials:
        assert trial["problem"] is None, trial
        assert trial["exit_code"] == 128 + trial["signal"], trial["output"][-800:]
        assert len(trial["saved"]) == 1, trial
        assert summary(trial["output"]) == trial["saved"]
        assert trial["terminal_restored"], trial["output"][-300:]


def test_a_signal_while_deferred_waits_for_the_end_of_the_step() -> None:
    steps = []
    with interrupts.handled(), pytest.raises(interrupts.Interrupted) as stopped:
        with interrupts.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            steps.append("saved")  # still runs: the signal waits
    assert steps == ["saved"] and stopped.value.exit_code == 143


def test_a_signal_while_waiting_for_input_stops_at_once() -> None:
    with interrupts.handled(), pytest.raises(interrupts.Interrupted) as stopped:
        with interrupts.deferred(), interrupts.waiting():
            os.kill(os.getpid(), signal.SIGINT)
            pytest.fail("went on past the signal")
    assert stopped.value.exit_code == 130


def test_handlers_are_restored_and_an_ignored_hangup_stays_ignored() -> None:
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    term, intr = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with interrupts.handled():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not term
        assert signal.getsignal(signal.SIGTERM) is term
        assert signal.getsignal(signal.SIGINT) is intr
    finally:
        signal.signal(signal.SIGHUP, before)
