"""The command line: parse options, call the core, hand results to `render`."""

from __future__ import annotations

import errno
import functools
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from aiops_prep import __version__
from aiops_prep.errors import AiopsPrepError

# Click's UsageError (bad option, bad value, missing argument), reached through Typer's API.
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


class AiopsGroup(TyperGroup):
    """The root command: errors on one line, and each command built only when it is used.

    Typer turns every registered function into a Click command up front; here a command's
    module is imported and converted when the command is invoked, completed or shown, which
    keeps start-up close to a one-command Typer app. The root help lists the summaries in
    COMMANDS without importing any command.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in COMMANDS:
            self.commands[name] = _click_command(name)
        return self.commands.get(name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])

    def make_context(self, *args: Any, **extra: Any) -> Any:
        # Click's own guess never goes below 50 columns; a narrow terminal gets its width.
        extra.setdefault("terminal_width", shutil.get_terminal_size().columns)
        return super().make_context(*args, **extra)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if os.environ.get(COMPLETE_VAR):  # a shell asking for completions (`completion SHELL`)
            # Typer registers its shells' completion classes here (what add_completion did).
            from typer._completion_classes import completion_init

            completion_init()
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False  # errors come back here, to be shown on one line
        if not standalone:
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **kwargs)
        except UsageError as error:
            exc: Any = error
            command = exc.ctx.command_path if exc.ctx else "aiops-prep"
            typer.echo(
                f"{command}: error: {exc.format_message().rstrip('.')} (see --help)", err=True
            )
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


COMPLETE_VAR = "_AIOPS_PREP_COMPLETE"  # the variable Click's completion protocol reads
NEGATIVE_NUMBER = re.compile(r"-\d+")


class AiopsCommand(TyperCommand):
    """A command whose usage reads `ID`, not `{ID}`, and where `hint -5` is the id -5
    (reported as no such question), not an unknown option `-5`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p[:1] == "{" and p[-1:] == "}" else p for p in pieces]

    def make_parser(self, ctx: Any) -> Any:
        parser = super().make_parser(ctx)
        process_opts = parser._process_opts  # no option is named like a negative number

        def opts(arg: str, state: Any) -> None:
            if NEGATIVE_NUMBER.fullmatch(arg):
                state.largs.append(arg)
            else:
                process_opts(arg, state)

        parser._process_opts = opts  # type: ignore[method-assign]
        return parser


def _no_color(ctx: Any, param: Any, value: bool) -> None:
    if value:
        from aiops_prep import render

        render.configure(no_color=True)


def no_color_option() -> Any:
    """`--no-color` after a command, as well as before it (the root's)."""
    return TyperOption(
        param_decls=["--no-color"],
        is_flag=True,
        expose_value=False,
        callback=_no_color,
        help="No colour (also: the NO_COLOR variable).",
    )


# Each command's module and one-line summary, in the order `--help` lists them. The root help
# reads the summaries here instead of importing every command (tests keep them in step).
COMMANDS = {
    "list": ("questions", "List the questions: id, section and question."),
    "show": ("questions", "Show one question, without its hint."),
    "hint": ("questions", "Show a question with its hint and key concepts."),
    "answer": ("questions", "Show a question with its hint and model answer."),
    "grade": ("questions", "Score one answer without a quiz."),
    "quiz": ("practice", "Answer questions in random order and see what you covered."),
    "review": ("practice", "Spaced repetition: the questions due for review."),
    "mock": ("practice", "A timed mock interview that ends with a report card."),
    "stats": ("progress", "Your progress: mastery, due today, streak, weak spots."),
    "history": ("progress", "Your saved answers, newest first."),
    "reset": ("progress", "Start fresh, keeping a backup of your progress."),
    "paths": ("progress", "Where the bank, your progress and the grading model are."),
    "doctor": ("doctor", "Check your data and the bank, and say what to do."),
    "banks": ("banks", "The bundled banks, to choose with --bank NAME."),
    "validate": ("banks", "Check a bank and report every problem, with line numbers."),
    "new-bank": ("banks", "Start your own bank from a commented example."),
    "export": ("banks", "Export the bank to Anki, Markdown, CSV or JSON."),
    "import": ("banks", "Make a bank from a spreadsheet (CSV)."),
    "completion": ("completion", "Print the shell completion script: bash, zsh or fish."),
}
_registry: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}


def registered(name: str) -> tuple[Callable[..., Any], dict[str, Any]]:
    """A command's function and Typer settings, importing the module that defines it."""
    import importlib

    importlib.import_module(f"aiops_prep.commands.{COMMANDS[name][0]}")
    return _registry[name]


