"""The project's errors: each carries a message a user can act on."""

from __future__ import annotations


class AiopsPrepError(Exception):
    """Base class; the CLI prints the message on one line and exits with `exit_code`."""

    exit_code = 1


class BankError(AiopsPrepError):
    """The question bank cannot be read or is not valid; where YAML says, at line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class SelectionError(AiopsPrepError):
    """An unknown question id, level or an impossible selection."""

    exit_code = 2


class ProgressError(AiopsPrepError):
    """The progress database cannot be used."""


class ProgressUnavailable(ProgressError):
    """The data directory cannot be written (read-only, full, missing permissions)."""


class EditorUnavailable(AiopsPrepError):
    """`--editor` was asked for, and no editor can be run."""

    exit_code = 2
