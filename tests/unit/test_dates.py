"""Dates as typed, UK formatting, and day counts that skip school holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders import TODAY
from hypothesis import given
from hypothesis import strategies as st

from alp_tui.dates import (
    DateError,
    add_days,
    count_days,
    days_ago_phrase,
    in_holiday,
    monday_of,
    parse_date,
    parse_optional_date,
    uk,
    uk_short,
)
from alp_tui.models import Holiday

# TODAY is Friday 27/11/2026.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27/11/2026", date(2026, 11, 27)),
        ("3/4/2026", date(2026, 4, 3)),
        ("03/04/2026", date(2026, 4, 3)),
        ("27/11/26", date(2026, 11, 27)),
        ("27-11-2026", date(2026, 11, 27)),
        ("27.11.2026", date(2026, 11, 27)),
        ("1/9", date(2026, 9, 1)),
        ("25/12", date(2026, 12, 25)),
        ("2026-11-27", date(2026, 11, 27)),
        ("2027-1-5", date(2027, 1, 5)),
        ("29/02/2028", date(2028, 2, 29)),
        ("today", TODAY),
        ("TODAY", TODAY),
        ("  today  ", TODAY),
        ("t", TODAY),
        ("now", TODAY),
        ("yesterday", date(2026, 11, 26)),
        ("y", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 28)),
        ("+7", date(2026, 12, 4)),
        ("-3", date(2026, 11, 24)),
        ("+0", TODAY),
        ("+35", date(2027, 1, 1)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The most recent such day, today counting.
        ("fri", TODAY),
        ("friday", TODAY),
        ("thu", date(2026, 11, 26)),
        ("thurs", date(2026, 11, 26)),
        ("thur", date(2026, 11, 26)),
        ("thursday", date(2026, 11, 26)),
        ("wed", date(2026, 11, 25)),
        ("weds", date(2026, 11, 25)),
        ("wednesday", date(2026, 11, 25)),
        ("tue", date(2026, 11, 24)),
        ("tues", date(2026, 11, 24)),
        ("tuesday", date(2026, 11, 24)),
        ("mon", date(2026, 11, 23)),
        ("Monday", date(2026, 11, 23)),
        ("sun", date(2026, 11, 22)),
        ("sunday", date(2026, 11, 22)),
        ("sat", date(2026, 11, 21)),
        ("saturday", date(2026, 11, 21)),
    ],
)
def test_day_names_mean_the_most_recent_such_day(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the date is empty: type a date as DD/MM/YYYY"),
        ("   ", "the date is empty"),
        ("banana", "'banana' is not a date: type a date as DD/MM/YYYY, DD/MM, today"),
        ("31/02/2026", "'31/02/2026' is not a real date (day 31, month 2): type it as DD/MM/YYYY"),
        ("29/02/2027", "'29/02/2027' is not a real date (day 29, month 2)"),
        ("32/1", "'32/1' is not a real date (day 32, month 1)"),
        ("13/13/2026", "'13/13/2026' is not a real date (day 13, month 13)"),
        ("2026-13-01", "'2026-13-01' is not a real date (day 1, month 13)"),
        ("27/11/202", "'27/11/202' is not a date"),
        ("+", "'+' is not a date"),
        ("7", "'7' is not a date"),
        ("27 Nov", "'27 Nov' is not a date"),
        ("next week", "'next week' is not a date"),
    ],
)
def test_bad_input_says_what_to_type(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"), [("", None), ("  ", None), ("+1", date(2026, 11, 28))]
)
def test_optional_date(text: str, expected: date | None) -> None:
    assert parse_optional_date(text, TODAY) == expected


def test_optional_date_still_refuses_nonsense() -> None:
    with pytest.raises(DateError):
        parse_optional_date("soon", TODAY)


def test_uk_formats() -> None:
    assert uk(date(2026, 3, 4)) == "04/03/2026"
    assert uk(None) == "—"
    assert uk(None, empty="") == ""
    assert uk_short(date(2026, 3, 4)) == "04/03"
    assert uk_short(None) == "—"


@pytest.mark.parametrize("offset", range(7))
def test_monday_of_every_day_of_a_week(offset: int) -> None:
    assert monday_of(date(2026, 11, 23) + timedelta(days=offset)) == date(2026, 11, 23)


def test_monday_of_crosses_months_and_years() -> None:
    assert monday_of(date(2027, 1, 1)) == date(2026, 12, 28)


@pytest.mark.parametrize(("days", "phrase"), [(0, "today"), (1, "1 day ago"), (11, "11 days ago")])
def test_days_ago_phrase(days: int, phrase: str) -> None:
    assert days_ago_phrase(days) == phrase


HALF_TERM = Holiday(name="Half term", start=date(2026, 10, 26), end=date(2026, 10, 30))


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 10, 25), False),
        (date(2026, 10, 26), True),
        (date(2026, 10, 28), True),
        (date(2026, 10, 30), True),
        (date(2026, 10, 31), False),
    ],
)
def test_in_holiday_includes_start_and_end(day: date, inside: bool) -> None:
    assert in_holiday(day, [HALF_TERM]) is inside


@pytest.mark.parametrize(
    ("start", "end", "holidays", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 27), [], 7),
        (date(2026, 11, 27), date(2026, 11, 27), [], 0),
        (date(2026, 11, 28), date(2026, 11, 27), [], 0),
        # weekends count
        (date(2026, 11, 20), date(2026, 11, 23), [], 3),
        # the whole half term (5 days, both ends inclusive) is skipped
        (date(2026, 10, 23), date(2026, 11, 2), [HALF_TERM], 5),
        # ending on the holiday's first / last day
        (date(2026, 10, 23), date(2026, 10, 26), [HALF_TERM], 2),
        (date(2026, 10, 23), date(2026, 10, 30), [HALF_TERM], 2),
        # starting inside the holiday: only the days after it count
        (date(2026, 10, 28), date(2026, 11, 2), [HALF_TERM], 3),
        # overlapping holidays are not subtracted twice
        (
            date(2026, 10, 23),
            date(2026, 11, 2),
            [HALF_TERM, Holiday(name="Inset", start=date(2026, 10, 29), end=date(2026, 11, 1))],
            3,
        ),
        # a one-day holiday
        (
            date(2026, 11, 20),
            date(2026, 11, 27),
            [Holiday(name="Inset", start=date(2026, 11, 23), end=date(2026, 11, 23))],
            6,
        ),
    ],
)
def test_count_days_skips_holidays(
    start: date, end: date, holidays: list[Holiday], expected: int
) -> None:
    assert count_days(start, end, holidays) == expected


@pytest.mark.parametrize(
    ("start", "days", "holidays", "expected"),
    [
        (date(2026, 11, 20), 7, [], date(2026, 11, 27)),
        (date(2026, 11, 20), 0, [], date(2026, 11, 20)),
        # due on the Friday before half term stays there
        (date(2026, 10, 16), 7, [HALF_TERM], date(2026, 10, 23)),
        # due inside half term moves past it by its five days
        (date(2026, 10, 20), 7, [HALF_TERM], date(2026, 11, 1)),
    ],
)
def test_add_days_skips_holidays(
    start: date, days: int, holidays: list[Holiday], expected: date
) -> None:
    assert add_days(start, days, holidays) == expected


_holidays = st.lists(
    st.tuples(st.integers(min_value=-20, max_value=60), st.integers(min_value=0, max_value=15)),
    max_size=4,
)


@given(st.integers(min_value=0, max_value=40), _holidays)
def test_add_days_is_the_first_day_count_days_reaches(
    days: int, spans: list[tuple[int, int]]
) -> None:
    start = date(2026, 10, 1)
    holidays = [
        Holiday(
            name=f"h{n}",
            start=start + timedelta(days=lo),
            end=start + timedelta(days=lo + length),
        )
        for n, (lo, length) in enumerate(spans)
    ]
    due = add_days(start, days, holidays)
    assert count_days(start, due, holidays) == days
    if days > 0:
        assert count_days(start, due - timedelta(days=1), holidays) == days - 1
        assert not in_holiday(due, holidays)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", date(2026, 11, 27)),  # today counts
        ("mon", date(2026, 11, 30)),
        ("thursday", date(2026, 12, 3)),
        ("yesterday", date(2026, 11, 26)),
        ("27/12", date(2026, 12, 27)),
        ("03/01", date(2027, 1, 3)),
        ("03/01/2026", date(2026, 1, 3)),
    ],
)
def test_a_day_name_ahead_means_the_coming_day(text: str, expected: date) -> None:
    assert parse_date(text, date(2026, 11, 27), ahead=True) == expected
