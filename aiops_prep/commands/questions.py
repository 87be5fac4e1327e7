"""Browse the bank and grade a single answer."""

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


@command()
def show(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show one question, without its hint."""
    from aiops_prep import render

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(render.question_json(question, loaded))
    else:
        render.show(question, loaded)


@command()
def hint(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show a question with its hint and the key concepts a strong answer covers."""
    from aiops_prep import render

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(render.question_json(question, loaded, hint=True))
    else:
        render.show(question, loaded, with_hint=True)


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
    result = grading.grade(question, answer)
    if as_json:
        render.print_json(render.grade_json(result))
    else:
        render.show(question, loaded)
        render.grade_result(result, question, with_hint=False)


@command()
def answer(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show a question with its hint and the model answer a strong candidate would give."""
    from aiops_prep import render

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(render.answer_json(question, loaded))
    else:
        render.answer(question, loaded)
