"""Weekly contact entry, typed during the phone call with the provider.

The form follows the call: attendance by session, engagement, each active target's rating,
summary and the pupil's voice, concerns raised, actions agreed, the next contact. It opens
prefilled (today, phone, the provider's contact, this week's sessions as attended), keeps a
draft beside the data file a moment after each change, and saves with `ctrl+s` in a worker
so typing never waits for the disk.

`start_contact(screen, pupil_id)` is the way in from other screens.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from alp_tui import rules
from alp_tui.caseload import Caseload
from alp_tui.dates import DateError, monday_of, parse_date, uk
from alp_tui.models import (
    CONCERN_CATEGORIES,
    CONTACT_METHODS,
    DAY_NAMES,
    DAYS,
    RATING_WORDS,
    SEVERITIES,
    Action,
    AttendanceSession,
    Concern,
    Contact,
    Placement,
    Progress,
    Pupil,
    Record,
    Target,
)
from screens.confirm import ConfirmScreen
from screens.messages import CaseloadChanged
from screens.widgets.attendance import AttendanceEditor, AttendanceRow, format_hours
from screens.widgets.rating import ENGAGEMENT_WORDS, ChoicePicker, RatingPicker
from screens.widgets.text import plain, say
from screens.workspace import workspace_of
from store import StoreError, drafts

DRAFT_VERSION = 1
DRAFT_DELAY = 0.6  # seconds after the last change before the draft is written
WARNING_DELAY = 0.15


# --- keys typed ahead -------------------------------------------------------------------------
#
# Over SSH several keys can arrive at once. Textual hands each key to the widget focused when
# the app reads it, and a non-priority binding (like tab) moves the focus only after the key
# has bubbled back up, so `3<tab>4` typed fast would put the 4 where the 3 went. Focus moves
# are therefore priority bindings here, and a key that reached a screen before anything in it
# had focus (typed straight after the key that opened it) is passed on to the focused widget.

FOCUS_BINDINGS = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]


def pass_key_to_focus(screen: Screen[Any], event: events.Key) -> None:
    """Give a key that landed on `screen` itself to its focused widget, once."""
    focused = screen.focused
    if focused is None or getattr(event, "_passed_on", False):
        return
    event.stop()
    event.prevent_default()
    again = events.Key(event.key, event.character)
    again._passed_on = True  # type: ignore[attr-defined]
    again.set_sender(screen.app)
    # As the app forwards keys: when it bubbles back up, the app only checks its bindings.
    again._set_forwarded()
    focused.post_message(again)


# --- the form's state, as plain JSON-able data (also what a draft holds) ------------------


class FormError(ValueError):
    """What stops the form being saved: one sentence, and the field to go back to."""

    def __init__(self, message: str, field_id: str | None = None) -> None:
        super().__init__(message)
        self.field_id = field_id


def default_week_start(day: date) -> date:
    """The Monday of the week a call on `day` reports: this week, or last week on a Monday."""
    monday = monday_of(day)
    return monday - timedelta(days=7) if day == monday else monday


def _session_times(start: str, end: str) -> str:
    return f"{start}–{end}"


def _day_order(day: str) -> int:
    return DAYS.index(day) if day in DAYS else 7


def next_contact_due(caseload: Caseload, placement: Placement, call_on: date) -> date:
    """When the next contact falls due after a call on `call_on`: the rules' contact clock
    for the placement, restarted by this call (holidays not counted)."""
    after = Caseload(meta=caseload.meta)
    after.put(placement)
    after.put(Contact(placement_id=placement.id, date=call_on))
    return rules.contact_status(after, placement, call_on).due


def new_contact_state(
    caseload: Caseload, placement: Placement, today: date, user: str
) -> dict[str, Any]:
    """The prefilled form for a new contact at `placement`."""
    provider = caseload.provider_of(placement)
    sessions = sorted(placement.schedule, key=lambda s: (_day_order(s.day), s.start))
    return {
        "date": uk(today),
        "method": "phone",
        "provider_staff": (provider.contact_name if provider else None) or "",
        "school_staff": user,
        "week_start": uk(default_week_start(today)),
        "sessions": [
            {
                "day": s.day,
                "times": _session_times(s.start, s.end),
                "planned_hours": s.hours,
                "hours": format_hours(s.hours),
                "mark": "present",
            }
            for s in sessions
        ],
        "engagement": None,
        "progress": [
            {"target_id": t.id, "rating": None, "note": ""}
            for t in active_targets(caseload, placement.id)
        ],
        "summary": "",
        "pupil_voice": "",
        "concerns": [],
        "actions": [],
        "next_contact": uk(next_contact_due(caseload, placement, today)),
    }


def contact_state(caseload: Caseload, placement: Placement, contact: Contact) -> dict[str, Any]:
    """The form for editing a saved contact."""
    times: dict[str, str] = {}
    for s in placement.schedule:
        times.setdefault(s.day, _session_times(s.start, s.end))
    rated = {p.target_id: p for p in contact.progress}
    target_ids = [p.target_id for p in contact.progress]
    target_ids += [t.id for t in active_targets(caseload, placement.id) if t.id not in rated]
    return {
        "date": uk(contact.date),
        "method": contact.method,
        "provider_staff": contact.provider_staff or "",
        "school_staff": contact.school_staff or "",
        "week_start": uk(contact.week_start) if contact.week_start else "",
        "sessions": [
            {
                "day": s.day,
                "times": times.get(s.day, ""),
                "planned_hours": s.planned_hours,
                "hours": format_hours(s.attended_hours),
                "mark": s.mark,
            }
            for s in contact.sessions
        ],
        "engagement": contact.engagement,
        "progress": [
            {
                "target_id": tid,
                "rating": rated[tid].rating if tid in rated else None,
                "note": (rated[tid].note or "") if tid in rated else "",
            }
            for tid in target_ids
        ],
        "summary": contact.summary or "",
        "pupil_voice": contact.pupil_voice or "",
        "concerns": [],
        "actions": [
            {
                "text": a.text,
                "owner": a.owner or "",
                "due": uk(a.due) if a.due else "",
                "done": a.done,
            }
            for a in contact.actions
        ],
        "next_contact": uk(contact.next_contact) if contact.next_contact else "",
    }


def active_targets(caseload: Caseload, placement_id: str) -> list[Target]:
    return [t for t in caseload.targets_of(placement_id) if t.status == "active"]


def _date(
    text: str, today: date, label: str, field_id: str, *, required: bool, ahead: bool = False
) -> date | None:
    if not text.strip():
        if required:
            raise FormError(f"The {label} is empty: type a date such as 27/11/2026.", field_id)
        return None
    try:
        return parse_date(text, today, ahead=ahead)
    except DateError as error:
        raise FormError(f"The {label}: {error}.", field_id) from None


def build_contact(
    state: dict[str, Any],
    *,
    placement: Placement,
    today: date,
    existing: Contact | None = None,
) -> Contact:
    """The contact the form describes; raises FormError with one sentence if it cannot be."""
    when = _date(state["date"], today, "contact date", "contact-date", required=True)
    assert when is not None
    if when > today:
        raise FormError(
            f"The contact date {uk(when)} is after today ({uk(today)}): "
            "log a call on or after the day it happened.",
            "contact-date",
        )
    week = _date(state["week_start"], today, "week of", "contact-week", required=False)
    sessions = []
    for index, row in enumerate(state["sessions"]):
        try:
            hours = float(row["hours"])
        except ValueError:
            hours = -1.0
        if not 0 <= hours <= 24:
            raise FormError(
                f"The hours attended on {DAY_NAMES.get(row['day'], row['day'])} "
                f"({row['hours'] or 'nothing'}) must be a number from 0 to 24.",
                f"session-{index}",
            )
        sessions.append(
            AttendanceSession(
                day=row["day"],
                planned_hours=row["planned_hours"],
                attended_hours=hours,
                mark=row["mark"],
            )
        )
    progress = []
    for index, item in enumerate(state["progress"], start=1):
        note = item["note"].strip()
        if item["rating"] is None:
            if note:
                raise FormError(
                    f"Target {index} has a note but no rating: press 1–5 to rate it.",
                    f"rating-{index - 1}",
                )
            continue
        progress.append(
            Progress(target_id=item["target_id"], rating=item["rating"], note=note or None)
        )
    actions = []
    for index, item in enumerate(state["actions"], start=1):
        text = item["text"].strip()
        owner = item["owner"].strip()
        if not text:
            if owner or item["due"].strip():
                raise FormError(
                    f"Action {index} has an owner or due date but no words: say what was agreed.",
                    f"action-text-{index - 1}",
                )
            continue
        due = _date(
            item["due"],
            today,
            f"due date of action {index}",
            f"action-due-{index - 1}",
            required=False,
            ahead=True,
        )
        actions.append(Action(text=text, owner=owner or None, due=due, done=bool(item.get("done"))))
    next_contact = _date(
        state["next_contact"],
        today,
        "next contact date",
        "contact-next",
        required=False,
        ahead=True,
    )
    if next_contact is not None and next_contact < when:
        raise FormError(
            f"The next contact {uk(next_contact)} is before this call on {uk(when)}.",
            "contact-next",
        )
    fields: dict[str, Any] = {
        "placement_id": placement.id,
        "date": when,
        "method": state["method"],
        "provider_staff": state["provider_staff"].strip() or None,
        "school_staff": state["school_staff"].strip() or None,
        "week_start": monday_of(week) if week else None,
        "sessions": sessions,
        "engagement": state["engagement"],
        "progress": progress,
        "summary": state["summary"].strip() or None,
        "pupil_voice": state["pupil_voice"].strip() or None,
        "actions": actions,
        "next_contact": next_contact,
    }
    if existing is not None:
        return existing.model_copy(update=fields)
    return Contact(**fields)


def build_concerns(
    state: dict[str, Any], *, placement: Placement, raised_on: date, user: str
) -> list[Concern]:
    return [
        Concern(
            pupil_id=placement.pupil_id,
            placement_id=placement.id,
            raised_on=raised_on,
            raised_by=user,
            category=item["category"],
            severity=item["severity"],
            description=item["description"],
            action_taken=item.get("action_taken") or None,
            referred_to_dsl=bool(item["referred_to_dsl"]),
            confidential=bool(item["confidential"]),
        )
        for item in state["concerns"]
    ]


# --- what the form warns about while you type ---------------------------------------------


def last_ratings(
    caseload: Caseload, placement_id: str, before: date, exclude_id: str | None = None
) -> dict[str, tuple[int, date]]:
    """Each target's latest rating from contacts dated on or before `before`."""
    found: dict[str, tuple[int, date]] = {}
    for contact in caseload.contacts_of(placement_id):
        if contact.id == exclude_id or contact.date > before:
            continue
        for item in contact.progress:
            found[item.target_id] = (item.rating, contact.date)
    return found


