"""The caseload as validated pydantic models: one class per table and nested record.

Field names are the data file's (a public interface, see the README); every validator says
what is wrong in words a teacher understands.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from datetime import date, datetime
from itertools import pairwise
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    field_validator,
    model_validator,
)

#: The version this build writes; it reads every version from 1 up to it.
SCHEMA_VERSION = 2

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS: tuple[Day, ...] = DAYS[:5]
DAY_NAMES: dict[str, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

Registration = Literal["unregistered", "registered_school", "la_provision", "fe_college", "other"]
REGISTRATIONS: tuple[Registration, ...] = (
    "unregistered",
    "registered_school",
    "la_provision",
    "fe_college",
    "other",
)
#: A provider's registration in words (the pupil record, the authority's placements list).
REGISTRATION_WORDS: dict[str, str] = {
    "unregistered": "unregistered",
    "registered_school": "registered school",
    "la_provision": "local authority provision",
    "fe_college": "FE college",
    "other": "other",
}
CheckKind = Literal[
    "dbs_training", "insurance", "risk_assessment", "safeguarding_policy", "attendance_reporting"
]
CHECK_KINDS: tuple[CheckKind, ...] = (
    "dbs_training",
    "insurance",
    "risk_assessment",
    "safeguarding_policy",
    "attendance_reporting",
)
CHECK_LABELS: dict[str, str] = {
    "dbs_training": "DBS and training",
    "insurance": "insurance",
    "risk_assessment": "risk assessment",
    "safeguarding_policy": "safeguarding policy",
    "attendance_reporting": "attendance reporting",
}
PlacementStatus = Literal["planned", "active", "ended"]
TargetStatus = Literal["active", "achieved", "dropped"]
ContactMethod = Literal["phone", "video", "visit", "email", "meeting"]
CONTACT_METHODS: tuple[ContactMethod, ...] = ("phone", "video", "visit", "email", "meeting")
Mark = Literal[
    "present", "late", "absent_authorised", "absent_unauthorised", "cancelled_by_provider"
]
MARKS: tuple[Mark, ...] = (
    "present",
    "late",
    "absent_authorised",
    "absent_unauthorised",
    "cancelled_by_provider",
)
MARK_LABELS: dict[str, str] = {
    "present": "present",
    "late": "late",
    "absent_authorised": "absent (authorised)",
    "absent_unauthorised": "absent (unexplained)",
    "cancelled_by_provider": "cancelled by provider",
}
ConcernCategory = Literal[
    "safeguarding",
    "attendance",
    "behaviour",
    "wellbeing",
    "health",
    "learning",
    "provider_quality",
    "other",
]
CONCERN_CATEGORIES: tuple[ConcernCategory, ...] = (
    "safeguarding",
    "attendance",
    "behaviour",
    "wellbeing",
    "health",
    "learning",
    "provider_quality",
    "other",
)
Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")
ConcernStatus = Literal["open", "monitoring", "closed"]
Destination = Literal["full_return", "phased_return", "new_setting", "post16", "other"]
DESTINATIONS: tuple[Destination, ...] = (
    "full_return",
    "phased_return",
    "new_setting",
    "post16",
    "other",
)
#: A piece of free text's sharing state: `school` never leaves the school, `all` is released
#: by the lead; absent means automatic (shared unless it reads like a safeguarding matter).
Share = Literal["school", "all"]
SHARES: tuple[Share, ...] = ("school", "all")
#: Who a concern may be shared with on purpose.
ShareAudience = Literal["provider", "parent"]
SHARE_AUDIENCES: tuple[ShareAudience, ...] = ("provider", "parent")
RegistrationTest = Literal["esa2008", "cwsa2026"]
REGISTRATION_TESTS: tuple[RegistrationTest, ...] = ("esa2008", "cwsa2026")
#: Which law decides when a provider must register as a school, as a problem names it.
REGISTRATION_TEST_NAMES: dict[str, str] = {
    "esa2008": "the 2008 Act's test",
    "cwsa2026": "the 2026 Act's test",
}
#: Each test as the settings screen offers it, and in a sentence: what it is and where it
#: comes from.
REGISTRATION_TEST_LABELS: dict[str, str] = {
    "esa2008": "Education and Skills Act 2008, s.92 (the law now)",
    "cwsa2026": "Children's Wellbeing and Schools Act 2026, s.43 (once in force)",
}
REGISTRATION_TEST_SENTENCES: dict[str, str] = {
    "esa2008": "the law as it stands until s.43 of the 2026 Act is in force: a provider must "
    "register if it educates full-time 5 or more pupils of compulsory school age, or 1 with "
    "an EHC plan or looked after.",
    "cwsa2026": "replaces s.92 once regulations bring it into force: 5 or more pupils, or 1 "
    "who is looked after or has special educational needs (SEN support counts, not only an "
    "EHC plan).",
}
ArrangedBy = Literal["school", "local_authority"]
ARRANGED_BY: tuple[ArrangedBy, ...] = ("school", "local_authority")
ARRANGED_BY_WORDS: dict[str, str] = {
    "school": "the school",
    "local_authority": "the local authority",
}
Decision = Literal["continue", "achieved", "dropped", "revised"]
DECISIONS: tuple[Decision, ...] = ("continue", "achieved", "dropped", "revised")
RATING_WORDS: dict[int, str] = {
    1: "not started",
    2: "emerging",
    3: "developing",
    4: "secure",
    5: "achieved",
}
#: Engagement 1–5 in words, as the screens and the Word note say it.
ENGAGEMENT_WORDS: dict[int, str] = {
    1: "very low",
    2: "low",
    3: "mixed",
    4: "good",
    5: "very good",
}


# --- field types -------------------------------------------------------------------------


# The dates read so far, each kept once: a large file names the same few hundred days
# hundreds of thousands of times, and a date cannot change.
_DATES: dict[str, date] = {}
_DATES_KEPT = 20_000


def _iso_date(value: Any) -> Any:
    """Accept a date or an ISO `YYYY-MM-DD` string, nothing looser (not a number)."""
    # Strings first: a large file holds hundreds of thousands of them. The length and the
    # second dash keep out the other forms `fromisoformat` takes (`20261127`, `2026-W48-5`).
    if type(value) is str:
        known = _DATES.get(value)
        if known is not None:
            return known
        if len(value) == 10 and value[7] == "-":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if len(_DATES) < _DATES_KEPT:
                    _DATES[value] = day
                return day
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"{value!r} is not a real date")
    elif isinstance(value, datetime):
        raise ValueError("must be a date (YYYY-MM-DD), not a date and time")
    elif isinstance(value, date):
        return value
    raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-27")


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]


def _hhmm(value: Any) -> Any:
    # As the file holds it (`09:30`): checked without a regular expression, for speed.
    if (
        type(value) is str
        and len(value) == 5
        and value[2] == ":"
        and "00" <= value[:2] <= "23"
        and "00" <= value[3:] <= "59"
        and value.isascii()
        and value[:2].isdigit()
        and value[3:].isdigit()
    ):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
            return f"{int(m.group(1)):02d}:{m.group(2)}"
    raise ValueError(f"{value!r} is not a time: write it as HH:MM, e.g. 09:30")


HHMM = Annotated[str, BeforeValidator(_hhmm)]


# Checked natively (a large file has two per record); the validation module words the error.
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"


Timestamp = Annotated[str, StringConstraints(pattern=TIMESTAMP_PATTERN)]


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


class SharedFields(set[str]):
    """The names of the fields a record was given, one set for every record given the same
    ones (pydantic keeps a set per instance: on a large file, 40% of the models' memory).

    A model whose fields are assigned to gets a set of its own first (`_Model.__setattr__`);
    a copy of a model gets a copy of the set, which it may change freely.
    """

    __slots__ = ()


_SHARED_FIELDS: dict[frozenset[str], SharedFields] = {}
_SHARED_KEPT = 4096
_RECENT_FIELDS: dict[type, list[SharedFields]] = {}
_RECENT_KEPT = 8
_set_slot = object.__setattr__


class _FieldCount(threading.local):
    """How many fields the models validated in this thread were given, while counted."""

    counting = False
    total = 0


FIELD_COUNT = _FieldCount()


class _Model(BaseModel):
    # No number field takes NaN or infinity (the file's reader refuses them too).
    model_config = ConfigDict(
        extra="forbid", validate_assignment=False, frozen=False, allow_inf_nan=False
    )

    @model_validator(mode="after")
    def _share_fields_set(self) -> Any:
        fields = self.__pydantic_fields_set__
        size = len(fields)
        if FIELD_COUNT.counting:
            FIELD_COUNT.total += size
        # The sets this class shared last are tried first: comparing two sets is a quarter
        # of the cost of hashing one.
        recent = _RECENT_FIELDS.get(type(self))
        if recent is None:
            recent = _RECENT_FIELDS[type(self)] = []
        for shared in recent:
            if len(shared) == size and shared == fields:
                break
        else:
            key = frozenset(fields)
            found = _SHARED_FIELDS.get(key)
            if found is None:
                if len(_SHARED_FIELDS) >= _SHARED_KEPT:
                    return self
                found = _SHARED_FIELDS[key] = SharedFields(key)
            shared = found
            recent.insert(0, shared)
            del recent[_RECENT_KEPT:]
        _set_slot(self, "__pydantic_fields_set__", shared)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self.__pydantic_fields_set__) is SharedFields:
            _set_slot(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if type(self.__pydantic_fields_set__) is SharedFields:
            _set_slot(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__delattr__(name)


# --- nested records ----------------------------------------------------------------------


class Session(_Model):
    """A regular weekly session: at a provider (a placement's schedule) or in school."""

    day: Day
    start: HHMM
    end: HHMM
    label: str | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Session:
        if minutes(self.end) <= minutes(self.start):
            raise ValueError(
                f"the session on {DAY_NAMES[self.day]} ends at {self.end}, "
                f"not after it starts at {self.start}"
            )
        return self

    @property
    def hours(self) -> float:
        return (minutes(self.end) - minutes(self.start)) / 60


def check_sessions(sessions: list[Session]) -> list[Session]:
    """Refuse two sessions that overlap on one day."""
    by_day: dict[str, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.day, []).append(session)
    for day, items in by_day.items():
        items = sorted(items, key=lambda s: minutes(s.start))
        for first, second in pairwise(items):
            if minutes(second.start) < minutes(first.end):
                raise ValueError(
                    f"two sessions overlap on {DAY_NAMES[day]}: "
                    f"{first.start}–{first.end} and {second.start}–{second.end}"
                )
    return sessions


def weekly_hours(sessions: list[Session]) -> float:
    return round(sum(s.hours for s in sessions), 2)


class Holiday(_Model):
    name: str
    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _order(self) -> Holiday:
        if self.end < self.start:
            raise ValueError(f"the holiday {self.name!r} ends before it starts")
        return self


class Check(_Model):
    kind: CheckKind
    received: IsoDate | None = None
    expires: IsoDate | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _order(self) -> Check:
        if self.received and self.expires and self.expires < self.received:
            raise ValueError(f"the {CHECK_LABELS[self.kind]} check expires before it was received")
        return self


class Carer(_Model):
    name: str
    relationship: str | None = None
    phone: str | None = None
    email: str | None = None


class AttendanceSession(_Model):
    day: Day
    planned_hours: float = Field(ge=0, le=24)
    attended_hours: float = Field(ge=0, le=24)
    mark: Mark = "present"


class Progress(_Model):
    target_id: str
    rating: int
    note: str | None = None
    share: Share | None = None

    @field_validator("rating")
    @classmethod
    def _rating(cls, value: int) -> int:
        if not 1 <= value <= 5:
            raise ValueError(f"rating {value} is outside 1–5 (1 not started … 5 achieved)")
        return value


class Action(_Model):
    text: str
    owner: str | None = None
    due: IsoDate | None = None
    done: bool = False
    share: Share | None = None


class ContactShares(_Model):
    """The sharing state of a contact's free-text fields (absent: automatic)."""

    summary: Share | None = None
    pupil_voice: Share | None = None


class TransitionShares(_Model):
    """The sharing state of a transition plan's free text; each list is one item."""

    welcome_plan: Share | None = None
    pupil_views: Share | None = None
    strategies: Share | None = None
    phases: Share | None = None


class ReviewDecision(_Model):
    """What a review decided about one target of the placement."""

    target_id: str
    decision: Decision
    note: str | None = None


class Staff(_Model):
    """One of the school's staff: their OS login and how they are shown."""

    user: str
    name: str
    role: str | None = None

    @property
    def shown(self) -> str:
        """`Mrs A Patel (ALP lead)`, or the name alone when no role is given."""
        return f"{self.name} ({self.role})" if self.role else self.name


class ConcernUpdate(_Model):
    date: IsoDate
    by: str | None = None
    note: str


class Phase(_Model):
    start: IsoDate
    school_hours: float | None = Field(default=None, ge=0, le=60)
    alp_hours: float | None = Field(default=None, ge=0, le=60)
    note: str | None = None


class FollowUp(_Model):
    date: IsoDate
    kind: str | None = None
    by: str | None = None
    done: bool = False
    note: str | None = None


# --- tables --------------------------------------------------------------------------------


#: The settings record's id, when it carries one.
META_ID = "meta"


class Meta(_Model):
    """The one settings document.

    Like every record it may carry an id (`meta`), the stamps and `rev`: all together or
    none (a file written by alp-tui 0.1 has none; the store adds them on its next save).
    """

    TABLE: ClassVar[str] = "meta"

    id: str | None = None
    created_at: Timestamp | None = None
    created_by: str | None = None
    updated_at: Timestamp | None = None
    updated_by: str | None = None
    rev: int = Field(default=0, ge=0)
    schema_version: int = Field(default=SCHEMA_VERSION, ge=1)
    school_name: str = ""
    hour_limit: float = Field(default=18.0, gt=0, le=60)
    hour_warning_margin: float = Field(default=2.0, ge=0, le=60)
    contact_interval_days: int = Field(default=7, ge=1, le=365)
    review_interval_weeks: int = Field(default=6, ge=1, le=52)
    check_warning_days: int = Field(default=30, ge=0, le=365)
    transition_warning_weeks: int = Field(default=4, ge=0, le=52)
    holidays: list[Holiday] = Field(default_factory=list)
    # Settings beyond the schema's named ones: optional, absent in older files.
    export_template: str | None = None
    group_access: bool = False
    # Added in schema version 2.
    registration_test: RegistrationTest = "esa2008"
    notify_la: bool = False
    staff: list[Staff] = Field(default_factory=list)
    export_folder: str | None = None

    @property
    def is_stamped(self) -> bool:
        """Whether the settings carry their id, stamps and rev (a saved version-2 file's do)."""
        return self.rev > 0

    def staff_name(self, user: str | None) -> str:
        """How a login is shown: `Mrs A Patel (ALP lead)` for a known member of staff, else
        the login itself."""
        for member in self.staff:
            if member.user == user:
                return member.shown
        return user or ""


class Record(_Model):
    """Fields every table record carries; the store owns id, stamps and rev."""

    TABLE: ClassVar[str] = ""

    id: str = ""
    created_at: Timestamp | None = None
    created_by: str | None = None
    updated_at: Timestamp | None = None
    updated_by: str | None = None
    rev: int = Field(default=0, ge=0)


class Provider(Record):
    TABLE: ClassVar[str] = "providers"

    name: str
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    on_framework: bool = False
    registration: Registration | None = "unregistered"
    urn: str | None = None
    ukprn: str | None = None
    specialisms: list[str] = Field(default_factory=list)
    age_range: str | None = None
    notes: str | None = None
    retired: bool = False
    checks: list[Check] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a provider needs a name")
        return value.strip()

    @property
    def is_unregistered(self) -> bool:
        return self.registration in (None, "unregistered")


UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_problem(upn: str) -> str | None:
    """Why `upn` is not a valid Unique Pupil Number, or None if it is."""
    if len(upn) != 13:
        return f"the UPN {upn!r} has {len(upn)} characters, not 13"
    first, body, last = upn[0], upn[1:12], upn[12]
    if first not in UPN_LETTERS or not body.isdigit():
        return f"the UPN {upn!r} must be a check letter, 11 digits and a digit or letter"
    if last.isdigit():
        last_value = int(last)
    elif last in UPN_LETTERS:
        last_value = UPN_LETTERS.index(last)
    else:
        return f"the UPN {upn!r} ends in {last!r}, which is not allowed"
    total = sum(int(ch) * weight for weight, ch in enumerate(body, start=2)) + last_value * 13
    expected = UPN_LETTERS[total % 23]
    if expected != first:
        return f"the UPN {upn!r} fails its check letter (expected {expected}): retype it"
    return None


def upn_with_check_letter(digits12: str) -> str:
    """Add the check letter to 12 characters (11 digits and a digit or letter)."""
    body, last = digits12[:11], digits12[11]
    last_value = int(last) if last.isdigit() else UPN_LETTERS.index(last)
    total = sum(int(ch) * weight for weight, ch in enumerate(body, start=2)) + last_value * 13
    return UPN_LETTERS[total % 23] + digits12


class Pupil(Record):
    TABLE: ClassVar[str] = "pupils"

    first_name: str
    last_name: str
    preferred_name: str | None = None
    date_of_birth: IsoDate | None = None
    year_group: int | None = None
    upn: str | None = None
    ehcp: bool = False
    looked_after: bool = False
    child_protection: bool = False
    sen_support: bool = False
    school_lead: str | None = None
    carers: list[Carer] = Field(default_factory=list)
    school_schedule: list[Session] = Field(default_factory=list)
    archived: bool = False
    notes: str | None = None

    @field_validator("first_name", "last_name")
    @classmethod
    def _names(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a pupil needs a first and a last name")
        return value.strip()

    @field_validator("year_group")
    @classmethod
    def _year(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 13:
            raise ValueError(f"year group {value} is outside 1–13")
        return value

    @field_validator("upn")
    @classmethod
    def _upn(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().upper()
        problem = upn_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("school_schedule")
    @classmethod
    def _schedule(cls, value: list[Session]) -> list[Session]:
        return check_sessions(value)

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        """First name and initial, as used in file names: `Jordan B`."""
        return f"{self.preferred_name or self.first_name} {self.last_name[:1]}"


class Placement(Record):
    TABLE: ClassVar[str] = "placements"

    pupil_id: str
    provider_id: str
    status: PlacementStatus = "planned"
    start_date: IsoDate
    end_date: IsoDate | None = None
    ended_on: IsoDate | None = None
    focus: str
    reason: str | None = None
    schedule: list[Session] = Field(default_factory=list)
    contact_interval_days: int | None = Field(default=None, ge=1, le=365)
    review_interval_weeks: int | None = Field(default=None, ge=1, le=52)
    next_review: IsoDate | None = None
    notes: str | None = None
    # Added in schema version 2: who arranged it (null: the school), remote provision, and
    # when the local authority was told of it.
    arranged_by: ArrangedBy | None = None
    online: bool = False
    la_notified_on: IsoDate | None = None

    @field_validator("focus")
    @classmethod
    def _focus(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a placement needs a focus: what the work is for")
        return value.strip()

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: list[Session]) -> list[Session]:
        return check_sessions(value)

    @model_validator(mode="after")
    def _dates(self) -> Placement:
        if self.end_date and self.end_date < self.start_date:
            raise ValueError("the placement's end date is before its start date")
        if self.ended_on and self.ended_on < self.start_date:
            raise ValueError("the placement ended before it started")
        return self

    @property
    def hours_per_week(self) -> float:
        return weekly_hours(self.schedule)

    @property
    def arranged_by_school(self) -> bool:
        return self.arranged_by in (None, "school")

    @property
    def register_code(self) -> str | None:
        """The attendance register code for the provider's sessions (`register_code`)."""
        return register_code(self.arranged_by, self.online)


def register_code(arranged_by: ArrangedBy | None, online: bool) -> str | None:
    """The attendance register code a placement's sessions take: `B` when the school arranged
    it (also when no one recorded who did), `K` when the local authority did; None for online
    provision, which is never B and has no code of its own (the school's attendance policy
    says how to record it)."""
    if online:
        return None
    return "K" if arranged_by == "local_authority" else "B"


class Target(Record):
    TABLE: ClassVar[str] = "targets"

    placement_id: str
    outcome: str | None = None
    description: str
    success_criteria: str | None = None
    baseline: str | None = None
    set_on: IsoDate | None = None
    due: IsoDate | None = None
    status: TargetStatus = "active"
    order: int = 0

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a target needs a description")
        return value.strip()


class Contact(Record):
    TABLE: ClassVar[str] = "contacts"

    placement_id: str
    date: IsoDate
    method: ContactMethod = "phone"
    provider_staff: str | None = None
    school_staff: str | None = None
    week_start: IsoDate | None = None
    sessions: list[AttendanceSession] = Field(default_factory=list)
    engagement: int | None = None
    progress: list[Progress] = Field(default_factory=list)
    summary: str | None = None
    pupil_voice: str | None = None
    actions: list[Action] = Field(default_factory=list)
    next_contact: IsoDate | None = None
    shares: ContactShares | None = None

    @field_validator("engagement")
    @classmethod
    def _engagement(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 5:
            raise ValueError(f"engagement {value} is outside 1–5")
        return value

    @field_validator("week_start")
    @classmethod
    def _monday(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.weekday() != 0:
            raise ValueError(f"week_start {value.isoformat()} is not a Monday")
        return value

    def share_of(self, field: Literal["summary", "pupil_voice"]) -> Share | None:
        """The sharing state of the summary or the pupil's voice (None: automatic)."""
        return getattr(self.shares, field) if self.shares is not None else None

    @property
    def planned_hours(self) -> float:
        return round(sum(s.planned_hours for s in self.sessions), 2)

    @property
    def attended_hours(self) -> float:
        return round(sum(s.attended_hours for s in self.sessions), 2)


class Concern(Record):
    TABLE: ClassVar[str] = "concerns"

    pupil_id: str
    placement_id: str | None = None
    raised_on: IsoDate
    raised_by: str | None = None
    category: ConcernCategory = "other"
    severity: Severity = "medium"
    description: str
    action_taken: str | None = None
    referred_to_dsl: bool = False
    confidential: bool | None = None
    status: ConcernStatus = "open"
    closed_on: IsoDate | None = None
    outcome: str | None = None
    updates: list[ConcernUpdate] = Field(default_factory=list)
    share_with: list[ShareAudience] = Field(default_factory=list)

    @model_validator(mode="after")
    def _defaults(self) -> Concern:
        # Safeguarding detail is confidential unless someone says otherwise.
        if self.confidential is None:
            self.confidential = self.category == "safeguarding"
        if self.closed_on and self.closed_on < self.raised_on:
            raise ValueError("the concern was closed before it was raised")
        return self

    @property
    def is_confidential(self) -> bool:
        return bool(self.confidential)

    def is_shared_with(self, audience: str) -> bool:
        """Whether a provider's or parent's note may carry this concern: only when the lead
        shared it with that audience, and never a safeguarding or confidential one."""
        if self.category == "safeguarding" or self.is_confidential:
            return False
        return audience in self.share_with


class Transition(Record):
    TABLE: ClassVar[str] = "transitions"

    placement_id: str
    destination: Destination = "full_return"
    destination_name: str | None = None
    phases: list[Phase] = Field(default_factory=list)
    welcome_plan: str | None = None
    strategies: list[str] = Field(default_factory=list)
    strategies_shared_on: IsoDate | None = None
    family_informed_on: IsoDate | None = None
    pupil_views: str | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list)
    shares: TransitionShares | None = None

    def share_of(
        self, field: Literal["welcome_plan", "pupil_views", "strategies", "phases"]
    ) -> Share | None:
        """The sharing state of one of the plan's texts (None: automatic)."""
        return getattr(self.shares, field) if self.shares is not None else None


class Review(Record):
    TABLE: ClassVar[str] = "reviews"

    placement_id: str
    date: IsoDate
    attendees: list[str] = Field(default_factory=list)
    summary: str | None = None
    next_review: IsoDate | None = None
    decisions: list[ReviewDecision] = Field(default_factory=list)


class AuditEntry(_Model):
    TABLE: ClassVar[str] = "audit"

    at: Timestamp
    user: str
    action: Literal["create", "update", "delete"]
    table: str
    record_id: str
    summary: str | None = None
    #: The pupil the change is about (none for providers and the settings).
    pupil_id: str | None = None


RECORD_TYPES: tuple[type[Record], ...] = (
    Provider,
    Pupil,
    Placement,
    Target,
    Contact,
    Concern,
    Transition,
    Review,
)
TABLES: dict[str, type[Record]] = {cls.TABLE: cls for cls in RECORD_TYPES}
#: What one record of each table is called in a sentence.
NOUNS: dict[str, str] = {
    "providers": "provider",
    "pupils": "pupil",
    "placements": "placement",
    "targets": "target",
    "contacts": "contact",
    "concerns": "concern",
    "transitions": "transition plan",
    "reviews": "review",
}
ALL_TABLES: tuple[str, ...] = ("meta", *TABLES, "audit")