def _click_command(name: str) -> Any:
    """One command, converted by Typer on its own (a one-command app is that command)."""
    func, kwargs = registered(name)
    single = typer.Typer(rich_markup_mode=None, add_completion=False)
    single.command(name, cls=AiopsCommand, **kwargs)(func)
    converted = typer.main.get_command(single)
    converted.params.append(no_color_option())  # Click adds --help after it
    return converted


app = typer.Typer(
    cls=AiopsGroup,
    name="aiops-prep",
    help="Practise AIOps / ML-for-operations interview questions, with graded answers.",
    add_completion=False,  # `aiops-prep completion SHELL` prints the script instead
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: rich is not imported to print it
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


F = TypeVar("F", bound=Callable[..., Any])


def _completion_bank(ctx: typer.Context) -> Any:
    """The bank the command line names so far, for completion; None when it cannot load."""
    from aiops_prep.bank import load_bank

    path = ctx.params.get("bank") or os.environ.get("AIOPS_PREP_BANK")
    try:
        return load_bank(path)
    except AiopsPrepError:
        return None


def complete_level(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    bank = _completion_bank(ctx)
    sections = bank.sections if bank else ()
    return [(s.id, s.title) for s in sections if s.id.startswith(incomplete.lower())]


def complete_id(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    bank = _completion_bank(ctx)
    questions = bank.questions if bank else ()
    return [(str(q.id), q.question[:70]) for q in questions if str(q.id).startswith(incomplete)]


BankOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
    typer.Option(
        "--bank",
        envvar="AIOPS_PREP_BANK",
        metavar="BANK",
        help="A bundled bank by name (see `aiops-prep banks`), or a YAML file or directory.",
        show_default=False,
    ),
]
GraderOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--grader",
        metavar="GRADER",
        envvar="AIOPS_PREP_GRADER",
        help="lexical: by words; semantic: also by meaning, with the [semantic] extra's local"
        " model; auto (default): semantic when the extra is installed.",
        show_default=False,
    ),
]
LevelOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--level",
        "-l",
        metavar="LEVEL",
        help="Only this section (slug or unique prefix: beginner, adv, ...); repeatable.",
        show_default=False,
        autocompletion=complete_level,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]
IdArgument = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        help="Question id (see `aiops-prep list`).",
        show_default=False,
        autocompletion=complete_id,
    ),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    from aiops_prep.render import one_line

    # Messages quote file names and bank text: one line, no control characters.
    typer.echo(f"aiops-prep: error: {one_line(message)}", err=True)
    return typer.Exit(code)


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a command, turning the project's errors into one line on stderr and an exit code."""

    def register(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*a: Any, **k: Any) -> Any:
            try:
                return func(*a, **k)
            except AiopsPrepError as exc:
                raise fail(str(exc), exc.exit_code) from None

        _registry[name or func.__name__.replace("_", "-")] = (wrapper, kwargs)
        return func

    return register


def load(bank: Path | None) -> Any:
    from aiops_prep.bank import BUNDLED_BANKS, load_bank, locate

    loaded = load_bank(bank)
    if bank is not None and loaded.key in BUNDLED_BANKS and not _bundled(locate(bank)):
        from aiops_prep import render

        render.warning(
            f"{bank} is named '{loaded.key}' like a bundled bank, so its progress and Anki"
            " cards mix with the bundled bank's: give it a `name` of its own"
        )
    return loaded


def _bundled(path: Path) -> bool:
    from aiops_prep.bank import bundled_dir

    bundled = bundled_dir().resolve()
    return path.resolve() in (bundled, *bundled.glob("*.yaml"))


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
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also: the NO_COLOR variable).")
    ] = False,
) -> None:
    """Practise AIOps interview questions: quiz yourself, get graded, see what you missed."""
    from aiops_prep import render

    render.configure(all_to_stderr=False, no_color=no_color)  # each run starts afresh
    if ctx.invoked_subcommand is None:
        _welcome()


def _welcome() -> None:
    from aiops_prep import clock, progress
    from aiops_prep.render import banks as render_banks

    try:
        configured = os.environ.get("AIOPS_PREP_BANK")
        loaded = load(Path(configured) if configured else None)
        with progress.open_progress(create=False) as store:
            due = store.due(loaded.key) if store else {}
        now = clock.now()
    except AiopsPrepError as exc:
        raise fail(str(exc), exc.exit_code) from None
    render_banks.welcome(loaded, sum(when <= now for when in due.values()), bool(due))


def main() -> None:
    """The console script: the app, with a closed pipe or Ctrl-C ending quietly, and a full
    or closed standard output reported on one line (exit 1)."""
    from aiops_prep import streams

    streams.prepare()
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # a full disk is reported here, not in a traceback at exit
    except BrokenPipeError:
        # `aiops-prep list | head -1`: the reader has gone; stop without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in (errno.EBADF, errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        streams.output_failed(exc)
        sys.exit(1)
