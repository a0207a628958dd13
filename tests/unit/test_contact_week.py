"""The week a weekly contact reports by default: the first week after the last one recorded
that has had a scheduled session by the day of the call (DOMAIN.md: providers report by
session), as pure functions of the caseload with the day passed in."""

from __future__ import annotations

from datetime import date, timedelta

from builders import (
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    sessions,
)

from alp_tui.contact_form import likely_week, no_sessions_reason, session_days, week_sessions
from alp_tui.dates import uk
from alp_tui.models import AttendanceSession, Holiday

PROVIDER = make_provider(name="Forge Construction")
PUPIL = make_pupil(first_name="Jordan", last_name="Bell")
THURSDAYS = make_placement(PUPIL, PROVIDER, schedule=sessions(thu=("09:00", "15:00")))
TUE_THU = make_placement(
    PUPIL, PROVIDER, schedule=sessions(tue=("09:00", "12:30"), thu=("09:00", "15:00"))
)
CHRISTMAS = Holiday(name="Christmas", start=date(2026, 12, 21), end=date(2027, 1, 1))


def recorded(placement: object, week: date, on: date) -> object:
    return make_contact(
        placement,  # type: ignore[arg-type]
        on,
        week_start=week,
        sessions=[AttendanceSession(day="thu", planned_hours=6, attended_hours=6)],
    )


def week_for(placement: object, today: date, *contacts: object, **meta: object) -> date:
    caseload = make_caseload(
        PROVIDER,
        PUPIL,
        placement,  # type: ignore[arg-type]
        *contacts,  # type: ignore[arg-type]
        meta=make_meta(**meta),
    )
    return likely_week(caseload, placement, today)  # type: ignore[arg-type]


def test_a_week_whose_session_has_not_happened_is_not_the_default() -> None:
    # Tuesday 01/12: 23/11 recorded; the next Thursday (03/12) has not happened yet, so
    # the call is about the week already recorded (the form warns it is a second call).
    last = recorded(THURSDAYS, date(2026, 11, 23), date(2026, 11, 27))
    assert week_for(THURSDAYS, date(2026, 12, 1), last) == date(2026, 11, 23)
    # On Thursday 03/12 the session has happened: the week of 30/11.
    assert week_for(THURSDAYS, date(2026, 12, 3), last) == date(2026, 11, 30)
    # A Tuesday session counts on the Tuesday itself.
    tue = recorded(TUE_THU, date(2026, 11, 23), date(2026, 11, 27))
    assert week_for(TUE_THU, date(2026, 12, 1), tue) == date(2026, 11, 30)
    assert week_for(TUE_THU, date(2026, 11, 30), tue) == date(2026, 11, 23)


def test_a_missed_week_comes_before_the_latest() -> None:
    # 09/11 was the last recorded; on 27/11 the call first covers the week of 16/11.
    last = recorded(THURSDAYS, date(2026, 11, 9), date(2026, 11, 13))
    assert week_for(THURSDAYS, date(2026, 11, 27), last) == date(2026, 11, 16)


def test_a_contact_without_attendance_records_no_week() -> None:
    last = recorded(THURSDAYS, date(2026, 11, 16), date(2026, 11, 20))
    chat = make_contact(THURSDAYS, date(2026, 11, 25), week_start=date(2026, 11, 23))
    assert week_for(THURSDAYS, date(2026, 11, 27), last, chat) == date(2026, 11, 23)


def test_holiday_weeks_are_skipped() -> None:
    last = recorded(THURSDAYS, date(2026, 12, 14), date(2026, 12, 18))
    # Christmas covers the weeks of 21/12 and 28/12: the first week after is 04/01.
    assert week_for(THURSDAYS, date(2027, 1, 8), last, holidays=[CHRISTMAS]) == date(2027, 1, 4)
    # Asked during the holiday, the latest week that had a session: the one recorded.
    assert week_for(THURSDAYS, date(2026, 12, 30), last, holidays=[CHRISTMAS]) == date(2026, 12, 14)


def test_with_nothing_recorded_the_latest_week_that_had_a_session() -> None:
    assert week_for(THURSDAYS, date(2026, 11, 27)) == date(2026, 11, 23)
    assert week_for(THURSDAYS, date(2026, 11, 25)) == date(2026, 11, 16)
    # No schedule at all: this week (last week on a Monday), as before.
    bare = make_placement(PUPIL, PROVIDER)
    assert week_for(bare, date(2026, 11, 25)) == date(2026, 11, 23)
    assert week_for(bare, date(2026, 11, 23)) == date(2026, 11, 16)


def test_a_weeks_sessions_leave_out_holidays_and_days_outside_the_placement() -> None:
    caseload = make_caseload(PROVIDER, PUPIL, TUE_THU, meta=make_meta(holidays=[CHRISTMAS]))
    assert session_days(caseload, TUE_THU, date(2026, 11, 23)) == [
        date(2026, 11, 24),
        date(2026, 11, 26),
    ]
    assert session_days(caseload, TUE_THU, date(2026, 12, 21)) == []
    # The placement started on Monday 02/11: nothing the week before.
    assert session_days(caseload, TUE_THU, date(2026, 10, 26)) == []
    assert [s.day for s in week_sessions(caseload, TUE_THU, date(2026, 11, 23))] == ["tue", "thu"]
    assert week_sessions(caseload, TUE_THU, date(2026, 12, 21)) == []


def test_a_week_without_sessions_says_why() -> None:
    caseload = make_caseload(PUPIL, PROVIDER, TUE_THU, meta=make_meta(holidays=[CHRISTMAS]))
    christmas = no_sessions_reason(caseload, TUE_THU, date(2026, 12, 21))
    assert christmas == (
        "The week of 21/12/2026 is a school holiday (Christmas): no sessions to mark. "
        "f5/f6 another week."
    )
    before = TUE_THU.start_date - timedelta(days=14)
    early = no_sessions_reason(caseload, TUE_THU, before - timedelta(days=before.weekday()))
    assert early.startswith(f"The placement's first day is {uk(TUE_THU.start_date)}, after")
    ended = TUE_THU.model_copy(update={"ended_on": date(2026, 12, 4)})
    late = no_sessions_reason(caseload, ended, date(2027, 1, 11))
    assert late == (
        "The placement's last day is 04/12/2026, before the week of 11/01/2027: no sessions "
        "to mark. f5 an earlier week."
    )
    unscheduled = TUE_THU.model_copy(update={"schedule": []})
    assert no_sessions_reason(caseload, unscheduled, date(2026, 12, 7)).startswith(
        "No sessions are scheduled at this placement"
    )