def pupil_caseload(caseload: Caseload, pupil_id: str) -> Caseload:
    """A copy holding one pupil's records: enough for their own problems, cheap to build."""
    part = Caseload(meta=caseload.meta)
    pupil = caseload.pupils.get(pupil_id)
    if pupil is not None:
        part.pupils[pupil.id] = pupil
    for placement in caseload.placements_of(pupil_id):
        part.placements[placement.id] = placement
        provider = caseload.provider_of(placement)
        if provider is not None:
            part.providers[provider.id] = provider
        for contact in caseload.contacts_of(placement.id):
            part.contacts[contact.id] = contact
        for target in caseload.targets_of(placement.id):
            part.targets[target.id] = target
    return part


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


def typing_warnings(
    state: dict[str, Any], last: dict[str, tuple[int, date]], numbers: dict[str, int]
) -> list[str]:
    """Unexplained absences and ratings that fell by 2 or more since the last contact."""
    found = []
    for row in state["sessions"]:
        if row["mark"] == "absent_unauthorised":
            day = DAY_NAMES.get(row["day"], row["day"])[:3]
            found.append(f"! unexplained absence on {day}: follow up today")
    for item in state["progress"]:
        previous = last.get(item["target_id"])
        rating = item["rating"]
        if previous and rating is not None and previous[0] - rating >= 2:
            number = numbers.get(item["target_id"], 0)
            found.append(f"! target {number} dropped from {previous[0]} to {rating}")
    return found


