"""The weekly contact form without the screen: what the form holds as typed (a draft, also
what the draft file keeps), how it opens prefilled, how it becomes a contact and concerns,
and what it warns about while the call goes on.

Pure functions of (caseload, draft, today); the screen only shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from alp_tui import rules
from alp_tui.caseload import Caseload, pupil_caseload
from alp_tui.dates import DateError, in_holiday, monday_of, parse_date, uk
from alp_tui.models import (
    CONCERN_CATEGORIES,
    CONTACT_METHODS,
    DAY_NAMES,
    DAYS,
    MARKS,
    SEVERITIES,
    SHARES,
    Action,
    AttendanceSession,
    Concern,
    ConcernCategory,
    Contact,
    ContactMethod,
    ContactShares,
    Mark,
    Placement,
    Progress,
    Severity,
    Share,
    Target,
)
from alp_tui.sharing import released_for_the_same_words

#: The draft file's format; a file of another version is not offered back.
DRAFT_VERSION = 1


class DraftError(ValueError):
    """What stops the draft becoming a contact: one sentence, and the field to go back to."""

    def __init__(self, message: str, field_id: str | None = None) -> None:
        super().__init__(message)
        self.field_id = field_id


# --- the draft: the form as typed ------------------------------------------------------------


@dataclass
class SessionDraft:
    """One scheduled session of the week: the hours attended as typed (`5.5`)."""

    day: str
    planned_hours: float
    hours: str
    mark: Mark = "present"
    times: str = ""


@dataclass
class ProgressDraft:
    """One active target's rating (None: not rated in this call) and note, with the note's
    sharing state (`school`: kept in school; None: automatic)."""

    target_id: str
    rating: int | None = None
    note: str = ""
    share: Share | None = None


@dataclass
class ActionDraft:
    """One action agreed: what, who, by when (as typed)."""

    text: str = ""
    owner: str = ""
    due: str = ""
    done: bool = False
    share: Share | None = None

    @property
    def blank(self) -> bool:
        return not (self.text.strip() or self.owner.strip() or self.due.strip())


@dataclass
class ConcernDraft:
    """A concern raised in the call, saved with the contact."""

    category: ConcernCategory = "other"
    severity: Severity = "medium"
    description: str = ""
    action_taken: str = ""
    confidential: bool = False
    referred_to_dsl: bool = False


@dataclass
class ContactDraft:
    """Everything the contact form holds, as typed: dates are text until saved."""

    date: str
    method: ContactMethod = "phone"
    provider_staff: str = ""
    school_staff: str = ""
    week_start: str = ""
    sessions: list[SessionDraft] = field(default_factory=list)
    engagement: int | None = None
    progress: list[ProgressDraft] = field(default_factory=list)
    summary: str = ""
    pupil_voice: str = ""
    concerns: list[ConcernDraft] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)
    next_contact: str = ""
    #: The sharing states of the summary and the pupil's voice (absent: automatic).
    summary_share: Share | None = None
    voice_share: Share | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], base: ContactDraft) -> ContactDraft:
        """The draft `data` holds. A field it lacks, or holds in a form this version cannot
        read (a file edited by hand, an older build), keeps `base`'s value: the form as it
        opened, so what can be read comes back and nothing breaks."""

        def text(name: str) -> str:
            value = data.get(name)
            return value if isinstance(value, str) else str(getattr(base, name))

        def items(name: str, read: Any) -> Any:
            value = data.get(name)
            if not isinstance(value, list):
                return getattr(base, name)
            found = [read(item) for item in value if isinstance(item, Mapping)]
            if len(found) != len(value) or any(item is None for item in found):
                return getattr(base, name)
            return found

        def share(name: str) -> Share | None:
            value = data.get(name)
            return value if value in SHARES else None

        method = data.get("method")
        engagement = data.get("engagement", base.engagement)
        return cls(
            date=text("date"),
            method=method if method in CONTACT_METHODS else base.method,
            provider_staff=text("provider_staff"),
            school_staff=text("school_staff"),
            week_start=text("week_start"),
            sessions=items("sessions", _session_from_json),
            engagement=engagement if _is_score(engagement) else base.engagement,
            progress=items("progress", _progress_from_json),
            summary=text("summary"),
            pupil_voice=text("pupil_voice"),
            concerns=items("concerns", _concern_from_json),
            actions=items("actions", _action_from_json),
            next_contact=text("next_contact"),
            summary_share=share("summary_share"),
            voice_share=share("voice_share"),
        )


def _is_score(value: Any) -> bool:
    """None or a whole number 1–5 (a bool is not a number here)."""
    return value is None or (type(value) is int and 1 <= value <= 5)


def _session_from_json(data: Mapping[str, Any]) -> SessionDraft | None:
    day, hours, mark = data.get("day"), data.get("hours"), data.get("mark", "present")
    planned = data.get("planned_hours")
    if not isinstance(day, str) or not isinstance(hours, str) or mark not in MARKS:
        return None
    if isinstance(planned, bool) or not isinstance(planned, int | float):
        return None
    times = data.get("times", "")
    return SessionDraft(
        day=day,
        planned_hours=float(planned),
        hours=hours,
        mark=mark,
        times=times if isinstance(times, str) else "",
    )


def _progress_from_json(data: Mapping[str, Any]) -> ProgressDraft | None:
    target_id, rating, note = data.get("target_id"), data.get("rating"), data.get("note", "")
    if not isinstance(target_id, str) or not _is_score(rating) or not isinstance(note, str):
        return None
    return ProgressDraft(target_id, rating, note, _share_from_json(data))


def _share_from_json(data: Mapping[str, Any]) -> Share | None:
    value = data.get("share")
    return value if value in SHARES else None


def _action_from_json(data: Mapping[str, Any]) -> ActionDraft | None:
    text, owner, due = (data.get(name, "") for name in ("text", "owner", "due"))
    done = data.get("done", False)
    if not all(isinstance(value, str) for value in (text, owner, due)):
        return None
    if not isinstance(done, bool):
        return None
    return ActionDraft(text, owner, due, done, _share_from_json(data))


def _concern_from_json(data: Mapping[str, Any]) -> ConcernDraft | None:
    category, severity = data.get("category"), data.get("severity")
    words = [data.get(name, "") for name in ("description", "action_taken")]
    ticks = [data.get(name, False) for name in ("confidential", "referred_to_dsl")]
    if category not in CONCERN_CATEGORIES or severity not in SEVERITIES:
        return None
    if not all(isinstance(w, str) for w in words) or not all(isinstance(t, bool) for t in ticks):
        return None
    return ConcernDraft(category, severity, words[0], words[1], ticks[0], ticks[1])


@dataclass
class DraftFile:
    """What the draft file beside the data file holds: the form, the contact it edits (with
    the revision it started from) and when the typing started (the wall clock, ISO)."""

    placement_id: str
    draft: ContactDraft
    contact_id: str | None = None
    contact_rev: int | None = None
    started_at: str | None = None
    version: int = DRAFT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "placement_id": self.placement_id,
            "contact_id": self.contact_id,
            "contact_rev": self.contact_rev,
            "started_at": self.started_at,
            "state": self.draft.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], base: ContactDraft) -> DraftFile | None:
        """The draft in `data` (fields it cannot read taken from `base`), or None when it
        is not a draft of this version at all."""
        state = data.get("state")
        placement_id = data.get("placement_id")
        if data.get("version") != DRAFT_VERSION or not isinstance(state, Mapping):
            return None
        contact_id, rev, started = (
            data.get(k) for k in ("contact_id", "contact_rev", "started_at")
        )
        return cls(
            placement_id=placement_id if isinstance(placement_id, str) else "",
            draft=ContactDraft.from_json(state, base),
            contact_id=contact_id if isinstance(contact_id, str) else None,
            contact_rev=rev if type(rev) is int else None,
            started_at=started if isinstance(started, str) else None,
        )


def started_phrase(started_at: str | None, today: date) -> str:
    """`at 10:42` today, `on 26/11/2026 at 10:42` another day, or `earlier`."""
    try:
        when = datetime.fromisoformat(str(started_at))
    except ValueError:
        return "earlier"
    clock = when.strftime("%H:%M")
    if when.date() == today:
        return f"at {clock}"
    return f"on {uk(when.date())} at {clock}"


def status_line(
    caseload: Caseload, placement: Placement, contact: Contact | None, today: date
) -> str:
    """The line under the form's title: who last changed the contact being corrected, or
    when the last contact was and when the next falls due (`!!` once it is overdue)."""
    if contact is not None:
        who = caseload.meta.staff_name(contact.updated_by or contact.created_by) or "?"
        stamp = contact.updated_at or contact.created_at or ""
        try:
            at = datetime.fromisoformat(stamp)
            when = f"{uk(at.date())} {at:%H:%M}"
        except ValueError:
            when = stamp
        return f"last changed by {who}, {when} (revision {contact.rev})"
    status = rules.contact_status(caseload, placement, today)
    if status.last_contact is None:
        head = "no contact logged yet"
    else:
        head = f"last contact {uk(status.last_contact)}"
    if status.overdue:
        return f"!! {head} · overdue since {uk(status.due)}"
    hours = rules.format_hours(placement.hours_per_week)
    return f"{head} · due {uk(status.due)} · {hours} h a week"


# --- opening the form ------------------------------------------------------------------------


def default_week_start(day: date) -> date:
    """The Monday of the week a call on `day` reports: this week, or last week on a Monday."""
    monday = monday_of(day)
    return monday - timedelta(days=7) if day == monday else monday


#: How far back the week is looked for when no week after the last one recorded has had a
#: session yet (a whole school year).
WEEKS_LOOKED_BACK = 52


def session_days(caseload: Caseload, placement: Placement, week: date) -> list[date]:
    """The days of the week beginning `week` with a session scheduled at the placement:
    within the placement's dates and not in a holiday."""
    ends = placement.ended_on or placement.end_date
    days = set()
    for session in placement.schedule:
        day = week + timedelta(days=_day_order(session.day))
        if day < placement.start_date or (ends is not None and day > ends):
            continue
        if not in_holiday(day, caseload.meta.holidays):
            days.add(day)
    return sorted(days)


