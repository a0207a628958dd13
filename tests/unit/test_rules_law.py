"""The law as it now stands (DESIGN.md §4): REGISTRATION_RISK under each registration test,
and LA_NOT_NOTIFIED with the setting on and off, at every boundary, as of 27/11/2026."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from builders import (
    TODAY,
    hours_schedule,
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
)

from alp_tui.caseload import Caseload
from alp_tui.models import REGISTRATION_TESTS, Pupil
from alp_tui.rules import Problem, counts_alone, find_problems, not_notified

PLAIN: dict[str, Any] = {"year_group": 10}
SEN: dict[str, Any] = {"year_group": 9, "sen_support": True}
LOOKED_AFTER: dict[str, Any] = {"year_group": 9, "looked_after": True}
EHCP: dict[str, Any] = {"year_group": 8, "ehcp": True}


def _caseload(
    pupils: list[tuple[dict[str, Any], float]],
    *,
    provider: dict[str, Any] | None = None,
    placement: dict[str, Any] | None = None,
    **meta: Any,
) -> Caseload:
    """Pupils at one provider (Hillside Farm), each with the hours a week given, every
    other rule satisfied (a target, a contact today, the checks in place)."""
    farm = make_provider(name="Hillside Farm", **(provider or {}))
    records: list[Any] = [farm]
    for fields, hours in pupils:
        pupil = make_pupil(**fields)
        stay = make_placement(
            pupil,
            farm,
            start_date=date(2026, 11, 2),
            schedule=hours_schedule(hours),
            **(placement or {}),
        )
        records += [pupil, stay, make_target(stay), make_contact(stay, on=TODAY)]
    return make_caseload(*records, meta=make_meta(**meta))


def _risks(caseload: Caseload, test: str) -> list[Problem]:
    meta = caseload.meta.model_copy(update={"registration_test": test})
    return [p for p in find_problems(caseload, TODAY, meta) if p.code == "REGISTRATION_RISK"]


# --- the registration test -------------------------------------------------------------------

# (pupils with their hours a week, raised under esa2008, raised under cwsa2026)
REGISTRATION_CASES: list[tuple[str, list[tuple[dict[str, Any], float]], bool, bool]] = [
    ("one SEN-support pupil over the limit", [(SEN, 19)], False, True),
    ("one SEN-support pupil at exactly the limit", [(SEN, 18)], False, False),
    ("one SEN-support pupil a quarter-hour over", [(SEN, 18.25)], False, True),
    ("one looked-after pupil over the limit", [(LOOKED_AFTER, 19)], True, True),
    ("one looked-after pupil at the limit", [(LOOKED_AFTER, 18)], False, False),
    ("one pupil with an EHC plan over the limit", [(EHCP, 19)], True, True),
    ("four plain pupils over the limit", [(PLAIN, 19)] * 4, False, False),
    ("five plain pupils over the limit", [(PLAIN, 19)] * 5, True, True),
    ("five plain pupils, one at the limit", [(PLAIN, 19)] * 4 + [(PLAIN, 18)], False, False),
    (
        "four plain pupils over, a SEN-support pupil under",
        [(PLAIN, 19)] * 4 + [(SEN, 12)],
        False,
        False,
    ),
    (
        "four plain pupils and a SEN-support pupil, all over",
        [(PLAIN, 19)] * 4 + [(SEN, 19)],
        True,
        True,
    ),
    ("a SEN-support pupil in Year 12", [({**SEN, "year_group": 12}, 19)], False, False),
    ("a SEN-support pupil in Year 11", [({**SEN, "year_group": 11}, 19)], False, True),
    ("a SEN-support pupil with no year recorded", [({**SEN, "year_group": None}, 19)], False, True),
    ("an archived SEN-support pupil", [({**SEN, "archived": True}, 19)], False, False),
    ("a plain pupil over the limit", [(PLAIN, 19)], False, False),
]


@pytest.mark.parametrize(
    ("pupils", "under_2008", "under_2026"),
    [case[1:] for case in REGISTRATION_CASES],
    ids=[case[0] for case in REGISTRATION_CASES],
)
def test_registration_risk_under_each_test(
    pupils: list[tuple[dict[str, Any], float]], under_2008: bool, under_2026: bool
) -> None:
    caseload = _caseload(pupils)
    assert bool(_risks(caseload, "esa2008")) is under_2008
    assert bool(_risks(caseload, "cwsa2026")) is under_2026


@pytest.mark.parametrize("test", REGISTRATION_TESTS)
@pytest.mark.parametrize(
    ("provider", "placement"),
    [
        ({"registration": "registered_school"}, {}),
        ({"registration": "fe_college"}, {}),
        ({}, {"status": "planned"}),
        ({}, {"status": "ended", "ended_on": date(2026, 11, 20)}),
    ],
)
def test_no_registration_risk_at_a_registered_provider_or_without_an_active_placement(
    test: str, provider: dict[str, Any], placement: dict[str, Any]
) -> None:
    caseload = _caseload([(SEN, 19), (LOOKED_AFTER, 19)], provider=provider, placement=placement)
    assert _risks(caseload, test) == []


def test_the_default_test_is_the_2008_act() -> None:
    caseload = _caseload([(SEN, 19)])
    assert caseload.meta.registration_test == "esa2008"
    assert [p.code for p in find_problems(caseload, TODAY)] == ["HOURS_OVER_LIMIT"]


@pytest.mark.parametrize(
    ("test", "pupils", "message"),
    [
        (
            "cwsa2026",
            [(SEN, 19)],
            "Hillside Farm: a pupil on SEN support over 18 h a week — it would have to "
            "register as a school (the 2026 Act's test)",
        ),
        (
            "esa2008",
            [(PLAIN, 19)] * 5,
            "Hillside Farm: 5 pupils of school age over 18 h a week — it would have to "
            "register as a school (the 2008 Act's test)",
        ),
        (
            "cwsa2026",
            [(PLAIN, 19)] * 4 + [(SEN, 19)],
            "Hillside Farm: 5 pupils of school age over 18 h a week, among them a pupil on "
            "SEN support — it would have to register as a school (the 2026 Act's test)",
        ),
        (
            "cwsa2026",
            [(SEN, 19), (SEN, 20), (LOOKED_AFTER, 19)],
            "Hillside Farm: 3 pupils over 18 h a week who each count alone: 2 on SEN "
            "support, 1 looked after — it would have to register as a school (the 2026 "
            "Act's test)",
        ),
        (
            "cwsa2026",
            [({**LOOKED_AFTER, "sen_support": True}, 19)],
            "Hillside Farm: a looked-after pupil on SEN support over 18 h a week — it would "
            "have to register as a school (the 2026 Act's test)",
        ),
        (
            # Under the 2008 Act SEN support is not a reason, so it is not named as one.
            "esa2008",
            [({**LOOKED_AFTER, "sen_support": True}, 19)],
            "Hillside Farm: a looked-after pupil over 18 h a week — it would have to "
            "register as a school (the 2008 Act's test)",
        ),
        (
            "cwsa2026",
            [({**EHCP, "sen_support": True}, 19)],
            "Hillside Farm: a pupil with an EHC plan over 18 h a week — it would have to "
            "register as a school (the 2026 Act's test)",
        ),
    ],
)
def test_registration_risk_names_which_pupils_count_and_why(
    test: str, pupils: list[tuple[dict[str, Any], float]], message: str
) -> None:
    (risk,) = _risks(_caseload(pupils), test)
    assert risk.message == message
    assert (risk.severity, risk.pupil_id, risk.placement_id) == ("red", None, None)
    assert risk.provider_id is not None


def test_the_limit_in_the_message_is_the_school_setting() -> None:
    caseload = _caseload([(SEN, 16)], hour_limit=15.0, hour_warning_margin=1.0)
    (risk,) = _risks(caseload, "cwsa2026")
    assert "a pupil on SEN support over 15 h a week" in risk.message


@pytest.mark.parametrize(
    ("fields", "under_2008", "under_2026"),
    [
        ({}, False, False),
        ({"sen_support": True}, False, True),
        ({"ehcp": True}, True, True),
        ({"looked_after": True}, True, True),
        ({"child_protection": True}, False, False),
    ],
)
def test_counts_alone(fields: dict[str, Any], under_2008: bool, under_2026: bool) -> None:
    pupil = Pupil(first_name="Ava", last_name="Stone", **fields)
    assert (counts_alone(pupil, "esa2008"), counts_alone(pupil, "cwsa2026")) == (
        under_2008,
        under_2026,
    )


# --- telling the local authority -------------------------------------------------------------

TOLD = date(2026, 11, 3)


@pytest.mark.parametrize("arranged_by", ["school", "local_authority", None])
@pytest.mark.parametrize("told", [None, TOLD])
@pytest.mark.parametrize("notify_la", [True, False])
def test_la_not_notified(arranged_by: str | None, told: date | None, notify_la: bool) -> None:
    caseload = _caseload(
        [(PLAIN, 12)],
        placement={"arranged_by": arranged_by, "la_notified_on": told},
        notify_la=notify_la,
    )
    raised = [p for p in find_problems(caseload, TODAY) if p.code == "LA_NOT_NOTIFIED"]
    expected = notify_la and arranged_by in ("school", None) and told is None
    assert bool(raised) is expected


@pytest.mark.parametrize(
    ("placement", "pupil"),
    [
        ({"status": "planned"}, {}),
        ({"status": "ended", "ended_on": date(2026, 11, 20)}, {}),
        ({}, {"archived": True}),
    ],
)
def test_la_not_notified_only_for_active_placements_of_pupils_on_the_caseload(
    placement: dict[str, Any], pupil: dict[str, Any]
) -> None:
    caseload = _caseload([({**PLAIN, **pupil}, 12)], placement=placement, notify_la=True)
    assert [p for p in find_problems(caseload, TODAY) if p.code == "LA_NOT_NOTIFIED"] == []


def test_la_not_notified_names_the_placement() -> None:
    caseload = _caseload([(PLAIN, 12)], notify_la=True)
    (placement,) = caseload.placements.values()
    (problem,) = [p for p in find_problems(caseload, TODAY) if p.code == "LA_NOT_NOTIFIED"]
    assert problem.severity == "amber"
    assert problem.message == (
        "Hillside Farm: the local authority has not been told of this placement (from 02/11/2026)"
    )
    assert (problem.pupil_id, problem.placement_id, problem.provider_id) == (
        placement.pupil_id,
        placement.id,
        placement.provider_id,
    )


def test_online_provision_is_still_told() -> None:
    # Online or not, a placement the school arranged is one the authority should know of.
    caseload = _caseload([(PLAIN, 6)], placement={"online": True}, notify_la=True)
    assert "LA_NOT_NOTIFIED" in {p.code for p in find_problems(caseload, TODAY)}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, True),
        ({"arranged_by": "school"}, True),
        ({"arranged_by": "local_authority"}, False),
        ({"la_notified_on": TOLD}, False),
        ({"arranged_by": "school", "la_notified_on": TOLD}, False),
    ],
)
def test_not_notified(fields: dict[str, Any], expected: bool) -> None:
    pupil, farm = make_pupil(), make_provider()
    assert not_notified(make_placement(pupil, farm, **fields)) is expected
