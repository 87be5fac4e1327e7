"""Browse the bank and grade a single answer."""

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from aiops_prep.cli import (
    BankOption,
    GraderOption,
    IdArgument,
    JsonOption,
    LevelOption,
    UsageError,
    command,
    complete_id,
    load,
)


@command("list")
def list_questions(
    level: LevelOption = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--search",
            "-s",
            metavar="TEXT",
            help="Only questions whose text or hint contains this.",
        ),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """List the questions: id, section and question."""
    from aiops_prep import render
    from aiops_prep.quiz import select
    from aiops_prep.render import questions as render_questions

    loaded = load(bank)
    questions = select(loaded, level or (), search=search, shuffle=False)
    if as_json:
        render.print_json([render_questions.question_json(q, loaded) for q in questions])
    else:
        render_questions.question_table(questions, loaded)


def _view(question_id: int, bank: Path | None, as_json: bool, data: str, text: str) -> None:
    """One question as JSON (render.questions.`data`) or for people (`text`)."""
    from aiops_prep import render
    from aiops_prep.render import questions as render_questions

    loaded = load(bank)
    question = loaded.get(question_id)
    if as_json:
        render.print_json(getattr(render_questions, data)(question, loaded))
    else:
        getattr(render_questions, text)(question, loaded)


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
    question_id: Annotated[
        Optional[int],  # noqa: UP045
        typer.Argument(
            metavar="ID",
            help="Question id (see `aiops-prep list`); not with --batch.",
            show_default=False,
            autocompletion=complete_id,
        ),
    ] = None,
    answer: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[ANSWER]",
            help="Your answer; omit it or give - to read all of standard input.",
            show_default=False,
        ),
    ] = None,
    batch: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--batch",
            metavar="FILE.jsonl",
            help='Grade many answers: JSON Lines of {"id", "answer"} (- reads standard input);'
            " prints one JSON grade per line.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    grader: GraderOption = None,
    bank: BankOption = None,
) -> None:
    """Score one answer without a quiz, or a whole file of them with --batch."""
    from aiops_prep import graders, grading, render
    from aiops_prep.render import questions as render_questions

    chosen = graders.choice(grader)
    if batch is not None:
        if question_id is not None or answer is not None:
            raise UsageError("--batch takes no ID or ANSWER: each line names its question")
        _grade_batch(batch, bank, chosen)
        return
    if question_id is None:
        raise UsageError("missing argument 'ID' (or --batch FILE.jsonl)")
    loaded = load(bank)
    question = loaded.get(question_id)
    if answer is None or answer == "-":
        from aiops_prep.practice import stdin

        if sys.stdin.isatty():  # not a blank wait: say what is expected
            typer.echo("Type your answer; Ctrl-D when done.", err=True)
        answer = stdin().read()
    result = grading.grade(question, answer, loaded.questions, graders.encoder(chosen))
    if as_json:
        render.print_json(render_questions.grade_json(result))
    else:
        render_questions.show(question, loaded)
        render_questions.grade_result(result, question, with_hint=False)


def _grade_batch(source: str, bank: Path | None, chosen: str) -> None:
    """One JSON grade per line on stdout, in input order; a bar on stderr at a terminal."""
    from contextlib import nullcontext

    from aiops_prep import batch, graders, grading
    from aiops_prep.render.questions import grade_json

    loaded = load(bank)
    items = batch.read(source, loaded)
    encoder = graders.encoder(chosen)
    rows: Any = nullcontext(items)
    if sys.stderr.isatty():
        rows = typer.progressbar(items, label="Grading", file=sys.stderr)
    with rows as todo:
        for item in todo:
            question = loaded.get(item.question_id)
            result = grading.grade(question, item.answer, loaded.questions, encoder)
            sys.stdout.write(batch.json_line(grade_json(result)) + "\n")
    sys.stdout.flush()


@command()
def answer(question_id: IdArgument, as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show a question with its hint and the model answer a strong candidate would give."""
    _view(question_id, bank, as_json, "answer_json", "answer")