def had_session(caseload: Caseload, placement: Placement, week: date, today: date) -> bool:
    """Whether a session of the week beginning `week` falls on or before `today`."""
    return any(day <= today for day in session_days(caseload, placement, week))


def likely_week(
    caseload: Caseload, placement: Placement, today: date, exclude_id: str | None = None
) -> date:
    """The Monday of the week a call on `today` most likely reports: the first week after
    the last one recorded that has had a scheduled session by `today`. When none has yet,
    or nothing is recorded, the latest week that has had one (for a recorded week, a
    second call about it); with no sessions at all, this week (last week on a Monday).
    `exclude_id` leaves out the contact being corrected."""
    recorded = [
        rules.week_of(c)
        for c in caseload.contacts_of(placement.id)
        if c.sessions and c.date <= today and c.id != exclude_id
    ]
    week = max(recorded, default=today) + timedelta(days=7)
    while week <= today:
        if had_session(caseload, placement, week, today):
            return week
        week += timedelta(days=7)
    week = monday_of(today)
    for _ in range(WEEKS_LOOKED_BACK):
        if had_session(caseload, placement, week, today):
            return week
        week -= timedelta(days=7)
    return default_week_start(today)


def next_contact_due(caseload: Caseload, placement: Placement, call_on: date) -> date:
    """When the next contact falls due after a call on `call_on`: the rules' contact clock
    for the placement, restarted by this call (holidays not counted)."""
    after = Caseload(meta=caseload.meta)
    after.put(placement)
    after.put(Contact(placement_id=placement.id, date=call_on))
    return rules.contact_status(after, placement, call_on).due


