"""Your own banks: validate, start one, export to Anki/Markdown/CSV/JSON, import a CSV."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiops_prep.cli import BankOption, JsonOption, LevelOption, command, fail, load

ForceOption = Annotated[
    bool, typer.Option("--force", "-f", help="Overwrite the output file if it exists.")
]


@command()
def banks(as_json: JsonOption = False) -> None:
    """The banks that come with aiops-prep: choose one with --bank NAME (progress is per bank)."""
    from aiops_prep import progress, render
    from aiops_prep.bank import BUNDLED_BANKS, DEFAULT_BANK, load_bank, locate
    from aiops_prep.render import banks as render_banks

    rows = []
    with progress.open_progress(create=False) as store:
        for name in BUNDLED_BANKS:
            loaded = load_bank(locate(name))
            rows.append(
                {
                    "name": name,
                    "default": name == DEFAULT_BANK,
                    "questions": len(loaded.questions),
                    "sections": [s.title for s in loaded.sections],
                    "answered": len(store.latest_scores(loaded.key)) if store else 0,
                }
            )
    if as_json:
        render.print_json(rows)
    else:
        render_banks.bank_list(rows)


@command()
def validate(
    path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(
            metavar="[PATH]",
            help="A bank file or directory (default: the bank in use).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Check a bank and report every problem, with file, line and column. Exit 1 if invalid."""
    from aiops_prep import render
    from aiops_prep.bank import locate
    from aiops_prep.render import banks as render_banks
    from aiops_prep.validate import validate as check

    report = check(locate(path or bank))
    if as_json:
        render.print_json(render_banks.validation_json(report))
    else:
        render_banks.validation(report)
    if not report.valid:
        raise typer.Exit(1)


@command("new-bank")
def new_bank(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIRECTORY", help="Where to create the bank (new or empty).", show_default=False
        ),
    ],
) -> None:
    """Start your own bank: a small, valid, commented example and its JSON Schema."""
    from importlib.resources import files

    from aiops_prep.bank import bundled_dir
    from aiops_prep.export import write_atomically

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise fail(f"{directory} exists and is not an empty directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"{directory}: cannot create: {exc.strerror}") from None
    starter = (files("aiops_prep") / "starter.yaml").read_text(encoding="utf-8")
    name = unique_bank_name(directory)
    starter = starter.replace("\nname: my-interview-prep\n", f"\nname: {name}\n", 1)
    write_atomically(directory / "questions.yaml", starter.encode("utf-8"))
    write_atomically(directory / "schema.json", (bundled_dir() / "schema.json").read_bytes())
    typer.echo(f"Created {directory / 'questions.yaml'} and its schema.json. Next:", err=True)
    typer.echo(f"  aiops-prep validate {directory}\n  aiops-prep quiz --bank {directory}", err=True)


@command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="anki (.apkg), markdown, csv or json.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write, - for stdout (default: BANK-NAME.SUFFIX).",
        ),
    ] = None,
    level: LevelOption = None,
    force: ForceOption = False,
    bank: BankOption = None,
) -> None:
    """Export the bank: an Anki deck, a printable Markdown guide, a CSV sheet or JSON."""
    from aiops_prep.export import FORMATS, safe_file_name, subset
    from aiops_prep.export import export as write
    from aiops_prep.quiz import select

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}", 2)
    loaded = load(bank)
    chosen = subset(loaded, [q.id for q in select(loaded, level or (), shuffle=False)])
    target = output or Path(safe_file_name(loaded.name) + FORMATS[fmt])
    count = write(chosen, fmt, target, force=force)
    typer.echo(f"Wrote {count} questions to {_shown(target)}", err=True)


@command("import")
def import_(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="A CSV with at least question and hint columns.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The bank file to write, - for stdout."
        ),
    ],
    force: ForceOption = False,
) -> None:
    """Make a bank from a spreadsheet (CSV). Concepts missing from it are drafted from the hint."""
    from aiops_prep.export import write_atomically
    from aiops_prep.importer import DRAFT_COMMENT, import_csv

    text = import_csv(source)
    write_atomically(output, text.encode("utf-8"), force=force)
    drafted = text.count(DRAFT_COMMENT)
    typer.echo(f"Wrote {_shown(output)}", err=True)
    if drafted:
        typer.echo(
            f"{drafted} question{'s have' if drafted != 1 else ' has'} concepts drafted from"
            " the hint: review them.",
            err=True,
        )


def unique_bank_name(directory: Path) -> str:
    """A name no other new bank gets: progress and Anki cards are keyed by it, so two banks
    made with `new-bank` must not share them."""
    import secrets

    from aiops_prep.export import safe_file_name

    stem = safe_file_name(directory.resolve().name).lower()[:40]
    return f"{'my-bank' if stem == 'bank' else stem}-{secrets.token_hex(3)}"


def _shown(target: Path) -> str:
    from aiops_prep.files import is_stdout
    from aiops_prep.render import one_line

    return "standard output" if is_stdout(target) else one_line(str(target))
