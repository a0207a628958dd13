"""What the review note says, worked out from the (already redacted) data: the period,
attendance, progress against targets, engagement, concerns, actions and next dates.

Pure functions of the data and `today`, with no python-docx, so they are tested alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from alp_tui import rules, weeks
from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import (
    ENGAGEMENT_WORDS,
    MARKS,
    RATING_WORDS,
    Action,
    Concern,
    Contact,
    Placement,
    Target,
)
from exports.errors import ExportError


@dataclass(frozen=True)
class Period:
    """The days the note reports on, both ends included, and why it starts where it does."""

    start: date
    end: date
    basis: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def words(self) -> str:
        return f"{uk(self.start)} to {uk(self.end)} ({self.basis})"


def period_for(
    caseload: Caseload, placement: Placement, today: date, weeks: int | None = None
) -> Period:
    """The last `weeks` weeks, else since the last review, else since the placement began.

    Never earlier than the placement's start: there is nothing to report before it.
    """
    started = placement.start_date
    if weeks is not None:
        if weeks < 1:
            raise ExportError(f"the number of weeks must be 1 or more, not {weeks}")
        start = today - timedelta(weeks=weeks)
        if start >= started:
            plural = "week" if weeks == 1 else f"{weeks} weeks"
            return Period(start, today, f"the last {plural}")
        return Period(started, today, f"since the placement started on {uk(started)}")
    # A review held when the placement ended closes it: its note looks back past that.
    last_day = today
    if placement.status == "ended":
        ended = placement.ended_on or placement.end_date
        if ended is not None:
            last_day = min(today, ended - timedelta(days=1))
    reviews = [r for r in caseload.reviews_of(placement.id) if r.date <= last_day]
    if reviews and reviews[-1].date >= started:
        return Period(reviews[-1].date, today, f"since the last review on {uk(reviews[-1].date)}")
    return Period(started, today, f"since the placement started on {uk(started)}")


# --- attendance -----------------------------------------------------------------------------


def week_counts(week_start: date, period: Period, placement: Placement) -> bool:
    """Whether a week's attendance belongs to the period (`weeks.week_counts`: where its
    Wednesday falls, every week when the period begins with the placement)."""
    return weeks.week_counts(week_start, period.start, period.end, placement.start_date)


# A week's planned and attended hours and marks: the core's, shared with the strips.
WeekAttendance = weeks.WeekHours


@dataclass(frozen=True)
class Attendance:
    weeks: list[WeekAttendance]
    planned: float
    attended: float
    marks: dict[str, int]

    @property
    def percent(self) -> float | None:
        return None if self.planned <= 0 else round(100 * self.attended / self.planned, 1)

    @property
    def sessions(self) -> int:
        return sum(self.marks.values())


def attendance(caseload: Caseload, placement: Placement, period: Period) -> Attendance:
    """Planned and attended hours, and marks by session, for the weeks in the period
    (`weeks.weekly_hours`: every contact about a week adds its sessions to that week)."""
    found = weeks.weekly_hours(caseload, placement, period.start, period.end)
    total: Counter[str] = Counter()
    for week in found:
        total.update(week.marks)
    return Attendance(
        weeks=found,
        planned=round(sum(w.planned for w in found), 2),
        attended=round(sum(w.attended for w in found), 2),
        marks={mark: total[mark] for mark in MARKS if total[mark]},
    )


# --- targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    day: date
    rating: int
    note: str | None

    @property
    def words(self) -> str:
        return RATING_WORDS[self.rating]


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    latest: Rating | None
    compared_with: Rating | None
    in_period: list[Rating] = field(default_factory=list)

    @property
    def change(self) -> str:
        """`up 2: emerging → secure`, `no change: developing`, `first rated in this period`…"""
        if self.latest is None:
            return "not yet rated"
        if not self.in_period:
            return "not rated in this period"
        if self.compared_with is None:
            return "first rated in this period"
        return change_phrase(self.compared_with.rating, self.latest.rating)

    @property
    def notes(self) -> list[NoteRun]:
        """The period's notes, a note repeated week after week given once with its span."""
        runs: list[NoteRun] = []
        for rating in self.in_period:
            text = (rating.note or "").strip()
            if not text:
                continue
            if runs and runs[-1].text == text:
                runs[-1] = NoteRun(runs[-1].first, rating.day, text)
            else:
                runs.append(NoteRun(rating.day, rating.day, text))
        return runs


@dataclass(frozen=True)
class NoteRun:
    first: date
    last: date
    text: str

    @property
    def when(self) -> str:
        return uk(self.first) if self.first == self.last else f"{uk(self.first)} to {uk(self.last)}"


def change_phrase(before: int, after: int) -> str:
    diff = after - before
    if diff > 0:
        return f"up {diff}: {RATING_WORDS[before]} → {RATING_WORDS[after]}"
    if diff < 0:
        return f"down {-diff}: {RATING_WORDS[before]} → {RATING_WORDS[after]}"
    return f"no change: {RATING_WORDS[after]}"


