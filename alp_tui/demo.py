"""A realistic demo caseload for a school's ALP lead, dated relative to any `today`.

Twelve pupils at ten providers with a term of weekly contacts. As of `today` every problem
the rules know turns up at least once (so each screen has something to show), while Jordan's
placement at Forge Construction Skills is all in order. Same `today`, same data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple, TypeVar

from alp_tui.caseload import Caseload
from alp_tui.dates import add_days, count_days, in_holiday, monday_of
from alp_tui.models import (
    DAYS,
    Action,
    AttendanceSession,
    Carer,
    Check,
    CheckKind,
    Concern,
    ConcernUpdate,
    Contact,
    ContactMethod,
    FollowUp,
    Holiday,
    Mark,
    Meta,
    Phase,
    Placement,
    Progress,
    Provider,
    Pupil,
    Record,
    Review,
    Target,
    Transition,
    upn_with_check_letter,
)

DEMO_USER = "demo"
SCHOOL_NAME = "Kingsmead Academy"
ALP_LEAD = "R Patel"
DSL = "T Ashworth"

R = TypeVar("R", bound=Record)

# One letter per attendance session in the demo scripts below.
_MARKS: dict[str, Mark] = {
    "P": "present",
    "L": "late",
    "A": "absent_authorised",
    "U": "absent_unauthorised",
    "C": "cancelled_by_provider",
}


# --- school holidays -------------------------------------------------------------------------


def _last_monday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _school_year_holidays(year: int) -> list[Holiday]:
    """The usual closures of the English school year that starts in September `year`."""
    autumn = _last_monday(year, 10)
    christmas = _monday_on_or_after(date(year, 12, 18))
    spring = _monday_on_or_after(date(year + 1, 2, 12))
    easter = _easter_sunday(year + 1) - timedelta(days=6)
    may = _last_monday(year + 1, 5)
    week, fortnight = timedelta(days=4), timedelta(days=11)
    return [
        Holiday(name=f"Autumn half term {year}", start=autumn, end=autumn + week),
        Holiday(name=f"Christmas {year}", start=christmas, end=christmas + fortnight),
        Holiday(name=f"Spring half term {year + 1}", start=spring, end=spring + week),
        Holiday(name=f"Easter {year + 1}", start=easter, end=easter + fortnight),
        Holiday(name=f"May half term {year + 1}", start=may, end=may + week),
        Holiday(name=f"Summer {year + 1}", start=date(year + 1, 7, 22), end=date(year + 1, 8, 31)),
    ]


def demo_holidays(today: date) -> list[Holiday]:
    """This school year's closures and the recent ones of last year."""
    year = today.year if today.month >= 9 else today.year - 1
    recent = today - timedelta(weeks=30)
    holidays = _school_year_holidays(year - 1) + _school_year_holidays(year)
    return [h for h in holidays if h.end >= recent]


# --- the scripts a demo placement follows ------------------------------------------------------


class _Goal(NamedTuple):
    """A target and how its weekly rating moved over the term (first → latest)."""

    outcome: str
    description: str
    success_criteria: str
    baseline: str
    ratings: tuple[int, int]
    notes: tuple[str, ...]
    status: str = "active"
    #: Weeks after the start it falls due (None: at the placement's planned end).
    due_weeks: int | None = None


@dataclass
class _Term:
    """How a placement's weekly calls went; keys of the dicts count weeks back from the
    latest call (0 = the latest)."""

    provider_staff: str
    summaries: tuple[str, ...]
    voices: tuple[str, ...]
    engagement: tuple[int, int]
    marks: dict[int, str] = field(default_factory=dict)
    latest_summary: dict[int, str] = field(default_factory=dict)
    latest_voice: dict[int, str] = field(default_factory=dict)
    engagement_at: dict[int, int] = field(default_factory=dict)
    actions: dict[int, list[tuple[str, str, int]]] = field(default_factory=dict)
    school_staff: str = ALP_LEAD


def _between(first: int, last: int, step: int, steps: int) -> int:
    if steps <= 1:
        return last
    return round(first + (last - first) * step / (steps - 1))


# --- the builder -------------------------------------------------------------------------------