def active_targets(caseload: Caseload, placement_id: str) -> list[Target]:
    return [t for t in caseload.targets_of(placement_id) if t.status == "active"]


def latest_ratings(
    caseload: Caseload,
    placement_id: str,
    *,
    before: date | None = None,
    exclude_id: str | None = None,
) -> dict[str, tuple[int, date]]:
    """Each target's latest rating and the date of the contact that gave it; with `before`,
    from contacts dated on or before it, leaving out the contact `exclude_id`."""
    found: dict[str, tuple[int, date]] = {}
    for contact in caseload.contacts_of(placement_id):  # oldest first: later ones win
        if contact.id == exclude_id or (before is not None and contact.date > before):
            continue
        for item in contact.progress:
            found[item.target_id] = (item.rating, contact.date)
    return found


def _times(start: str, end: str) -> str:
    return f"{start}–{end}"


def no_sessions_reason(caseload: Caseload, placement: Placement, week: date) -> str:
    """Why the week beginning `week` has no session to mark at the placement."""
    days = [week + timedelta(days=DAYS.index(s.day)) for s in placement.schedule if s.day in DAYS]
    if not days:
        return "No sessions are scheduled at this placement, so there is no attendance to mark."
    closed = [h for h in caseload.meta.holidays if any(h.start <= d <= h.end for d in days)]
    if closed:
        names = " and ".join(dict.fromkeys(h.name for h in closed))
        return (
            f"The week of {uk(week)} is a school holiday ({names}): no sessions to mark. "
            "f5/f6 another week."
        )
    if all(d < placement.start_date for d in days):
        return (
            f"The placement's first day is {uk(placement.start_date)}, after the week of "
            f"{uk(week)}: no sessions to mark. f6 a later week."
        )
    ends = placement.ended_on or placement.end_date
    if ends is not None and all(d > ends for d in days):
        return (
            f"The placement's last day is {uk(ends)}, before the week of {uk(week)}: no sessions "
            "to mark. f5 an earlier week."
        )
    return f"No sessions are scheduled in the week of {uk(week)}: f5/f6 another week."


