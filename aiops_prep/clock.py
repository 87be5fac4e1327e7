"""The one clock: real time, or a fixed instant from AIOPS_PREP_NOW so tests can travel."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from aiops_prep.errors import AiopsPrepError

NOW_VARIABLE = "AIOPS_PREP_NOW"


def now() -> datetime:
    """The current time in UTC; AIOPS_PREP_NOW (ISO 8601, e.g. 2026-12-01T09:00) overrides it."""
    fixed = os.environ.get(NOW_VARIABLE)
    if not fixed:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise AiopsPrepError(f"{NOW_VARIABLE}={fixed!r} is not an ISO 8601 time") from None
    return (
        moment.replace(tzinfo=timezone.utc)
        if moment.tzinfo is None
        else moment.astimezone(timezone.utc)
    )
