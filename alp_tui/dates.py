"""Dates as people type them (`27/11/2026`, `27/11`, `today`, `mon`, `+7`), UK formatting,
and counting days while skipping school holidays. `today` is always passed in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from alp_tui.models import DAYS, Holiday

_DAY_WORDS: dict[str, int] = {
    **{day: i for i, day in enumerate(DAYS)},
    "monday": 0,
    "tuesday": 1,
    "tues": 1,
    "wednesday": 2,
    "weds": 2,
    "thursday": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

DATE_HINT = "type a date as DD/MM/YYYY, DD/MM, today, yesterday, a day (mon) or +7 / -3"


class DateError(ValueError):
    """What was typed is not a date; the message says what to type instead."""


def uk(value: date | None, empty: str = "—") -> str:
    """`27/11/2026`, or `empty` for no date."""
    return value.strftime("%d/%m/%Y") if value else empty


def uk_short(value: date | None, empty: str = "—") -> str:
    """`27/11` — for narrow table columns."""
    return value.strftime("%d/%m") if value else empty


def parse_date(text: str, today: date, *, ahead: bool = False) -> date:
    """Read a date as a person types it.

    `27/11/2026`, `27/11/26`, `27-11-2026`, `27.11.2026`, `27/11` (this year), `2026-11-27`,
    `today`, `yesterday`, `tomorrow`, `mon`…`sun` (the most recent such day, today counting),
    `+7` / `-3` (days from today). With `ahead` (a due date, the next contact), a day name
    means the coming such day instead: `mon` typed on a Friday is the next Monday.
    """
    raw = text.strip().lower()
    if not raw:
        raise DateError(f"the date is empty: {DATE_HINT}")
    if raw in ("today", "t", "now"):
        return today
    if raw in ("yesterday", "y"):
        return today - timedelta(days=1)
    if raw == "tomorrow":
        return today + timedelta(days=1)
    if raw in _DAY_WORDS:
        if ahead:
            return today + timedelta(days=(_DAY_WORDS[raw] - today.weekday()) % 7)
        back = (today.weekday() - _DAY_WORDS[raw]) % 7
        return today - timedelta(days=back)
    if re.fullmatch(r"[+-]\d{1,4}", raw):
        return today + timedelta(days=int(raw))
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return _make(year, month, day, text)
    uk_match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?", raw)
    if uk_match:
        day, month = int(uk_match.group(1)), int(uk_match.group(2))
        year_text = uk_match.group(3)
        if year_text is None:
            year = today.year
            # A date ahead typed without its year, in December, may mean January.
            if ahead and _make(year, month, day, text) < today:
                year += 1
        elif len(year_text) == 2:
            year = 2000 + int(year_text)
        else:
            year = int(year_text)
        return _make(year, month, day, text)
    raise DateError(f"{text.strip()!r} is not a date: {DATE_HINT}")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(
            f"{text.strip()!r} is not a real date (day {day}, month {month}): type it as DD/MM/YYYY"
        ) from None


def parse_optional_date(text: str, today: date) -> date | None:
    return None if not text.strip() else parse_date(text, today)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def in_holiday(day: date, holidays: Iterable[Holiday]) -> bool:
    return any(h.start <= day <= h.end for h in holidays)


def _merged(holidays: Iterable[Holiday]) -> list[tuple[date, date]]:
    spans = sorted((h.start, h.end) for h in holidays)
    merged: list[tuple[date, date]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def count_days(start: date, end: date, holidays: Iterable[Holiday]) -> int:
    """Calendar days after `start` up to and including `end`, less days in a holiday.

    Weekends count; a holiday's start and end days are both holiday. Zero if end <= start.
    """
    if end <= start:
        return 0
    total = (end - start).days
    for lo, hi in _merged(holidays):
        lo = max(lo, start + timedelta(days=1))
        hi = min(hi, end)
        if hi >= lo:
            total -= (hi - lo).days + 1
    return total


def add_days(start: date, days: int, holidays: Iterable[Holiday]) -> date:
    """The day on which `count_days(start, day)` first reaches `days`."""
    spans = _merged(holidays)
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if not any(lo <= day <= hi for lo, hi in spans):
            counted += 1
    return day


def days_ago_phrase(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "1 day ago"
    return f"{days} days ago"