def _day_order(day: str) -> int:
    return DAYS.index(day) if day in DAYS else 7


def week_sessions(
    caseload: Caseload | None, placement: Placement, week: date | None = None
) -> list[SessionDraft]:
    """The sessions of the week beginning `week`, each as attended (every scheduled session
    without `caseload` and `week`): a holiday or a day outside the placement has none."""
    days = (
        {d.weekday() for d in session_days(caseload, placement, week)}
        if caseload and week
        else None
    )
    sessions = sorted(placement.schedule, key=lambda s: (_day_order(s.day), s.start))
    return [
        SessionDraft(
            day=s.day,
            planned_hours=s.hours,
            hours=rules.format_hours(s.hours),
            times=_times(s.start, s.end),
        )
        for s in sessions
        if days is None or _day_order(s.day) in days
    ]


def new_contact_draft(
    caseload: Caseload, placement: Placement, today: date, user: str
) -> ContactDraft:
    """The prefilled form for a new contact at `placement`: today, by phone, the provider's
    contact, this week's sessions as attended, each active target unrated."""
    provider = caseload.provider_of(placement)
    week = likely_week(caseload, placement, today)
    return ContactDraft(
        date=uk(today),
        provider_staff=(provider.contact_name if provider else None) or "",
        school_staff=caseload.meta.staff_name(user),
        week_start=uk(week),
        sessions=week_sessions(caseload, placement, week) or week_sessions(None, placement),
        progress=[ProgressDraft(target_id=t.id) for t in active_targets(caseload, placement.id)],
        next_contact=uk(next_contact_due(caseload, placement, today)),
    )


