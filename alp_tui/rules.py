"""The problem rules of DESIGN.md §4: pure functions of (caseload, settings, today).

Every screen, `alp-tui check` and the Word note show problems from `find_problems`; nothing
else recomputes a threshold. The helpers below it (contact due dates, review dates, hours
verdicts) are public so screens can show the same figures the rules use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from itertools import takewhile
from typing import Any, Literal

from alp_tui.caseload import Caseload
from alp_tui.dates import add_days, count_days, days_ago_phrase, monday_of, uk
from alp_tui.models import (
    CHECK_KINDS,
    CHECK_LABELS,
    DAY_NAMES,
    REGISTRATION_TEST_NAMES,
    WEEKDAYS,
    Contact,
    Meta,
    Placement,
    Provider,
    Pupil,
    minutes,
)

Colour = Literal["red", "amber"]

CODES: tuple[str, ...] = (
    "HOURS_OVER_LIMIT",
    "HOURS_NEAR_LIMIT",
    "HOURS_DELIVERED_OVER_LIMIT",
    "AP_TOTAL_OVER_LIMIT",
    "CONTACT_OVERDUE",
    "CONTACT_DUE",
    "REVIEW_OVERDUE",
    "NO_TARGETS",
    "CHECK_MISSING",
    "CHECK_EXPIRED",
    "CHECK_EXPIRING",
    "REGISTRATION_RISK",
    "TIMETABLE_GAP",
    "SAFEGUARDING_OPEN",
    "TRANSITION_PLAN_MISSING",
    "STRATEGIES_NOT_SHARED",
    "TARGET_OVERDUE",
    "TRANSITION_OVER_LIMIT",
    "FOLLOW_UP_OVERDUE",
    "LA_NOT_NOTIFIED",
)

SEVERITY: dict[str, Colour] = {
    "HOURS_OVER_LIMIT": "red",
    "HOURS_NEAR_LIMIT": "amber",
    "HOURS_DELIVERED_OVER_LIMIT": "red",
    "AP_TOTAL_OVER_LIMIT": "amber",
    "CONTACT_OVERDUE": "red",
    "CONTACT_DUE": "amber",
    "REVIEW_OVERDUE": "amber",
    "NO_TARGETS": "amber",
    "CHECK_MISSING": "red",
    "CHECK_EXPIRED": "red",
    "CHECK_EXPIRING": "amber",
    "REGISTRATION_RISK": "red",
    "TIMETABLE_GAP": "amber",
    "SAFEGUARDING_OPEN": "red",
    "TRANSITION_PLAN_MISSING": "amber",
    "STRATEGIES_NOT_SHARED": "amber",
    "TARGET_OVERDUE": "amber",
    "TRANSITION_OVER_LIMIT": "red",
    "FOLLOW_UP_OVERDUE": "amber",
    "LA_NOT_NOTIFIED": "amber",
}

#: "Worst first" (DESIGN.md §4): red before amber, then, within a severity, the graver code
#: first. A code missing here sorts after those named, in the rules' own order.
WORST_FIRST: tuple[str, ...] = (
    "SAFEGUARDING_OPEN",
    "HOURS_OVER_LIMIT",
    "HOURS_DELIVERED_OVER_LIMIT",
    "TRANSITION_OVER_LIMIT",
    "REGISTRATION_RISK",
    "CONTACT_OVERDUE",
    "CHECK_EXPIRED",
    "CHECK_MISSING",
    "AP_TOTAL_OVER_LIMIT",
    "HOURS_NEAR_LIMIT",
    "CONTACT_DUE",
    "REVIEW_OVERDUE",
    "TRANSITION_PLAN_MISSING",
    "STRATEGIES_NOT_SHARED",
    "FOLLOW_UP_OVERDUE",
    "TARGET_OVERDUE",
    "LA_NOT_NOTIFIED",
    "NO_TARGETS",
    "TIMETABLE_GAP",
    "CHECK_EXPIRING",
)
_RANK = {code: rank for rank, code in enumerate(WORST_FIRST)}

# How far back an ended placement still asks for its strategies to be shared (12 weeks).
STRATEGIES_LOOKBACK_DAYS = 84


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Colour
    message: str
    pupil_id: str | None = None
    placement_id: str | None = None
    provider_id: str | None = None

    @property
    def marker(self) -> str:
        """A text marker, so a problem never relies on colour alone."""
        return "!!" if self.severity == "red" else "!"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ContactStatus:
    """Where a placement's contact clock stands on a given day."""

    last_contact: date | None  # latest contact dated on or before today
    due: date  # the day the counted days reach the interval
    days_since: int  # days since the last contact (or the start), holidays not counted
    overdue: bool
    due_soon: bool  # not overdue, and due on or before tomorrow
    interval: int  # the days between contacts that applied


