"""The problem rules (DESIGN.md §4), each at its boundaries, as of Friday 27/11/2026."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from builders import (
    TODAY,
    all_checks,
    hours_schedule,
    make_caseload,
    make_concern,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
    make_transition,
    sessions,
)

from alp_tui.caseload import Caseload
from alp_tui.models import AttendanceSession, Check, Holiday, Meta, Placement, Provider, Pupil
from alp_tui.rules import (
    CODES,
    SEVERITY,
    Problem,
    contact_interval,
    contact_status,
    find_problems,
    format_hours,
    hours_verdict,
    next_review_date,
    problems_for_placement,
    problems_for_provider,
    problems_for_pupil,
    review_interval_weeks,
    scheduled_hours,
    worst_severity,
)

YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def ahead(days: int) -> date:
    return TODAY + timedelta(days=days)


@dataclass
class World:
    """One pupil at one provider, with nothing wrong until a test breaks something."""

    caseload: Caseload
    pupil: Pupil
    provider: Provider
    placement: Placement

    def problems(self, today: date = TODAY, settings: Meta | None = None) -> list[Problem]:
        return find_problems(self.caseload, today, settings)

    def codes(self, today: date = TODAY) -> list[str]:
        return [p.code for p in self.problems(today)]

    def only(self, code: str, today: date = TODAY) -> Problem:
        found = [p for p in self.problems(today) if p.code == code]
        assert len(found) == 1, f"expected one {code}, got {self.problems(today)}"
        return found[0]

    def add(self, *records: Any) -> World:
        for record in records:
            self.caseload.put(record)
        return self


def world(
    *,
    provider: dict[str, Any] | None = None,
    pupil: dict[str, Any] | None = None,
    placement: dict[str, Any] | None = None,
    contacts: tuple[date, ...] = (YESTERDAY,),
    targets: int = 1,
    meta: Meta | None = None,
) -> World:
    pv = make_provider(**{"name": "Hillside Farm", **(provider or {})})
    pu = make_pupil(**{"first_name": "Jordan", "last_name": "Bell", **(pupil or {})})
    pl = make_placement(
        pu,
        pv,
        **{
            "start_date": date(2026, 11, 2),
            "schedule": sessions(tue=("09:00", "15:00"), thu=("09:00", "15:00")),
            **(placement or {}),
        },
    )
    records = [pv, pu, pl]
    records += [make_target(pl) for _ in range(targets)]
    records += [make_contact(pl, on=day) for day in contacts]
    return World(make_caseload(*records, meta=meta), pu, pv, pl)


def attended(hours: float, day: str = "mon") -> list[AttendanceSession]:
    return [AttendanceSession(day=day, planned_hours=hours, attended_hours=hours)]


def test_the_baseline_world_has_no_problems() -> None:
    assert world().problems() == []


def test_every_code_has_the_severity_the_design_gives_it() -> None:
    red = {
        "HOURS_OVER_LIMIT",
        "HOURS_DELIVERED_OVER_LIMIT",
        "CONTACT_OVERDUE",
        "CHECK_MISSING",
        "CHECK_EXPIRED",
        "REGISTRATION_RISK",
        "SAFEGUARDING_OPEN",
        "TRANSITION_OVER_LIMIT",
    }
    assert len(CODES) == 20
    assert {code: "red" if code in red else "amber" for code in CODES} == SEVERITY


# --- hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (12, []),
        (15 + 59 / 60, []),
        (16, ["HOURS_NEAR_LIMIT"]),
        (18, ["HOURS_NEAR_LIMIT"]),
        (18 + 1 / 60, ["HOURS_OVER_LIMIT"]),
        (19.5, ["HOURS_OVER_LIMIT"]),
    ],
)
def test_scheduled_hours_against_the_limit(hours: float, expected: list[str]) -> None:
    w = world(placement={"schedule": hours_schedule(hours)})
    assert w.codes() == expected


@pytest.mark.parametrize(
    ("registration", "raised"),
    [
        ("unregistered", True),
        (None, True),
        ("registered_school", False),
        ("la_provision", False),
        ("fe_college", False),
        ("other", False),
    ],
)
def test_only_unregistered_providers_have_an_hour_limit(
    registration: str | None, raised: bool
) -> None:
    w = world(
        provider={"registration": registration},
        placement={"schedule": hours_schedule(19.5)},
    )
    assert ("HOURS_OVER_LIMIT" in w.codes()) is raised


def test_over_limit_message_names_hours_provider_and_limit() -> None:
    w = world(placement={"schedule": hours_schedule(19.5)})
    problem = w.only("HOURS_OVER_LIMIT")
    assert problem.message == "19.5 h/week at Hillside Farm — over the 18 h limit"
    assert problem.severity == "red"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        w.placement.id,
        w.provider.id,
    )


def test_near_limit_message() -> None:
    w = world(placement={"schedule": hours_schedule(16.5)})
    problem = w.only("HOURS_NEAR_LIMIT")
    assert problem.message == "16.5 h/week at Hillside Farm — near the 18 h limit"
    assert problem.severity == "amber"


def test_hours_are_summed_over_active_placements_at_one_provider() -> None:
    w = world(placement={"schedule": hours_schedule(10)})
    second = make_placement(w.pupil, w.provider, schedule=hours_schedule(9, day="wed"))
    w.add(second, make_target(second), make_contact(second, on=YESTERDAY))
    problem = w.only("HOURS_OVER_LIMIT")
    assert problem.message.startswith("19 h/week at Hillside Farm")
    # About two placements: it names the pupil and provider, no single placement.
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        None,
        w.provider.id,
    )
    assert scheduled_hours(w.caseload, w.pupil.id, w.provider.id) == 19


@pytest.mark.parametrize("status", ["planned", "ended"])
def test_hours_of_placements_not_active_are_not_counted(status: str) -> None:
    w = world(placement={"schedule": hours_schedule(10)})
    other = make_placement(
        w.pupil, w.provider, status=status, schedule=hours_schedule(9, day="wed")
    )
    w.add(other)
    assert "HOURS_OVER_LIMIT" not in w.codes()
    assert scheduled_hours(w.caseload, w.pupil.id, w.provider.id) == 10


def test_the_limit_and_margin_are_settings() -> None:
    w = world(
        placement={"schedule": hours_schedule(13)},
        meta=make_meta(hour_limit=15, hour_warning_margin=2),
    )
    assert w.only("HOURS_NEAR_LIMIT").message == (
        "13 h/week at Hillside Farm — near the 15 h limit"
    )
    w.caseload.meta = make_meta(hour_limit=12.5, hour_warning_margin=2)
    assert w.only("HOURS_OVER_LIMIT").message == (
        "13 h/week at Hillside Farm — over the 12.5 h limit"
    )


def test_settings_argument_overrides_the_caseload_meta() -> None:
    w = world(placement={"schedule": hours_schedule(13)})
    assert w.problems() == []
    codes = [p.code for p in w.problems(settings=make_meta(hour_limit=12))]
    assert codes == ["HOURS_OVER_LIMIT"]


@pytest.mark.parametrize(
    ("hours", "unregistered", "expected"),
    [
        (12, True, (None, "12 h")),
        (15.99, True, (None, "15.99 h")),
        (16.0, True, ("amber", "16 h — near the 18 h limit")),
        (18.0, True, ("amber", "18 h — near the 18 h limit")),
        (18.01, True, ("red", "18.01 h — over the 18 h limit at an unregistered provider")),
        (18.5, True, ("red", "18.5 h — over the 18 h limit at an unregistered provider")),
        (25, False, (None, "25 h")),
        (0, True, (None, "0 h")),
    ],
)
def test_hours_verdict(hours: float, unregistered: bool, expected: tuple[Any, str]) -> None:
    assert hours_verdict(hours, make_meta(), unregistered) == expected


def test_no_sessions_is_never_near_the_limit() -> None:
    meta = make_meta(hour_limit=2, hour_warning_margin=2)
    assert hours_verdict(0, meta, True) == (None, "0 h")
    assert hours_verdict(0.5, meta, True) == ("amber", "0.5 h — near the 2 h limit")
    assert world(placement={"schedule": []}, meta=meta).codes() == []


@pytest.mark.parametrize(
    ("hours", "text"),
    [(18.0, "18"), (19.5, "19.5"), (16.25, "16.25"), (0, "0"), (10.1, "10.1"), (7.0001, "7")],
)
def test_format_hours_drops_trailing_zeros(hours: float, text: str) -> None:
    assert format_hours(hours) == text


# --- delivered hours -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "raised"),
    [
        # (date, week_start, attended hours)
        ([(date(2026, 11, 16), None, 18)], False),
        ([(date(2026, 11, 16), None, 18.5)], True),
        ([(date(2026, 11, 18), None, 10), (date(2026, 11, 20), None, 8.5)], True),
        ([(date(2026, 11, 18), None, 10), (date(2026, 11, 23), None, 10)], False),
        # week_start wins over the contact's own date
        ([(date(2026, 11, 20), None, 10), (date(2026, 11, 23), date(2026, 11, 16), 9)], True),
        ([(date(2026, 11, 20), date(2026, 11, 9), 10), (date(2026, 11, 20), None, 9)], False),
        # a contact dated after today is not counted
        ([(date(2026, 11, 23), None, 10), (TOMORROW, date(2026, 11, 23), 9)], False),
    ],
)
def test_delivered_hours_per_week(
    entries: list[tuple[date, date | None, float]], raised: bool
) -> None:
    w = world(contacts=())
    for day, week_start, hours in entries:
        w.add(make_contact(w.placement, on=day, week_start=week_start, sessions=attended(hours)))
    w.add(make_contact(w.placement, on=YESTERDAY))
    assert ("HOURS_DELIVERED_OVER_LIMIT" in w.codes()) is raised


def test_delivered_message_and_ids() -> None:
    w = world()
    w.add(make_contact(w.placement, on=date(2026, 11, 18), sessions=attended(10)))
    w.add(make_contact(w.placement, on=date(2026, 11, 20), sessions=attended(8.5, "fri")))
    problem = w.only("HOURS_DELIVERED_OVER_LIMIT")
    assert problem.message == (
        "18.5 h attended at Hillside Farm in the week of 16/11/2026 — over the 18 h limit"
    )
    assert problem.severity == "red"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        w.placement.id,
        w.provider.id,
    )


def test_delivered_hours_sum_over_placements_at_one_provider() -> None:
    w = world()
    second = make_placement(w.pupil, w.provider, schedule=sessions(mon=("09:00", "10:00")))
    w.add(second, make_target(second), make_contact(second, on=YESTERDAY))
    w.add(make_contact(w.placement, on=date(2026, 11, 17), sessions=attended(10)))
    w.add(make_contact(second, on=date(2026, 11, 19), sessions=attended(9)))
    problem = w.only("HOURS_DELIVERED_OVER_LIMIT")
    assert problem.message.startswith("19 h attended")
    assert (problem.placement_id, problem.provider_id) == (None, w.provider.id)


@pytest.mark.parametrize(
    ("provider", "status"),
    [({"registration": "registered_school"}, "active"), ({}, "ended"), ({}, "planned")],
)
def test_delivered_hours_not_judged(provider: dict[str, Any], status: str) -> None:
    w = world(provider=provider, placement={"status": status})
    w.add(make_contact(w.placement, on=date(2026, 11, 17), sessions=attended(20)))
    assert "HOURS_DELIVERED_OVER_LIMIT" not in w.codes()


# --- hours across providers ------------------------------------------------------------------


def _two_providers(first: float, second: float, second_registration: str = "unregistered") -> World:
    w = world(placement={"schedule": hours_schedule(first)})
    other = make_provider(name="Boxing Mentors", registration=second_registration)
    placement = make_placement(w.pupil, other, schedule=hours_schedule(second, day="thu"))
    return w.add(other, placement, make_target(placement), make_contact(placement, on=YESTERDAY))


@pytest.mark.parametrize(
    ("first", "second", "registration", "expected"),
    [
        (9, 9, "unregistered", []),
        (10, 9, "unregistered", ["AP_TOTAL_OVER_LIMIT"]),
        (16.5, 8, "unregistered", ["HOURS_NEAR_LIMIT", "AP_TOTAL_OVER_LIMIT"]),
        (19, 5, "unregistered", ["HOURS_OVER_LIMIT"]),
        (10, 10, "registered_school", []),
    ],
)
def test_total_across_part_time_providers(
    first: float, second: float, registration: str, expected: list[str]
) -> None:
    w = _two_providers(first, second, registration)
    assert sorted(w.codes()) == sorted(expected)


def test_total_across_providers_message_and_ids() -> None:
    w = _two_providers(16.5, 8)
    problem = w.only("AP_TOTAL_OVER_LIMIT")
    assert problem.message == (
        "24.5 h/week across 2 part-time providers — over the 18 h limit in total"
    )
    assert problem.severity == "amber"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        None,
        None,
    )


# --- contact -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (ago(5), []),
        (ago(6), ["CONTACT_DUE"]),  # due tomorrow
        (ago(7), ["CONTACT_DUE"]),  # due today
        (ago(8), ["CONTACT_OVERDUE"]),
        (ago(11), ["CONTACT_OVERDUE"]),
    ],
)
def test_contact_clock(last: date, expected: list[str]) -> None:
    assert world(contacts=(last,)).codes() == expected


@pytest.mark.parametrize(
    ("last", "message"),
    [
        (ago(11), "Hillside Farm: last contact 11 days ago (due 23/11/2026)"),
        (ago(8), "Hillside Farm: last contact 8 days ago (due 26/11/2026)"),
    ],
)
def test_overdue_message(last: date, message: str) -> None:
    problem = world(contacts=(last,)).only("CONTACT_OVERDUE")
    assert problem.message == message
    assert problem.severity == "red"


@pytest.mark.parametrize(
    ("last", "message"),
    [
        (ago(7), "Hillside Farm: contact due today (last contact 7 days ago)"),
        (ago(6), "Hillside Farm: contact due tomorrow (last contact 6 days ago)"),
    ],
)
def test_due_message(last: date, message: str) -> None:
    problem = world(contacts=(last,)).only("CONTACT_DUE")
    assert problem.message == message
    assert problem.severity == "amber"


@pytest.mark.parametrize(
    ("start", "expected"),
    [(ago(5), []), (ago(7), ["CONTACT_DUE"]), (ago(8), ["CONTACT_OVERDUE"])],
)
def test_with_no_contact_the_clock_runs_from_the_start(start: date, expected: list[str]) -> None:
    assert world(contacts=(), placement={"start_date": start}).codes() == expected


def test_no_contact_message_names_the_start() -> None:
    w = world(contacts=(), placement={"start_date": date(2026, 11, 19)})
    assert w.only("CONTACT_OVERDUE").message == (
        "Hillside Farm: no contact since the start on 19/11/2026, 8 days ago (due 26/11/2026)"
    )


def test_the_latest_contact_on_or_before_today_counts() -> None:
    # An older contact, the real latest, and one logged ahead for next week.
    w = world(contacts=(ago(20), ago(8), TOMORROW))
    assert w.only("CONTACT_OVERDUE").message.startswith("Hillside Farm: last contact 8 days")
    w.add(make_contact(w.placement, on=TODAY))
    assert w.codes() == []


@pytest.mark.parametrize(
    ("interval", "last", "expected"),
    [
        (14, ago(11), []),
        (14, ago(13), ["CONTACT_DUE"]),
        (14, ago(15), ["CONTACT_OVERDUE"]),
        (3, ago(4), ["CONTACT_OVERDUE"]),
        (3, ago(3), ["CONTACT_DUE"]),
    ],
)
def test_a_placement_can_set_its_own_contact_interval(
    interval: int, last: date, expected: list[str]
) -> None:
    w = world(contacts=(last,), placement={"contact_interval_days": interval})
    assert w.codes() == expected
    assert contact_interval(w.placement, w.caseload.meta) == interval


def test_the_school_contact_interval_is_a_setting() -> None:
    w = world(contacts=(ago(9),), meta=make_meta(contact_interval_days=10))
    assert w.codes() == ["CONTACT_DUE"]
    assert contact_interval(w.placement, w.caseload.meta) == 10


def _holiday(start: date, end: date) -> Meta:
    return make_meta(holidays=[Holiday(name="Break", start=start, end=end)])


@pytest.mark.parametrize(
    ("last", "holiday", "expected"),
    [
        # 9 calendar days, but 23/11 and 24/11 (start and end inclusive) do not count.
        (ago(9), (date(2026, 11, 23), date(2026, 11, 24)), ["CONTACT_DUE"]),
        # A one-day holiday (start == end) skips one day only.
        (ago(9), (date(2026, 11, 23), date(2026, 11, 23)), ["CONTACT_OVERDUE"]),
        (ago(8), (date(2026, 11, 23), date(2026, 11, 23)), ["CONTACT_DUE"]),
        # The holiday started yesterday: the clock stopped at 6 days.
        (ago(8), (date(2026, 11, 26), date(2026, 11, 30)), []),
        # The holiday runs to today: 6 counted days.
        (ago(8), (date(2026, 11, 22), TODAY), []),
        # A holiday before the last contact changes nothing.
        (ago(8), (date(2026, 10, 26), date(2026, 10, 30)), ["CONTACT_OVERDUE"]),
    ],
)
def test_holidays_stop_the_contact_clock(
    last: date, holiday: tuple[date, date], expected: list[str]
) -> None:
    w = world(contacts=(last,), meta=_holiday(*holiday))
    assert w.codes() == expected


def test_holidays_shift_the_due_date_and_show_in_the_message() -> None:
    w = world(contacts=(ago(9),), meta=_holiday(date(2026, 11, 23), date(2026, 11, 24)))
    status = contact_status(w.caseload, w.placement, TODAY)
    assert status.due == TODAY  # 18/11 + 7 counted days, skipping 23–24/11
    assert status.days_since == 7
    assert w.only("CONTACT_DUE").message == (
        "Hillside Farm: contact due today (last contact 9 days ago, 7 not counting holidays)"
    )


def test_overdue_during_a_long_holiday_is_not_raised_again() -> None:
    w = world(contacts=(ago(14),), meta=_holiday(date(2026, 11, 16), date(2026, 11, 29)))
    status = contact_status(w.caseload, w.placement, TODAY)
    assert status.days_since == 2  # 14/11 and 15/11; the holiday runs 16–29/11
    assert not status.overdue


def test_contact_status_fields() -> None:
    w = world(contacts=(ago(12), ago(6)))
    status = contact_status(w.caseload, w.placement, TODAY)
    assert status.last_contact == ago(6)
    assert status.due == TOMORROW
    assert status.days_since == 6
    assert status.interval == 7
    assert (status.overdue, status.due_soon) == (False, True)


@pytest.mark.parametrize("status", ["planned", "ended"])
def test_contact_clock_only_for_active_placements(status: str) -> None:
    w = world(contacts=(), placement={"status": status, "start_date": ago(60)})
    assert w.codes() == []


# --- reviews -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("placement", "expected"),
    [
        ({"next_review": TODAY}, []),
        ({"next_review": YESTERDAY}, ["REVIEW_OVERDUE"]),
        ({"start_date": date(2026, 10, 16)}, []),  # first review 27/11: today
        ({"start_date": date(2026, 10, 15)}, ["REVIEW_OVERDUE"]),
        ({"start_date": date(2026, 11, 13), "review_interval_weeks": 2}, []),
        ({"start_date": date(2026, 11, 12), "review_interval_weeks": 2}, ["REVIEW_OVERDUE"]),
        # the recorded date wins over the interval
        ({"start_date": date(2026, 1, 5), "next_review": ahead(3)}, []),
    ],
)
def test_review_overdue(placement: dict[str, Any], expected: list[str]) -> None:
    w = world(placement=placement)
    assert w.codes() == expected


def test_review_message_and_ids() -> None:
    w = world(placement={"next_review": date(2026, 11, 13)})
    problem = w.only("REVIEW_OVERDUE")
    assert problem.message == "Hillside Farm: review was due 13/11/2026 (14 days ago)"
    assert problem.severity == "amber"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        w.placement.id,
        w.provider.id,
    )


def test_review_interval_is_a_setting() -> None:
    w = world(placement={"start_date": date(2026, 10, 1)}, meta=make_meta(review_interval_weeks=8))
    assert next_review_date(w.caseload, w.placement) == date(2026, 11, 26)
    assert review_interval_weeks(w.placement, w.caseload.meta) == 8
    assert w.codes() == ["REVIEW_OVERDUE"]


def test_a_review_held_restarts_the_interval() -> None:
    w = world(placement={"start_date": date(2026, 9, 1)})
    assert w.codes() == ["REVIEW_OVERDUE"]
    w.add(make_review(w.placement, on=date(2026, 10, 20)))
    assert next_review_date(w.caseload, w.placement) == date(2026, 12, 1)
    assert w.codes() == []
    w.add(make_review(w.placement, on=date(2026, 11, 3), next_review=date(2026, 11, 20)))
    assert next_review_date(w.caseload, w.placement) == date(2026, 11, 20)
    assert w.codes() == ["REVIEW_OVERDUE"]


# --- targets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "raised"),
    [
        ([], True),
        (["achieved"], True),
        (["dropped", "achieved"], True),
        (["achieved", "active"], False),
    ],
)
def test_no_active_targets(statuses: list[str], raised: bool) -> None:
    w = world(targets=0)
    w.add(*(make_target(w.placement, status=s) for s in statuses))
    assert ("NO_TARGETS" in w.codes()) is raised


def test_no_targets_message_and_only_for_active_placements() -> None:
    w = world(targets=0)
    problem = w.only("NO_TARGETS")
    assert problem.message == "Hillside Farm: no active targets in the learning plan"
    assert problem.placement_id == w.placement.id
    assert world(targets=0, placement={"status": "planned"}).codes() == []


# --- provider checks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (None, []),
        (ahead(31), []),
        (ahead(30), ["CHECK_EXPIRING"]),
        (TOMORROW, ["CHECK_EXPIRING"]),
        (TODAY, ["CHECK_EXPIRING"]),
        (YESTERDAY, ["CHECK_EXPIRED"]),
    ],
)
def test_check_expiry(expires: date | None, expected: list[str]) -> None:
    checks = all_checks()
    checks[1] = Check(kind="insurance", received=date(2025, 12, 1), expires=expires)
    assert world(provider={"checks": checks}).codes() == expected


def test_the_warning_window_is_a_setting() -> None:
    checks = all_checks()
    checks[0] = Check(kind="dbs_training", expires=ahead(11))
    w = world(provider={"checks": checks}, meta=make_meta(check_warning_days=10))
    assert w.codes() == []
    w.caseload.meta = make_meta(check_warning_days=11)
    assert w.codes() == ["CHECK_EXPIRING"]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([YESTERDAY, ahead(200)], []),
        ([ahead(200), YESTERDAY], []),
        ([YESTERDAY, None], []),
        ([None, YESTERDAY], []),
        ([ago(400), YESTERDAY], ["CHECK_EXPIRED"]),
        ([YESTERDAY, ahead(10)], ["CHECK_EXPIRING"]),
    ],
)
def test_the_latest_entry_of_a_kind_counts(entries: list[date | None], expected: list[str]) -> None:
    checks = [c for c in all_checks() if c.kind != "insurance"]
    checks += [Check(kind="insurance", expires=e) for e in entries]
    assert world(provider={"checks": checks}).codes() == expected


def test_missing_checks_are_one_problem_naming_kinds_in_order() -> None:
    # Given in reverse order; named in the order of the schema.
    checks = [
        Check(kind="attendance_reporting"),
        Check(kind="safeguarding_policy"),
        Check(kind="risk_assessment"),
    ]
    w = world(provider={"checks": checks})
    problem = w.only("CHECK_MISSING")
    assert problem.message == "Hillside Farm — missing: DBS and training, insurance"
    assert problem.severity == "red"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        None,
        None,
        w.provider.id,
    )


def test_expired_and_expiring_checks_are_one_problem_each() -> None:
    checks = [
        Check(kind="safeguarding_policy", expires=ahead(5)),
        Check(kind="insurance", expires=ago(3)),
        Check(kind="attendance_reporting", expires=ahead(30)),
        Check(kind="dbs_training", expires=ago(60)),
    ]
    w = world(provider={"checks": checks})
    assert w.only("CHECK_MISSING").message == "Hillside Farm — missing: risk assessment"
    assert w.only("CHECK_EXPIRED").message == (
        "Hillside Farm — expired: DBS and training (28/09/2026), insurance (24/11/2026)"
    )
    assert w.only("CHECK_EXPIRING").message == (
        "Hillside Farm — expiring: safeguarding policy (02/12/2026, in 5 days), "
        "attendance reporting (27/12/2026, in 30 days)"
    )
    for code in ("CHECK_MISSING", "CHECK_EXPIRED"):
        assert w.only(code).severity == "red"
    assert w.only("CHECK_EXPIRING").severity == "amber"


def test_checks_are_one_problem_per_provider_however_many_pupils() -> None:
    w = world(provider={"checks": []})
    for _ in range(3):
        pupil = make_pupil()
        placement = make_placement(pupil, w.provider, start_date=date(2026, 11, 2))
        w.add(pupil, placement, make_target(placement), make_contact(placement, on=TODAY))
    assert w.codes() == ["CHECK_MISSING"]


@pytest.mark.parametrize(
    ("placement", "pupil"),
    [
        ({"status": "planned"}, {}),
        ({"status": "ended"}, {}),
        ({}, {"archived": True}),
    ],
)
def test_checks_judged_only_for_providers_with_an_active_placement(
    placement: dict[str, Any], pupil: dict[str, Any]
) -> None:
    w = world(provider={"checks": []}, placement=placement, pupil=pupil)
    assert w.codes() == []


# --- registration risk -----------------------------------------------------------------------


def _pupils_at(provider: dict[str, Any], pupils: list[dict[str, Any]], hours: float) -> World:
    w = world(provider=provider)
    for fields in pupils:
        pupil = make_pupil(**fields)
        placement = make_placement(
            pupil, w.provider, start_date=date(2026, 11, 2), schedule=hours_schedule(hours)
        )
        w.add(pupil, placement, make_target(placement), make_contact(placement, on=TODAY))
    return w


Y10: dict[str, Any] = {"year_group": 10}


@pytest.mark.parametrize(
    ("provider", "pupils", "hours", "raised"),
    [
        ({}, [Y10] * 4, 19, False),
        ({}, [Y10] * 5, 19, True),
        ({}, [Y10] * 5, 18, False),
        ({}, [Y10] * 4 + [{"year_group": 12}], 19, False),
        ({}, [Y10] * 4 + [{"year_group": 11}], 19, True),
        ({}, [Y10] * 4 + [{"year_group": None}], 19, True),
        ({}, [Y10] * 4 + [{"year_group": 10, "archived": True}], 19, False),
        ({}, [{"year_group": 9, "ehcp": True}], 19, True),
        ({}, [{"year_group": 9, "looked_after": True}], 19, True),
        ({}, [{"year_group": 12, "ehcp": True}], 19, False),
        ({}, [{"year_group": 9, "ehcp": True}], 18, False),
        ({"registration": "registered_school"}, [Y10] * 6, 19, False),
        ({"registration": None}, [{"year_group": 9, "looked_after": True}], 19, True),
    ],
)
def test_registration_risk(
    provider: dict[str, Any], pupils: list[dict[str, Any]], hours: float, raised: bool
) -> None:
    w = _pupils_at(provider, pupils, hours)
    assert ("REGISTRATION_RISK" in w.codes()) is raised


@pytest.mark.parametrize(
    ("pupils", "whom"),
    [
        ([Y10] * 5, "5 pupils of school age over 18 h a week"),
        ([{"year_group": 9, "looked_after": True}], "a looked-after pupil over 18 h a week"),
        ([{"year_group": 9, "ehcp": True}], "a pupil with an EHC plan over 18 h a week"),
        (
            [{"year_group": 9, "ehcp": True, "looked_after": True}],
            "a looked-after pupil with an EHC plan over 18 h a week",
        ),
        (
            [{"year_group": 9, "ehcp": True}, {"year_group": 8, "looked_after": True}],
            "2 pupils over 18 h a week who each count alone: 1 with an EHC plan, 1 looked after",
        ),
        (
            [*[Y10] * 4, {"year_group": 9, "looked_after": True}],
            "5 pupils of school age over 18 h a week, among them a looked-after pupil",
        ),
    ],
)
def test_registration_risk_message(pupils: list[dict[str, Any]], whom: str) -> None:
    w = _pupils_at({}, pupils, 19.5)
    problem = w.only("REGISTRATION_RISK")
    assert problem.message == (
        f"Hillside Farm: {whom} — it would have to register as a school (the 2008 Act's test)"
    )
    assert problem.severity == "red"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        None,
        None,
        w.provider.id,
    )


# --- timetable -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("school", "provider", "empty"),
    [
        ({}, {"tue": ("09:00", "15:00")}, None),  # no school timetable: not judged
        (
            {"mon": ("08:45", "15:15"), "wed": ("08:45", "15:15")},
            {"tue": ("09:00", "15:00"), "thu": ("09:00", "15:00")},
            "Friday",
        ),
        (
            {"mon": ("08:45", "15:15")},
            {"tue": ("09:00", "15:00")},
            "Wednesday, Thursday and Friday",
        ),
        (
            {"mon": ("08:45", "15:15"), "tue": ("08:45", "12:00"), "wed": ("08:45", "15:15")},
            {"thu": ("09:00", "15:00"), "fri": ("09:00", "12:00")},
            None,
        ),
        # weekend sessions fill no weekday
        (
            {"mon": ("08:45", "15:15"), "tue": ("08:45", "15:15"), "wed": ("08:45", "15:15")},
            {"thu": ("09:00", "15:00"), "sat": ("09:00", "12:00")},
            "Friday",
        ),
    ],
)
def test_timetable_gap(
    school: dict[str, tuple[str, str]], provider: dict[str, tuple[str, str]], empty: str | None
) -> None:
    w = world(
        pupil={"school_schedule": sessions(**school)},
        placement={"schedule": sessions(**provider)},
    )
    if empty is None:
        assert "TIMETABLE_GAP" not in w.codes()
    else:
        problem = w.only("TIMETABLE_GAP")
        assert problem.message == f"no school or provider sessions on {empty}"
        assert problem.severity == "amber"
        assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
            w.pupil.id,
            None,
            None,
        )


def test_timetable_counts_only_active_placements() -> None:
    school = sessions(mon=("09:00", "15:00"), tue=("09:00", "15:00"), wed=("09:00", "15:00"))
    w = world(
        pupil={"school_schedule": school}, placement={"schedule": sessions(thu=("09:00", "15:00"))}
    )
    ended = make_placement(
        w.pupil, w.provider, status="ended", schedule=sessions(fri=("09:00", "15:00"))
    )
    w.add(ended)
    assert w.only("TIMETABLE_GAP").message == "no school or provider sessions on Friday"


# --- safeguarding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "raised"),
    [
        ({"category": "safeguarding", "status": "open"}, True),
        ({"category": "safeguarding", "status": "monitoring"}, True),
        ({"category": "safeguarding", "status": "closed", "closed_on": TODAY}, False),
        ({"category": "behaviour", "status": "open"}, False),
        ({"category": "attendance", "status": "open"}, False),
    ],
)
def test_safeguarding_open(fields: dict[str, Any], raised: bool) -> None:
    w = world()
    w.add(make_concern(w.pupil, raised_on=ago(3), **fields))
    assert ("SAFEGUARDING_OPEN" in w.codes()) is raised


def test_safeguarding_message_and_ids() -> None:
    w = world()
    w.add(
        make_concern(
            w.pupil,
            category="safeguarding",
            raised_on=date(2026, 11, 20),
            placement_id=w.placement.id,
            description="Seen with older youths off site",
        )
    )
    problem = w.only("SAFEGUARDING_OPEN")
    assert problem.message == (
        "safeguarding concern raised 20/11/2026 is open — not yet referred to the DSL"
    )
    assert "youths" not in problem.message  # the detail stays in the confidential record
    assert problem.severity == "red"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        w.placement.id,
        w.provider.id,
    )


def test_safeguarding_without_a_placement_carries_the_pupil_only() -> None:
    w = world()
    w.add(
        make_concern(
            w.pupil,
            category="safeguarding",
            status="monitoring",
            referred_to_dsl=True,
            raised_on=date(2026, 11, 2),
        )
    )
    problem = w.only("SAFEGUARDING_OPEN")
    assert problem.message == "safeguarding concern raised 02/11/2026 is being monitored"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (w.pupil.id, None, None)


def test_each_open_safeguarding_concern_is_a_problem() -> None:
    w = world()
    w.add(make_concern(w.pupil, category="safeguarding", raised_on=ago(10)))
    w.add(make_concern(w.pupil, category="safeguarding", raised_on=ago(2)))
    assert w.codes() == ["SAFEGUARDING_OPEN", "SAFEGUARDING_OPEN"]


# --- transition ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (None, []),
        (ahead(29), []),
        (ahead(28), ["TRANSITION_PLAN_MISSING"]),
        (TODAY, ["TRANSITION_PLAN_MISSING"]),
        (ago(7), ["TRANSITION_PLAN_MISSING"]),
    ],
)
def test_transition_plan_missing(end: date | None, expected: list[str]) -> None:
    assert world(placement={"end_date": end}).codes() == expected


def test_transition_plan_message_and_plan_present() -> None:
    w = world(placement={"end_date": date(2026, 12, 18)})
    problem = w.only("TRANSITION_PLAN_MISSING")
    assert problem.message == (
        "Hillside Farm: placement ends 18/12/2026 (in 21 days) with no transition plan"
    )
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        w.placement.id,
        w.provider.id,
    )
    w.add(make_transition(w.placement))
    assert w.codes() == []


def test_transition_plan_message_when_already_past() -> None:
    w = world(placement={"end_date": date(2026, 11, 20)})
    assert w.only("TRANSITION_PLAN_MISSING").message == (
        "Hillside Farm: placement ended 20/11/2026 (7 days ago) with no transition plan"
    )


def test_transition_warning_is_a_setting() -> None:
    w = world(placement={"end_date": ahead(14)}, meta=make_meta(transition_warning_weeks=1))
    assert w.codes() == []
    w.caseload.meta = make_meta(transition_warning_weeks=2)
    assert w.codes() == ["TRANSITION_PLAN_MISSING"]


def test_planned_placement_ending_soon_is_not_judged() -> None:
    assert world(placement={"status": "planned", "end_date": ahead(3)}).codes() == []


# --- strategies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("placement", "raised"),
    [
        ({"ended_on": ago(84)}, True),
        ({"ended_on": ago(85)}, False),
        ({"ended_on": TODAY}, True),
        ({"end_date": ago(84)}, True),
        ({"end_date": ago(85)}, False),
        # ended_on is what happened; the planned end_date does not count once it is set
        ({"ended_on": ago(85), "end_date": ago(10)}, False),
        ({"ended_on": ago(10), "end_date": ago(200)}, True),
        ({}, False),
    ],
)
def test_strategies_not_shared_looks_back_84_days(placement: dict[str, Any], raised: bool) -> None:
    w = world(placement={"status": "ended", "start_date": date(2026, 1, 5), **placement})
    assert w.codes() == (["STRATEGIES_NOT_SHARED"] if raised else [])


@pytest.mark.parametrize(
    ("transition", "raised"),
    [
        (None, True),
        ({"strategies": ["Give a two-minute warning before changes"]}, True),
        ({"strategies": ["Movement breaks"], "strategies_shared_on": ago(1)}, False),
    ],
)
def test_strategies_shared_clears_it(transition: dict[str, Any] | None, raised: bool) -> None:
    w = world(placement={"status": "ended", "ended_on": ago(20)})
    if transition is not None:
        w.add(make_transition(w.placement, **transition))
    assert ("STRATEGIES_NOT_SHARED" in w.codes()) is raised


def test_strategies_message_and_ids() -> None:
    w = world(placement={"status": "ended", "ended_on": date(2026, 11, 6)})
    problem = w.only("STRATEGIES_NOT_SHARED")
    assert problem.message == (
        "Hillside Farm: placement ended 06/11/2026; the provider's strategies are not yet "
        "shared with staff"
    )
    assert problem.severity == "amber"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        w.pupil.id,
        w.placement.id,
        w.provider.id,
    )


# --- the whole list ------------------------------------------------------------------------


def _everything_wrong(**pupil: Any) -> World:
    """One pupil raising nearly every code."""
    w = world(
        provider={"checks": [Check(kind="insurance", expires=YESTERDAY)]},
        pupil={
            "year_group": 9,
            "looked_after": True,
            "school_schedule": sessions(mon=("09:00", "12:00")),
            **pupil,
        },
        placement={
            "start_date": date(2026, 9, 1),
            "end_date": ahead(7),
            "schedule": hours_schedule(19.5, day="tue"),
        },
        contacts=(ago(20),),
        targets=0,
    )
    w.add(make_contact(w.placement, on=ago(20), sessions=attended(20)))
    w.add(make_concern(w.pupil, category="safeguarding", placement_id=w.placement.id))
    ended = make_placement(
        w.pupil, w.provider, status="ended", start_date=date(2026, 3, 2), ended_on=ago(30)
    )
    return w.add(ended)


def test_archived_pupils_raise_nothing() -> None:
    assert set(_everything_wrong().codes()) >= {
        "HOURS_OVER_LIMIT",
        "HOURS_DELIVERED_OVER_LIMIT",
        "CONTACT_OVERDUE",
        "REVIEW_OVERDUE",
        "NO_TARGETS",
        "CHECK_MISSING",
        "CHECK_EXPIRED",
        "REGISTRATION_RISK",
        "SAFEGUARDING_OPEN",
        "TRANSITION_PLAN_MISSING",
        "STRATEGIES_NOT_SHARED",
        "TIMETABLE_GAP",
    }
    assert _everything_wrong(archived=True).problems() == []


def test_red_before_amber_and_pupils_in_name_order() -> None:
    w = _everything_wrong(last_name="Young")
    other = make_pupil(first_name="Amy", last_name="Adams")
    placement = make_placement(other, w.provider, start_date=date(2026, 11, 2), next_review=ago(1))
    w.add(other, placement, make_target(placement), make_contact(placement, on=ago(30)))
    problems = w.problems()
    severities = [p.severity for p in problems]
    assert severities == sorted(severities, key=lambda s: s != "red")
    reds = [p for p in problems if p.severity == "red"]
    # Adams before Young, then the provider's own problems.
    assert reds[0].pupil_id == other.id and reds[0].code == "CONTACT_OVERDUE"
    assert [p.pupil_id for p in reds[-3:]] == [None, None, None]
    ambers = [p for p in problems if p.severity == "amber"]
    assert ambers[0].pupil_id == other.id and ambers[0].code == "REVIEW_OVERDUE"


def test_every_pupil_problem_about_one_placement_names_it() -> None:
    problems = _everything_wrong().problems()
    provider_level = {"CHECK_MISSING", "CHECK_EXPIRED", "CHECK_EXPIRING", "REGISTRATION_RISK"}
    for problem in problems:
        if problem.code in provider_level:
            assert problem.pupil_id is None and problem.placement_id is None
            assert problem.provider_id is not None
        elif problem.code in ("TIMETABLE_GAP", "AP_TOTAL_OVER_LIMIT"):
            assert problem.pupil_id is not None
            assert (problem.placement_id, problem.provider_id) == (None, None)
        else:
            assert problem.pupil_id is not None, problem
            assert problem.placement_id is not None, problem
            assert problem.provider_id is not None, problem


def test_find_problems_changes_nothing() -> None:
    w = _everything_wrong()
    before = {name: dict(w.caseload.table(name)) for name in ("placements", "contacts")}
    dumped = [p.model_dump() for p in w.caseload.placements.values()]
    w.problems()
    assert before == {name: dict(w.caseload.table(name)) for name in ("placements", "contacts")}
    assert dumped == [p.model_dump() for p in w.caseload.placements.values()]


def test_filters_and_worst_severity() -> None:
    w = _everything_wrong()
    other = make_pupil()
    placement = make_placement(other, w.provider, start_date=date(2026, 11, 2), next_review=ago(1))
    w.add(other, placement, make_target(placement), make_contact(placement, on=TODAY))
    problems = w.problems()
    mine = problems_for_pupil(problems, other.id)
    assert [p.code for p in mine] == ["REVIEW_OVERDUE"]
    assert worst_severity(mine) == "amber"
    assert worst_severity(problems_for_pupil(problems, w.pupil.id)) == "red"
    assert worst_severity([]) is None
    assert problems_for_placement(problems, placement.id) == mine
    at_provider = problems_for_provider(problems, w.provider.id)
    assert {p.code for p in at_provider} >= {"CHECK_MISSING", "REGISTRATION_RISK", "REVIEW_OVERDUE"}
    assert all(p.provider_id == w.provider.id for p in at_provider)


def test_problem_marker_and_dict() -> None:
    red = Problem("HOURS_OVER_LIMIT", "red", "19.5 h", pupil_id="p1", provider_id="v1")
    assert red.marker == "!!"
    assert Problem("CONTACT_DUE", "amber", "due today").marker == "!"
    assert red.to_dict() == {
        "code": "HOURS_OVER_LIMIT",
        "severity": "red",
        "message": "19.5 h",
        "pupil_id": "p1",
        "placement_id": None,
        "provider_id": "v1",
    }


# --- scale ---------------------------------------------------------------------------------


class _CountingDict(dict[str, Any]):
    """Counts full scans, to prove the rules group records once instead of per pupil."""

    scans = 0

    def values(self) -> Any:
        type(self).scans += 1
        return super().values()

    def __iter__(self) -> Iterator[str]:
        type(self).scans += 1
        return super().__iter__()


def test_contacts_and_placements_are_scanned_a_fixed_number_of_times() -> None:
    provider = make_provider(name="Big Provider")
    records: list[Any] = [provider]
    for n in range(40):
        pupil = make_pupil(year_group=10)
        placement = make_placement(pupil, provider, schedule=hours_schedule(10 + n % 10))
        records += [pupil, placement, make_target(placement)]
        records += [
            make_contact(placement, on=ago(7 * week + n % 9), sessions=attended(6))
            for week in range(10)
        ]
    caseload = make_caseload(*records)

    class Contacts(_CountingDict):
        scans = 0

    class Placements(_CountingDict):
        scans = 0

    caseload.contacts = Contacts(caseload.contacts)
    caseload.placements = Placements(caseload.placements)
    caseload.invalidate()
    problems = find_problems(caseload, TODAY)
    assert problems  # the caseload does raise problems
    assert Contacts.scans <= 2
    assert Placements.scans <= 3


def test_problems_about_a_pupil_include_their_providers_checks_only() -> None:
    from alp_tui.rules import Problem, problems_about

    mine = Problem("NO_TARGETS", "amber", "no targets", pupil_id="a", provider_id="p1")
    theirs = Problem("NO_TARGETS", "amber", "no targets", pupil_id="b", provider_id="p1")
    my_provider = Problem("CHECK_MISSING", "red", "missing", provider_id="p1")
    other_provider = Problem("CHECK_MISSING", "red", "missing", provider_id="p2")
    found = problems_about([mine, theirs, my_provider, other_provider], "a", {"p1"})
    assert found == [mine, my_provider]
    assert problems_about([mine, my_provider], None, set()) == []
