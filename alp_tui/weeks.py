"""Week by week: which weeks a period covers, the hours and the ratings recorded in each, and
how dark each cell of a week-by-week strip is.

Pure functions of the data, so the Word note (shaded table cells) and a screen (a strip on
the terminal) draw the same picture from the same numbers. Shades run from 0 (lightest) to
4 (darkest), darker for better, and a cell always carries its number as text, so a strip
reads in greyscale and without colour at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from alp_tui import rules
from alp_tui.caseload import Caseload
from alp_tui.dates import in_holiday, monday_of
from alp_tui.models import MARKS, RATING_WORDS, Contact, Placement

SHADES = 5  # shade levels: 0 (lightest) … 4 (darkest)
NO_RECORD = "–"

#: What each rating means, in words a family understands: the key to the rating strip and
#: to the latest ratings. `{name}` is the pupil's first (or preferred) name.
RATING_MEANINGS: dict[int, str] = {
    1: "work towards this target has not started yet",
    2: "{name} has made a start and shows it now and then, with a lot of help",
    3: "{name} shows it some of the time, with some help",
    4: "{name} shows it most of the time, with little help",
    5: "{name} has met the target",
}

#: Attendance bands for the strip's shading: at least this percentage for each shade.
ATTENDANCE_BANDS: tuple[float, ...] = (0, 50, 80, 90, 95)


def week_counts(week_start: date, start: date, end: date, placement_start: date) -> bool:
    """Whether the week beginning `week_start` belongs to the period `start` to `end`.

    A week belongs where most of its school days fall (its Wednesday), so the last N weeks
    are N whole weeks and a review mid-week hands that week on to the next note. A period
    that begins with the placement takes every week, the first one included.
    """
    if week_start > end:
        return False
    if start <= placement_start:
        return True
    return week_start + timedelta(days=2) >= start


def period_weeks(start: date, end: date, placement_start: date) -> list[date]:
    """The Mondays of the weeks that belong to the period, oldest first."""
    week = monday_of(max(start, placement_start))
    weeks = []
    while week <= end:
        if week_counts(week, start, end, placement_start):
            weeks.append(week)
        week += timedelta(days=7)
    return weeks


def closed_week(week_start: date, caseload: Caseload) -> bool:
    """Whether every school day (Monday to Friday) of the week is a holiday."""
    days = (week_start + timedelta(days=n) for n in range(5))
    return all(in_holiday(day, caseload.meta.holidays) for day in days)


# --- hours ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekHours:
    """A week's planned and attended hours at one placement, and its marks by session."""

    week_start: date
    planned: float
    attended: float
    marks: dict[str, int]

    @property
    def percent(self) -> float | None:
        return None if self.planned <= 0 else round(100 * self.attended / self.planned, 1)


def _ordered_marks(counter: Counter[str]) -> dict[str, int]:
    return {mark: counter[mark] for mark in MARKS if counter[mark]}


def weekly_hours(
    caseload: Caseload, placement: Placement, start: date, end: date
) -> list[WeekHours]:
    """The weeks of the period with attendance recorded, oldest first.

    Every contact about a week adds its sessions to that week (two calls in one week each
    report their own days), the same sum the hour rules judge (`rules.delivered_by_week`).
    """
    by_week: dict[date, list[Contact]] = {}
    for contact in caseload.contacts_of(placement.id):
        if contact.sessions and contact.date <= end:
            week = rules.week_of(contact)
            if week_counts(week, start, end, placement.start_date):
                by_week.setdefault(week, []).append(contact)
    attended = rules.delivered_by_week(c for found in by_week.values() for c in found)
    out = []
    for week in sorted(by_week):
        contacts = by_week[week]
        marks: Counter[str] = Counter(s.mark for c in contacts for s in c.sessions)
        planned = round(sum(c.planned_hours for c in contacts), 2)
        out.append(WeekHours(week, planned, round(attended[week], 2), _ordered_marks(marks)))
    return out


# --- strips ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StripCell:
    """One week of a strip: its number as text (`4`, `92%`, `–` when nothing was recorded)
    and its shade (0 lightest … 4 darkest, None when nothing was recorded)."""

    week_start: date
    value: float | None
    label: str
    shade: int | None
    words: str = ""  # the value in words, for a reader that cannot see the shade


def rating_shade(rating: int) -> int:
    """Rating 1 (not started) is the lightest shade, 5 (achieved) the darkest."""
    return max(0, min(SHADES - 1, rating - 1))


def attendance_shade(percent: float) -> int:
    """The darkest band whose floor the percentage reaches (`ATTENDANCE_BANDS`)."""
    return max(i for i, floor in enumerate(ATTENDANCE_BANDS) if percent >= floor)


def _strip_weeks(caseload: Caseload, placement: Placement, start: date, end: date) -> list[date]:
    """The period's weeks, leaving out weeks the school was closed that hold no record."""
    recorded = {rules.week_of(c) for c in caseload.contacts_of(placement.id) if c.date <= end}
    return [
        week
        for week in period_weeks(start, end, placement.start_date)
        if week in recorded or not closed_week(week, caseload)
    ]


def rating_strip(
    caseload: Caseload, placement: Placement, target_id: str, start: date, end: date
) -> list[StripCell]:
    """One cell per week of the period: the target's rating that week (the latest, when
    two calls rated it), or an empty cell."""
    ratings: dict[date, int] = {}
    for contact in caseload.contacts_of(placement.id):
        if contact.date > end:
            continue
        for entry in contact.progress:
            if entry.target_id == target_id:
                ratings[rules.week_of(contact)] = entry.rating
    cells = []
    for week in _strip_weeks(caseload, placement, start, end):
        rating = ratings.get(week)
        if rating is None:
            cells.append(StripCell(week, None, NO_RECORD, None, "not rated"))
        else:
            shade = rating_shade(rating)
            cells.append(StripCell(week, rating, str(rating), shade, RATING_WORDS[rating]))
    return cells


def attendance_strip(
    caseload: Caseload, placement: Placement, start: date, end: date
) -> list[StripCell]:
    """One cell per week of the period: the percentage of planned hours attended, or an
    empty cell when no attendance was recorded (or none was planned)."""
    hours = {w.week_start: w for w in weekly_hours(caseload, placement, start, end)}
    cells = []
    for week in _strip_weeks(caseload, placement, start, end):
        found = hours.get(week)
        percent = found.percent if found is not None else None
        if percent is None:
            cells.append(StripCell(week, None, NO_RECORD, None, "not recorded"))
        else:
            label = f"{percent:.0f}%"
            cells.append(StripCell(week, percent, label, attendance_shade(percent), label))
    return cells
