"""The command line: parse options, call the core, hand results to `render`."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from typer.core import TyperGroup

from aiops_prep import __version__
from aiops_prep.errors import AiopsPrepError

# Click's UsageError (bad option, bad value, missing argument), reached through Typer's API.
UsageError = typer.BadParameter.__mro__[1]


class OneLineErrors(TyperGroup):
    """Usage errors as one line on stderr, like every other error, instead of a framed box."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "aiops-prep"
            typer.echo(
                f"{command}: error: {exc.format_message().rstrip('.')} (see --help)", err=True
            )
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="aiops-prep",
    help="Practise AIOps / ML-for-operations interview questions, with graded answers.",
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

BankOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
    typer.Option(
        "--bank",
        envvar="AIOPS_PREP_BANK",
        help="A question bank (YAML file or directory) instead of the bundled one.",
        show_default=False,
    ),
]
LevelOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--level",
        "-l",
        help="Only this section (slug or unique prefix: beginner, adv, ...); repeatable.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]
IdArgument = Annotated[
    int,
    typer.Argument(metavar="ID", help="Question id (see `aiops-prep list`).", show_default=False),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"aiops-prep: error: {message}", err=True)
    return typer.Exit(code)


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """`app.command`, turning the project's errors into one line on stderr and an exit code."""

    def register(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*a: Any, **k: Any) -> Any:
            try:
                return func(*a, **k)
            except AiopsPrepError as exc:
                raise fail(str(exc), exc.exit_code) from None

        app.command(*args, **kwargs)(wrapper)
        return func

    return register


def load(bank: Path | None) -> Any:
    from aiops_prep.bank import load_bank

    return load_bank(bank)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aiops-prep {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Practise AIOps interview questions: quiz yourself, get graded, see what you missed."""
    if ctx.invoked_subcommand is None:
        from aiops_prep import render

        try:
            loaded = load(None)
        except AiopsPrepError as exc:
            raise fail(str(exc)) from None
        render.welcome(loaded)


def main() -> None:
    """The console script: the app, with a closed pipe or Ctrl-C ending quietly."""
    try:
        app()
    except BrokenPipeError:
        # `aiops-prep list | head -1`: the reader has gone; stop without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


# Register the commands (they import `app` from here, so this comes last).
from aiops_prep.commands import banks, practice, progress, questions  # noqa: E402, F401
