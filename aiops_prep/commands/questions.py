"""Browse the bank and grade a single answer."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiops_prep.cli import BankOption, IdArgument, JsonOption, LevelOption, command, load


@command("list")
def list_questions(
    level: LevelOption = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--search", "-s", help="Only questions whose text or hint contains this."),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """List the questions: id, section and question."""
    from aiops_prep import render
    from aiops_prep.quiz import select

    loaded = load(bank)
    questions = select(loaded, level or (), search=search, shuffle=False)
    if as_json:
        render.print_json([render.question_json(q, loaded) for q in questions])
    else:
        render.question_table(questions, loaded)


def _view(question_id: int, bank: Path | None, as_json: bool, data: str, text: str) -> None:
    """One question as JSON (render.`data`) or for people (render.`text`)."""
    from aiops_prep import render

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(getattr(render, data)(question, loaded))
    else:
        getattr(render, text)(question, loaded)


@command()
def show(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show one question, without its hint."""
    _view(question_id, bank, as_json, "question_json", "show")


@command()
def hint(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show a question with its hint and the key concepts a strong answer covers."""
    _view(question_id, bank, as_json, "hint_json", "hint_view")


@command()
def grade(
    question_id: IdArgument,
    answer: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Your answer; omit it or give - to read all of standard input."),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Score one answer without a quiz."""
    from aiops_prep import grading, render

    loaded = load(bank)
    question = loaded.get(question_id)
    if answer is None or answer == "-":
        from aiops_prep.practice import stdin

        answer = stdin().read()
    result = grading.grade(question, answer, loaded.questions)
    if as_json:
        render.print_json(render.grade_json(result))
    else:
        render.show(question, loaded)
        render.grade_result(result, question, with_hint=False)


@command()
def answer(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show a question with its hint and the model answer a strong candidate would give."""
    _view(question_id, bank, as_json, "answer_json", "answer")
