"""Choosing the grader: --grader / AIOPS_PREP_GRADER, `auto` by default, and a clean fallback
to words alone when the model is not there."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from aiops_prep import graders, semantic
from aiops_prep.cli import app
from aiops_prep.errors import AiopsPrepError

ANSWER = "Daily and weekly seasonality, non-stationary data and concept drift."


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        pytest.param(None, "", "auto", id="default"),
        pytest.param(None, "Semantic", "semantic", id="env"),
        pytest.param("lexical", "semantic", "lexical", id="option-over-env"),
        pytest.param(" AUTO ", "", "auto", id="any-case"),
    ],
)
def test_choice(given: str | None, env: str, expected: str, monkeypatch: Any) -> None:
    monkeypatch.setenv(graders.ENV, env)
    assert graders.choice(given) == expected


def test_unknown_grader_is_a_clean_usage_error(runner: CliRunner) -> None:
    with pytest.raises(AiopsPrepError, match="choose from: auto, lexical, semantic"):
        graders.choice("llm")
    result = runner.invoke(app, ["grade", "3", ANSWER, "--grader", "llm"])
    assert result.exit_code == 2 and "unknown grader 'llm'" in result.stderr
    quiz = runner.invoke(app, ["quiz", "-n", "1"], input="x\n", env={graders.ENV: "words"})
    assert quiz.exit_code == 2 and "unknown grader 'words'" in quiz.stderr


def test_lexical_json_says_which_grader_ran(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "3", ANSWER, "--json", "--grader", "lexical"])
    assert json.loads(result.stdout)["grader"] == "lexical"


@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the [semantic] extra were not installed, with the once-per-process state fresh."""
    monkeypatch.setattr(semantic, "model_dir", lambda: None)
    monkeypatch.setattr(semantic, "_loaded", None)
    monkeypatch.setattr(semantic, "_failed", False)


@pytest.mark.usefixtures("no_extra")
def test_auto_without_the_extra_grades_by_words_and_says_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "3", ANSWER, "--json"], env={graders.ENV: "auto"})
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["grader"] == "lexical"


@pytest.mark.usefixtures("no_extra")
def test_semantic_without_the_extra_warns_once_and_grades_by_words(runner: CliRunner) -> None:
    lines = "".join(json.dumps({"id": 3, "answer": ANSWER}) + "\n" for _ in range(3))
    result = runner.invoke(app, ["grade", "--batch", "-", "--grader", "semantic"], input=lines)
    assert result.exit_code == 0
    assert [json.loads(line)["grader"] for line in result.stdout.splitlines()] == ["lexical"] * 3
    assert result.stderr.count("warning: semantic grading is off") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("no_extra")
def test_a_quiz_with_semantic_asked_for_still_grades_and_saves(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["quiz", "-n", "1", "--seed", "1", "--grader", "semantic"], input=ANSWER + "\n\n3\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("warning: semantic grading is off") == 1
    history = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert len(history) == 1


@pytest.mark.usefixtures("no_extra")
def test_paths_names_the_grader_and_its_model(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["paths", "--json"], env={graders.ENV: "auto"}).stdout)
    assert data["grader"] == "auto" and data["model"] is None
    text = runner.invoke(app, ["paths"], env={graders.ENV: "lexical"}).stdout
    assert "grader:    lexical" in text and "model:     none (grading by words)" in text


@pytest.mark.semantic
def test_semantic_grader_runs_and_says_so(runner: CliRunner, semantic_encoder: Any) -> None:
    plain = (
        "Traffic has a rhythm: heavy on weekday mornings, nearly dead at 3am and different"
        " again on Sundays, so a value that is fine at noon is alarming at 4am."
    )
    for env in ({graders.ENV: "semantic"}, {graders.ENV: "auto"}):
        result = runner.invoke(app, ["grade", "3", plain, "--json"], env=env)
        data = json.loads(result.stdout)
        assert data["grader"] == "semantic" and "seasonal patterns" in data["in_own_words"]
    paths = json.loads(runner.invoke(app, ["paths", "--json"], env={graders.ENV: "auto"}).stdout)
    assert paths["model"] == str(semantic.model_dir())
