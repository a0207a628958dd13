"""The date and the wall clock every test runs on, whatever the day it is run."""

from __future__ import annotations

from datetime import date, datetime

from alp_tui.clock import fixed_clock

#: The rules' day in tests: a Friday in term time.
TODAY = date(2026, 11, 27)
#: The wall clock every test app and store runs on: mid-morning of TODAY.
CLOCK = fixed_clock(datetime(2026, 11, 27, 10, 30))