def _lenient_contact(state: dict[str, Any], placement: Placement, today: date) -> Contact:
    """The contact as far as it can be read yet, for the hours check while typing."""
    try:
        when = parse_date(state["date"], today)
    except DateError:
        when = today
    try:
        week: date | None = monday_of(parse_date(state["week_start"], today))
    except DateError:
        week = None
    sessions = []
    for row in state["sessions"]:
        try:
            hours = float(row["hours"])
        except ValueError:
            continue
        if 0 <= hours <= 24:
            sessions.append(
                AttendanceSession(
                    day=row["day"],
                    planned_hours=row["planned_hours"],
                    attended_hours=hours,
                    mark=row["mark"],
                )
            )
    return Contact(placement_id=placement.id, date=when, week_start=week, sessions=sessions)


# --- small parts of the form ---------------------------------------------------------------


AHEAD_FIELDS = ("contact-next",)


def _date_hint(text: str, today: date, *, ahead: bool = False) -> Text:
    if not text.strip():
        return Text("")
    try:
        value = parse_date(text, today, ahead=ahead)
    except DateError as error:
        return Text(f"! {error}", style="bold")
    return Text(f"{DAY_NAMES[DAYS[value.weekday()]][:3]} {uk(value)}")


def concern_line(item: dict[str, Any]) -> Text:
    marker = "!!" if item["category"] == "safeguarding" or item["severity"] == "high" else "!"
    flags = []
    if item.get("confidential"):
        flags.append("confidential")
    if item.get("referred_to_dsl"):
        flags.append("referred to DSL")
    head = " · ".join([item["category"].replace("_", " "), item["severity"], *flags])
    return Text(f"{marker} {head} — {item['description']}")