def contact_draft(caseload: Caseload, placement: Placement, contact: Contact) -> ContactDraft:
    """The form for correcting a saved contact (active targets it did not rate come too)."""
    times: dict[str, str] = {}
    for s in placement.schedule:
        times.setdefault(s.day, _times(s.start, s.end))
    rated = {p.target_id: p for p in contact.progress}
    target_ids = [p.target_id for p in contact.progress]
    target_ids += [t.id for t in active_targets(caseload, placement.id) if t.id not in rated]
    return ContactDraft(
        date=uk(contact.date),
        method=contact.method,
        provider_staff=contact.provider_staff or "",
        school_staff=contact.school_staff or "",
        week_start=uk(contact.week_start, ""),
        sessions=[
            SessionDraft(
                day=s.day,
                planned_hours=s.planned_hours,
                hours=rules.format_hours(s.attended_hours),
                mark=s.mark,
                times=times.get(s.day, ""),
            )
            for s in contact.sessions
        ],
        engagement=contact.engagement,
        progress=[
            ProgressDraft(
                target_id=tid,
                rating=rated[tid].rating if tid in rated else None,
                note=(rated[tid].note or "") if tid in rated else "",
                share=rated[tid].share if tid in rated else None,
            )
            for tid in target_ids
        ],
        summary=contact.summary or "",
        pupil_voice=contact.pupil_voice or "",
        actions=[
            ActionDraft(a.text, a.owner or "", uk(a.due, ""), a.done, a.share)
            for a in contact.actions
        ],
        next_contact=uk(contact.next_contact, ""),
        summary_share=contact.share_of("summary"),
        voice_share=contact.share_of("pupil_voice"),
    )


# --- saving: the draft as records ------------------------------------------------------------


def _date(
    text: str, today: date, label: str, field_id: str, *, required: bool, ahead: bool = False
) -> date | None:
    if not text.strip():
        if required:
            raise DraftError(f"The {label} is empty: type a date such as 27/11/2026.", field_id)
        return None
    try:
        return parse_date(text, today, ahead=ahead)
    except DateError as error:
        raise DraftError(f"The {label}: {error}.", field_id) from None


def build_contact(
    draft: ContactDraft,
    *,
    placement: Placement,
    today: date,
    existing: Contact | None = None,
) -> Contact:
    """The contact the draft describes; raises DraftError with one sentence if it cannot be.

    Each piece of free text keeps its sharing state, except that a release (`all`) lapses
    when the words change: the lead released the words they read (`existing`'s).
    """
    when = _date(draft.date, today, "contact date", "contact-date", required=True)
    assert when is not None
    old = existing or Contact(placement_id=placement.id, date=when)
    if when > today:
        raise DraftError(
            f"The contact date {uk(when)} is after today ({uk(today)}): "
            "log a call on or after the day it happened.",
            "contact-date",
        )
    week = _date(draft.week_start, today, "week of", "contact-week", required=False)
    sessions = []
    for index, row in enumerate(draft.sessions):
        try:
            hours = float(row.hours)
        except ValueError:
            hours = -1.0
        if not 0 <= hours <= 24:
            raise DraftError(
                f"The hours attended on {DAY_NAMES.get(row.day, row.day)} "
                f"({row.hours or 'nothing'}) must be a number from 0 to 24.",
                f"session-{index}",
            )
        sessions.append(
            AttendanceSession(
                day=row.day, planned_hours=row.planned_hours, attended_hours=hours, mark=row.mark
            )
        )
    progress = []
    for index, item in enumerate(draft.progress, start=1):
        note = item.note.strip()
        if item.rating is None:
            if note:
                raise DraftError(
                    f"Target {index} has a note but no rating: press 1–5 to rate it.",
                    f"rating-{index - 1}",
                )
            continue
        before = [(p.note, p.share) for p in old.progress if p.target_id == item.target_id]
        share = released_for_the_same_words(item.share, note, before)
        progress.append(Progress(target_id=item.target_id, rating=item.rating, note=note or None,
                                 share=share if note else None))  # fmt: skip
    actions = []
    for index, action in enumerate(draft.actions, start=1):
        text = action.text.strip()
        owner = action.owner.strip()
        if not text:
            if owner or action.due.strip():
                raise DraftError(
                    f"Action {index} has an owner or due date but no words: say what was agreed.",
                    f"action-text-{index - 1}",
                )
            continue
        due = _date(
            action.due,
            today,
            f"due date of action {index}",
            f"action-due-{index - 1}",
            required=False,
            ahead=True,
        )
        share = released_for_the_same_words(
            action.share, text, [(a.text, a.share) for a in old.actions]
        )
        actions.append(
            Action(text=text, owner=owner or None, due=due, done=action.done, share=share)
        )
    next_contact = _date(
        draft.next_contact, today, "next contact date", "contact-next", required=False, ahead=True
    )
    if next_contact is not None and next_contact < when:
        raise DraftError(
            f"The next contact {uk(next_contact)} is before this call on {uk(when)}.",
            "contact-next",
        )
    summary = draft.summary.strip() or None
    voice = draft.pupil_voice.strip() or None
    shares = ContactShares(
        summary=released_for_the_same_words(
            draft.summary_share, summary, [(old.summary, old.share_of("summary"))]
        )
        if summary
        else None,
        pupil_voice=released_for_the_same_words(
            draft.voice_share, voice, [(old.pupil_voice, old.share_of("pupil_voice"))]
        )
        if voice
        else None,
    )
    fields: dict[str, Any] = {
        "placement_id": placement.id,
        "date": when,
        "method": draft.method,
        "provider_staff": draft.provider_staff.strip() or None,
        "school_staff": draft.school_staff.strip() or None,
        "week_start": monday_of(week) if week else None,
        "sessions": sessions,
        "engagement": draft.engagement,
        "progress": progress,
        "summary": summary,
        "pupil_voice": voice,
        "actions": actions,
        "next_contact": next_contact,
        "shares": shares if shares.summary or shares.pupil_voice else None,
    }
    if existing is not None:
        return existing.model_copy(update=fields)
    return Contact(**fields)