# --- small public helpers ------------------------------------------------------------------


def format_hours(hours: float) -> str:
    """`18`, `19.5`, `16.25`: hours without a trailing `.0`."""
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def contact_interval(placement: Placement, meta: Meta) -> int:
    """Days between contacts: the placement's own setting, else the school's."""
    return placement.contact_interval_days or meta.contact_interval_days


def review_interval_weeks(placement: Placement, meta: Meta) -> int:
    """Weeks between reviews: the placement's own setting, else the school's."""
    return placement.review_interval_weeks or meta.review_interval_weeks


def is_unregistered(provider: Provider | None) -> bool:
    """The hour limit applies: a missing provider or registration counts as unregistered."""
    return provider is None or provider.is_unregistered


def _over(hours: float, settings: Meta) -> bool:
    return round(hours, 2) > round(settings.hour_limit, 2)


def _near(hours: float, settings: Meta) -> bool:
    # A placement with no sessions yet is near nothing, whatever the margin.
    threshold = round(settings.hour_limit - settings.hour_warning_margin, 2)
    return hours > 0 and not _over(hours, settings) and round(hours, 2) >= threshold


def hours_verdict(hours: float, meta: Meta, unregistered: bool) -> tuple[Colour | None, str]:
    """A weekly total as the schedule editor shows it, with the rules' own thresholds."""
    figure = f"{format_hours(hours)} h"
    if not unregistered:
        return None, figure
    limit = format_hours(meta.hour_limit)
    if _over(hours, meta):
        return "red", f"{figure} — over the {limit} h limit at an unregistered provider"
    if _near(hours, meta):
        return "amber", f"{figure} — near the {limit} h limit"
    return None, figure


def phase_over_limit(alp_hours: float | None, meta: Meta) -> bool:
    """A transition phase's hours with the provider go over the limit (TRANSITION_OVER_LIMIT
    applies this at unregistered providers only)."""
    return alp_hours is not None and _over(alp_hours, meta)


def not_notified(placement: Placement) -> bool:
    """The school arranged the placement (or no one recorded who did) and has not recorded
    telling the local authority: what `LA_NOT_NOTIFIED` asks of an active placement."""
    return placement.arranged_by_school and placement.la_notified_on is None


def _session_hours(placements: Iterable[Placement]) -> float:
    # Summed in minutes so 18 h made of odd sessions is exactly 18, not 17.999….
    total = sum(minutes(s.end) - minutes(s.start) for p in placements for s in p.schedule)
    return round(total / 60, 2)


def scheduled_hours(caseload: Caseload, pupil_id: str, provider_id: str) -> float:
    """Hours a week the pupil is timetabled at the provider, over their active placements."""
    return _session_hours(
        p for p in caseload.active_placements_of(pupil_id) if p.provider_id == provider_id
    )


def contact_status(
    caseload: Caseload, placement: Placement, today: date, meta: Meta | None = None
) -> ContactStatus:
    """The placement's contact clock as of `today` (meta defaults to caseload.meta)."""
    return _contact_status(
        placement, caseload.contacts_of(placement.id), today, meta or caseload.meta
    )


def _contact_status(
    placement: Placement, contacts: list[Contact], today: date, settings: Meta
) -> ContactStatus:
    interval = contact_interval(placement, settings)
    last: date | None = None
    for contact in contacts:  # oldest first
        if contact.date > today:
            break
        last = contact.date
    since = last or placement.start_date
    days = count_days(since, today, settings.holidays)
    due = add_days(since, interval, settings.holidays)
    overdue = days > interval
    return ContactStatus(
        last_contact=last,
        due=due,
        days_since=days,
        overdue=overdue,
        due_soon=not overdue and due <= today + timedelta(days=1),
        interval=interval,
    )


