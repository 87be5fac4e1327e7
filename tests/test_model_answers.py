"""Every model answer is a strong answer by the grader's own measure, and not by accident."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from aiops_prep.bank import BUNDLED_BANKS, Bank, Question, load_bank, locate
from aiops_prep.cli import app
from aiops_prep.grading import grade
from aiops_prep.matching import EXACT, alias_words, joined
from aiops_prep.text import stem

# Every bundled bank's questions, named like "aiops-2026-q3".
QUESTIONS = {
    f"{name}-q{q.id}": q for name in BUNDLED_BANKS for q in load_bank(locate(name)).questions
}


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=QUESTIONS)
def test_model_answer_is_strong_and_covers_every_concept(question: Question) -> None:
    answer = question.model_answer or ""
    assert 150 <= len(answer.split()) <= 250
    result = grade(question, answer)
    assert result.missed == ()
    assert result.score >= 85


def without_key_terms(question: Question) -> str:
    """The model answer minus every word that belongs to a concept's name or alias."""
    key = {
        word.removeprefix(EXACT)
        for c in question.concepts
        for term in c.terms
        for word in (*alias_words(term), joined(term) or "")
    }
    kept = [
        token
        for token in question.model_answer.split()  # type: ignore[union-attr]
        if not any(w in key or stem(w) in key for w in re.findall(r"[a-z0-9]+", token.lower()))
    ]
    return " ".join(kept)


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=QUESTIONS)
def test_model_answer_without_its_key_terms_scores_clearly_lower(question: Question) -> None:
    stripped = without_key_terms(question)
    assert len(stripped.split()) >= 50  # still a fluent paragraph
    assert grade(question, stripped).score <= 30


def test_answer_command(runner: CliRunner, bank: Bank) -> None:
    result = runner.invoke(app, ["answer", "23"])
    assert result.exit_code == 0
    assert "Model answer" in result.stdout and "evidence" in result.stdout
    data = json.loads(runner.invoke(app, ["answer", "23", "--json"]).stdout)
    assert data["model_answer"] == bank.get(23).model_answer
    assert data["hint"] == bank.get(23).hint
    assert runner.invoke(app, ["answer", "77"]).exit_code == 2


def test_quiz_shows_model_answer_beside_the_answer(runner: CliRunner) -> None:
    wide = runner.invoke(
        app,
        ["quiz", "-n", "1", "--seed", "1", "--no-save"],
        input="drift\n",
        env={"COLUMNS": "120"},
    )
    assert "Your answer" in wide.stdout and "Model answer" in wide.stdout
    header = next(line for line in wide.stdout.splitlines() if "Your answer" in line)
    assert "Model answer" in header  # one row: side by side
    narrow = runner.invoke(
        app, ["quiz", "-n", "1", "--seed", "1", "--no-save"], input="drift\n", env={"COLUMNS": "60"}
    )
    lines = narrow.stdout.splitlines()
    assert lines.index("Model answer") > lines.index("Your answer")  # one after the other
    hidden = runner.invoke(app, ["quiz", "-n", "1", "--no-save", "--no-model"], input="x\n")
    assert "Model answer" not in hidden.stdout


def test_missed_concepts_are_highlighted_in_the_model_answer(bank: Bank) -> None:
    from aiops_prep.render.practice import model_text

    question = bank.get(4)
    text = model_text(question, {"isolation forest"})
    marked = [text.plain[span.start : span.end] for span in text.spans]
    assert len(marked) == 1 and "forest" in marked[0].lower()