class ConcernItem(Static, can_focus=True):
    """A concern raised in this call: enter edits it, delete removes it."""

    BINDINGS = [
        Binding("enter", "edit", "Edit concern", id="concern.edit"),
        Binding("delete,backspace", "remove", "Remove concern", id="concern.remove"),
    ]

    @dataclass
    class Edit(Message):
        item: ConcernItem

    @dataclass
    class Remove(Message):
        item: ConcernItem

    def __init__(self, concern: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(concern_line(concern), **kwargs)
        self.concern = concern

    def action_edit(self) -> None:
        self.post_message(self.Edit(self))

    def action_remove(self) -> None:
        self.post_message(self.Remove(self))


class ActionRow(Horizontal):
    """One action agreed: what, who, by when."""

    def __init__(self, index: int, action: dict[str, Any] | None = None) -> None:
        super().__init__(classes="action-row")
        self.index = index
        self.action = action or {"text": "", "owner": "", "due": "", "done": False}

    def compose(self) -> ComposeResult:
        yield Input(
            self.action["text"],
            placeholder="action agreed",
            id=f"action-text-{self.index}",
            classes="action-text",
            compact=True,
        )
        yield Input(
            self.action["owner"],
            placeholder="who",
            id=f"action-owner-{self.index}",
            classes="action-owner",
            compact=True,
        )
        yield Input(
            self.action["due"],
            placeholder="due",
            id=f"action-due-{self.index}",
            classes="action-due date",
            compact=True,
        )

    def value(self) -> dict[str, Any]:
        if not self.query(".action-due"):
            # Just mounted and not composed yet: it holds what it was given.
            return dict(self.action)
        return {
            "text": self.query_one(".action-text", Input).value,
            "owner": self.query_one(".action-owner", Input).value,
            "due": self.query_one(".action-due", Input).value,
            "done": bool(self.action.get("done")),
        }


def _blank(action: dict[str, Any]) -> bool:
    return not (action["text"].strip() or action["owner"].strip() or action["due"].strip())


# --- dialogs -------------------------------------------------------------------------------


class TickBox(Checkbox):
    """A checkbox that shows `[x]` or `[ ]`: Textual's own tells ticked from not by colour
    only, which a monochrome terminal cannot show."""

    @property
    def _button(self) -> Content:
        return Content("[x]" if self.value else "[ ]")


class ConcernDialog(ModalScreen[dict[str, Any] | None]):
    """Raise (or change) a concern during the call. Making it safeguarding ticks
    Confidential and Referred to the DSL; taking Confidential off a safeguarding concern
    asks first. Dismisses with the concern's fields, or None."""

    CSS_PATH = "contact.tcss"

    BINDINGS = [
        *FOCUS_BINDINGS,
        Binding(
            "ctrl+s",
            "done",
            "Add concern",
            tooltip="Add the concern",
            id="concern.add",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", id="concern.cancel"),
        Binding("enter", "enter", "Next field", show=False, priority=True),
    ]

    def __init__(self, concern: dict[str, Any] | None = None, *, who: str = "") -> None:
        super().__init__()
        self._concern = concern or {
            "category": "other",
            "severity": "medium",
            "description": "",
            "action_taken": "",
            "confidential": False,
            "referred_to_dsl": False,
        }
        self._who = who
        # The ticks as they were before the category became safeguarding and ticked both,
        # so moving straight on to another category can put them back.
        self._ticks_before: tuple[bool, bool] | None = None

    def compose(self) -> ComposeResult:
        c = self._concern
        with Vertical(id="concern-box") as box:
            box.border_title = plain(f"Concern about {self._who}" if self._who else "Concern")
            with Horizontal(classes="field-row"):
                yield Label("Category", classes="field-label")
                yield ChoicePicker(
                    [(v, v.replace("_", " ")) for v in CONCERN_CATEGORIES],
                    c["category"],
                    id="concern-category",
                )
            with Horizontal(classes="field-row"):
                yield Label("Severity", classes="field-label")
                yield ChoicePicker(
                    [(v, v) for v in SEVERITIES], c["severity"], id="concern-severity"
                )
            with Horizontal(classes="field-row"):
                yield Label("What", classes="field-label")
                yield Input(
                    c["description"],
                    placeholder="what the provider reported",
                    id="concern-description",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("Action taken", classes="field-label")
                yield Input(
                    c.get("action_taken") or "",
                    placeholder="optional",
                    id="concern-action",
                    compact=True,
                )
            with Horizontal(classes="field-row tick-row"):
                yield TickBox(
                    "Confidential", c["confidential"], id="concern-confidential", compact=True
                )
                yield TickBox(
                    "Referred to the DSL", c["referred_to_dsl"], id="concern-dsl", compact=True
                )
            yield Static(
                "a letter picks: s safeguarding, w wellbeing, b behaviour… · ctrl+s adds",
                classes="hint",
            )
            with Horizontal(id="concern-buttons"):
                yield Button("Cancel", id="concern-cancel")
                yield Button("Add (ctrl+s)", id="concern-ok", variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#concern-category"))

    def _ticks(self) -> tuple[bool, bool]:
        return (
            self.query_one("#concern-confidential", Checkbox).value,
            self.query_one("#concern-dsl", Checkbox).value,
        )

    def _set_ticks(self, confidential: bool, dsl: bool) -> None:
        self.query_one("#concern-confidential", Checkbox).value = confidential
        self.query_one("#concern-dsl", Checkbox).value = dsl

    @on(ChoicePicker.Changed, "#concern-category")
    def _category(self, event: ChoicePicker.Changed) -> None:
        if not self.is_mounted:
            return
        if event.value == "safeguarding":
            # Whatever was ticked before, on a new concern or an edited one: safeguarding
            # detail is confidential and goes to the DSL unless someone says otherwise.
            if self._ticks_before is None:
                self._ticks_before = self._ticks()
            self._set_ticks(True, True)
        elif self._ticks_before is not None:
            # Straight on to another category: put back the ticks safeguarding replaced,
            # unless someone has changed them since.
            if self._ticks() == (True, True):
                self._set_ticks(*self._ticks_before)
            self._ticks_before = None

    @on(Checkbox.Changed, "#concern-confidential")
    def _confidential_changed(self, event: Checkbox.Changed) -> None:
        category = self.query_one("#concern-category", ChoicePicker).value
        if event.value or category != "safeguarding":
            return

        def answer(untick: bool | None) -> None:
            if not untick:
                event.checkbox.value = True

        self.app.push_screen(
            ConfirmScreen(
                "Mark this safeguarding concern not confidential? Its detail would then "
                "reach provider and parent notes.",
                yes="Not confidential",
                no="Keep it confidential",
                title="Safeguarding",
            ),
            answer,
        )

    def action_enter(self) -> None:
        """Enter moves on from a text field (and adds the concern from the last one)."""
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        if focused.id == "concern-action":
            self.action_done()
        else:
            self.focus_next()

    def on_key(self, event: events.Key) -> None:
        pass_key_to_focus(self, event)

    def _value(self) -> dict[str, Any]:
        return {
            "category": self.query_one("#concern-category", ChoicePicker).value,
            "severity": self.query_one("#concern-severity", ChoicePicker).value,
            "description": self.query_one("#concern-description", Input).value.strip(),
            "action_taken": self.query_one("#concern-action", Input).value.strip(),
            "confidential": self.query_one("#concern-confidential", Checkbox).value,
            "referred_to_dsl": self.query_one("#concern-dsl", Checkbox).value,
        }

    @on(Button.Pressed, "#concern-ok")
    def action_done(self) -> None:
        # After any keys the focused field has still to take in.
        (self.focused or self).call_later(self._done_now)

    def _done_now(self) -> None:
        value = self._value()
        if not value["description"]:
            say(self, "Say what the concern is before adding it.", severity="error")
            self.query_one("#concern-description").focus()
            return
        self.dismiss(value)

    @on(Button.Pressed, "#concern-cancel")
    def action_cancel(self) -> None:
        if not self._value()["description"]:
            self.dismiss(None)
            return

        def answer(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Drop this concern? What you typed in it is lost.", yes="Drop"),
            answer,
        )


class PlacementPicker(ModalScreen[str | None]):
    """Which placement a contact is for, when a pupil has several active ones.
    Dismisses with the placement id, or None."""

    CSS_PATH = "contact.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="placement_picker.cancel")]

    def __init__(self, pupil_id: str) -> None:
        super().__init__()
        self._pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        ws = workspace_of(self)
        caseload = ws.caseload
        pupil = caseload.pupils[self._pupil_id]
        options = []
        for number, placement in enumerate(caseload.active_placements_of(pupil.id), start=1):
            provider = caseload.provider_of(placement)
            days = ", ".join(DAY_NAMES[s.day][:3] for s in placement.schedule)
            contacts = caseload.contacts_of(placement.id)
            last = f"last contact {uk(contacts[-1].date)}" if contacts else "no contact yet"
            label = Text(
                f"{number}. {provider.name if provider else '?'} — "
                f"{days or 'no sessions'} ({format_hours(placement.hours_per_week)} h), {last}"
            )
            options.append(Option(label, id=placement.id))
        with Vertical(id="picker-box") as box:
            box.border_title = plain(f"Which provider did you speak to about {pupil.display_name}?")
            yield OptionList(*options, id="picker-list")
            yield Static("enter or 1–9 picks · escape cancels", classes="hint")

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char and char.isdigit() and char != "0":
            option_list = self.query_one(OptionList)
            index = int(char) - 1
            if index < option_list.option_count:
                event.stop()
                self.dismiss(option_list.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# --- the screen ----------------------------------------------------------------------------


class ContactScreen(Screen[str | None]):
    """Log (or, with `contact_id`, edit) a weekly contact for one placement.

    Dismisses with the saved contact's id, or None when left without saving.
    """

    CSS_PATH = "contact.tcss"
    AUTO_FOCUS = None

    BINDINGS = [
        *FOCUS_BINDINGS,
        Binding("enter", "enter", "Next field", show=False, priority=True),
        # Priority, so keys typed after it are not taken by a field first; the save itself
        # waits for the keys typed before it (see action_save).
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the contact",
            id="contact.save",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "raise_concern",
            "Concern",
            tooltip="Raise a concern from this call",
            id="contact.concern",
            priority=True,
        ),
        Binding("escape", "leave", "Back", tooltip="Back (asks if unsaved)", id="contact.back"),
        Binding(
            "f8",
            "discard",
            "Discard",
            tooltip="Throw away this contact and its draft",
            id="contact.discard",
            show=False,
        ),
    ]

    @dataclass
    class Saved(Message):
        records: list[Record]
        state: dict[str, Any]

    @dataclass
    class SaveFailed(Message):
        message: str

    @dataclass
    class DraftFound(Message):
        draft: dict[str, Any]

    def __init__(self, placement_id: str, contact_id: str | None = None) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.contact_id = contact_id
        self._contact: Contact | None = None
        self._caseload: Caseload | None = None
        self._state: dict[str, Any] = {}
        self._baseline: dict[str, Any] | None = None
        self._auto: dict[str, str] = {}
        self._started_at: str | None = None
        self._saving = False
        self._draft_timer: Timer | None = None
        self._warning_timer: Timer | None = None
        self._draft_lock = threading.Lock()
        self._draft_seq = 0
        self._draft_written_seq = 0
        self._draft_on_disk = False
        self._last: dict[str, tuple[int, date]] = {}
        self._numbers: dict[str, int] = {}
        self._targets: dict[str, Target] = {}
        self._leaving = False
        self.warnings: list[str] = []
        """The warnings showing under the form now."""

    # --- set-up --------------------------------------------------------------------------

    @property
    def placement(self) -> Placement:
        return self.caseload.placements[self.placement_id]

    @property
    def pupil(self) -> Pupil:
        return self.caseload.pupils[self.placement.pupil_id]

    @property
    def caseload(self) -> Caseload:
        """The snapshot the form opened on. Kept for the whole call: a save elsewhere must
        not make the form re-read (and re-judge) the whole caseload while someone types."""
        if self._caseload is None:
            self._caseload = workspace_of(self).caseload
        return self._caseload

    @property
    def draft_key(self) -> str:
        return drafts.draft_key(self.placement_id, self.contact_id)

    def _prepare(self) -> None:
        ws = workspace_of(self)
        caseload = self.caseload
        placement = caseload.placements[self.placement_id]
        if self.contact_id:
            self._contact = caseload.contacts[self.contact_id]
            self._state = contact_state(caseload, placement, self._contact)
        else:
            self._state = new_contact_state(caseload, placement, ws.today, ws.user)
        self._remember_targets(caseload)

    def _remember_targets(self, caseload: Caseload) -> None:
        ws = workspace_of(self)
        self._targets = {
            item["target_id"]: caseload.targets[item["target_id"]]
            for item in self._state["progress"]
            if item["target_id"] in caseload.targets
        }
        self._numbers = {
            item["target_id"]: number
            for number, item in enumerate(self._state["progress"], start=1)
        }
        try:
            when = parse_date(self._state["date"], ws.today)
        except DateError:
            when = ws.today
        # "Last" means before this call: for an edit, the contacts up to the edited one.
        self._last = last_ratings(caseload, self.placement_id, when, exclude_id=self.contact_id)

    def compose(self) -> ComposeResult:
        if not self._state:
            self._prepare()
        ws = workspace_of(self)
        caseload = self.caseload
        placement = caseload.placements[self.placement_id]
        pupil = caseload.pupils[placement.pupil_id]
        provider = caseload.provider_of(placement)
        state = self._state
        year = f" (Y{pupil.year_group})" if pupil.year_group else ""
        verb = (
            f"Editing the contact of {uk(self._contact.date)}"
            if self._contact
            else "Weekly contact"
        )
        yield Static(
            Text(f"{verb} · {pupil.display_name}{year} · {provider.name if provider else '?'}"),
            id="contact-title",
        )
        yield Static(self._status_line(), id="contact-status")
        with VerticalScroll(id="contact-form"):
            with Horizontal(classes="field-row"):
                yield Label("Call on", classes="field-label")
                yield Input(state["date"], id="contact-date", classes="date", compact=True)
                yield Static(
                    _date_hint(state["date"], ws.today), id="contact-date-hint", classes="hint"
                )
                yield Label("by", classes="field-label-short")
                yield ChoicePicker(
                    [(m, m) for m in CONTACT_METHODS], state["method"], id="contact-method"
                )
            with Horizontal(classes="field-row"):
                yield Label("Spoke to", classes="field-label")
                yield Input(
                    state["provider_staff"],
                    placeholder="provider's staff",
                    id="contact-provider-staff",
                    compact=True,
                )
                yield Label("logged by", classes="field-label-short")
                yield Input(
                    state["school_staff"],
                    placeholder="school staff",
                    id="contact-school-staff",
                    compact=True,
                )
            yield Static("Attendance", classes="section")
            with Horizontal(classes="field-row"):
                yield Label("Week of", classes="field-label")
                yield Input(state["week_start"], id="contact-week", classes="date", compact=True)
                yield Static(
                    _date_hint(state["week_start"], ws.today),
                    id="contact-week-hint",
                    classes="hint",
                )
            yield AttendanceEditor(
                [
                    AttendanceRow(
                        row["day"],
                        row["planned_hours"],
                        mark=row["mark"],
                        times=row["times"],
                        hours_text=row["hours"],
                        id=f"session-{index}",
                    )
                    for index, row in enumerate(state["sessions"])
                ],
                id="attendance",
            )
            with Horizontal(classes="field-row"):
                yield Label("Engagement", classes="field-label")
                yield RatingPicker(
                    state["engagement"],
                    words=ENGAGEMENT_WORDS,
                    placeholder="press 1–5",
                    id="contact-engagement",
                )
            yield Static("Targets", classes="section")
            if not state["progress"]:
                yield Static("This placement has no active targets to rate.", classes="hint")
            for index, item in enumerate(state["progress"]):
                target = self._targets.get(item["target_id"])
                description = target.description if target else item["target_id"]
                last = self._last.get(item["target_id"])
                last_text = (
                    f"last {last[0]} {RATING_WORDS[last[0]]} {uk(last[1])[:5]}"
                    if last
                    else "not rated before"
                )
                yield Static(
                    Text(f"{index + 1}. {description}"),
                    classes="target-title",
                )
                with Horizontal(classes="field-row target-row"):
                    yield RatingPicker(item["rating"], placeholder="rate 1–5", id=f"rating-{index}")
                    yield Static(Text(last_text), classes="last-rating")
                    yield Input(
                        item["note"],
                        placeholder="note",
                        id=f"note-{index}",
                        classes="target-note",
                        compact=True,
                    )
            yield Static("Summary", classes="section")
            yield TextArea(
                state["summary"],
                id="contact-summary",
                compact=True,
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
            )
            with Horizontal(classes="field-row"):
                yield Label("Pupil voice", classes="field-label")
                yield Input(
                    state["pupil_voice"],
                    placeholder="what the pupil said",
                    id="contact-voice",
                    compact=True,
                )
            yield Static("Concerns raised", classes="section")
            with Vertical(id="concerns"):
                for item in state["concerns"]:
                    yield ConcernItem(item, classes="concern-item")
            yield Button("+ raise a concern (ctrl+r)", id="add-concern", compact=True)
            yield Static("Actions agreed", classes="section")
            with Vertical(id="actions"):
                actions = [a for a in state["actions"] if not _blank(a)]
                for index, action in enumerate(actions):
                    yield ActionRow(index, action)
                yield ActionRow(len(actions))
            yield Static("", id="actions-hint", classes="hint")
            with Horizontal(classes="field-row"):
                yield Label("Next contact", classes="field-label")
                yield Input(state["next_contact"], id="contact-next", classes="date", compact=True)
                yield Static(
                    _date_hint(state["next_contact"], ws.today, ahead=True),
                    id="contact-next-hint",
                    classes="hint",
                )
        yield Static("", id="contact-warnings")
        yield Footer()

    def _status_line(self) -> Text:
        ws = workspace_of(self)
        caseload = self.caseload
        placement = caseload.placements[self.placement_id]
        if self._contact is not None:
            contact = self._contact
            who = contact.updated_by or contact.created_by or "?"
            stamp = contact.updated_at or contact.created_at or ""
            try:
                at = datetime.fromisoformat(stamp)
                when = f"{uk(at.date())} {at:%H:%M}"
            except ValueError:
                when = stamp
            return Text(f"last changed by {who}, {when} (revision {contact.rev})")
        try:
            status = rules.contact_status(caseload, placement, ws.today)
        except Exception:  # a status line is not worth stopping the form for
            return Text("")
        if status.last_contact is None:
            head = "no contact logged yet"
        else:
            head = f"last contact {uk(status.last_contact)}"
        if status.overdue:
            return Text(f"!! {head} · overdue since {uk(status.due)}", style="bold")
        hours = format_hours(placement.hours_per_week)
        return Text(f"{head} · due {uk(status.due)} · {hours} h a week")

    def on_mount(self) -> None:
        self._after_compose()
        self._look_for_draft()

    def _after_compose(self) -> None:
        self._auto = {
            "contact-week": self._state["week_start"],
            "contact-next": self._state["next_contact"],
        }
        if self._contact is not None:
            self._auto = {}
        if self._baseline is None:
            self._baseline = self.collect_state()
        rows = self.query(AttendanceRow)
        first: Widget = rows.first() if rows else self.query_one("#contact-engagement")
        self.set_focus(first)
        self.query_one("#contact-form", VerticalScroll).scroll_home(animate=False)
        self._show_warnings()

    # --- reading the form ----------------------------------------------------------------

    def collect_state(self) -> dict[str, Any]:
        def value(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value

        return {
            "date": value("contact-date"),
            "method": self.query_one("#contact-method", ChoicePicker).value,
            "provider_staff": value("contact-provider-staff"),
            "school_staff": value("contact-school-staff"),
            "week_start": value("contact-week"),
            "sessions": [
                {
                    "day": row.day,
                    "times": row.times,
                    "planned_hours": row.planned_hours,
                    "hours": row.hours_text,
                    "mark": row.mark,
                }
                for row in self.query(AttendanceRow)
            ],
            "engagement": self.query_one("#contact-engagement", RatingPicker).value,
            "progress": [
                {
                    "target_id": item["target_id"],
                    "rating": self.query_one(f"#rating-{index}", RatingPicker).value,
                    "note": value(f"note-{index}"),
                }
                for index, item in enumerate(self._state["progress"])
            ],
            "summary": self.query_one("#contact-summary", TextArea).text,
            "pupil_voice": value("contact-voice"),
            "concerns": [item.concern for item in self.query(ConcernItem)],
            "actions": [a for a in (row.value() for row in self.query(ActionRow)) if not _blank(a)],
            "next_contact": value("contact-next"),
        }

    @property
    def is_dirty(self) -> bool:
        if self._baseline is None or not self.is_mounted:
            return False
        return self.collect_state() != self._baseline

    # --- reacting to typing --------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RatingPicker.Changed)
    @on(ChoicePicker.Changed)
    @on(AttendanceRow.Changed)
    def _changed(self, event: Message) -> None:
        if self._baseline is None:
            return
        control = getattr(event, "control", None)
        control_id = getattr(control, "id", None) or ""
        if control_id in ("contact-date", "contact-week", "contact-next"):
            self._date_changed(control_id)
        elif control_id.startswith("action-"):
            self._grow_actions()
        self._schedule()

    def _schedule(self) -> None:
        if self._warning_timer is not None:
            self._warning_timer.stop()
        self._warning_timer = self.set_timer(WARNING_DELAY, self._show_warnings)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _date_changed(self, control_id: str) -> None:
        ws = workspace_of(self)
        text = self.query_one(f"#{control_id}", Input).value
        hint = _date_hint(text, ws.today, ahead=control_id in AHEAD_FIELDS)
        self.query_one(f"#{control_id}-hint", Static).update(hint)
        if control_id != "contact-date" or not self._auto:
            return
        try:
            when = parse_date(text, ws.today)
        except DateError:
            return
        # Fields the user has not touched follow the call's date.
        follow = {
            "contact-week": uk(default_week_start(when)),
            "contact-next": uk(next_contact_due(self.caseload, self.placement, when)),
        }
        for field_id, new in follow.items():
            field = self.query_one(f"#{field_id}", Input)
            if field.value == self._auto.get(field_id) and field.value != new:
                self._auto[field_id] = new
                field.value = new

    def _grow_actions(self) -> None:
        rows = list(self.query(ActionRow))
        if rows and not _blank(rows[-1].value()):
            self.query_one("#actions", Vertical).mount(ActionRow(len(rows)))

    @on(Input.Blurred, ".date")
    def _tidy_date(self, event: Input.Blurred) -> None:
        # Show what a typed `fri` or `+7` became, in the UK form.
        field_id = event.input.id or ""
        ahead = field_id in AHEAD_FIELDS or field_id.startswith("action-due")
        try:
            value = parse_date(event.value, workspace_of(self).today, ahead=ahead)
        except DateError:
            return
        if event.input.value != uk(value):
            if event.input.id in self._auto and event.input.value == self._auto[event.input.id]:
                self._auto[event.input.id] = uk(value)
            event.input.value = uk(value)

    def action_enter(self) -> None:
        """Enter in a one-line field moves to the next, as tab does."""
        if not isinstance(self.focused, Input):
            raise SkipAction()
        self.focus_next()

    def on_key(self, event: events.Key) -> None:
        pass_key_to_focus(self, event)

    def _show_warnings(self) -> None:
        if not self.is_mounted:
            return
        ws = workspace_of(self)
        state = self.collect_state()
        lines = typing_warnings(state, self._last, self._numbers)
        try:
            contact = _lenient_contact(state, self.placement, ws.today)
            lines = (
                hours_warnings(
                    self.caseload, self.placement.pupil_id, contact, ws.today, self.contact_id
                )
                + lines
            )
            twice = week_already_recorded(self.caseload, contact, self.contact_id)
            if twice:
                lines.insert(0, twice)
        except Exception as error:  # the hours check must never stop anyone typing
            self.log.error(f"hours check failed: {error!r}")
        errors = []
        for index, action in enumerate(state["actions"], start=1):
            if action["due"].strip():
                try:
                    parse_date(action["due"], ws.today, ahead=True)
                except DateError as error:
                    errors.append(f"! action {index} due: {error}")
        self.query_one("#actions-hint", Static).update(Text("\n".join(errors)))
        self.warnings = lines
        panel = self.query_one("#contact-warnings", Static)
        panel.update(Text("\n".join(lines)))
        panel.display = bool(lines)

    # --- drafts --------------------------------------------------------------------------

    def _draft_payload(self, state: dict[str, Any]) -> dict[str, Any]:
        if self._started_at is None:
            self._started_at = workspace_of(self).clock().isoformat(timespec="minutes")
        return {
            "version": DRAFT_VERSION,
            "placement_id": self.placement_id,
            "contact_id": self.contact_id,
            "contact_rev": self._contact.rev if self._contact else None,
            "started_at": self._started_at,
            "state": state,
        }

    def _keep_draft(self) -> None:
        if not self.is_mounted or self._leaving:
            return
        state = self.collect_state()
        if state == self._baseline:
            if self._draft_on_disk:
                self._draft_seq += 1
                self._write_draft(self._draft_seq, None)
            return
        self._draft_seq += 1
        self._write_draft(self._draft_seq, self._draft_payload(state))

    @work(thread=True, exit_on_error=False, group="contact-draft")
    def _write_draft(self, seq: int, payload: dict[str, Any] | None) -> None:
        path = workspace_of(self).store.path
        with self._draft_lock:
            # An older write finishing late must not replace a newer draft.
            if seq < self._draft_written_seq:
                return
            self._draft_written_seq = seq
            if payload is None:
                drafts.delete_draft(path, self.draft_key)
                self._draft_on_disk = False
            else:
                drafts.write_draft(path, self.draft_key, payload)
                self._draft_on_disk = True

    @work(thread=True, exit_on_error=False, group="contact-draft-read")
    def _look_for_draft(self) -> None:
        draft = drafts.read_draft(workspace_of(self).store.path, self.draft_key)
        if draft and draft.get("version") == DRAFT_VERSION and isinstance(draft.get("state"), dict):
            self.post_message(self.DraftFound(draft))

    def on_contact_screen_draft_found(self, message: DraftFound) -> None:
        draft = message.draft
        when = _started_phrase(draft.get("started_at"), workspace_of(self).today)
        question = f"Resume the contact you started {when}?"

        def answer(resume: bool | None) -> None:
            if resume:
                self.call_later(self._resume, draft)

        self.app.push_screen(
            ConfirmScreen(question, yes="Resume", no="Start again", title="Unsaved contact"),
            answer,
        )

    async def _resume(self, draft: dict[str, Any]) -> None:
        state = self._state | draft["state"]
        self._state = state
        self._started_at = draft.get("started_at")
        self._draft_on_disk = True
        self._remember_targets(self.caseload)
        await self.recompose()
        self._after_compose()
        say(self, "Your unsaved contact is back.")

    # --- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        # The focused field may still hold keys typed just before ctrl+s: save after them.
        (self.focused or self).call_later(self._save_now)

    def _save_now(self) -> None:
        if self._saving:
            say(self, "Still saving the contact…")
            return
        ws = workspace_of(self)
        state = self.collect_state()
        placement = self.placement
        try:
            contact = build_contact(
                state, placement=placement, today=ws.today, existing=self._contact
            )
            concerns = build_concerns(
                state, placement=placement, raised_on=contact.date, user=ws.user
            )
        except FormError as error:
            say(self, str(error), severity="error", timeout=8)
            if error.field_id:
                with contextlib.suppress(Exception):
                    self.query_one(f"#{error.field_id}").focus()
            return
        except ValueError as error:
            say(self, f"The contact cannot be saved: {error}", severity="error", timeout=8)
            return
        self._saving = True
        self.query_one("#contact-status", Static).update(Text("saving…"))
        self._save(contact, concerns, state)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-save")
    def _save(self, contact: Contact, concerns: list[Concern], state: dict[str, Any]) -> None:
        ws = workspace_of(self)
        try:
            if self._contact is not None:
                records = ws.store.apply(add=list(concerns), update=[contact])
                # The store returns added records first; put the contact first for the screen.
                records = [r for r in records if isinstance(r, Contact)] + [
                    r for r in records if not isinstance(r, Contact)
                ]
            else:
                records = ws.store.apply(add=[contact, *concerns])
        except StoreError as error:
            self.post_message(self.SaveFailed(str(error)))
            return
        except Exception as error:
            self.post_message(self.SaveFailed(f"The contact could not be saved: {error}"))
            return
        with self._draft_lock:
            self._draft_written_seq = self._draft_seq + 1_000_000
            with contextlib.suppress(OSError):
                drafts.delete_draft(ws.store.path, self.draft_key)
            self._draft_on_disk = False
        self.post_message(self.Saved(list(records), state))

    def on_contact_screen_saved(self, message: Saved) -> None:
        self._saving = False
        self.app.post_message(CaseloadChanged())
        contact = next(r for r in message.records if isinstance(r, Contact))
        provider = self.caseload.provider_of(self.placement)
        say(
            self,
            f"Contact with {provider.name if provider else 'the provider'} saved for "
            f"{self.pupil.display_name}.",
        )
        if self._draft_timer is not None:
            self._draft_timer.stop()
        now = self.collect_state()
        if now == message.state or self._leaving:
            self._leaving = True
            self.dismiss(contact.id)
            return
        # Typing went on while the save ran: keep it, as an edit of the saved contact.
        saved_concerns = message.state["concerns"]
        for item in list(self.query(ConcernItem)):
            if item.concern in saved_concerns:
                item.remove()
        self._contact = contact
        old_key = self.draft_key
        self.contact_id = contact.id
        self._baseline = message.state | {"concerns": []}
        self._draft_written_seq = 0
        self._draft_seq = 0
        self.app.run_worker(
            lambda: drafts.delete_draft(workspace_of(self).store.path, old_key),
            thread=True,
            exit_on_error=False,
        )
        self._schedule()
        self.query_one("#contact-status", Static).update(
            Text("saved · you typed more while it saved: ctrl+s saves that too")
        )

    def on_contact_screen_save_failed(self, message: SaveFailed) -> None:
        self._saving = False
        self._leaving = False
        self.query_one("#contact-status", Static).update(self._status_line())
        say(self, message.message, severity="error", timeout=12)

    # --- concerns ------------------------------------------------------------------------

    @on(Button.Pressed, "#add-concern")
    def action_raise_concern(self) -> None:
        def added(concern: dict[str, Any] | None) -> None:
            if concern:
                item = ConcernItem(concern, classes="concern-item")
                self.query_one("#concerns", Vertical).mount(item)
                self._schedule()

        self.app.push_screen(ConcernDialog(who=self.pupil.display_name), added)

    @on(ConcernItem.Edit)
    def _edit_concern(self, message: ConcernItem.Edit) -> None:
        item = message.item

        def edited(concern: dict[str, Any] | None) -> None:
            if concern:
                item.concern = concern
                item.update(concern_line(concern))
                self._schedule()

        self.app.push_screen(ConcernDialog(item.concern, who=self.pupil.display_name), edited)

    @on(ConcernItem.Remove)
    def _remove_concern(self, message: ConcernItem.Remove) -> None:
        item = message.item

        def answer(remove: bool | None) -> None:
            if remove:
                item.remove()
                self.call_after_refresh(self._schedule)
                self.query_one("#add-concern").focus()

        self.app.push_screen(
            ConfirmScreen("Remove this concern from the contact?", yes="Remove"), answer
        )

    # --- leaving -------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self._saving:
            say(self, "Still saving: the screen closes when the contact is saved.")
            self._leaving = True
            return
        if not self.is_dirty:
            self.dismiss(None)
            return
        state = self.collect_state()

        def answer(leave: bool | None) -> None:
            if leave:
                self._leave_keeping_draft(state)

        self.app.push_screen(
            ConfirmScreen(
                f"Leave the contact for {self.pupil.display_name} without saving? "
                "What you typed is kept as a draft, offered when you next open it.",
                yes="Leave",
                no="Stay",
                title="Unsaved contact",
            ),
            answer,
        )

    def _leave_keeping_draft(self, state: dict[str, Any]) -> None:
        self._leaving = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        path = workspace_of(self).store.path
        key = self.draft_key
        payload = self._draft_payload(state)
        lock = self._draft_lock

        def write() -> None:
            with lock:
                drafts.write_draft(path, key, payload)

        # The app runs the last write: this screen's own workers stop when it closes.
        self.app.run_worker(write, thread=True, exit_on_error=False, group="contact-draft-final")
        self.dismiss(None)

    def action_discard(self) -> None:
        def answer(discard: bool | None) -> None:
            if not discard:
                return
            self._leaving = True
            if self._draft_timer is not None:
                self._draft_timer.stop()
            path = workspace_of(self).store.path
            key = self.draft_key
            lock = self._draft_lock

            def delete() -> None:
                with lock:
                    drafts.delete_draft(path, key)

            self.app.run_worker(delete, thread=True, exit_on_error=False)
            self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Throw away this contact for {self.pupil.display_name}, and its draft?",
                yes="Discard",
                title="Discard",
            ),
            answer,
        )


def _started_phrase(started_at: Any, today: date) -> str:
    try:
        when = datetime.fromisoformat(str(started_at))
    except ValueError:
        return "earlier"
    clock = when.strftime("%H:%M")
    if when.date() == today:
        return f"at {clock}"
    return f"on {uk(when.date())} at {clock}"


def start_contact(
    screen: Screen[Any],
    pupil_id: str,
    *,
    callback: Callable[[str | None], None] | None = None,
) -> None:
    """Open the contact form for the pupil's active placement, asking which if several.

    Says so in one sentence when the pupil has no active placement.
    """
    caseload = workspace_of(screen).caseload
    pupil = caseload.pupils.get(pupil_id)
    if pupil is None:
        say(screen, "That pupil is no longer in the caseload.", severity="error")
        return
    active = caseload.active_placements_of(pupil_id)
    if not active:
        say(
            screen,
            f"{pupil.display_name} has no active placement, so there is no provider to log "
            "a contact with: start or reopen a placement first.",
            severity="warning",
            timeout=8,
        )
        return
    app = screen.app
    if len(active) == 1:
        app.push_screen(ContactScreen(active[0].id), callback)
        return

    def picked(placement_id: str | None) -> None:
        if placement_id:
            app.push_screen(ContactScreen(placement_id), callback)

    app.push_screen(PlacementPicker(pupil_id), picked)