def next_review_date(caseload: Caseload, placement: Placement, meta: Meta | None = None) -> date:
    """The placement's next review: as recorded, else an interval after the last review
    held, else an interval after the start (the first review)."""
    if placement.next_review is not None:
        return placement.next_review
    interval = timedelta(weeks=review_interval_weeks(placement, meta or caseload.meta))
    reviews = caseload.reviews_of(placement.id)
    if reviews:
        latest = reviews[-1]
        return latest.next_review or latest.date + interval
    return placement.start_date + interval


def problems_for_pupil(problems: Iterable[Problem], pupil_id: str) -> list[Problem]:
    return [p for p in problems if p.pupil_id == pupil_id]


def problems_for_provider(problems: Iterable[Problem], provider_id: str) -> list[Problem]:
    """The provider's own problems and pupils' problems about it (hours, one placement)."""
    return [p for p in problems if p.provider_id == provider_id]


def problems_about(
    problems: Iterable[Problem], pupil_id: str | None, provider_ids: Iterable[str]
) -> list[Problem]:
    """A pupil's own problems and the provider-level problems (checks, registration) of the
    given providers: a provider's missing DBS check is the pupil's risk too."""
    providers = set(provider_ids)
    return [
        p
        for p in problems
        if (pupil_id is not None and p.pupil_id == pupil_id)
        or (p.pupil_id is None and p.provider_id in providers)
    ]


def problems_for_placement(problems: Iterable[Problem], placement_id: str) -> list[Problem]:
    return [p for p in problems if p.placement_id == placement_id]


def worst_first(problems: Iterable[Problem]) -> list[Problem]:
    """Red before amber, then the graver code first (`WORST_FIRST`); otherwise the order
    given (the rules give pupils in name order)."""
    return sorted(
        problems, key=lambda p: (p.severity != "red", _RANK.get(p.code, len(WORST_FIRST)))
    )


def worst_severity(problems: Iterable[Problem]) -> Colour | None:
    severities = {p.severity for p in problems}
    if "red" in severities:
        return "red"
    return "amber" if severities else None


# --- the rules -----------------------------------------------------------------------------


def find_problems(caseload: Caseload, today: date, settings: Meta | None = None) -> list[Problem]:
    """Every problem in the caseload as of `today` (settings default to caseload.meta).

    Red before amber; otherwise pupils in name order, then providers in name order.
    """
    settings = settings or caseload.meta
    rules = _Rules(caseload, today, settings)
    found: list[Problem] = []
    for pupil in sorted(
        rules.pupils, key=lambda p: (p.last_name.casefold(), p.first_name.casefold(), p.id)
    ):
        found.extend(rules.pupil_problems(pupil))
    found.extend(rules.provider_problems())
    found.sort(key=lambda p: p.severity != "red")  # stable: keeps the order above
    return found


def check_problems(provider: Provider, today: date, settings: Meta) -> list[Problem]:
    """What the provider's checks raise as of `today` once a pupil is placed there.

    `find_problems` judges checks only for providers with an active placement; a form
    about a provider with none shows these as what is coming.
    """
    return _Rules(Caseload(meta=settings), today, settings).checks(provider)