def build_concerns(
    draft: ContactDraft, *, placement: Placement, raised_on: date, user: str
) -> list[Concern]:
    """The concerns raised in the call, as records about the placement's pupil."""
    return [
        Concern(
            pupil_id=placement.pupil_id,
            placement_id=placement.id,
            raised_on=raised_on,
            raised_by=user,
            category=item.category,
            severity=item.severity,
            description=item.description,
            action_taken=item.action_taken or None,
            referred_to_dsl=item.referred_to_dsl,
            confidential=item.confidential,
        )
        for item in draft.concerns
    ]


# --- what the form warns about while you type -----------------------------------------------


def hours_warnings(
    caseload: Caseload,
    pupil_id: str,
    contact: Contact,
    today: date,
    exclude_id: str | None = None,
) -> list[str]:
    """Delivered-hours problems that the contact being typed would raise (from the rules)."""
    base = pupil_caseload(caseload, pupil_id)
    if exclude_id:
        base.remove("contacts", exclude_id)
    before = {
        p.message
        for p in rules.find_problems(base, today)
        if p.code == "HOURS_DELIVERED_OVER_LIMIT" and p.pupil_id == pupil_id
    }
    base.put(contact.model_copy(update={"id": contact.id or "(being typed)"}))
    return [
        f"{p.marker} {p.message}"
        for p in rules.find_problems(base, today)
        if p.code == "HOURS_DELIVERED_OVER_LIMIT"
        and p.pupil_id == pupil_id
        and p.message not in before
    ]


def week_already_recorded(
    caseload: Caseload, contact: Contact, contact_id: str | None
) -> str | None:
    """A warning when another call already recorded attendance for the week this one covers:
    the hour rules add a week's calls together, so the same sessions twice count twice."""
    if not contact.sessions:
        return None
    week = rules.week_of(contact)
    for other in caseload.contacts_of(contact.placement_id):
        if other.id != contact_id and other.sessions and rules.week_of(other) == week:
            return (
                f"! attendance for the week of {uk(week)} is already recorded "
                f"(call on {uk(other.date)}): these sessions add to it — change the week, "
                "or set them to 0 h if this call only follows up"
            )
    return None