class _Demo:
    def __init__(self, today: date) -> None:
        self.today = today
        self.holidays = demo_holidays(today)
        self.meta = Meta(
            school_name=SCHOOL_NAME,
            hour_limit=18.0,
            hour_warning_margin=2.0,
            contact_interval_days=7,
            review_interval_weeks=6,
            check_warning_days=30,
            transition_warning_weeks=4,
            holidays=self.holidays,
            # The school tells the local authority of each placement it arranges.
            notify_la=True,
        )
        self.caseload = Caseload(meta=self.meta)
        # Most placements started at the beginning of this term, twelve weeks ago.
        self.term_start = self.school_day_after(monday_of(today) - timedelta(weeks=12))
        self.year = today.year if today.month >= 9 else today.year - 1
        self._minute = 0

    # --- dates --------------------------------------------------------------------------

    def school_day(self, day: date) -> bool:
        return day.weekday() < 5 and not in_holiday(day, self.holidays)

    def school_day_before(self, day: date) -> date:
        """`day` if school is open, else the school day before it."""
        while not self.school_day(day):
            day -= timedelta(days=1)
        return day

    def school_day_after(self, day: date) -> date:
        """`day` if school is open, else the next school day (never after today)."""
        start = day
        while not self.school_day(day):
            day += timedelta(days=1)
        return day if day <= self.today else self.school_day_before(start)

    def full_weeks_ago(self, count: int) -> date:
        """The Monday of the `count`-th full school week before this one."""
        monday = monday_of(self.today)
        while count:
            monday -= timedelta(weeks=1)
            if all(self.school_day(monday + timedelta(days=n)) for n in range(5)):
                count -= 1
        return monday

    def friday_after(self, start: date, weeks: int) -> date:
        """The last school day of the week `weeks` weeks after `start`'s."""
        return self.school_day_before(monday_of(start) + timedelta(weeks=weeks, days=4))

    def ago(self, days: int) -> date:
        return self.school_day_before(self.today - timedelta(days=days))

    def pick_call(self, prefer: Iterable[int], ok: Callable[[date], bool]) -> date:
        """The latest call's date, some `prefer`red days ago, that `ok` accepts: a school
        day if one fits, else a weekday in a holiday, else (a weekend email) any day."""
        backs = [*prefer, *range(0, 200)]
        fits: tuple[Callable[[date], bool], ...] = (
            self.school_day,
            lambda day: day.weekday() < 5,
            lambda day: True,
        )
        for fit in fits:
            for back in backs:
                day = self.today - timedelta(days=back)
                if fit(day) and ok(day):
                    return day
        raise AssertionError("no date fits the demo's contact script")

    def call_in_order(self, since: date) -> date:
        def ok(day: date) -> bool:
            due = add_days(day, self.meta.contact_interval_days, self.holidays)
            return day >= since and due > self.today + timedelta(days=1)

        return self.pick_call((1, 2, 3, 4), ok)

    def call_due(self) -> date:
        """A call a week ago, so the next one falls due tomorrow (or today)."""

        def ok(day: date) -> bool:
            interval = self.meta.contact_interval_days
            due = add_days(day, interval, self.holidays)
            counted = count_days(day, self.today, self.holidays)
            return counted <= interval and due <= self.today + timedelta(days=1)

        return self.pick_call((6, 7), ok)

    def call_overdue(self) -> date:
        def ok(day: date) -> bool:
            counted = count_days(day, self.today, self.holidays)
            return counted > self.meta.contact_interval_days

        return self.pick_call((12, 11, 13, 14, 10), ok)

    # --- records ------------------------------------------------------------------------

    def stamp(self, record: R, on: date, at: str = "09:00") -> R:
        when = f"{min(on, self.today).isoformat()}T{at}:00"
        record.created_at = record.updated_at = when
        record.created_by = record.updated_by = DEMO_USER
        record.rev = 1
        self.caseload.put(record)
        return record

    def checks(self, offset: int, **special: Check | None) -> list[Check]:
        """All five checks received about a term ago (`offset` days earlier) and valid for
        a year, except the kinds given (None: the check is missing)."""
        base = self.today - timedelta(days=95 + offset)
        plain: dict[CheckKind, Check] = {
            "dbs_training": Check(
                kind="dbs_training",
                received=base - timedelta(days=60),
                expires=base + timedelta(days=305),
                note="Enhanced DBS for all staff; safeguarding training level 1",
            ),
            "insurance": Check(
                kind="insurance",
                received=base - timedelta(days=100),
                expires=base + timedelta(days=265),
                note="Public liability £5m, employer's liability £10m",
            ),
            "risk_assessment": Check(
                kind="risk_assessment",
                received=base,
                expires=base + timedelta(days=365),
                note="Site, activities and individual pupils",
            ),
            "safeguarding_policy": Check(
                kind="safeguarding_policy",
                received=base,
                expires=base + timedelta(days=365),
            ),
            "attendance_reporting": Check(
                kind="attendance_reporting",
                received=base,
                note="Phone call by 09:30 on any absence; weekly summary by email",
            ),
        }
        out = []
        for kind, check in plain.items():
            chosen = special.get(kind, check)
            if chosen is not None:
                out.append(chosen)
        return out

    def provider(self, id: str, name: str, contact: str, phone: str, **fields: object) -> None:
        email_name = contact.split()[0].lower()
        domain = "-".join(name.lower().split()[:2])
        record = Provider.model_validate(
            {
                "id": id,
                "name": name,
                "contact_name": contact,
                "phone": phone,
                "email": f"{email_name}@{domain}.example.org",
                **fields,
            }
        )
        self.stamp(record, self.term_start - timedelta(days=21))

    def pupil(
        self,
        id: str,
        first: str,
        last: str,
        year_group: int,
        *,
        born: int,
        serial: int,
        school: Sequence[tuple[str, str, str]] = (),
        **fields: object,
    ) -> None:
        birthday = date(self.year - year_group - 5, 9, 1) + timedelta(days=born)
        upn = upn_with_check_letter(f"8234012{(self.year - year_group + 8) % 100:02d}{serial:03d}")
        record = Pupil.model_validate(
            {
                "id": id,
                "first_name": first,
                "last_name": last,
                "year_group": year_group,
                "date_of_birth": birthday,
                "upn": upn,
                "school_schedule": [
                    {"day": day, "start": start, "end": end, "label": "school"}
                    for day, start, end in school
                ],
                **fields,
            }
        )
        self.stamp(record, self.term_start - timedelta(days=14))

    def placement(
        self,
        id: str,
        pupil_id: str,
        provider_id: str,
        *,
        start: date,
        end: date | None,
        schedule: Sequence[tuple[str, str, str] | tuple[str, str, str, str]],
        focus: str,
        reason: str,
        **fields: object,
    ) -> Placement:
        sessions = [
            {"day": s[0], "start": s[1], "end": s[2], "label": s[3] if len(s) > 3 else None}
            for s in schedule
        ]
        record = Placement.model_validate(
            {
                "id": id,
                "pupil_id": pupil_id,
                "provider_id": provider_id,
                "status": "active",
                "start_date": start,
                "end_date": end,
                "focus": focus,
                "reason": reason,
                "schedule": sessions,
                **fields,
            }
        )
        return self.stamp(record, start - timedelta(days=7))

    def goals(self, placement: Placement, goals: Sequence[_Goal]) -> list[Target]:
        targets = []
        for order, goal in enumerate(goals, start=1):
            target = Target.model_validate(
                {
                    "id": f"tg-{placement.id.removeprefix('pl-')}-{order}",
                    "placement_id": placement.id,
                    "outcome": goal.outcome,
                    "description": goal.description,
                    "success_criteria": goal.success_criteria,
                    "baseline": goal.baseline,
                    "set_on": placement.start_date,
                    "due": placement.end_date
                    if goal.due_weeks is None
                    else self.school_day_before(
                        placement.start_date + timedelta(weeks=goal.due_weeks)
                    ),
                    "status": goal.status,
                    "order": order,
                }
            )
            targets.append(self.stamp(target, placement.start_date))
        return targets

    def call_dates(self, placement: Placement, latest: date) -> list[date]:
        """Weekly call dates back from `latest` to the start, oldest first; a call that
        would fall in a closure is made on the last school day before it."""
        found = [latest]
        day = latest - timedelta(weeks=1)
        while day >= placement.start_date:
            call = day if self.school_day(day) else self.school_day_before(day)
            if placement.start_date <= call < found[-1]:
                found.append(call)
            day -= timedelta(weeks=1)
        return found[::-1]

    def attendance(self, placement: Placement, call: date) -> tuple[date, list[date]]:
        """The week a call reports on (this week once its sessions are over, else last
        week) and the dates of the placement's sessions in it that had happened."""
        last_session = max((DAYS.index(s.day) for s in placement.schedule), default=0)
        week = monday_of(call)
        if call.weekday() < last_session:
            week -= timedelta(weeks=1)
        last_day = min(call, self.today, placement.ended_on or call)
        held = []
        for session in sorted(placement.schedule, key=lambda s: (DAYS.index(s.day), s.start)):
            day = week + timedelta(days=DAYS.index(session.day))
            if placement.start_date <= day <= last_day and not in_holiday(day, self.holidays):
                held.append(day)
        return week, held

    def term(
        self,
        placement: Placement,
        targets: list[Target],
        goals: Sequence[_Goal],
        latest: date,
        script: _Term,
    ) -> list[Contact]:
        """A contact for each week of the placement up to `latest`, as `script` says."""
        calls = []
        reported: set[date] = set()
        # Newest first, so the latest call is kept and no week is reported twice.
        for day in reversed(self.call_dates(placement, latest)):
            week, held = self.attendance(placement, day)
            if day == latest or (held and week not in reported):
                calls.append((day, week, held))
                reported.add(week)
        calls.reverse()
        sessions_by_day = sorted(placement.schedule, key=lambda s: (DAYS.index(s.day), s.start))
        contacts = []
        steps = len(calls)
        for step, (day, week, held) in enumerate(calls):
            back = steps - 1 - step
            letters = script.marks.get(back, "")
            attendance = []
            index = 0
            for session in sessions_by_day:
                session_day = week + timedelta(days=DAYS.index(session.day))
                if session_day not in held:
                    continue
                letter = letters[index] if index < len(letters) else "P"
                index += 1
                planned = session.hours
                attended = {"P": planned, "L": max(planned - 0.5, 0.0)}.get(letter, 0.0)
                attendance.append(
                    AttendanceSession(
                        day=session.day,
                        planned_hours=planned,
                        attended_hours=attended,
                        mark=_MARKS[letter],
                    )
                )
            progress = []
            for target, goal in zip(targets, goals, strict=True):
                if target.set_on and target.set_on > day:
                    continue
                rating = _between(goal.ratings[0], goal.ratings[1], step, steps)
                note = goal.notes[min(step * len(goal.notes) // steps, len(goal.notes) - 1)]
                progress.append(Progress(target_id=target.id, rating=rating, note=note))
            summary = script.latest_summary.get(
                back, script.summaries[step % len(script.summaries)]
            )
            voice = script.latest_voice.get(back, script.voices[step % len(script.voices)])
            method: ContactMethod = "visit" if back % 4 == 3 else "phone"
            if back % 5 == 4 or not self.school_day(day):
                method = "email"
            actions = [
                Action(
                    text=text,
                    owner=owner,
                    due=day + timedelta(days=days),
                    done=back > 0,
                )
                for text, owner, days in script.actions.get(back, [])
            ]
            self._minute = (self._minute + 17) % 50
            contact = Contact(
                id=f"co-{placement.id.removeprefix('pl-')}-{step + 1:02d}",
                placement_id=placement.id,
                date=day,
                method=method,
                provider_staff=script.provider_staff,
                school_staff=script.school_staff,
                week_start=week,
                sessions=attendance,
                engagement=script.engagement_at.get(
                    back, _between(script.engagement[0], script.engagement[1], step, steps)
                ),
                progress=progress,
                summary=summary,
                pupil_voice=voice,
                actions=actions,
                next_contact=day + timedelta(weeks=1),
            )
            contacts.append(self.stamp(contact, day, at=f"15:{10 + self._minute:02d}"))
        return contacts

    def reviews(
        self,
        placement: Placement,
        latest: date,
        attendees: list[str],
        summaries: Sequence[str],
        next_review: date | None = None,
        *,
        overdue: bool = False,
    ) -> None:
        """Reviews every six weeks back from `latest`; the next review follows six weeks
        after the last (moved on to a school day after today unless `overdue`)."""
        held = []
        day = latest
        while day >= placement.start_date + timedelta(days=14):
            held.append(self.school_day_before(day))
            day -= timedelta(weeks=6)
        held.reverse()
        if next_review is None and held and placement.status == "active":
            next_review = held[-1] + timedelta(weeks=6)
            while not overdue and (
                next_review <= self.today + timedelta(days=6) or not self.school_day(next_review)
            ):
                next_review += timedelta(weeks=1)
        for number, day in enumerate(held, start=1):
            following = held[number] if number < len(held) else next_review
            review = Review(
                id=f"rv-{placement.id.removeprefix('pl-')}-{number}",
                placement_id=placement.id,
                date=day,
                attendees=attendees,
                summary=summaries[min(number - 1, len(summaries) - 1)],
                next_review=following,
            )
            self.stamp(review, day, at="16:00")
        placement.next_review = next_review
        self.caseload.put(placement)


# --- the caseload ------------------------------------------------------------------------------


def demo_caseload(today: date) -> Caseload:
    """The demo caseload as of `today`: every date in it is relative to `today`."""
    demo = _Demo(today)
    _providers(demo)
    _pupils(demo)
    _jordan(demo)
    _millie(demo)
    _kai(demo)
    _chloe(demo)
    _ellie(demo)
    _liam(demo)
    _tyler(demo)
    _mason(demo)
    _sophie(demo)
    _ryan(demo)
    _noah(demo)
    _grace(demo)
    _told_the_authority(demo)
    demo.caseload.invalidate()
    return demo.caseload


def _told_the_authority(demo: _Demo) -> None:
    """Who arranged each placement and when the local authority heard of it: the school
    told it within the first days, except of the two newest (Chloe's and Noah's), and Kai's
    boxing mentoring is one the authority arranged itself (register code K)."""
    untold = {"pl-chloe-studio", "pl-noah-hillside"}
    for placement in demo.caseload.placements.values():
        if placement.id == "pl-kai-northside":
            placement.arranged_by = "local_authority"
        elif placement.id not in untold and placement.status != "ended":
            placement.arranged_by = "school"
            told = placement.start_date + timedelta(days=2)
            placement.la_notified_on = told if told <= demo.today else None


def _providers(demo: _Demo) -> None:
    today = demo.today
    demo.provider(
        "pr-forge",
        "Forge Construction Skills",
        "Gary Whitmore",
        "0117 496 0142",
        specialisms=["construction", "bricklaying", "carpentry"],
        age_range="14–16",
        on_framework=True,
        checks=demo.checks(0),
        notes="Workshop on the Riverside trading estate; pupils need steel toe-cap boots.",
    )
    demo.provider(
        "pr-hillside",
        "Hillside Farm",
        "Sarah Pennington",
        "0117 496 0375",
        specialisms=["therapeutic farm", "animal care", "horticulture"],
        age_range="11–16",
        on_framework=True,
        checks=demo.checks(12),
    )
    demo.provider(
        "pr-sandford",
        "Sandford Motor Mechanics",
        "Mick Sandford",
        "0117 496 0518",
        specialisms=["motor vehicle", "engineering"],
        age_range="14–16",
        checks=demo.checks(25),
    )
    demo.provider(
        "pr-northside",
        "Northside Boxing Academy",
        "Leon Francis",
        "0117 496 0661",
        specialisms=["boxing", "mentoring", "fitness"],
        age_range="11–18",
        on_framework=True,
        checks=demo.checks(5),
    )
    demo.provider(
        "pr-studio",
        "Studio Hair & Beauty",
        "Kerry Marsh",
        "0117 496 0724",
        specialisms=["hair", "beauty", "customer service"],
        age_range="13–16",
        checks=demo.checks(18),
        notes="Small salon; takes up to three pupils at a time.",
    )
    demo.provider(
        "pr-riverside",
        "Riverside Art Therapy",
        "Helen Ashby",
        "0117 496 0833",
        specialisms=["art therapy", "wellbeing", "anxiety"],
        age_range="8–18",
        registration="other",
        checks=demo.checks(30),
        notes="HCPC-registered art therapist; small groups of up to four.",
    )
    demo.provider(
        "pr-wildwood",
        "Wildwood Outdoor Learning",
        "Tom Birch",
        "0117 496 0906",
        specialisms=["forest school", "outdoor learning", "bushcraft"],
        age_range="8–16",
        checks=demo.checks(
            8,
            dbs_training=Check(
                kind="dbs_training",
                received=today - timedelta(days=426),
                expires=today - timedelta(days=61),
                note="Confirmation letter 14 months old; renewal asked for",
            ),
        ),
    )
    demo.provider(
        "pr-greenway",
        "Greenway Sports Coaching",
        "Jas Dhillon",
        "0117 496 0259",
        specialisms=["sports leadership", "football", "fitness"],
        age_range="11–16",
        checks=demo.checks(
            15,
            insurance=Check(
                kind="insurance",
                received=today - timedelta(days=355),
                expires=today + timedelta(days=10),
                note="Renewal certificate promised by the provider",
            ),
        ),
    )
    demo.provider(
        "pr-meadow",
        "Meadow Animal Care",
        "Ruth Gallagher",
        "0117 496 0487",
        specialisms=["animal care", "small animals", "nurture"],
        age_range="10–16",
        on_framework=True,
        checks=demo.checks(40),
    )
    demo.provider(
        "pr-cityline",
        "Cityline College Skills",
        "Priya Nair",
        "0117 496 0592",
        specialisms=["functional skills", "English", "maths", "careers"],
        age_range="14–19",
        registration="fe_college",
        ukprn="10087654",
        checks=demo.checks(20, risk_assessment=None),
        notes="Part of a further education college: no school URN, UKPRN for the census.",
    )


def _pupils(demo: _Demo) -> None:
    full = ("08:45", "15:15")
    week = [(day, *full) for day in ("mon", "tue", "wed", "thu", "fri")]

    def days(*names: str) -> list[tuple[str, str, str]]:
        return [(day, *full) for day in names]

    demo.pupil(
        "pu-jordan",
        "Jordan",
        "Bennett",
        10,
        born=143,
        serial=17,
        sen_support=False,
        school_lead="Mr D Okafor",
        carers=[
            Carer(
                name="Lisa Bennett",
                relationship="mother",
                phone="07700 900412",
                email="lisa.bennett@example.com",
            )
        ],
        school=days("mon", "wed", "fri"),
        notes="Two fixed-term suspensions in Year 9; responds well to practical work.",
    )
    demo.pupil(
        "pu-millie",
        "Amelia",
        "Clarke",
        8,
        born=52,
        serial=231,
        preferred_name="Millie",
        ehcp=True,
        school_lead="Ms R Patel",
        carers=[
            Carer(name="Joanne Clarke", relationship="mother", phone="07700 900187"),
            Carer(name="Mark Clarke", relationship="father", phone="07700 900188"),
        ],
        school=[*days("tue", "thu"), *((d, "13:30", "15:15") for d in ("mon", "wed", "fri"))],
        notes="EHC plan: autism and anxiety. Calm start in the library before lessons.",
    )
    demo.pupil(
        "pu-kai",
        "Kai",
        "Morgan",
        11,
        born=301,
        serial=88,
        school_lead="Mrs J Fletcher",
        carers=[Carer(name="Dean Morgan", relationship="father", phone="07700 900530")],
        notes="No school sessions this term: all week off site.",
    )
    demo.pupil(
        "pu-chloe",
        "Chloe",
        "Hughes",
        9,
        born=200,
        serial=142,
        looked_after=True,
        school_lead="Miss H Lewis",
        carers=[
            Carer(name="Denise Hall", relationship="foster carer", phone="07700 900615"),
            Carer(
                name="Sam Okoro",
                relationship="social worker",
                phone="0117 496 0011",
                email="sam.okoro@example.gov.uk",
            ),
        ],
        school=days("fri"),
        notes="Looked after; virtual school informed of the placement.",
    )
    demo.pupil(
        "pu-ellie",
        "Ellie",
        "Richards",
        10,
        born=17,
        serial=45,
        sen_support=True,
        school_lead="Mr D Okafor",
        carers=[Carer(name="Karen Richards", relationship="mother", phone="07700 900744")],
        school=[("mon", "12:30", "15:15"), ("wed", "12:30", "15:15")],
        notes="Anxiety; reduced timetable agreed with mum and the school nurse.",
    )
    demo.pupil(
        "pu-liam",
        "Liam",
        "O'Connor",
        9,
        born=95,
        serial=160,
        school_lead="Miss H Lewis",
        carers=[Carer(name="Siobhan O'Connor", relationship="mother", phone="07700 900803")],
        school=days("mon", "tue", "thu", "fri"),
    )
    demo.pupil(
        "pu-tyler",
        "Tyler",
        "Wood",
        11,
        born=250,
        serial=97,
        school_lead="Mrs J Fletcher",
        carers=[Carer(name="Gemma Wood", relationship="mother", phone="07700 900921")],
        school=days("mon", "wed", "fri"),
    )
    demo.pupil(
        "pu-mason",
        "Mason",
        "Price",
        10,
        born=330,
        serial=63,
        child_protection=True,
        school_lead="Mr D Okafor",
        carers=[
            Carer(name="Nicola Price", relationship="mother", phone="07700 900968"),
            Carer(name="Ray Price", relationship="grandfather", phone="07700 900969"),
        ],
        school=days("wed", "thu", "fri"),
        notes="Known to children's social care; the DSL holds the file.",
    )
    demo.pupil(
        "pu-sophie",
        "Sophie",
        "Turner",
        8,
        born=160,
        serial=219,
        sen_support=True,
        school_lead="Miss H Lewis",
        carers=[Carer(name="Amy Turner", relationship="mother", phone="07700 900356")],
        school=days("wed", "thu", "fri"),
    )
    demo.pupil(
        "pu-ryan",
        "Ryan",
        "Ahmed",
        11,
        born=75,
        serial=104,
        school_lead="Mrs J Fletcher",
        carers=[
            Carer(name="Farah Ahmed", relationship="mother", phone="07700 900277"),
        ],
        school=days("mon", "tue", "fri"),
    )
    demo.pupil(
        "pu-noah",
        "Noah",
        "Kowalski",
        9,
        born=210,
        serial=171,
        school_lead="Miss H Lewis",
        carers=[Carer(name="Anna Kowalski", relationship="mother", phone="07700 900690")],
        school=days("mon", "tue", "thu", "fri"),
        notes="Joined this half term on a managed move.",
    )
    demo.pupil(
        "pu-grace",
        "Grace",
        "Adeyemi",
        10,
        born=120,
        serial=52,
        school_lead="Mr D Okafor",
        carers=[Carer(name="Funmi Adeyemi", relationship="mother", phone="07700 900118")],
        school=week,
    )


def _jordan(demo: _Demo) -> None:
    """Case 1: at risk of exclusion, construction skills two days a week — all in order."""
    placement = demo.placement(
        "pl-jordan-forge",
        "pu-jordan",
        "pr-forge",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 26),
        schedule=[("tue", "09:00", "15:00"), ("thu", "09:00", "15:00")],
        focus="Re-engage Jordan through a practical construction course and keep him in education",
        reason="At risk of permanent exclusion",
    )
    goals = [
        _Goal(
            "A practical qualification",
            "Complete the Level 1 bricklaying practical unit",
            "Every task of the unit signed off by the assessor",
            "No practical units started",
            (1, 4),
            (
                "Health and safety induction done",
                "Laid his first straight course",
                "Half the unit tasks signed off",
                "Only the corner task left",
            ),
        ),
        _Goal(
            "Attendance",
            "Attend at least 90% of sessions, at Forge and in school",
            "90% or better over each half term",
            "71% last year",
            (2, 4),
            ("Two late starts", "Every session this week", "On time all week"),
        ),
        _Goal(
            "Stay in education",
            "No suspensions this term",
            "No suspensions; uses his time-out card instead of walking out",
            "Two suspensions in Year 9",
            (3, 4),
            ("No incidents", "Used his time-out card once, came back calm"),
        ),
    ]
    targets = demo.goals(placement, goals)
    demo.term(
        placement,
        targets,
        goals,
        demo.call_in_order(placement.start_date),
        _Term(
            provider_staff="Gary Whitmore",
            summaries=(
                "Good week. Jordan worked well with the instructor and helped a newer pupil.",
                "Settled and focused; finished his practice wall ahead of the group.",
                "One late start (bus), otherwise a productive week on the unit.",
                "Positive week; asked to stay on to finish a task.",
            ),
            voices=(
                "I like it here, you actually get to make stuff.",
                "I want to do the Level 2 next year.",
                "It's better than sitting in lessons all day.",
            ),
            engagement=(3, 4),
            marks={3: "LP", 7: "PA"},
            latest_summary={
                0: "Strong week: two more unit tasks signed off. Gary is pleased with his "
                "attitude and timekeeping."
            },
            actions={
                0: [("Send unit evidence to the exams officer", "Gary Whitmore", 7)],
                4: [("Book the review meeting with Jordan's mum", ALP_LEAD, 5)],
            },
        ),
    )
    demo.reviews(
        placement,
        demo.ago(28),
        ["Jordan Bennett", "Lisa Bennett (mother)", "Gary Whitmore (Forge)", "R Patel"],
        (
            "First review: settled quickly, attendance 95%. Targets unchanged.",
            "Good progress on the unit; no suspensions this term. Continue as planned.",
        ),
    )


def _millie(demo: _Demo) -> None:
    """Case 2: EHC plan, therapeutic farm three mornings; the weekly call falls due now."""
    placement = demo.placement(
        "pl-millie-hillside",
        "pu-millie",
        "pr-hillside",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 36),
        schedule=[
            ("mon", "09:00", "12:30"),
            ("wed", "09:00", "12:30"),
            ("fri", "09:00", "12:30"),
        ],
        focus="Build confidence with peers and use of her regulation plan in a calm outdoor "
        "setting",
        reason="Autism and anxiety: not coping with full days in mainstream lessons",
    )
    goals = [
        _Goal(
            "Social communication",
            "Two positive interactions with a peer each session",
            "Staff log two peer interactions in four sessions out of five",
            "Works alone; avoids other pupils",
            (1, 3),
            (
                "Watched the group from a distance",
                "Shared a task with one other pupil",
                "Chatted with a peer at the goat pen twice",
            ),
        ),
        _Goal(
            "Emotional regulation",
            "Uses her regulation plan when anxious",
            "Asks for her quiet space or uses her fidget kit without prompting",
            "Shuts down or leaves the group",
            (2, 3),
            ("Needed prompting each time", "Asked for the quiet space herself twice"),
        ),
        _Goal(
            "Independence",
            "Leads the morning feeding round",
            "Completes the round from the checklist without an adult",
            "Needs an adult alongside",
            (2, 5),
            ("Following the checklist with support", "Leading the round on her own"),
            status="achieved",
        ),
    ]
    targets = demo.goals(placement, goals)
    demo.term(
        placement,
        targets,
        goals,
        demo.call_due(),
        _Term(
            provider_staff="Sarah Pennington",
            summaries=(
                "Calm week. Millie spent most of the time with the goats and the feeding round.",
                "A wobble on Monday after a change of staff; recovered with her quiet space.",
                "Good week; joined the group for the tea break for the first time.",
            ),
            voices=(
                "I like the goats because they don't talk.",
                "It's quieter here than school.",
                "Can I do the chickens next week?",
            ),
            engagement=(2, 4),
            marks={4: "PPA", 8: "APP"},
            actions={0: [("Share the updated regulation plan with the farm", ALP_LEAD, 3)]},
        ),
    )
    demo.reviews(
        placement,
        demo.ago(26),
        ["Joanne Clarke (mother)", "Sarah Pennington (Hillside)", "R Patel (SENCo)"],
        (
            "Settling well; anxiety lower on farm days. EHCP annual review in the spring.",
            "More time with peers; the feeding round is hers now. Keep three mornings.",
        ),
    )


