"""What the local authority hears about a placement (`alp_tui.authority`): the register code
in words, who arranged it, when the authority was told, and the list's rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from builders import make_caseload, make_placement, make_provider, make_pupil

from alp_tui.authority import (
    arranged_by_words,
    authority_csv,
    authority_rows,
    register_code_words,
    told_words,
)

B_WORDS = "B (supervised off-site education, arranged by the school)"
ONLINE_WORDS = "not B: online provision, recorded as the attendance policy says"


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({}, "B", B_WORDS),
        ({"arranged_by": "school"}, "B", B_WORDS),
        ({"arranged_by": "local_authority"}, "K", "K (education arranged by the local authority)"),
        ({"online": True}, None, ONLINE_WORDS),
        ({"online": True, "arranged_by": "local_authority"}, None, ONLINE_WORDS),
    ],
)
def test_the_register_code_a_placement_implies(
    fields: dict[str, Any], code: str | None, words: str
) -> None:
    placement = make_placement(make_pupil(), make_provider(), **fields)
    assert placement.register_code == code
    assert register_code_words(placement) == words


@pytest.mark.parametrize(
    ("fields", "arranged", "told"),
    [
        ({}, "the school", "not yet"),
        ({"la_notified_on": date(2026, 11, 3)}, "the school", "03/11/2026"),
        (
            {"arranged_by": "local_authority"},
            "the local authority",
            "arranged by the local authority",
        ),
    ],
)
def test_who_arranged_it_and_when_the_authority_was_told(
    fields: dict[str, Any], arranged: str, told: str
) -> None:
    placement = make_placement(make_pupil(), make_provider(), **fields)
    assert (arranged_by_words(placement), told_words(placement)) == (arranged, told)


def test_rows_list_active_and_planned_placements_of_pupils_on_the_caseload_by_name() -> None:
    farm = make_provider(name="Hillside Farm")
    zed = make_pupil(first_name="Zed", last_name="Adams")
    amy = make_pupil(first_name="Amy", last_name="adams")
    gone = make_pupil(first_name="Old", last_name="Aardvark", archived=True)
    caseload = make_caseload(
        farm,
        zed,
        amy,
        gone,
        make_placement(zed, farm, status="planned", start_date=date(2027, 1, 4)),
        make_placement(amy, farm, start_date=date(2026, 11, 2)),
        make_placement(
            amy, farm, status="ended", start_date=date(2026, 1, 5), ended_on=date(2026, 7, 1)
        ),
        make_placement(gone, farm),
    )
    rows = authority_rows(caseload)
    assert [(r.first_name, r.status) for r in rows] == [("Amy", "active"), ("Zed", "planned")]


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text() -> None:
    bad = make_provider(name="@SUM(A1:A9)")
    pupil = make_pupil(first_name="+44 7700", last_name="-Smith")
    raw = authority_csv(authority_rows(make_caseload(bad, pupil, make_placement(pupil, bad))))
    text = raw.decode("utf-8-sig")
    assert "'@SUM(A1:A9)" in text and "'+44 7700" in text and "'-Smith" in text