#: Each target's latest rating before this call, and the date of the contact that gave it.
LastRatings = dict[str, tuple[int, date]]


def ratings_before(
    caseload: Caseload,
    placement_id: str,
    draft: ContactDraft,
    today: date,
    contact_id: str | None = None,
) -> LastRatings:
    """The ratings "last time" means for this call: those of the contacts up to its date,
    leaving out the contact being corrected."""
    try:
        when = parse_date(draft.date, today)
    except DateError:
        when = today
    return latest_ratings(caseload, placement_id, before=when, exclude_id=contact_id)


def typing_warnings(draft: ContactDraft, last: Mapping[str, tuple[int, date]]) -> list[str]:
    """Unexplained absences and ratings that fell by 2 or more since the last contact."""
    found = []
    for row in draft.sessions:
        if row.mark == "absent_unauthorised":
            day = DAY_NAMES.get(row.day, row.day)[:3]
            found.append(f"! unexplained absence on {day}: follow up today")
    for number, item in enumerate(draft.progress, start=1):
        previous = last.get(item.target_id)
        if previous and item.rating is not None and previous[0] - item.rating >= 2:
            found.append(f"! target {number} dropped from {previous[0]} to {item.rating}")
    return found


def form_warnings(
    caseload: Caseload,
    placement: Placement,
    draft: ContactDraft,
    today: date,
    contact_id: str | None,
    last: Mapping[str, tuple[int, date]],
) -> list[str]:
    """Everything the form warns about now, the gravest first: attendance already recorded
    for the week, hours delivered over the limit, unexplained absences, falling ratings."""
    contact = lenient_contact(draft, placement, today)
    lines = hours_warnings(caseload, placement.pupil_id, contact, today, contact_id)
    twice = week_already_recorded(caseload, contact, contact_id)
    ahead = not_yet_held(draft, contact.week_start, contact.date)
    return (
        ([twice] if twice else [])
        + ([ahead] if ahead else [])
        + lines
        + typing_warnings(draft, last)
    )


#: Marks that say a session happened: wrong for a day after the call.
_HELD = ("present", "late")


def not_yet_held(draft: ContactDraft, week: date | None, call_on: date) -> str | None:
    """A line when sessions on days after the call are marked as attended: their attendance
    cannot be known yet (an absence or a cancellation known in advance may be marked)."""
    if week is None:
        return None
    later = [
        row
        for row in draft.sessions
        if row.mark in _HELD and week + timedelta(days=_day_order(row.day)) > call_on
    ]
    if not later:
        return None
    days = " and ".join(
        f"{DAY_NAMES.get(row.day, row.day)[:3]} {uk(week + timedelta(days=_day_order(row.day)))}"
        for row in later
    )
    verb = "is" if len(later) == 1 else "are"
    return (
        f"! {days} {verb} after the call ({uk(call_on)}) but marked as attended: record "
        "this week once its sessions are over, or press f5 for the week before."
    )


def action_due_problems(draft: ContactDraft, today: date) -> list[str]:
    """A line for each action whose due date cannot be read yet."""
    found = []
    for index, action in enumerate(draft.actions, start=1):
        if action.due.strip():
            try:
                parse_date(action.due, today, ahead=True)
            except DateError as error:
                found.append(f"! action {index} due: {error}")
    return found


def lenient_contact(draft: ContactDraft, placement: Placement, today: date) -> Contact:
    """The contact as far as it can be read yet, for the hours checks while typing."""
    try:
        when = parse_date(draft.date, today)
    except DateError:
        when = today
    try:
        week: date | None = monday_of(parse_date(draft.week_start, today))
    except DateError:
        week = None
    sessions = []
    for row in draft.sessions:
        try:
            hours = float(row.hours)
        except ValueError:
            continue
        if 0 <= hours <= 24:
            sessions.append(
                AttendanceSession(
                    day=row.day,
                    planned_hours=row.planned_hours,
                    attended_hours=hours,
                    mark=row.mark,
                )
            )
    return Contact(placement_id=placement.id, date=when, week_start=week, sessions=sessions)