def _kai(demo: _Demo) -> None:
    """Case 3: two part-time providers, each under 18 hours, no school time at all."""
    mechanics = demo.placement(
        "pl-kai-sandford",
        "pu-kai",
        "pr-sandford",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 40),
        schedule=[(day, "09:00", "14:30") for day in ("mon", "tue", "wed")],
        focus="A vocational route into motor vehicle work and a Level 1 certificate",
        reason="Disengaged from school; persistent absence in Year 10",
    )
    mechanics_goals = [
        _Goal(
            "A vocational qualification",
            "Complete the Level 1 wheels and tyres unit",
            "Unit signed off by the assessor",
            "Never worked on a vehicle",
            (2, 4),
            ("Learning the workshop rules", "Changed a wheel safely", "Unit nearly complete"),
        ),
        _Goal(
            "Punctuality",
            "Arrives by 09:00 each day",
            "On time four days out of five",
            "Arrived after 10:00 most days in school",
            (2, 3),
            ("Late most days", "On time three days this week"),
        ),
    ]
    demo.term(
        mechanics,
        demo.goals(mechanics, mechanics_goals),
        mechanics_goals,
        demo.call_in_order(mechanics.start_date),
        _Term(
            provider_staff="Mick Sandford",
            summaries=(
                "Kai is interested in the engine work; needs reminders about tidying up.",
                "Quieter week; one unexplained absence, followed up with dad the same day.",
                "Good attitude with customers' cars; asked sensible questions.",
            ),
            voices=(
                "This is what I want to do after school.",
                "Mick lets me have a go on the real cars.",
                "Mornings are hard but I like it when I get here.",
            ),
            engagement=(2, 3),
            marks={9: "UPU", 8: "PUL", 6: "LPP", 1: "PPL"},
            actions={
                0: [
                    (
                        "Raise Kai's total week off site (24.5 h) at the review: plan school time",
                        ALP_LEAD,
                        7,
                    )
                ]
            },
        ),
    )
    demo.reviews(
        mechanics,
        demo.ago(30),
        ["Kai Morgan", "Dean Morgan (father)", "Mick Sandford", "J Fletcher"],
        ("Attendance up from 48% to 78%. Kai wants a college course in motor vehicle.",),
    )
    boxing = demo.placement(
        "pl-kai-northside",
        "pu-kai",
        "pr-northside",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 40),
        schedule=[("thu", "10:00", "14:00"), ("fri", "10:00", "14:00")],
        focus="Mentoring through boxing: routine, goals and self-control",
        reason="Disengaged from school; a positive male role model",
    )
    boxing_goals = [
        _Goal(
            "Motivation",
            "Sets and reviews a weekly goal with his mentor",
            "A goal written and reviewed every week for six weeks",
            "No goals; 'don't care'",
            (1, 3),
            ("Talked about what he wants", "Sets a goal most weeks"),
        ),
        _Goal(
            "Self-control",
            "Keeps to the gym rules without reminders",
            "No reminders needed in a session",
            "Several reminders a session",
            (3, 4),
            ("One reminder this week", "No reminders"),
        ),
    ]
    demo.term(
        boxing,
        demo.goals(boxing, boxing_goals),
        boxing_goals,
        demo.call_in_order(boxing.start_date),
        _Term(
            provider_staff="Leon Francis",
            summaries=(
                "Good sessions; Kai is fitter and more talkative with his mentor.",
                "Set a goal about getting to Sandford on time; met it three days out of three.",
            ),
            voices=("Boxing's the best bit of the week.", "Leon gets it."),
            engagement=(3, 4),
            marks={5: "PU", 2: "LP"},
        ),
    )
    # A first draft of Kai's move to college: when the boxing mentoring ends, Sandford offered
    # to take him a fourth day, which would put him over the limit there.
    demo.stamp(
        Transition(
            id="tr-kai-sandford",
            placement_id=mechanics.id,
            destination="post16",
            destination_name="Cityline College Skills: motor vehicle Level 1 in September",
            phases=[
                Phase(
                    start=monday_of(demo.today) + timedelta(weeks=8),
                    school_hours=0.0,
                    alp_hours=22.0,
                    note="Boxing mentoring ends; Sandford to take Kai on Thursdays too",
                ),
            ],
            pupil_views="Wants to do motor vehicle at college; would rather be at Sandford "
            "than in school.",
        ),
        demo.ago(6),
    )
    demo.reviews(
        boxing,
        demo.ago(30),
        ["Kai Morgan", "Leon Francis", "J Fletcher"],
        ("Engaging well with mentoring; goals now linked to the mechanics placement.",),
    )
    demo.stamp(
        Concern(
            id="cn-kai-1",
            pupil_id="pu-kai",
            placement_id="pl-kai-sandford",
            raised_on=demo.term_start + timedelta(weeks=3, days=1),
            raised_by="Mick Sandford",
            category="behaviour",
            severity="low",
            description="Swore at a mechanic when asked to tidy his bay and walked out for an "
            "hour.",
            action_taken="Restorative conversation with Mick the next morning.",
            status="closed",
            closed_on=demo.term_start + timedelta(weeks=4, days=1),
            outcome="No repeat; Kai apologised.",
        ),
        demo.term_start + timedelta(weeks=3, days=1),
    )


