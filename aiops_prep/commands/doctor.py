"""Check the data directory, the progress database and the bank, and say what to do."""

import typer

from aiops_prep.cli import BankOption, JsonOption, command


@command()
def doctor(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Check your data and the bank in use, and say what to do about each problem."""
    from aiops_prep import doctor as checks
    from aiops_prep import render
    from aiops_prep.render import banks as render_banks

    results = checks.run(bank)
    if as_json:
        render.print_json([result._asdict() for result in results])
    else:
        render_banks.doctor(results)
    if not all(result.ok for result in results):
        raise typer.Exit(1)
