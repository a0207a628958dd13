"""The register code and the local authority's notification in the Word note: in the
school's copy, where the school records the sessions; never in the provider's or parents'."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from builders import TODAY, make_caseload, make_placement, make_provider, make_pupil, make_target
from docx.document import Document as DocxDocument
from export_fixtures import all_text

from exports import build_note


def _doc(audience: str, **placement: Any) -> DocxDocument:
    farm = make_provider(name="Hillside Farm")
    pupil = make_pupil(first_name="Jordan", last_name="Bell")
    stay = make_placement(pupil, farm, start_date=date(2026, 11, 2), **placement)
    caseload = make_caseload(farm, pupil, stay, make_target(stay))
    return build_note(caseload, pupil.id, audience, TODAY)


def _note(audience: str, **placement: Any) -> str:
    return all_text(_doc(audience, **placement))


def _rows(doc: DocxDocument) -> dict[str, str]:
    """Every two-column table row of the note as label -> value."""
    found: dict[str, str] = {}
    for table in doc.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if len(cells) == 2:
                found.setdefault(cells[0], cells[1])
    return found


@pytest.mark.parametrize(
    ("placement", "lines"),
    [
        (
            {"la_notified_on": date(2026, 11, 3)},
            ["The school", "B (supervised off-site education, arranged by the school)",
             "03/11/2026"],
        ),
        (
            {"arranged_by": "local_authority"},
            ["The local authority", "K (education arranged by the local authority)",
             "arranged by the local authority"],
        ),
        (
            {"online": True},
            ["The school, online",
             "not B: online provision, recorded as the attendance policy says", "not yet"],
        ),
    ],
)  # fmt: skip
def test_the_schools_copy_names_the_register_code_and_when_the_authority_was_told(
    placement: dict[str, Any], lines: list[str]
) -> None:
    rows = _rows(_doc("school", **placement))
    labels = ("Arranged by", "Register code", "Local authority told")
    assert [rows.get(label) for label in labels] == lines


@pytest.mark.parametrize("audience", ["provider", "parent"])
def test_shared_copies_carry_no_register_code(audience: str) -> None:
    text = _note(audience, arranged_by="local_authority", la_notified_on=date(2026, 11, 3))
    for words in ("Register code", "Local authority told", "Arranged by", "supervised off-site"):
        assert words not in text