def target_progress(
    caseload: Caseload,
    placement: Placement,
    period: Period,
    *,
    statuses: tuple[str, ...] | None = None,
) -> list[TargetProgress]:
    """One entry per active target, in the learning plan's order (and, once the placement
    has ended, the achieved ones too: the last note sums the plan up); with `statuses`,
    the targets with those (the progress view shows every target)."""
    shown = statuses or (("active", "achieved") if placement.status == "ended" else ("active",))
    history: dict[str, list[Rating]] = {}
    for contact in caseload.contacts_of(placement.id):
        if contact.date > period.end:
            continue
        for entry in contact.progress:
            history.setdefault(entry.target_id, []).append(
                Rating(contact.date, entry.rating, entry.note)
            )
    rows = []
    for target in caseload.targets_of(placement.id):
        if target.status not in shown:
            continue
        ratings = history.get(target.id, [])
        before = [r for r in ratings if r.day < period.start]
        during = [r for r in ratings if period.contains(r.day)]
        compared_with = before[-1] if before else (during[0] if len(during) > 1 else None)
        rows.append(
            TargetProgress(
                target=target,
                latest=ratings[-1] if ratings else None,
                compared_with=compared_with,
                in_period=during,
            )
        )
    return rows


# --- engagement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Engagement:
    count: int
    average: float | None
    latest: int | None
    latest_on: date | None


def engagement(caseload: Caseload, placement: Placement, period: Period) -> Engagement:
    scores = [
        (c.date, c.engagement)
        for c in caseload.contacts_of(placement.id)
        if c.engagement is not None and period.contains(c.date)
    ]
    if not scores:
        return Engagement(0, None, None, None)
    average = round(sum(score for _, score in scores) / len(scores), 1)
    return Engagement(len(scores), average, scores[-1][1], scores[-1][0])


def engagement_word(score: float) -> str:
    # Half-way rounds up: an average of 3.5 reads as "good", not "mixed".
    return ENGAGEMENT_WORDS[max(1, min(5, int(score + 0.5)))]


# --- concerns and actions -------------------------------------------------------------------


def concerns_for(
    caseload: Caseload, pupil_id: str, placement_ids: set[str], period: Period
) -> list[Concern]:
    """Concerns raised in the period, still open at its end, or closed during it."""
    found = []
    for concern in caseload.concerns_of(pupil_id):
        if concern.placement_id is not None and concern.placement_id not in placement_ids:
            continue
        if concern.raised_on > period.end:
            continue
        still_open = concern.status != "closed"
        closed_in_period = concern.closed_on is not None and period.contains(concern.closed_on)
        if period.contains(concern.raised_on) or still_open or closed_in_period:
            found.append(concern)
    return found


@dataclass(frozen=True)
class AgreedAction:
    action: Action
    agreed_on: date
    carried_over: bool


def action_shown(contact: Contact, action: Action, period: Period) -> bool:
    """Whether the note lists an action: agreed in the period, or earlier and not yet done."""
    if contact.date > period.end:
        return False
    return period.contains(contact.date) or not action.done


def agreed_actions(caseload: Caseload, placement: Placement, period: Period) -> list[AgreedAction]:
    """Actions agreed in the period, and earlier ones not yet done; soonest due first."""
    found = []
    for contact in caseload.contacts_of(placement.id):
        for action in contact.actions:
            if action_shown(contact, action, period):
                carried_over = not period.contains(contact.date)
                found.append(AgreedAction(action, contact.date, carried_over=carried_over))
    return sorted(found, key=lambda a: (a.action.due or date.max, a.agreed_on))


# --- next dates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NextDates:
    contact_due: date | None
    contact_overdue: bool
    contact_arranged: date | None
    review: date | None


def next_dates(caseload: Caseload, placement: Placement, today: date) -> NextDates:
    """When the next contact and review fall, from the same rules every screen uses."""
    if placement.status != "active":
        return NextDates(None, False, None, None)
    status = rules.contact_status(caseload, placement, today, caseload.meta)
    arranged = None
    past = [c for c in caseload.contacts_of(placement.id) if c.date <= today]
    if past and past[-1].next_contact is not None and past[-1].next_contact >= today:
        arranged = past[-1].next_contact
    review = rules.next_review_date(caseload, placement, caseload.meta)
    return NextDates(status.due, status.overdue, arranged, review)


def covered_placements(
    caseload: Caseload,
    pupil_id: str,
    placement_id: str | None = None,
    provider_id: str | None = None,
) -> list[Placement]:
    """The placements a note covers: the one asked for, else the active ones, else the
    most recent (a note written after the placement ended); only those at `provider_id`
    when it is given."""
    placements = caseload.placements_of(pupil_id)
    if provider_id is not None:
        placements = [p for p in placements if p.provider_id == provider_id]
        if not placements:
            provider = caseload.providers.get(provider_id)
            name = provider.name if provider else provider_id
            raise ExportError(f"the pupil has no placement at {name!r}")
    if placement_id is not None:
        chosen = [p for p in placements if p.id == placement_id]
        if not chosen:
            raise ExportError(f"the pupil has no placement with the id {placement_id!r}")
        return chosen
    active = [p for p in placements if p.status == "active"]
    if active:
        return active
    if placements:
        return [max(placements, key=lambda p: (p.status != "planned", p.start_date))]
    raise ExportError("the pupil has no placement to report on")
