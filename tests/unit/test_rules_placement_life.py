"""The rules of a placement's later life (DESIGN.md §4): targets past their due date, a
transition phase over the hour limit, transition follow-ups not done; each at its
boundaries, as of Friday 27/11/2026, and the worst-first order they take their place in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from builders import (
    TODAY,
    make_caseload,
    make_contact,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
    make_transition,
    sessions,
)

from alp_tui.caseload import Caseload
from alp_tui.models import FollowUp, Phase, Placement
from alp_tui.rules import (
    CODES,
    SEVERITY,
    WORST_FIRST,
    Problem,
    find_problems,
    phase_over_limit,
    worst_first,
)

YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)


def world(
    *,
    placement: dict[str, Any] | None = None,
    provider: dict[str, Any] | None = None,
    pupil: dict[str, Any] | None = None,
    targets: list[dict[str, Any]] | None = None,
    transition: dict[str, Any] | None = None,
) -> tuple[Caseload, Placement]:
    """One pupil at Hillside Farm, in order (a contact yesterday, one active target) until a
    test says otherwise."""
    pv = make_provider(name="Hillside Farm", **(provider or {}))
    pu = make_pupil(first_name="Sophie", last_name="Turner", **(pupil or {}))
    pl = make_placement(
        pu,
        pv,
        **{
            "start_date": date(2026, 11, 2),
            "schedule": sessions(mon=("09:00", "15:00")),
            **(placement or {}),
        },
    )
    records: list[Any] = [pv, pu, pl, make_contact(pl, on=YESTERDAY)]
    records += [make_target(pl, **fields) for fields in (targets or [{}])]
    if transition is not None:
        records.append(make_transition(pl, **transition))
    return make_caseload(*records), pl


def found(caseload: Caseload, code: str, today: date = TODAY) -> list[Problem]:
    return [p for p in find_problems(caseload, today) if p.code == code]


# --- the codes -------------------------------------------------------------------------------


def test_the_three_codes_have_the_designs_severity_and_place_in_worst_first() -> None:
    assert {"TARGET_OVERDUE", "TRANSITION_OVER_LIMIT", "FOLLOW_UP_OVERDUE"} <= set(CODES)
    assert SEVERITY["TARGET_OVERDUE"] == "amber"
    assert SEVERITY["TRANSITION_OVER_LIMIT"] == "red"
    assert SEVERITY["FOLLOW_UP_OVERDUE"] == "amber"
    assert set(CODES) <= set(WORST_FIRST)
    reds = [c for c in WORST_FIRST if SEVERITY.get(c) == "red"]
    assert reds.index("TRANSITION_OVER_LIMIT") == reds.index("HOURS_DELIVERED_OVER_LIMIT") + 1
    ambers = [c for c in WORST_FIRST if SEVERITY.get(c, "amber") == "amber"]
    assert ambers.index("FOLLOW_UP_OVERDUE") == ambers.index("STRATEGIES_NOT_SHARED") + 1
    assert ambers.index("TARGET_OVERDUE") == ambers.index("FOLLOW_UP_OVERDUE") + 1


def test_worst_first_puts_red_first_then_the_graver_code() -> None:
    def problem(code: str) -> Problem:
        return Problem(code=code, severity=SEVERITY[code], message=code)

    given = [
        problem(c)
        for c in (
            "CHECK_EXPIRING",
            "TARGET_OVERDUE",
            "CONTACT_OVERDUE",
            "FOLLOW_UP_OVERDUE",
            "TRANSITION_OVER_LIMIT",
            "SAFEGUARDING_OPEN",
            "REVIEW_OVERDUE",
        )
    ]
    assert [p.code for p in worst_first(given)] == [
        "SAFEGUARDING_OPEN",
        "TRANSITION_OVER_LIMIT",
        "CONTACT_OVERDUE",
        "REVIEW_OVERDUE",
        "FOLLOW_UP_OVERDUE",
        "TARGET_OVERDUE",
        "CHECK_EXPIRING",
    ]


# --- TARGET_OVERDUE --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("targets", "raised"),
    [
        ([{"due": YESTERDAY}], True),
        ([{"due": TODAY}], False),  # due today is not yet past
        ([{"due": TOMORROW}], False),
        ([{"due": None}], False),  # no due date, never overdue
        ([{"due": YESTERDAY, "status": "achieved"}], False),
        ([{"due": YESTERDAY, "status": "dropped"}], False),
        ([{"due": YESTERDAY, "status": "dropped"}, {"due": date(2026, 11, 20)}], True),
    ],
)
def test_target_past_its_due_date(targets: list[dict[str, Any]], raised: bool) -> None:
    caseload, _ = world(targets=targets)
    assert bool(found(caseload, "TARGET_OVERDUE")) is raised


@pytest.mark.parametrize(
    ("status", "archived", "raised"),
    [
        ("active", False, True),
        ("planned", False, False),
        ("ended", False, False),
        ("active", True, False),
    ],
)
def test_target_overdue_only_on_active_placements_of_pupils_on_the_caseload(
    status: str, archived: bool, raised: bool
) -> None:
    placement: dict[str, Any] = {"status": status}
    if status == "ended":
        placement["ended_on"] = YESTERDAY
    caseload, _ = world(
        placement=placement, pupil={"archived": archived}, targets=[{"due": YESTERDAY}]
    )
    assert bool(found(caseload, "TARGET_OVERDUE")) is raised


@pytest.mark.parametrize(
    ("dues", "message"),
    [
        (
            [date(2026, 11, 13)],
            "Hillside Farm: 1 target past its due date 13/11/2026 (14 days ago)",
        ),
        (
            [date(2026, 11, 20), YESTERDAY, date(2026, 11, 13), TOMORROW],
            "Hillside Farm: 3 targets past their due dates, the earliest 13/11/2026 (14 days ago)",
        ),
    ],
)
def test_target_overdue_is_one_problem_per_placement_naming_how_many_and_the_earliest(
    dues: list[date], message: str
) -> None:
    caseload, placement = world(targets=[{"due": d} for d in dues])
    (problem,) = found(caseload, "TARGET_OVERDUE")
    assert problem.message == message
    assert problem.severity == "amber"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        placement.pupil_id,
        placement.id,
        placement.provider_id,
    )


# --- TRANSITION_OVER_LIMIT -------------------------------------------------------------------


def phases(*hours: float | None) -> list[Phase]:
    """Phases a fortnight apart from Monday 04/01/2027, with these provider hours."""
    return [
        Phase(start=date(2027, 1, 4) + timedelta(weeks=2 * n), school_hours=10, alp_hours=h)
        for n, h in enumerate(hours)
    ]


@pytest.mark.parametrize(
    ("alp_hours", "raised"),
    [
        ((18.0,), False),  # exactly the limit is not over it
        ((18.01,), True),
        ((19.0,), True),
        ((17.99, 0.0), False),
        ((None,), False),  # hours not typed yet
        ((12.0, 19.0, 6.0), True),
    ],
)
def test_a_phase_over_the_hour_limit(alp_hours: tuple[float | None, ...], raised: bool) -> None:
    caseload, _ = world(transition={"destination": "phased_return", "phases": phases(*alp_hours)})
    assert bool(found(caseload, "TRANSITION_OVER_LIMIT")) is raised


@pytest.mark.parametrize(
    ("status", "registration", "raised"),
    [
        ("active", "unregistered", True),
        ("planned", "unregistered", True),
        ("ended", "unregistered", False),
        ("active", None, True),  # a missing registration counts as unregistered
        ("active", "registered_school", False),
        ("active", "fe_college", False),
        ("active", "la_provision", False),
    ],
)
def test_transition_over_limit_for_planned_or_active_placements_at_unregistered_providers(
    status: str, registration: str | None, raised: bool
) -> None:
    placement: dict[str, Any] = {"status": status}
    if status == "ended":
        placement["ended_on"] = YESTERDAY
    caseload, _ = world(
        placement=placement,
        provider={"registration": registration},
        transition={"phases": phases(19.0)},
    )
    assert bool(found(caseload, "TRANSITION_OVER_LIMIT")) is raised


def test_transition_over_limit_names_the_earliest_phase_past_or_future() -> None:
    given = [
        Phase(start=date(2027, 1, 18), alp_hours=20.5),
        Phase(start=date(2026, 11, 2), alp_hours=12.0),
        Phase(start=date(2026, 11, 16), alp_hours=19.0),  # already begun: still judged
    ]
    caseload, placement = world(transition={"phases": given})
    (problem,) = found(caseload, "TRANSITION_OVER_LIMIT")
    assert problem.message == (
        "phase from 16/11/2026: 19 h a week at Hillside Farm — over the 18 h limit"
    )
    assert problem.severity == "red"
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        placement.pupil_id,
        placement.id,
        placement.provider_id,
    )


def test_the_limit_is_the_schools_setting() -> None:
    caseload, _ = world(transition={"phases": phases(16.0)})
    assert not found(caseload, "TRANSITION_OVER_LIMIT")
    caseload.meta = caseload.meta.model_copy(update={"hour_limit": 15.0})
    (problem,) = found(caseload, "TRANSITION_OVER_LIMIT")
    assert problem.message.endswith("16 h a week at Hillside Farm — over the 15 h limit")


@pytest.mark.parametrize(("hours", "over"), [(None, False), (18.0, False), (18.25, True)])
def test_phase_over_limit_is_the_rules_own_threshold(hours: float | None, over: bool) -> None:
    caseload, _ = world()
    assert phase_over_limit(hours, caseload.meta) is over


# --- FOLLOW_UP_OVERDUE -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("follow_ups", "raised"),
    [
        ([FollowUp(date=YESTERDAY)], True),
        ([FollowUp(date=TODAY)], False),  # due today: not yet past
        ([FollowUp(date=TOMORROW)], False),
        ([FollowUp(date=YESTERDAY, done=True)], False),
        ([FollowUp(date=YESTERDAY, done=True), FollowUp(date=date(2026, 11, 1))], True),
        ([], False),
    ],
)
def test_a_follow_up_past_its_date_and_not_done(follow_ups: list[FollowUp], raised: bool) -> None:
    caseload, _ = world(transition={"follow_ups": follow_ups})
    assert bool(found(caseload, "FOLLOW_UP_OVERDUE")) is raised


@pytest.mark.parametrize(
    ("status", "archived", "raised"),
    [
        ("active", False, True),
        ("planned", False, True),
        ("ended", False, True),  # whatever the placement's status
        ("ended", True, False),  # archived pupils raise nothing
    ],
)
def test_follow_ups_are_judged_whatever_the_placement_status(
    status: str, archived: bool, raised: bool
) -> None:
    placement: dict[str, Any] = {"status": status}
    if status == "ended":
        placement["ended_on"] = date(2026, 11, 6)
    caseload, _ = world(
        placement=placement,
        pupil={"archived": archived},
        transition={
            "follow_ups": [FollowUp(date=date(2026, 11, 20))],
            "strategies_shared_on": TODAY,
        },
    )
    assert bool(found(caseload, "FOLLOW_UP_OVERDUE")) is raised


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            [date(2026, 11, 20)],
            "Hillside Farm: transition follow-up due 20/11/2026 (7 days ago) not done",
        ),
        (
            [date(2026, 11, 20), date(2026, 10, 30), TOMORROW],
            "Hillside Farm: 2 transition follow-ups not done, the earliest due 30/10/2026 "
            "(28 days ago)",
        ),
    ],
)
def test_follow_up_overdue_is_one_problem_per_transition_naming_how_many_and_the_earliest(
    dates: list[date], message: str
) -> None:
    caseload, placement = world(transition={"follow_ups": [FollowUp(date=d) for d in dates]})
    (problem,) = found(caseload, "FOLLOW_UP_OVERDUE")
    assert problem.message == message
    assert problem.severity == "amber"
    assert (problem.placement_id, problem.provider_id) == (placement.id, placement.provider_id)


def test_the_issues_follow_up_on_04_12_is_flagged_on_07_12() -> None:
    caseload, _ = world(transition={"follow_ups": [FollowUp(date=date(2026, 12, 4))]})
    assert not found(caseload, "FOLLOW_UP_OVERDUE", today=date(2026, 12, 4))
    (problem,) = found(caseload, "FOLLOW_UP_OVERDUE", today=date(2026, 12, 7))
    assert "04/12/2026 (3 days ago)" in problem.message
