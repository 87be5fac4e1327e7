"""The one clock: real time, or a fixed instant from AIOPS_PREP_NOW so tests can travel."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from aiops_prep.errors import AiopsPrepError

NOW_VARIABLE = "AIOPS_PREP_NOW"
# Reviews are scheduled up to 100 years ahead and stats look two weeks back: times near year
# 1 or 9999 would fall off the calendar (OverflowError), so the fixed clock stays within these.
FIRST_YEAR, LAST_YEAR = 1970, 9000


def now() -> datetime:
    """The current time in UTC; AIOPS_PREP_NOW (ISO 8601, e.g. 2026-12-01T09:00) overrides it."""
    fixed = os.environ.get(NOW_VARIABLE)
    if not fixed:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(fixed)
        moment = (
            moment.replace(tzinfo=timezone.utc)
            if moment.tzinfo is None
            else moment.astimezone(timezone.utc)
        )
    except (ValueError, OverflowError):
        raise AiopsPrepError(f"{NOW_VARIABLE}={fixed!r} is not an ISO 8601 time") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise AiopsPrepError(
            f"{NOW_VARIABLE}={fixed!r} is out of range (years {FIRST_YEAR} to {LAST_YEAR})"
        )
    return moment
