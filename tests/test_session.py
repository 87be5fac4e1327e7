"""One practice session: commands, and what the summary may claim."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from typer.testing import CliRunner

from aiops_prep.bank import Bank
from aiops_prep.cli import app
from aiops_prep.session import Attempt, Hooks, run


def hooks(answers: list[str], save=lambda attempt: 1, steady=None) -> Hooks:
    replies = iter(answers)
    extra = {"steady": steady} if steady else {}
    return Hooks(
        ask=lambda question, number, total: next(replies, None),
        show_hint=lambda question: True,
        save=save,
        feedback=lambda attempt, saved: None,
        **extra,
    )


@pytest.mark.parametrize("word", ["q", "quit", "exit", " QUIT ", "Exit"])
def test_quit_or_exit_typed_as_an_answer_ends_the_session_ungraded(bank: Bank, word: str) -> None:
    outcome = run(bank.questions[:3], hooks(["an answer", word, "never asked"]))
    assert [a.answer for a in outcome.attempts] == ["an answer"]
    assert not outcome.interrupted


def test_quit_at_the_quiz_prompt_saves_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["quiz", "-n", "2", "--seed", "1"], input="quit\nexit\n")
    assert result.exit_code == 0 and "Score:" not in result.stdout
    assert "No answers graded" in result.stdout
    assert runner.invoke(app, ["history", "--json"]).stdout.strip() == "[]"


def test_an_answer_interrupted_while_saving_is_not_in_the_summary(bank: Bank) -> None:
    def save(attempt: Attempt) -> int:
        raise KeyboardInterrupt  # Ctrl-C before the save committed: nothing was kept

    outcome = run(bank.questions[:2], hooks(["an answer"], save=save))
    assert outcome.attempts == [] and outcome.exit_code == 130


def test_reading_grading_and_saving_happen_in_one_steady_step(bank: Bank) -> None:
    events: list[str] = []

    @contextmanager
    def steady() -> Iterator[None]:
        events.append("steady")
        yield
        events.append("done")

    def save(attempt: Attempt) -> int:
        events.append("save")
        return 1

    run(bank.questions[:1], hooks(["an answer"], save=save, steady=steady))
    assert events == ["steady", "save", "done"]
