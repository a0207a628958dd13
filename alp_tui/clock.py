"""The one reader of the wall clock.

A clock is a function of no arguments returning the local date and time. The stamps on
records, the audit, the backup's day and a draft's start time come from it; the day the
rules judge by (`today`, the command line's `--today`) is a separate value passed around.
Tests pass a fixed clock (`fixed_clock`) so nothing depends on the day they run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The computer's local date and time, to the second."""
    return datetime.now().replace(microsecond=0)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment` (for tests and replays)."""

    def clock() -> datetime:
        return moment

    return clock


def today(clock: Clock = system_clock) -> date:
    """The clock's date: the default `today` when none is given."""
    return clock().date()
