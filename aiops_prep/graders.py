"""Which grader runs: words alone (`lexical`), or words and a local sentence-embedding model
(`semantic`, the [semantic] extra). `auto`, the default, is semantic when the extra is
installed and lexical otherwise; AIOPS_PREP_GRADER sets it for every command.

Nothing of the model is imported here: `wants_model` only looks for the package, and the model
loads the first time an answer is graded (or, in an interactive session, in the background
while the first question is on screen).
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from aiops_prep.errors import AiopsPrepError

if TYPE_CHECKING:
    from aiops_prep.semantic import Encoder

CHOICES = ("auto", "lexical", "semantic")
ENV = "AIOPS_PREP_GRADER"


class GraderError(AiopsPrepError):
    """A grader name that is not one of CHOICES."""

    exit_code = 2


def choice(name: str | None = None) -> str:
    """The grader asked for: `name`, else AIOPS_PREP_GRADER, else auto."""
    given = name if name is not None else os.environ.get(ENV, "")
    value = given.strip().lower() or "auto"
    if value not in CHOICES:
        raise GraderError(
            f"unknown grader {given!r} (--grader or {ENV}); choose from: {', '.join(CHOICES)}"
        )
    return value


def wants_model(chosen: str) -> bool:
    """Whether this choice grades with the model: semantic always (a missing extra is then
    one warning), auto only when the extra's model package is installed."""
    if chosen == "auto":
        from aiops_prep.semantic import model_dir

        return model_dir() is not None
    return chosen == "semantic"


def encoder(chosen: str) -> Encoder | None:
    """The model for this choice, loaded once per process; None grades by words alone (a
    model that fails to load says so in one warning line, in `semantic.load`)."""
    if not wants_model(chosen):
        return None
    from aiops_prep import semantic

    return semantic.load()


def preload(chosen: str) -> None:
    """Start loading the model in the background, so the first grade does not wait for it."""
    if wants_model(chosen):
        from aiops_prep import semantic

        threading.Thread(target=semantic.load, name="load-model", daemon=True).start()