def _chloe(demo: _Demo) -> None:
    """Case 4: looked after, hair and beauty four days: over the 18-hour limit."""
    # A new placement, started three school weeks ago after her foster placement moved.
    start = demo.full_weeks_ago(3)
    placement = demo.placement(
        "pl-chloe-studio",
        "pu-chloe",
        "pr-studio",
        start=start,
        end=demo.friday_after(start, 12),
        schedule=[
            ("mon", "09:00", "14:00"),
            ("tue", "09:00", "14:00"),
            ("wed", "09:00", "14:00"),
            ("thu", "09:00", "13:30"),
        ],
        focus="Level 1 hair and beauty skills and a routine she enjoys",
        reason="Looked after; school refusal after a change of foster placement",
        notes="Four days agreed in a hurry when her foster placement moved; the hours must "
        "come down.",
    )
    goals = [
        _Goal(
            "A vocational qualification",
            "Level 1 hair: shampoo and conditioning unit",
            "Unit assessed and passed",
            "No experience",
            (2, 4),
            ("Practising on blocks", "Shampooed two clients under supervision"),
        ),
        _Goal(
            "Confidence with adults",
            "Greets clients and books appointments on the desk",
            "Runs the reception desk for an hour unaided",
            "Would not speak to clients",
            (1, 3),
            ("Watching the desk", "Booked three appointments herself"),
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_in_order(placement.start_date),
        _Term(
            provider_staff="Kerry Marsh",
            summaries=(
                "First week: shy with clients but keen; stayed every day.",
                "Tired on Monday after contact with birth family; settled by Tuesday.",
                "Great week; chatty with the staff and proud of her work.",
            ),
            voices=(
                "I want to be a hairdresser, I'm actually good at it.",
                "Kerry's really nice to me.",
            ),
            engagement=(3, 4),
            marks={1: "PLPP"},
            actions={
                0: [
                    (
                        "Cut the placement to under 18 h (drop Thursday) and tell the virtual "
                        "school",
                        ALP_LEAD,
                        4,
                    )
                ]
            },
        ),
    )


def _ellie(demo: _Demo) -> None:
    """Case 5: anxiety and low attendance; art therapy two mornings; the call is overdue."""
    placement = demo.placement(
        "pl-ellie-riverside",
        "pu-ellie",
        "pr-riverside",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 36),
        schedule=[("tue", "09:00", "12:30"), ("thu", "09:00", "12:30")],
        focus="Therapeutic art to manage anxiety and rebuild attendance",
        reason="Anxiety-related low attendance (54% last year)",
    )
    goals = [
        _Goal(
            "Managing anxiety",
            "Names three strategies that help her when anxious",
            "Can name and has used three strategies",
            "Could not say what helps",
            (1, 3),
            ("Exploring feelings through collage", "Named breathing and drawing as helpful"),
        ),
        _Goal(
            "Attendance",
            "Attends both weekly sessions",
            "Both sessions attended for four weeks running",
            "One session in three",
            (1, 2),
            ("Missed sessions most weeks", "Attending more often"),
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_overdue(),
        _Term(
            provider_staff="Helen Ashby",
            summaries=(
                "Ellie came to one session; quiet but engaged once she arrived.",
                "Both sessions attended; produced a strong piece about her journey to school.",
                "Missed Tuesday (anxious about the bus); good session on Thursday.",
            ),
            voices=("It's easier when it's a small group.", "I don't like the bus."),
            engagement=(2, 3),
            marks={8: "PA", 6: "AA", 4: "PA", 2: "AP", 1: "AA"},
            actions={0: [("Call Ellie's mum about travel to Riverside", ALP_LEAD, 2)]},
        ),
    )
    demo.reviews(
        placement,
        demo.ago(29),
        ["Karen Richards (mother)", "Helen Ashby", "D Okafor", "School nurse"],
        ("Attendance at sessions 60%; travel is the main barrier. Explore a taxi.",),
    )
    demo.stamp(
        Concern(
            id="cn-ellie-1",
            pupil_id="pu-ellie",
            placement_id="pl-ellie-riverside",
            raised_on=demo.ago(20),
            raised_by="Helen Ashby",
            category="wellbeing",
            severity="medium",
            description="Very anxious about using the bus to Riverside; missed sessions.",
            action_taken="Mum to bring her for now; asked about transport support.",
            status="monitoring",
            updates=[
                ConcernUpdate(
                    date=demo.ago(13), by=ALP_LEAD, note="Transport request sent to the LA."
                )
            ],
        ),
        demo.ago(20),
    )


def _liam(demo: _Demo) -> None:
    """Case 6: outdoor learning one day a week; the provider's DBS letter is out of date."""
    placement = demo.placement(
        "pl-liam-wildwood",
        "pu-liam",
        "pr-wildwood",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 26),
        schedule=[("wed", "09:00", "15:00")],
        focus="Team work and following instructions in outdoor learning",
        reason="Frequent removals from lessons for low-level disruption",
    )
    goals = [
        _Goal(
            "Team work",
            "Works in a team to build a shelter and light a fire safely",
            "Completes a team task without adult help",
            "Works alone or disrupts the group",
            (2, 4),
            ("Helped gather materials", "Led his group's shelter build"),
        ),
        _Goal(
            "Following instructions",
            "Follows safety instructions the first time",
            "No repeated instructions in a session",
            "Needs three or four reminders",
            (3, 4),
            ("A couple of reminders", "Listens first time with tools"),
            # Meant to be met by the half-term review, and not looked at again since.
            due_weeks=8,
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_in_order(placement.start_date),
        _Term(
            provider_staff="Tom Birch",
            summaries=(
                "Liam is much calmer outside; good with the tools once shown.",
                "Wet day, stayed positive and helped younger pupils.",
            ),
            voices=("I like being outside.", "Can we do the fire again?"),
            engagement=(3, 4),
            marks={5: "A"},
        ),
    )
    demo.reviews(
        placement,
        demo.ago(27),
        ["Siobhan O'Connor (mother)", "Tom Birch", "H Lewis"],
        ("Removals from lessons down from eight to two a half term.",),
    )


def _tyler(demo: _Demo) -> None:
    """Case 7: sports coaching two days, five unexplained absences in two weeks; the
    placement ends soon with no transition plan yet."""
    placement = demo.placement(
        "pl-tyler-greenway",
        "pu-tyler",
        "pr-greenway",
        start=demo.term_start,
        end=demo.school_day_before(monday_of(demo.today) + timedelta(days=25)),
        schedule=[
            ("tue", "09:00", "12:00", "morning"),
            ("tue", "12:45", "15:00", "afternoon"),
            ("thu", "09:00", "12:00", "morning"),
            ("thu", "12:45", "15:00", "afternoon"),
        ],
        focus="Sports leadership qualification and better attendance",
        reason="Year 11, low attendance and motivation",
    )
    goals = [
        _Goal(
            "A qualification",
            "Plans and leads a warm-up for a junior group",
            "Sports leadership Level 1 assessment passed",
            "Has not led a group",
            (2, 3),
            ("Helped run a warm-up", "Planned a warm-up; nervous leading it"),
        ),
        _Goal(
            "Attendance",
            "Attends 85% of sessions",
            "85% or better over the half term",
            "68% last year",
            (3, 2),
            ("Good attendance", "Attendance falling in the last fortnight"),
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_in_order(placement.start_date),
        _Term(
            provider_staff="Jas Dhillon",
            summaries=(
                "Tyler is good with the younger children; needs encouragement to lead.",
                "Solid week; coached a small-sided game.",
            ),
            voices=("It's alright.", "I like the football but not the paperwork."),
            engagement=(4, 2),
            marks={0: "UUPU", 1: "PUUP", 4: "PPLP"},
            latest_summary={
                0: "Three sessions missed this week with no explanation, after two last "
                "week. Jas could not reach home.",
                1: "Missed two sessions; mum said he overslept.",
            },
            actions={0: [("Home visit about the absences", "J Fletcher", 2)]},
        ),
    )
    demo.reviews(
        placement,
        demo.ago(25),
        ["Tyler Wood", "Gemma Wood (mother)", "Jas Dhillon", "J Fletcher"],
        ("Placement ends at Christmas; talk about college and a return to school.",),
    )
    raised = demo.ago(1)
    demo.stamp(
        Concern(
            id="cn-tyler-1",
            pupil_id="pu-tyler",
            placement_id="pl-tyler-greenway",
            raised_on=raised,
            raised_by="Jas Dhillon",
            category="attendance",
            severity="medium",
            description="Five unexplained absences from Greenway in two weeks.",
            action_taken="Same-day calls home; home visit booked.",
            status="open",
        ),
        raised,
    )


def _mason(demo: _Demo) -> None:
    """Case 8: boxing mentoring; left site at lunch and seen with older youths:
    a confidential safeguarding concern, referred to the DSL the same day."""
    placement = demo.placement(
        "pl-mason-northside",
        "pu-mason",
        "pr-northside",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 26),
        schedule=[
            ("mon", "10:00", "12:00", "morning"),
            ("mon", "12:30", "14:30", "afternoon"),
            ("tue", "10:00", "12:00", "morning"),
            ("tue", "12:30", "14:30", "afternoon"),
        ],
        focus="Mentoring and anger management through boxing",
        reason="Violent incidents in school; at risk of exclusion",
    )
    goals = [
        _Goal(
            "Managing anger",
            "Manages frustration in sparring without walking away",
            "Completes sparring rounds calmly for four weeks",
            "Walks out when he loses",
            (2, 3),
            ("Left the ring once", "Stayed calm after a tough round"),
        ),
        _Goal(
            "Safety",
            "Stays on site for the whole session",
            "No times off site",
            "—",
            (4, 2),
            ("On site all day", "Left site at lunch this week"),
        ),
    ]
    contacts = demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_in_order(placement.start_date),
        _Term(
            provider_staff="Leon Francis",
            summaries=(
                "Mason is working hard in the gym; good banter with the coaches.",
                "Lost his temper once in sparring and took himself out to calm down.",
            ),
            voices=("Boxing helps me get it out.", "Leon's sound."),
            engagement=(3, 3),
            engagement_at={1: 2},
            marks={1: "PPPU"},
            latest_summary={
                1: "Mason left site at lunchtime on Tuesday without permission. Reported to "
                "the DSL the same day (see concerns).",
                0: "Stayed on site all week with a named adult at lunch. Quiet but engaged.",
            },
            latest_voice={1: "I just went to the shop.", 0: "It's boring at lunch now."},
            actions={
                1: [("Keep Mason on site at lunch with a named adult", "Leon Francis", 1)],
                0: [("DSL to update Leon after the strategy meeting", DSL, 5)],
            },
        ),
    )
    # The concern is raised on the afternoon he left, as the call before last recorded.
    raised = contacts[-1].date
    if len(contacts) > 1 and contacts[-2].week_start:
        week = contacts[-2].week_start
        missed = [s for s in contacts[-2].sessions if s.mark == "absent_unauthorised"] or contacts[
            -2
        ].sessions
        if missed:
            raised = week + timedelta(days=DAYS.index(missed[-1].day))
    demo.stamp(
        Concern(
            id="cn-mason-1",
            pupil_id="pu-mason",
            placement_id="pl-mason-northside",
            raised_on=raised,
            raised_by="Leon Francis (Northside Boxing Academy)",
            category="safeguarding",
            severity="high",
            description="Mason left the site at lunchtime without permission. A coach saw him "
            "getting into a car with older youths near the retail park; he came back 50 "
            "minutes later, would not say where he had been, and had a new phone.",
            action_taken="Reported by phone to the DSL the same afternoon; mum informed; "
            "Northside to keep Mason on site at lunch with a named adult.",
            referred_to_dsl=True,
            confidential=True,
            status="open",
            updates=[
                ConcernUpdate(
                    date=raised,
                    by=DSL,
                    note="Recorded; Mason's social worker told the same day.",
                ),
                ConcernUpdate(
                    date=min(raised + timedelta(days=2), demo.today),
                    by=DSL,
                    note="Exploitation screening done; strategy meeting booked.",
                ),
            ],
        ),
        raised,
        at="14:40",
    )
    demo.reviews(
        placement,
        demo.ago(27),
        ["Mason Price", "Nicola Price (mother)", "Leon Francis", "D Okafor"],
        ("Good engagement in the gym; fewer incidents in school on his school days.",),
    )


