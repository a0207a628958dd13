"""Week by week, in the core: which weeks a period covers, each target's rating and the
attendance in each, and how dark each cell is (0 lightest … 4 darkest)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders import (
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
)

from alp_tui.caseload import Caseload
from alp_tui.models import AttendanceSession, Holiday, Progress
from alp_tui.weeks import (
    NO_RECORD,
    RATING_MEANINGS,
    attendance_shade,
    attendance_strip,
    period_weeks,
    rating_shade,
    rating_strip,
    week_counts,
)

START = date(2026, 9, 7)  # a Monday
HALF_TERM = Holiday(name="Half term", start=date(2026, 10, 26), end=date(2026, 10, 30))


def _caseload() -> Caseload:
    """A placement from 07/09/2026 with a call each Friday rating one target: 1 to 5, then a
    week with no rating, then two calls in one week; half term has no call."""
    provider = make_provider("Hillside Farm")
    pupil = make_pupil(id="pup-w")
    placement = make_placement(pupil, provider, id="plc-w", start_date=START)
    target = make_target(placement, id="tgt-w", description="Feeds the goats")
    records: list = [provider, pupil, placement, target]
    for week, rating in enumerate((1, 2, 3, 4, 5, None)):
        monday = START + timedelta(weeks=week)
        progress = [] if rating is None else [Progress(target_id="tgt-w", rating=rating)]
        sessions = [AttendanceSession(day="mon", planned_hours=4, attended_hours=week % 5)]
        records.append(
            make_contact(placement, on=monday + timedelta(days=4), week_start=monday,
                         progress=progress, sessions=sessions)
        )  # fmt: skip
    twice = START + timedelta(weeks=6)  # 19/10: Wednesday's call says 2, Friday's says 3
    for day, rating in ((2, 2), (4, 3)):
        records.append(
            make_contact(placement, on=twice + timedelta(days=day), week_start=twice,
                         progress=[Progress(target_id="tgt-w", rating=rating)])
        )  # fmt: skip
    after = date(2026, 11, 2)
    records.append(make_contact(placement, on=after + timedelta(days=4), week_start=after,
                                progress=[Progress(target_id="tgt-w", rating=4)]))  # fmt: skip
    return make_caseload(*records, meta=make_meta(holidays=[HALF_TERM]))


def test_shades_are_darker_for_higher() -> None:
    assert [rating_shade(r) for r in range(1, 6)] == [0, 1, 2, 3, 4]
    bands = [(0, 0), (49.9, 0), (50, 1), (79.9, 1), (80, 2), (89.9, 2), (90, 3), (94.9, 3),
             (95, 4), (100, 4)]  # fmt: skip
    assert [attendance_shade(p) for p, _ in bands] == [s for _, s in bands]


def test_a_week_belongs_where_its_wednesday_falls() -> None:
    review = date(2026, 10, 14)  # a Wednesday: its week belongs to the period it starts
    assert week_counts(date(2026, 10, 12), review, date(2026, 11, 27), START)
    assert not week_counts(date(2026, 10, 12), date(2026, 10, 15), date(2026, 11, 27), START)
    assert not week_counts(date(2026, 11, 30), review, date(2026, 11, 27), START)
    # A period that begins with the placement takes its first week whole.
    assert period_weeks(date(2026, 9, 9), date(2026, 9, 20), date(2026, 9, 9)) == [
        date(2026, 9, 7),
        date(2026, 9, 14),
    ]


def test_the_rating_strip_has_a_cell_a_week_with_its_number_and_shade() -> None:
    caseload = _caseload()
    placement = caseload.placements["plc-w"]
    cells = rating_strip(caseload, placement, "tgt-w", START, date(2026, 11, 8))
    weeks = [c.week_start for c in cells]
    # Half term (26/10), with no call, is left out of the strip.
    assert date(2026, 10, 26) not in weeks
    assert weeks[0] == START and weeks[-1] == date(2026, 11, 2) and len(weeks) == 8
    assert [c.label for c in cells] == ["1", "2", "3", "4", "5", NO_RECORD, "3", "4"]
    assert [c.shade for c in cells] == [0, 1, 2, 3, 4, None, 2, 3]
    assert cells[5].words == "not rated" and cells[4].words == "achieved"


def test_the_attendance_strip_shows_the_share_of_planned_hours() -> None:
    caseload = _caseload()
    placement = caseload.placements["plc-w"]
    cells = attendance_strip(caseload, placement, START, date(2026, 10, 18))
    # Attended 0, 1, 2, 3, 4, 0 of 4 hours.
    assert [c.label for c in cells] == ["0%", "25%", "50%", "75%", "100%", "0%"]
    assert [c.shade for c in cells] == [0, 0, 1, 1, 4, 0]
    # A week with calls but no sessions recorded has nothing to show.
    later = attendance_strip(caseload, placement, date(2026, 10, 19), date(2026, 10, 25))
    assert [(c.label, c.shade) for c in later] == [(NO_RECORD, None)]


def test_every_rating_has_a_meaning_for_the_family() -> None:
    assert sorted(RATING_MEANINGS) == [1, 2, 3, 4, 5]
    assert RATING_MEANINGS[5].format(name="Amy") == "Amy has met the target"


@pytest.mark.parametrize("end", [date(2026, 9, 6), date(2026, 9, 1)])
def test_a_period_before_the_placement_has_no_weeks(end: date) -> None:
    assert period_weeks(date(2026, 8, 1), end, START) == []
