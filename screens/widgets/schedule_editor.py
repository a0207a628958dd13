"""The weekly sessions of a placement (at the provider) or of a pupil's school timetable.

Type a day (or several: `mon wed`, `mon-thu`), a start and an end, press enter to add. The
running total shows as soon as a session is typed, judged against the hour limit by
`rules.hours_verdict` when the sessions are at a provider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from alp_tui.models import DAY_NAMES, DAYS, Day, Meta, Session, check_sessions, minutes
from alp_tui.rules import format_hours, hours_verdict
from screens.widgets.form_fields import focus_after, set_text

DAY_HINT = "type a day (mon … sun), several (mon wed fri) or a range (mon-thu)"
TIME_HINT = "type a time as HH:MM, e.g. 09:30 (9, 930 and 3pm work too)"

_DAY_ALIASES = {"tues": "tue", "weds": "wed", "thur": "thu", "thurs": "thu"}


def parse_days(text: str) -> list[Day]:
    """`mon`, `Monday`, `mon wed`, `mon,tue`, `mon-thu` → days in week order.

    Raises ValueError with the part that is not a day.
    """

    def one(word: str) -> int:
        word = _DAY_ALIASES.get(word, word)
        matches = [
            i
            for i, day in enumerate(DAYS)
            if len(word) >= 2 and DAY_NAMES[day].lower().startswith(word)
        ]
        if len(matches) != 1:
            raise ValueError(f"{word!r} is not a day: {DAY_HINT}")
        return matches[0]

    raw = text.strip().lower().replace("–", "-").replace(" to ", "-")
    if not raw:
        raise ValueError(f"no day given: {DAY_HINT}")
    picked: set[int] = set()
    for part in re.split(r"[,\s/&+]+", raw):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            lo, hi = one(first), one(last)
            if hi < lo:
                raise ValueError(f"{part!r} runs backwards: write the earlier day first")
            picked.update(range(lo, hi + 1))
        else:
            picked.add(one(part))
    return [DAYS[i] for i in sorted(picked)]


def parse_time(text: str) -> str:
    """`9`, `9:30`, `09.30`, `930`, `1530`, `3pm`, `3:30pm` → `HH:MM`; ValueError otherwise."""
    raw = text.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)?", raw)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a time: {TIME_HINT}")
    hour, mins = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text.strip()!r} is not a time: {TIME_HINT}")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or mins > 59:
        raise ValueError(f"{text.strip()!r} is not a time: {TIME_HINT}")
    return f"{hour:02d}:{mins:02d}"


def session_text(session: Session) -> str:
    return f"{DAY_NAMES[session.day][:3]} {session.start}–{session.end}"


def _sorted(sessions: list[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (DAYS.index(s.day), minutes(s.start)))


def _sentence(error: ValidationError | ValueError) -> str:
    if isinstance(error, ValidationError):
        return str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
    return str(error)


class ScheduleEditor(Widget):
    """Add and remove weekly sessions; shows the total hours, judged against the limit.

    `unregistered` None means a school timetable (a plain total); True/False means sessions
    at a provider, judged by `hours_verdict` (the limit applies to unregistered ones only).
    """

    DEFAULT_CSS = """
    ScheduleEditor {
        height: auto;
        width: 1fr;
    }
    ScheduleEditor > OptionList {
        height: auto;
        max-height: 8;
        border: none;
        padding: 0;
        background: $surface;
    }
    ScheduleEditor > OptionList.-empty {
        display: none;
    }
    ScheduleEditor > .session-new {
        height: 1;
    }
    ScheduleEditor > .session-new > Input {
        margin-right: 1;
    }
    ScheduleEditor > .session-new > .session-day {
        width: 12;
    }
    ScheduleEditor > .session-new > .session-time {
        width: 7;
    }
    ScheduleEditor > .session-new > .session-label {
        width: 1fr;
    }
    ScheduleEditor > .session-new > Button {
        min-width: 5;
    }
    ScheduleEditor > .session-error {
        color: $text-error;
        height: auto;
    }
    ScheduleEditor > .session-error.-none {
        display: none;
    }
    ScheduleEditor > .session-total {
        height: auto;
    }
    ScheduleEditor > .session-total.-red {
        color: $text-error;
        text-style: bold;
    }
    ScheduleEditor > .session-total.-amber {
        color: $text-warning;
    }
    """

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove_session",
            "Remove session",
            tooltip="Remove the highlighted session",
            id="schedule.remove",
        ),
    ]

    @dataclass
    class Changed(Message):
        """The sessions (or the session being typed) changed."""

        editor: ScheduleEditor

        @property
        def control(self) -> ScheduleEditor:
            return self.editor

    def __init__(
        self,
        sessions: list[Session] | tuple[Session, ...] = (),
        *,
        label: str = "Schedule",
        meta: Meta | None = None,
        unregistered: bool | None = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self._original = list(sessions)
        self._sessions: list[Session] = _sorted(list(sessions))
        self._meta = meta or Meta()
        self._unregistered = unregistered

    # --- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield OptionList(classes="session-list")
        with Horizontal(classes="session-new"):
            yield Input(placeholder="day(s)", compact=True, classes="session-day")
            yield Input(placeholder="start", compact=True, classes="session-time session-start")
            yield Input(placeholder="end", compact=True, classes="session-time session-end")
            yield Input(placeholder="label (optional)", compact=True, classes="session-label")
            yield Button("Add", compact=True, classes="session-add")
        yield Static("", classes="session-error -none")
        yield Static("", classes="session-total")

    def on_mount(self) -> None:
        self._refresh_list()
        self._refresh_total()

    # --- public --------------------------------------------------------------------------

    @property
    def sessions(self) -> list[Session]:
        """The sessions added so far (not the one still being typed)."""
        return list(self._sessions)

    @sessions.setter
    def sessions(self, sessions: list[Session]) -> None:
        self._sessions = _sorted(list(sessions))
        if self.is_mounted:
            self._refresh_list()
            self._changed()

    @property
    def unregistered(self) -> bool | None:
        return self._unregistered

    @unregistered.setter
    def unregistered(self, value: bool | None) -> None:
        self._unregistered = value
        if self.is_mounted:
            self._refresh_total()

    def sessions_for_save(self) -> list[Session]:
        """The sessions added plus one typed in full but not yet added with enter.

        Raises ValueError with a sentence if what is typed is not a session.
        """
        typed = self._typed_sessions(complete=False)
        result = _sorted(self._sessions + typed)
        # Unchanged sessions keep their stored order, so saving does not record a change.
        return list(self._original) if result == _sorted(self._original) else result

    def problem(self, for_save: bool = False) -> str | None:
        try:
            self._typed_sessions(complete=False) if for_save else self._typed_sessions()
        except ValueError as error:
            return f"{self.label}: {error}."
        return None

    def total_text(self) -> str:
        return str(self.query_one(".session-total", Static).content)

    def form_state(self) -> object:
        return (
            tuple(s.model_dump_json() for s in self._sessions),
            tuple(i.value for i in self.query(Input)),
        )

    # --- reading what is typed -----------------------------------------------------------

    def _inputs(self) -> tuple[Input, Input, Input, Input]:
        return (
            self.query_one(".session-day", Input),
            self.query_one(".session-start", Input),
            self.query_one(".session-end", Input),
            self.query_one(".session-label", Input),
        )

    def _typed_sessions(self, *, complete: bool = True) -> list[Session]:
        """The sessions in the boxes below the list.

        With complete=True (while typing) a half-typed session is no error: only what is
        typed wrongly is. With complete=False (on enter, on save) something typed but not
        finished is an error too. Nothing typed gives no sessions.
        """
        day_in, start_in, end_in, label_in = self._inputs()
        day_t, start_t, end_t = day_in.value.strip(), start_in.value.strip(), end_in.value.strip()
        if not (day_t or start_t or end_t):
            return []
        days = parse_days(day_t) if day_t else None
        start = parse_time(start_t) if start_t else None
        end = parse_time(end_t) if end_t else None
        if days is None or start is None or end is None:
            if complete:
                return []
            missing = (
                f"no day given: {DAY_HINT}"
                if days is None
                else "no start time given: type when the session starts, e.g. 09:00"
                if start is None
                else "no end time given: type when the session ends, e.g. 15:00"
            )
            raise ValueError(missing)
        label = label_in.value.strip() or None
        try:
            new = [Session(day=day, start=start, end=end, label=label) for day in days]
            check_sessions(self._sessions + new)
        except (ValidationError, ValueError) as error:
            raise ValueError(_sentence(error)) from None
        return new

    # --- actions -------------------------------------------------------------------------

    def _add_typed(self) -> bool:
        try:
            new = self._typed_sessions(complete=False)
        except ValueError as error:
            self._show_error(f"{self.label}: {error}.")
            return False
        if not new:
            return False
        self._sessions = _sorted(self._sessions + new)
        day_in, start_in, end_in, label_in = self._inputs()
        with self.prevent(Input.Changed):
            for box in (day_in, start_in, end_in, label_in):
                box.value = ""
        self._refresh_list()
        self._changed()
        day_in.focus()
        return True

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        """Enter, handled by the form the moment it is pressed (see FormScreen)."""
        if key != "enter":
            return False
        if isinstance(focused, OptionList):
            if focused.highlighted is not None:
                self._edit(focused.highlighted)
            return True
        if isinstance(focused, Input):
            self._enter_pressed()
            return True
        return False

    def _enter_pressed(self) -> None:
        if any(i.value.strip() for i in self._inputs()[:3]):
            self._add_typed()
        else:
            # Nothing typed: enter leaves the editor, as in the rest of the form.
            focus_after(self)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self._enter_pressed()

    @on(Button.Pressed, ".session-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._add_typed()

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()

    def action_remove_session(self) -> None:
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        if not option_list.has_focus or index is None or index >= len(self._sessions):
            return
        del self._sessions[index]
        self._refresh_list()
        if self._sessions:
            option_list.highlighted = min(index, len(self._sessions) - 1)
        else:
            self._inputs()[0].focus()
        self._changed()

    @on(OptionList.OptionSelected)
    def _edit_session(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._edit(event.option_index)

    def _edit(self, index: int) -> None:
        """Enter on a session takes it back into the boxes below to change it."""
        if index >= len(self._sessions):
            return
        session = self._sessions.pop(index)
        day_in, start_in, end_in, label_in = self._inputs()
        day_in.value = session.day
        start_in.value = session.start
        end_in.value = session.end
        label_in.value = session.label or ""
        self._refresh_list()
        day_in.focus()
        self._changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_session":
            return self.query_one(OptionList).has_focus
        return True

    # --- showing -------------------------------------------------------------------------

    def _changed(self) -> None:
        self._show_error(self.problem())
        self._refresh_total()
        self.post_message(self.Changed(self))

    def show_problem(self, sentence: str | None) -> None:
        """Show a sentence found when saving."""
        self._show_error(sentence)

    def _show_error(self, error: str | None) -> None:
        box = self.query_one(".session-error", Static)
        set_text(box, f"!! {error}" if error else "")
        box.set_class(not error, "-none")

    def _refresh_list(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.set_options(
            Option(Text(f"{session_text(s)}  {s.label or ''}".rstrip())) for s in self._sessions
        )
        option_list.set_class(not self._sessions, "-empty")
        # The first is highlighted, so enter and delete act on it straight away.
        option_list.highlighted = 0 if self._sessions else None

    def _refresh_total(self) -> None:
        try:
            typed = self._typed_sessions()
        except ValueError:
            typed = []
        sessions = _sorted(self._sessions + typed)
        total = self.query_one(".session-total", Static)
        if not sessions:
            total.remove_class("-red", "-amber")
            set_text(total, "No sessions yet: type a day, a start and an end, then enter.")
            return
        listed = ", ".join(session_text(s) for s in sessions)
        hours = round(sum(s.hours for s in sessions), 2)
        if self._unregistered is None:
            verdict = f"{format_hours(hours)} h a week in school"
            colour = None
        else:
            colour, verdict = hours_verdict(hours, self._meta, self._unregistered)
        marker = {"red": "!! ", "amber": "! "}.get(colour or "", "")
        pending = " (press enter to add the typed session)" if typed else ""
        set_text(total, f"{marker}{listed} = {verdict}{pending}")
        total.set_class(colour == "red", "-red")
        total.set_class(colour == "amber", "-amber")