def _sophie(demo: _Demo) -> None:
    """Case 9: animal care two days, ending after two terms with a phased return."""
    start = demo.school_day_after(demo.term_start - timedelta(weeks=14))
    first_phase = monday_of(demo.today) - timedelta(weeks=1)
    full_return = first_phase + timedelta(weeks=4)
    end = demo.school_day_before(full_return - timedelta(days=3))
    placement = demo.placement(
        "pl-sophie-meadow",
        "pu-sophie",
        "pr-meadow",
        start=start,
        end=end,
        schedule=[("mon", "09:00", "15:00"), ("tue", "09:00", "15:00")],
        focus="Confidence and emotional literacy through animal care, then a phased return",
        reason="Emotionally based school avoidance in Year 7",
    )
    goals = [
        _Goal(
            "Independence",
            "Cares for the small animals on her own (feeding, cleaning out)",
            "Completes the care routine unaided for a month",
            "Needed an adult for every step",
            (2, 5),
            ("Learning the routine", "Doing most of it herself", "Runs the routine alone"),
            status="achieved",
        ),
        _Goal(
            "Emotional literacy",
            "Tells a trusted adult how she is feeling",
            "Uses her feelings chart daily without prompts",
            "Said 'fine' to every question",
            (1, 4),
            ("Using the feelings chart with prompts", "Talks to Ruth when worried"),
        ),
        _Goal(
            "Return to school",
            "Attends her school days during the phased return",
            "Every school day attended in the first four weeks",
            "Two days a week in school, often missed",
            (2, 3),
            ("Two school days most weeks", "Three school days last week"),
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_in_order(start),
        _Term(
            provider_staff="Ruth Gallagher",
            summaries=(
                "Sophie has been calm and happy; she looks after the rabbits without help now.",
                "A teary Monday morning; talked it through with Ruth and was fine after.",
                "Brought a friend's drawing of the guinea pigs to show the staff; chatty.",
            ),
            voices=(
                "The animals need me so I have to come.",
                "I'm a bit nervous about going back to school full time.",
                "Can I still visit the rabbits when I'm back?",
            ),
            engagement=(2, 5),
            marks={10: "AP"},
            actions={
                1: [("Send the strategies to Sophie's teachers", "H Lewis", 3)],
                0: [("Confirm the welcome meeting with Sophie's mum", "H Lewis", 5)],
            },
        ),
    )
    demo.reviews(
        placement,
        demo.ago(14),
        ["Sophie Turner", "Amy Turner (mother)", "Ruth Gallagher", "H Lewis", "R Patel"],
        (
            "Settled quickly; confidence growing.",
            "Ready to plan the return; agreed the end date.",
            "Good progress on every target.",
            "Transition plan agreed: phased return over four weeks.",
        ),
        next_review=end,
    )
    demo.stamp(
        Transition(
            id="tr-sophie",
            placement_id=placement.id,
            destination="phased_return",
            destination_name=f"{SCHOOL_NAME}, Year 8",
            phases=[
                Phase(
                    start=first_phase,
                    school_hours=19.5,
                    alp_hours=12.0,
                    note="Three days in school, two at Meadow",
                ),
                Phase(
                    start=first_phase + timedelta(weeks=2),
                    school_hours=26.0,
                    alp_hours=6.0,
                    note="Four days in school, Mondays at Meadow",
                ),
                Phase(start=full_return, school_hours=32.5, alp_hours=0.0, note="Full time"),
            ],
            welcome_plan="Welcome meeting with Sophie, her mum and Miss Lewis on her first "
            "full day; a named key adult and a quiet room at break for the first two weeks; "
            "a buddy from her tutor group.",
            strategies=[
                "Give instructions one step at a time and check privately that she has them.",
                "Start lessons with a short practical task before writing.",
                "Offer a movement break after 30 minutes of seated work.",
                "Praise quietly, not in front of the class.",
                "Let her use her feelings chart and go to the quiet room when she asks.",
            ],
            strategies_shared_on=demo.ago(5),
            family_informed_on=demo.ago(12),
            pupil_views="Nervous about maths and busy corridors; wants to keep seeing the animals.",
            follow_ups=[
                FollowUp(
                    date=full_return + timedelta(weeks=2),
                    kind="visit",
                    by="H Lewis",
                    note="How the first fortnight of full time went",
                ),
                FollowUp(
                    date=full_return + timedelta(weeks=6),
                    kind="call",
                    by="Ruth Gallagher",
                    note="Meadow checks in with Sophie",
                ),
            ],
        ),
        demo.ago(14),
    )


def _ryan(demo: _Demo) -> None:
    """Case 10: a college provider with no URN; functional-skills English rated weekly;
    the review is overdue."""
    placement = demo.placement(
        "pl-ryan-cityline",
        "pu-ryan",
        "pr-cityline",
        start=demo.term_start,
        end=demo.friday_after(demo.term_start, 40),
        schedule=[("wed", "09:30", "15:30"), ("thu", "09:30", "15:30")],
        focus="Functional Skills English Level 1 and a college place for September",
        reason="Year 11; missed most of Year 10 English",
    )
    goals = [
        _Goal(
            "Functional Skills English",
            "Reading at Level 1: finds and compares information in two texts",
            "Passes the Level 1 reading test",
            "Entry Level 3",
            (2, 4),
            ("Working at Entry 3", "Mock test 60%", "Mock test 78%"),
        ),
        _Goal(
            "Functional Skills English",
            "Writes a formal letter or email with correct layout and paragraphs",
            "Level 1 writing task passed",
            "Writes in one block, no punctuation",
            (1, 3),
            ("Using paragraphs", "Letter of application drafted"),
        ),
        _Goal(
            "Next steps",
            "Applies for a post-16 course",
            "Application submitted and interview attended",
            "No plan after Year 11",
            (1, 3),
            ("Open evening visited", "Chose the motor vehicle course"),
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        demo.call_in_order(placement.start_date),
        _Term(
            provider_staff="Priya Nair",
            summaries=(
                "Ryan is working steadily in English; mock reading test this week.",
                "Late on Wednesday (bus); made it up at lunch.",
                "Good week; asked for extra reading practice to take home.",
            ),
            voices=(
                "College is better, they treat you like an adult.",
                "I actually get English here.",
            ),
            engagement=(3, 4),
            marks={2: "LP", 5: "PA"},
            actions={0: [("Send Ryan's college application", "Priya Nair", 7)]},
        ),
    )
    demo.reviews(
        placement,
        demo.ago(49),
        ["Ryan Ahmed", "Farah Ahmed (mother)", "Priya Nair", "J Fletcher"],
        ("Working towards Level 1 reading; college application started.",),
        overdue=True,
    )


def _noah(demo: _Demo) -> None:
    """A new placement started last week: the learning plan has no targets yet."""
    start = demo.school_day_after(demo.today - timedelta(days=8))
    placement = demo.placement(
        "pl-noah-hillside",
        "pu-noah",
        "pr-hillside",
        start=start,
        end=demo.friday_after(start, 12),
        schedule=[("wed", "09:00", "15:00")],
        focus="A calm start after a managed move: outdoor work and one trusted adult",
        reason="Managed move from another school",
        notes="Targets to be agreed with the farm at the first review.",
    )
    demo.term(
        placement,
        [],
        [],
        demo.call_in_order(start),
        _Term(
            provider_staff="Sarah Pennington",
            summaries=("First day went well; Noah helped muck out and asked lots of questions.",),
            voices=("It's alright here, better than I thought.",),
            engagement=(3, 3),
            actions={0: [("Draft targets with Hillside for the learning plan", ALP_LEAD, 7)]},
        ),
    )


def _grace(demo: _Demo) -> None:
    """A placement that ended five weeks ago: its strategies were never shared with staff."""
    ended = demo.ago(35)
    start = demo.school_day_after(demo.term_start - timedelta(weeks=14))
    placement = demo.placement(
        "pl-grace-riverside",
        "pu-grace",
        "pr-riverside",
        start=start,
        end=ended,
        schedule=[("mon", "13:00", "15:00"), ("fri", "09:00", "12:00")],
        focus="Art therapy after a bereavement, then back to a full timetable",
        reason="Bereavement; withdrawn and missing lessons",
    )
    placement.status = "ended"
    placement.ended_on = ended
    demo.caseload.put(placement)
    goals = [
        _Goal(
            "Wellbeing",
            "Talks about her feelings through her art",
            "Completes a memory book",
            "Would not talk about her dad",
            (1, 5),
            ("Started a memory book", "Finished the memory book and shared it with mum"),
            status="achieved",
        ),
        _Goal(
            "Attendance",
            "Attends all her lessons on school days",
            "95% attendance for a half term",
            "80% with lessons missed",
            (2, 5),
            ("Missing some lessons", "Full attendance"),
            status="achieved",
        ),
    ]
    demo.term(
        placement,
        demo.goals(placement, goals),
        goals,
        ended,
        _Term(
            provider_staff="Helen Ashby",
            summaries=(
                "Grace worked on her memory book; more open this week.",
                "Calm, chatty; talked about going back to art lessons.",
            ),
            voices=("Drawing helps.", "I'm ready to go back."),
            engagement=(2, 4),
        ),
    )
    demo.reviews(
        placement,
        ended,
        ["Grace Adeyemi", "Funmi Adeyemi (mother)", "Helen Ashby", "D Okafor"],
        ("Good progress.", "Final review: targets met; back to a full timetable."),
    )
    demo.stamp(
        Transition(
            id="tr-grace",
            placement_id=placement.id,
            destination="full_return",
            destination_name=f"{SCHOOL_NAME}, Year 10",
            welcome_plan="Check-in with her form tutor each morning for the first month.",
            strategies=[
                "Give her notice before any lesson that touches on loss or family.",
                "Let her keep her sketchbook with her and use it when overwhelmed.",
                "A quiet word rather than public praise.",
            ],
            family_informed_on=ended - timedelta(days=14),
            pupil_views="Ready to go back; wants to keep drawing.",
            follow_ups=[
                FollowUp(
                    date=ended + timedelta(weeks=2),
                    kind="meeting",
                    by="D Okafor",
                    done=True,
                    note="Settled well; good in art and English",
                ),
                FollowUp(
                    date=ended + timedelta(weeks=4),
                    kind="call",
                    by="D Okafor",
                    note="Call mum: how the full timetable is going",
                ),
                FollowUp(date=ended + timedelta(weeks=6), kind="meeting", by="D Okafor"),
            ],
        ),
        ended - timedelta(days=21),
    )
