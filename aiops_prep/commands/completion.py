"""Shell completion: print the script for a named shell (no guessing which shell runs)."""

from enum import Enum
from typing import Annotated

import typer

from aiops_prep.cli import COMPLETE_VAR, command


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@command()
def completion(
    shell: Annotated[
        Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.", show_default=False)
    ],
) -> None:
    """Print the completion script for SHELL: commands, options, level names and question
    ids. Install it with, for bash: aiops-prep completion bash >> ~/.bashrc"""
    # Typer's own scripts (what --show-completion printed), for the shell named, not guessed.
    from typer._completion_shared import get_completion_script

    typer.echo(
        get_completion_script(prog_name="aiops-prep", complete_var=COMPLETE_VAR, shell=shell.value)
    )
