"""The demo caseload: valid, deterministic, every problem present, case 1 all in order."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from builders import raw_tables

from alp_tui.demo import DEMO_USER, SCHOOL_NAME, demo_caseload, demo_holidays
from alp_tui.rules import CODES, find_problems
from alp_tui.validation import integrity_errors, parse_tables

TODAY = date(2026, 11, 27)

# Term time, the day after a half term, a weekend, inside holidays, the summer, September.
DATES = [
    TODAY,
    date(2026, 11, 28),
    date(2026, 11, 29),
    date(2026, 11, 2),
    date(2026, 10, 28),
    date(2026, 12, 23),
    date(2027, 1, 4),
    date(2027, 3, 15),
    date(2027, 4, 1),
    date(2027, 6, 30),
    date(2027, 8, 10),
    date(2027, 9, 6),
]


@pytest.mark.parametrize("today", DATES, ids=str)
def test_every_problem_code_is_present(today: date) -> None:
    caseload = demo_caseload(today)
    codes = {problem.code for problem in find_problems(caseload, today)}
    assert sorted(set(CODES) - codes) == []


@pytest.mark.parametrize("today", DATES, ids=str)
def test_case_one_is_all_in_order(today: date) -> None:
    caseload = demo_caseload(today)
    problems = find_problems(caseload, today)
    about_jordan = [p for p in problems if p.pupil_id == "pu-jordan" or p.provider_id == "pr-forge"]
    assert about_jordan == []
    # ...while Jordan has a full record: a placement, targets, a term of contacts, reviews.
    (placement,) = caseload.active_placements_of("pu-jordan")
    assert len(caseload.targets_of(placement.id)) == 3
    assert len(caseload.contacts_of(placement.id)) >= 5
    assert caseload.reviews_of(placement.id)


def test_problems_fall_on_the_cases_they_illustrate() -> None:
    problems = find_problems(demo_caseload(TODAY), TODAY)
    where = {(p.code, p.pupil_id or p.provider_id) for p in problems}
    expected = {
        ("HOURS_OVER_LIMIT", "pu-chloe"),
        ("HOURS_DELIVERED_OVER_LIMIT", "pu-chloe"),
        ("REGISTRATION_RISK", "pr-studio"),
        ("HOURS_NEAR_LIMIT", "pu-kai"),
        ("AP_TOTAL_OVER_LIMIT", "pu-kai"),
        ("CONTACT_OVERDUE", "pu-ellie"),
        ("TIMETABLE_GAP", "pu-ellie"),
        ("CONTACT_DUE", "pu-millie"),
        ("CHECK_EXPIRED", "pr-wildwood"),
        ("CHECK_EXPIRING", "pr-greenway"),
        ("CHECK_MISSING", "pr-cityline"),
        ("SAFEGUARDING_OPEN", "pu-mason"),
        ("TRANSITION_PLAN_MISSING", "pu-tyler"),
        ("REVIEW_OVERDUE", "pu-ryan"),
        ("NO_TARGETS", "pu-noah"),
        ("STRATEGIES_NOT_SHARED", "pu-grace"),
        ("FOLLOW_UP_OVERDUE", "pu-grace"),
        ("TARGET_OVERDUE", "pu-liam"),
        ("TRANSITION_OVER_LIMIT", "pu-kai"),
        ("LA_NOT_NOTIFIED", "pu-chloe"),
        ("LA_NOT_NOTIFIED", "pu-noah"),
    }
    assert where == expected
    # Sophie's phased return is planned and shared: nothing to flag.
    assert not [p for p in problems if p.pupil_id == "pu-sophie"]


@pytest.mark.parametrize("today", [TODAY, date(2027, 4, 1)], ids=str)
def test_round_trips_through_the_file_format(today: date) -> None:
    caseload = demo_caseload(today)
    assert integrity_errors(caseload) == []
    again = parse_tables(raw_tables(caseload))
    assert again == caseload


def test_same_today_same_data_and_dates_move_with_today() -> None:
    assert demo_caseload(TODAY) == demo_caseload(TODAY)
    later = demo_caseload(TODAY + timedelta(weeks=1))
    assert later.contacts != demo_caseload(TODAY).contacts
    assert set(later.pupils) == set(demo_caseload(TODAY).pupils)


def test_every_record_is_stamped_by_the_demo() -> None:
    caseload = demo_caseload(TODAY)
    for name in ("providers", "pupils", "placements", "targets", "contacts"):
        for record_id, record in caseload.table(name).items():
            assert record.id == record_id and record.id
            assert record.rev == 1
            assert record.created_by == record.updated_by == DEMO_USER
            assert record.created_at and record.created_at[:10] <= TODAY.isoformat()
    assert "pu-jordan" in caseload.pupils and "pr-hillside" in caseload.providers


def test_size_and_shape_of_the_caseload() -> None:
    caseload = demo_caseload(TODAY)
    assert caseload.meta.school_name == SCHOOL_NAME
    assert len(caseload.pupils) == 12
    assert len(caseload.providers) >= 6
    assert len({p.name.casefold() for p in caseload.providers.values()}) == len(caseload.providers)
    assert any(p.school_schedule for p in caseload.pupils.values())
    assert any(p.carers for p in caseload.pupils.values())
    statuses = Counter(p.status for p in caseload.placements.values())
    assert statuses["active"] >= 10 and statuses["ended"] >= 1
    # A term of weekly contacts whose ratings move and whose attendance is recorded.
    contacts = caseload.contacts_of("pl-ryan-cityline")
    assert len(contacts) >= 10
    ratings = [c.progress[0].rating for c in contacts]
    assert ratings[0] < ratings[-1]
    assert all(c.sessions and c.summary and c.engagement for c in contacts)
    marks = {s.mark for c in caseload.contacts.values() for s in c.sessions}
    assert {"present", "late", "absent_authorised", "absent_unauthorised"} <= marks


def test_holidays_are_this_school_years() -> None:
    holidays = {(h.start, h.end) for h in demo_holidays(TODAY)}
    assert (date(2026, 10, 26), date(2026, 10, 30)) in holidays
    assert (date(2026, 12, 21), date(2027, 1, 1)) in holidays
    assert demo_caseload(TODAY).meta.holidays == demo_holidays(TODAY)


def test_the_safeguarding_concern_is_confidential_and_went_to_the_dsl() -> None:
    caseload = demo_caseload(TODAY)
    (concern,) = [c for c in caseload.concerns.values() if c.category == "safeguarding"]
    assert concern.pupil_id == "pu-mason"
    assert concern.confidential and concern.referred_to_dsl
    assert concern.status == "open"
    assert concern.updates and concern.updates[0].date == concern.raised_on


def test_phased_return_for_case_nine() -> None:
    caseload = demo_caseload(TODAY)
    transition = caseload.transition_of("pl-sophie-meadow")
    assert transition is not None
    assert transition.destination == "phased_return"
    assert [p.alp_hours for p in transition.phases] == [12.0, 6.0, 0.0]
    assert transition.strategies and transition.strategies_shared_on
    placement = caseload.placements["pl-sophie-meadow"]
    assert placement.end_date is not None
    follow_ups = [f.date - placement.end_date for f in transition.follow_ups]
    assert [d.days // 7 for d in follow_ups] == [2, 6]


def test_the_later_life_problems_read_as_a_lead_would_meet_them() -> None:
    problems = {p.code: p for p in find_problems(demo_caseload(TODAY), TODAY)}
    assert problems["TARGET_OVERDUE"].message == (
        "Wildwood Outdoor Learning: 1 target past its due date 23/10/2026 (35 days ago)"
    )
    assert problems["TRANSITION_OVER_LIMIT"].message == (
        "phase from 18/01/2027: 22 h a week at Sandford Motor Mechanics — over the 18 h limit"
    )
    assert problems["FOLLOW_UP_OVERDUE"].message.startswith(
        "Riverside Art Therapy: transition follow-up due "
    )