def _join(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _in_days(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 1:
        return f"in {delta} days"
    return days_ago_phrase(-delta)


class _Rules:
    """One pass over the caseload: placements are grouped once, then each rule reads the
    groups (no rule scans every contact per pupil)."""

    def __init__(self, caseload: Caseload, today: date, settings: Meta) -> None:
        self.caseload = caseload
        self.today = today
        self.settings = settings
        self.limit = format_hours(settings.hour_limit)
        self.pupils = [p for p in caseload.pupils.values() if not p.archived]
        self.active: dict[str, list[Placement]] = defaultdict(list)
        self.ended: dict[str, list[Placement]] = defaultdict(list)
        self.planned: dict[str, list[Placement]] = defaultdict(list)
        for placement in caseload.placements.values():
            pupil = caseload.pupils.get(placement.pupil_id)
            if pupil is None or pupil.archived:
                continue
            if placement.status == "active":
                self.active[pupil.id].append(placement)
            elif placement.status == "ended":
                self.ended[pupil.id].append(placement)
            else:
                self.planned[pupil.id].append(placement)
        for group in (*self.active.values(), *self.ended.values(), *self.planned.values()):
            group.sort(key=lambda p: (p.start_date, p.id))
        # Pupils timetabled over the limit at each unregistered provider (for registration).
        self.over_at: dict[str, list[Pupil]] = defaultdict(list)
        self._contacts: dict[str, list[Contact]] = {}

    def provider_name(self, provider_id: str) -> str:
        provider = self.caseload.providers.get(provider_id)
        return provider.name if provider else provider_id

    def problem(
        self,
        code: str,
        message: str,
        pupil: Pupil | None = None,
        placement: Placement | None = None,
        provider_id: str | None = None,
    ) -> Problem:
        if placement is not None:
            provider_id = placement.provider_id
        return Problem(
            code=code,
            severity=SEVERITY[code],
            message=message,
            pupil_id=pupil.id if pupil else None,
            placement_id=placement.id if placement else None,
            provider_id=provider_id,
        )

    # --- per pupil ---------------------------------------------------------------------

    def contacts(self, placement: Placement) -> list[Contact]:
        """The placement's contacts, oldest first (sorted once per run)."""
        found = self._contacts.get(placement.id)
        if found is None:
            found = self._contacts[placement.id] = self.caseload.contacts_of(placement.id)
        return found

    def pupil_problems(self, pupil: Pupil) -> list[Problem]:
        active = self.active.get(pupil.id, [])
        found = self.hours(pupil, active)
        found += self.delivered(pupil, active)
        for placement in active:
            found += self.placement(pupil, placement)
        found += self.timetable(pupil, active)
        found += self.safeguarding(pupil)
        ended = self.ended.get(pupil.id, [])
        for placement in ended:
            found += self.strategies(pupil, placement)
        # The transition bullets name their own placement statuses (DESIGN.md §4).
        for placement in (*self.planned.get(pupil.id, []), *active):
            found += self.transition_hours(pupil, placement)
        for placement in (*self.planned.get(pupil.id, []), *active, *ended):
            found += self.follow_ups(pupil, placement)
        return found

    def hours(self, pupil: Pupil, active: list[Placement]) -> list[Problem]:
        found: list[Problem] = []
        by_provider: dict[str, list[Placement]] = defaultdict(list)
        for placement in active:
            by_provider[placement.provider_id].append(placement)
        total = 0.0
        part_time = 0
        any_over = False
        for provider_id, placements in by_provider.items():
            if not is_unregistered(self.caseload.providers.get(provider_id)):
                continue
            hours = _session_hours(placements)
            total += hours
            part_time += 1
            only = placements[0] if len(placements) == 1 else None
            figure = f"{format_hours(hours)} h/week at {self.provider_name(provider_id)}"
            if _over(hours, self.settings):
                any_over = True
                self.over_at[provider_id].append(pupil)
                found.append(
                    self.problem(
                        "HOURS_OVER_LIMIT",
                        f"{figure} — over the {self.limit} h limit",
                        pupil,
                        only,
                        provider_id,
                    )
                )
            elif _near(hours, self.settings):
                found.append(
                    self.problem(
                        "HOURS_NEAR_LIMIT",
                        f"{figure} — near the {self.limit} h limit",
                        pupil,
                        only,
                        provider_id,
                    )
                )
        if not any_over and _over(total, self.settings):
            found.append(
                self.problem(
                    "AP_TOTAL_OVER_LIMIT",
                    f"{format_hours(total)} h/week across {part_time} part-time providers "
                    f"— over the {self.limit} h limit in total",
                    pupil,
                )
            )
        return found

    def delivered(self, pupil: Pupil, active: list[Placement]) -> list[Problem]:
        weeks: dict[tuple[str, date], float] = defaultdict(float)
        sources: dict[tuple[str, date], set[str]] = defaultdict(set)
        for placement in active:
            if not is_unregistered(self.caseload.providers.get(placement.provider_id)):
                continue
            # Oldest first, so the contacts up to today are a prefix.
            past = takewhile(lambda c: c.date <= self.today, self.contacts(placement))
            for week, hours in delivered_by_week(past).items():
                key = (placement.provider_id, week)
                weeks[key] += hours
                sources[key].add(placement.id)
        limit = self.settings.hour_limit
        # `hours > limit` first: a cheap filter, as rounding never lifts a week over.
        over = [k for k, hours in weeks.items() if hours > limit and _over(hours, self.settings)]
        found: list[Problem] = []
        for key in sorted(over, key=lambda k: (k[1], k[0])):
            hours = weeks[key]
            provider_id, week = key
            only = next(iter(sources[key])) if len(sources[key]) == 1 else None
            found.append(
                self.problem(
                    "HOURS_DELIVERED_OVER_LIMIT",
                    f"{format_hours(hours)} h attended at {self.provider_name(provider_id)} "
                    f"in the week of {uk(week)} — over the {self.limit} h limit",
                    pupil,
                    self.caseload.placements[only] if only else None,
                    provider_id,
                )
            )
        return found

    def placement(self, pupil: Pupil, placement: Placement) -> list[Problem]:
        found: list[Problem] = []
        name = self.provider_name(placement.provider_id)
        today = self.today

        status = _contact_status(placement, self.contacts(placement), today, self.settings)
        calendar = max((today - (status.last_contact or placement.start_date)).days, 0)
        if status.last_contact is not None:
            since = f"last contact {days_ago_phrase(calendar)}"
        else:
            since = (
                f"no contact since the start on {uk(placement.start_date)}, "
                f"{days_ago_phrase(calendar)}"
            )
        if status.days_since != calendar:
            since += f", {status.days_since} not counting holidays"
        if status.overdue:
            found.append(
                self.problem(
                    "CONTACT_OVERDUE", f"{name}: {since} (due {uk(status.due)})", pupil, placement
                )
            )
        elif status.due_soon:
            when = _in_days(status.due, today)
            due = f"due {when}" if when in ("today", "tomorrow") else f"due {uk(status.due)}"
            found.append(
                self.problem("CONTACT_DUE", f"{name}: contact {due} ({since})", pupil, placement)
            )

        review = next_review_date(self.caseload, placement, self.settings)
        if review < today:
            found.append(
                self.problem(
                    "REVIEW_OVERDUE",
                    f"{name}: review was due {uk(review)} ({_in_days(review, today)})",
                    pupil,
                    placement,
                )
            )

        if not any(t.status == "active" for t in self.caseload.targets_of(placement.id)):
            found.append(
                self.problem(
                    "NO_TARGETS",
                    f"{name}: no active targets in the learning plan",
                    pupil,
                    placement,
                )
            )

        found += self.targets_overdue(pupil, placement)

        warning = today + timedelta(weeks=self.settings.transition_warning_weeks)
        end = placement.end_date
        if end is not None and end <= warning and self.caseload.transition_of(placement.id) is None:
            verb = "ended" if end < today else "ends"
            found.append(
                self.problem(
                    "TRANSITION_PLAN_MISSING",
                    f"{name}: placement {verb} {uk(end)} ({_in_days(end, today)}) "
                    "with no transition plan",
                    pupil,
                    placement,
                )
            )

        if self.settings.notify_la and not_notified(placement):
            found.append(
                self.problem(
                    "LA_NOT_NOTIFIED",
                    f"{name}: the local authority has not been told of this placement "
                    f"(from {uk(placement.start_date)})",
                    pupil,
                    placement,
                )
            )
        return found

    def timetable(self, pupil: Pupil, active: list[Placement]) -> list[Problem]:
        if not pupil.school_schedule:
            return []
        covered = {s.day for s in pupil.school_schedule}
        covered.update(s.day for p in active for s in p.schedule)
        empty = [DAY_NAMES[day] for day in WEEKDAYS if day not in covered]
        if not empty:
            return []
        return [
            self.problem(
                "TIMETABLE_GAP", f"no school or provider sessions on {_join(empty)}", pupil
            )
        ]

    def safeguarding(self, pupil: Pupil) -> list[Problem]:
        found: list[Problem] = []
        for concern in self.caseload.concerns_of(pupil.id):
            if concern.category != "safeguarding" or concern.status == "closed":
                continue
            state = "open" if concern.status == "open" else "being monitored"
            message = f"safeguarding concern raised {uk(concern.raised_on)} is {state}"
            if not concern.referred_to_dsl:
                message += " — not yet referred to the DSL"
            placement = (
                self.caseload.placements.get(concern.placement_id) if concern.placement_id else None
            )
            found.append(self.problem("SAFEGUARDING_OPEN", message, pupil, placement))
        return found

    def strategies(self, pupil: Pupil, placement: Placement) -> list[Problem]:
        end = placement.ended_on or placement.end_date
        if end is None or (self.today - end).days > STRATEGIES_LOOKBACK_DAYS:
            return []
        transition = self.caseload.transition_of(placement.id)
        if transition is not None and transition.strategies_shared_on is not None:
            return []
        name = self.provider_name(placement.provider_id)
        return [
            self.problem(
                "STRATEGIES_NOT_SHARED",
                f"{name}: placement ended {uk(end)}; the provider's strategies are not yet "
                "shared with staff",
                pupil,
                placement,
            )
        ]

    def targets_overdue(self, pupil: Pupil, placement: Placement) -> list[Problem]:
        late = sorted(
            t.due
            for t in self.caseload.targets_of(placement.id)
            if t.status == "active" and t.due is not None and t.due < self.today
        )
        if not late:
            return []
        name = self.provider_name(placement.provider_id)
        first = f"{uk(late[0])} ({_in_days(late[0], self.today)})"
        what = (
            f"1 target past its due date {first}"
            if len(late) == 1
            else f"{len(late)} targets past their due dates, the earliest {first}"
        )
        return [self.problem("TARGET_OVERDUE", f"{name}: {what}", pupil, placement)]

    def transition_hours(self, pupil: Pupil, placement: Placement) -> list[Problem]:
        if not is_unregistered(self.caseload.providers.get(placement.provider_id)):
            return []
        transition = self.caseload.transition_of(placement.id)
        if transition is None:
            return []
        over = sorted(
            (p for p in transition.phases if phase_over_limit(p.alp_hours, self.settings)),
            key=lambda p: p.start,
        )
        if not over:
            return []
        phase = over[0]
        assert phase.alp_hours is not None
        name = self.provider_name(placement.provider_id)
        return [
            self.problem(
                "TRANSITION_OVER_LIMIT",
                f"phase from {uk(phase.start)}: {format_hours(phase.alp_hours)} h a week at "
                f"{name} — over the {self.limit} h limit",
                pupil,
                placement,
            )
        ]

    def follow_ups(self, pupil: Pupil, placement: Placement) -> list[Problem]:
        transition = self.caseload.transition_of(placement.id)
        if transition is None:
            return []
        late = sorted(f.date for f in transition.follow_ups if not f.done and f.date < self.today)
        if not late:
            return []
        name = self.provider_name(placement.provider_id)
        first = f"{uk(late[0])} ({_in_days(late[0], self.today)})"
        what = (
            f"transition follow-up due {first} not done"
            if len(late) == 1
            else f"{len(late)} transition follow-ups not done, the earliest due {first}"
        )
        return [self.problem("FOLLOW_UP_OVERDUE", f"{name}: {what}", pupil, placement)]

    # --- per provider ------------------------------------------------------------------

    def provider_problems(self) -> list[Problem]:
        judged = {p.provider_id for group in self.active.values() for p in group}
        providers = sorted(
            (self.caseload.providers[pid] for pid in judged if pid in self.caseload.providers),
            key=lambda p: (p.name.casefold(), p.id),
        )
        found: list[Problem] = []
        for provider in providers:
            found += self.checks(provider)
            found += self.registration(provider)
        return found

    def checks(self, provider: Provider) -> list[Problem]:
        today = self.today
        # Per kind, the entry that expires last; None never expires, so it wins.
        latest: dict[str, date | None] = {}
        for check in provider.checks:
            if check.kind not in latest:
                latest[check.kind] = check.expires
                continue
            held = latest[check.kind]
            if held is not None and (check.expires is None or check.expires > held):
                latest[check.kind] = check.expires
        warning = today + timedelta(days=self.settings.check_warning_days)
        missing: list[str] = []
        expired: list[str] = []
        expiring: list[str] = []
        for kind in CHECK_KINDS:
            label = CHECK_LABELS[kind]
            if kind not in latest:
                missing.append(label)
                continue
            expires = latest[kind]
            if expires is None:
                continue
            if expires < today:
                expired.append(f"{label} ({uk(expires)})")
            elif expires <= warning:
                expiring.append(f"{label} ({uk(expires)}, {_in_days(expires, today)})")
        found: list[Problem] = []
        for code, word, items in (
            ("CHECK_MISSING", "missing", missing),
            ("CHECK_EXPIRED", "expired", expired),
            ("CHECK_EXPIRING", "expiring", expiring),
        ):
            if items:
                found.append(
                    self.problem(
                        code,
                        f"{provider.name} — {word}: {', '.join(items)}",
                        provider_id=provider.id,
                    )
                )
        return found

    def registration(self, provider: Provider) -> list[Problem]:
        if not is_unregistered(provider):
            return []
        # Registration turns on pupils of compulsory school age: years 1–11. A pupil whose
        # year is not recorded counts too: a missed registration risk costs more than a
        # question the school can answer by filling in the year.
        counted = [
            p
            for p in self.over_at.get(provider.id, [])
            if p.year_group is None or 1 <= p.year_group <= 11
        ]
        test = self.settings.registration_test
        alone = [p for p in counted if counts_alone(p, test)]
        over = f"over {self.limit} h a week"
        if len(counted) >= 5:
            whom = f"{len(counted)} pupils of school age {over}"
            if alone:
                whom += f", among them {_who_counts_alone(alone, test)}"
        elif len(alone) == 1:
            whom = f"{_who_counts_alone(alone, test)} {over}"
        elif alone:
            whom = f"{len(alone)} pupils {over} who each count alone: "
            whom += _who_counts_alone(alone, test)
        else:
            return []
        return [
            self.problem(
                "REGISTRATION_RISK",
                f"{provider.name}: {whom} — it would have to register as a school "
                f"({REGISTRATION_TEST_NAMES[test]})",
                provider_id=provider.id,
            )
        ]


def counts_alone(pupil: Pupil, test: str) -> bool:
    """Whether one such pupil taught full-time makes a provider register, under `test`:
    looked after or with an EHC plan (`esa2008`); looked after or with special educational
    needs, SEN support included (`cwsa2026`)."""
    if pupil.looked_after or pupil.ehcp:
        return True
    return test == "cwsa2026" and pupil.sen_support


def _why_alone(pupil: Pupil, test: str) -> tuple[str, str]:
    """Why a pupil counts alone: as a noun phrase (`a looked-after pupil with an EHC plan`)
    and as a short reason (`looked after with an EHC plan`)."""
    needs = ""
    if pupil.ehcp:
        needs = "with an EHC plan"
    elif test == "cwsa2026" and pupil.sen_support:
        needs = "on SEN support"
    if pupil.looked_after:
        return (
            " ".join(filter(None, ("a looked-after pupil", needs))),
            " ".join(filter(None, ("looked after", needs))),
        )
    return f"a pupil {needs}", needs


def _who_counts_alone(pupils: Sequence[Pupil], test: str) -> str:
    """`a pupil on SEN support`, or for several how many count for each reason
    (`1 looked after, 2 with an EHC plan`)."""
    if len(pupils) == 1:
        return _why_alone(pupils[0], test)[0]
    reasons: dict[str, int] = {}
    for pupil in pupils:
        reason = _why_alone(pupil, test)[1]
        reasons[reason] = reasons.get(reason, 0) + 1
    return ", ".join(f"{count} {reason}" for reason, count in reasons.items())


# --- delivered hours (shared with the Word note) ---------------------------------------------


def week_of(contact: Contact) -> date:
    """The Monday of the week a contact's attendance covers: its `week_start`, else the
    Monday of the day the contact was made."""
    return contact.week_start or monday_of(contact.date)


def delivered_by_week(contacts: Iterable[Contact]) -> dict[date, float]:
    """Attended hours per week (keyed by `week_of`), summed over every contact about that
    week: two calls about one week (Tuesday's sessions on Wednesday, Thursday's on Friday)
    each add their own. Contacts without sessions add nothing; the caller picks which
    contacts count (up to today, one placement or several)."""
    weeks: dict[date, float] = {}
    for contact in contacts:
        if contact.sessions:
            week = week_of(contact)
            weeks[week] = weeks.get(week, 0.0) + sum(s.attended_hours for s in contact.sessions)
    return weeks
