"""The week-by-week pictures in every copy, read back from the .docx: a strip of table cells
per target and for attendance, each week's number printed in its cell and the cell shaded by
its level, darker for higher, in shades that stay in order when printed in grey."""

from __future__ import annotations

import re

import pytest
from builders import TODAY
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from export_fixtures import full_caseload

from alp_tui import weeks
from alp_tui.dates import uk_short
from exports import build_note
from exports.content import period_for
from exports.pictures import SHADE_FILLS, WHITE_FIGURES_FROM

PUPIL = "pup-jb"


def _strips(doc: DocxDocument, first: str) -> list[Table]:
    """The strips headed `first`: their other columns are weeks (`DD/MM`)."""
    return [
        t
        for t in doc.tables
        if t.rows[0].cells[0].text == first and re.fullmatch(r"\d\d/\d\d", t.rows[0].cells[1].text)
    ]


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def _grey(fill: str) -> float:
    red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_shades_stay_in_order_in_greyscale() -> None:
    greys = [_grey(fill) for fill in SHADE_FILLS]
    assert greys == sorted(greys, reverse=True) and len(set(greys)) == weeks.SHADES


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_every_copy_has_a_rating_strip_per_target_and_an_attendance_strip(audience: str) -> None:
    caseload = full_caseload()
    doc = build_note(caseload, PUPIL, audience, TODAY)
    placement = caseload.placements["plc-jb"]
    period = period_for(caseload, placement, TODAY)
    [ratings] = _strips(doc, "Target")
    expected_weeks = [
        c.week_start
        for c in weeks.rating_strip(caseload, placement, "tgt-unit", period.start, period.end)
    ]
    assert [c.text for c in ratings.rows[0].cells[1:]] == [uk_short(w) for w in expected_weeks]
    targets = [t for t in caseload.targets_of("plc-jb") if t.status == "active"]
    assert [r.cells[0].text for r in ratings.rows[1:]] == [
        t.description
        if audience != "parent"
        else t.description.replace("SENCo", "special educational needs coordinator")
        for t in targets
    ]
    for row, target in zip(ratings.rows[1:], targets, strict=True):
        cells = weeks.rating_strip(caseload, placement, target.id, period.start, period.end)
        for cell, strip in zip(row.cells[1:], cells, strict=True):
            assert cell.text == strip.label  # the number is always printed
            if strip.shade is None:
                assert _fill(cell) is None and cell.text == "–"
            else:
                assert _fill(cell) == SHADE_FILLS[strip.shade]
                white = cell.paragraphs[0].runs[0].font.color.rgb == (0xFF, 0xFF, 0xFF)
                assert white is (strip.shade >= WHITE_FIGURES_FROM)
    # The bricklaying unit is rated 4 every week since the review, with no call yet this
    # week; the log book never.
    unit, _, _, log = ratings.rows[1:]
    assert [c.text for c in unit.cells[1:]] == ["4"] * 6 + ["–"]
    assert {c.text for c in log.cells[1:]} == {"–"}

    [attendance] = _strips(doc, "Week beginning")
    percents = [c.text for c in attendance.rows[1].cells[1:]]
    assert attendance.rows[1].cells[0].text == "Attendance"
    # Six weeks of calls in the period, the Thursday of 26/10 missed; no call yet for 23/11.
    assert percents == ["100%", "100%", "50%", "100%", "100%", "100%", "–"]
    assert _fill(attendance.rows[1].cells[3]) == SHADE_FILLS[1]
    assert _fill(attendance.rows[1].cells[1]) == SHADE_FILLS[4]
