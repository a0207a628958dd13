"""A week's attendance, one row per scheduled session, edited with single keys.

On a focused row: `p` present, `l` late, `a` absent (unexplained), `x` absent (authorised),
`k` cancelled by the provider; digits and `.` type the hours attended (the first digit
replaces the figure, later ones add to it), backspace rubs out. Marking an absence or a
cancellation sets the hours to 0, marking present sets them back to the planned hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from alp_tui.models import DAY_NAMES, MARK_LABELS, AttendanceSession, Mark
from alp_tui.rules import format_hours

MARK_KEYS: dict[str, Mark] = {
    "p": "present",
    "l": "late",
    "a": "absent_unauthorised",
    "x": "absent_authorised",
    "k": "cancelled_by_provider",
}
# A text marker beside every mark, so the row reads without colour.
MARK_SYMBOLS: dict[str, str] = {
    "present": "✓",
    "late": "~",
    "absent_unauthorised": "!",
    "absent_authorised": "✗",
    "cancelled_by_provider": "✗",
}
NO_HOURS_MARKS = ("absent_unauthorised", "absent_authorised", "cancelled_by_provider")


def hours_problem(text: str) -> str | None:
    """Why `text` is not a number of hours attended, or None if it is."""
    if not text.strip():
        return "type the hours attended (0 if none)"
    try:
        value = float(text)
    except ValueError:
        return f"{text!r} is not a number of hours"
    if not 0 <= value <= 24:
        return f"{format_hours(value)} h is not between 0 and 24 hours"
    return None


class AttendanceRow(Widget, can_focus=True):
    """One session of the week: its day and times, the planned hours, mark, hours attended."""

    DEFAULT_CSS = """
    AttendanceRow {
        width: 1fr;
        height: 1;
        padding: 0 1;
    }
    /* Reversed as well as tinted, so focus shows without colour (NO_COLOR). */
    AttendanceRow:focus {
        background: $accent 30%;
        text-style: reverse;
    }
    AttendanceRow.-absent {
        color: $warning;
    }
    AttendanceRow.-invalid {
        color: $error;
    }
    """

    BINDINGS = [
        # Shown by the editor's key line rather than the footer, which has no room for five.
        Binding("p", "mark('present')", "Present", show=False, id="attendance.present"),
        Binding("a", "mark('absent_unauthorised')", "Absent", show=False, id="attendance.absent"),
        Binding(
            "x",
            "mark('absent_authorised')",
            "Authorised absence",
            show=False,
            id="attendance.authorised",
        ),
        Binding("l", "mark('late')", "Late", show=False, id="attendance.late"),
        Binding(
            "k",
            "mark('cancelled_by_provider')",
            "Cancelled by provider",
            show=False,
            id="attendance.cancelled",
        ),
        Binding("backspace", "rub_out", "Rub out", show=False),
        # Priority, so a key typed straight after goes to the row moved to.
        Binding("down", "app.focus_next", "Next", show=False, priority=True),
        Binding("up", "app.focus_previous", "Previous", show=False, priority=True),
    ]

    mark: reactive[Mark] = reactive("present")
    hours_text: reactive[str] = reactive("")

    @dataclass
    class Changed(Message):
        row: AttendanceRow

        @property
        def control(self) -> AttendanceRow:
            return self.row

    def __init__(
        self,
        day: str,
        planned_hours: float,
        *,
        attended_hours: float | None = None,
        mark: Mark = "present",
        times: str = "",
        hours_text: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.day = day
        self.planned_hours = planned_hours
        self.times = times
        attended = planned_hours if attended_hours is None else attended_hours
        self.set_reactive(AttendanceRow.mark, mark)
        self.set_reactive(
            AttendanceRow.hours_text, format_hours(attended) if hours_text is None else hours_text
        )
        # The first digit typed after arriving on the row replaces the figure.
        self._fresh = True

    # --- what the row holds -------------------------------------------------------------

    @property
    def error(self) -> str | None:
        problem = hours_problem(self.hours_text)
        return f"{DAY_NAMES.get(self.day, self.day)}: {problem}" if problem else None

    @property
    def attended_hours(self) -> float | None:
        return None if hours_problem(self.hours_text) else float(self.hours_text)

    def session(self) -> AttendanceSession:
        """The row as a record; raises ValueError (with `.error`) if the hours are not a number."""
        attended = self.attended_hours
        if attended is None:
            raise ValueError(self.error)
        return AttendanceSession(
            day=self.day,
            planned_hours=self.planned_hours,
            attended_hours=attended,
            mark=self.mark,
        )

    # --- display ------------------------------------------------------------------------

    def render(self) -> Text:
        day = DAY_NAMES.get(self.day, self.day)[:3]
        planned = f"{format_hours(self.planned_hours)} h planned"
        mark = f"{MARK_SYMBOLS.get(self.mark, ' ')} {MARK_LABELS.get(self.mark, self.mark)}"
        problem = hours_problem(self.hours_text)
        attended = f"{self.hours_text or '_'} h attended"
        if problem:
            attended += " — not a number"
        text = Text()
        text.append(f"{day} {self.times:<11} ", style="bold")
        text.append(f"{planned:<15} ")
        text.append(f"{mark:<23} ")
        text.append(attended)
        return text

    def _refresh_classes(self) -> None:
        self.set_class(self.mark in NO_HOURS_MARKS, "-absent")
        self.set_class(hours_problem(self.hours_text) is not None, "-invalid")

    def watch_mark(self) -> None:
        self._refresh_classes()
        self.post_message(self.Changed(self))

    def watch_hours_text(self) -> None:
        self._refresh_classes()
        self.post_message(self.Changed(self))

    def on_mount(self) -> None:
        self._refresh_classes()

    # --- keys ---------------------------------------------------------------------------

    def on_focus(self) -> None:
        self._fresh = True

    def action_mark(self, mark: Mark) -> None:
        if mark in NO_HOURS_MARKS:
            self.hours_text = "0"
        elif mark == "present" or self.mark in NO_HOURS_MARKS:
            # Back from an absence (or to present): the session ran as planned until told.
            self.hours_text = format_hours(self.planned_hours)
        self.mark = mark
        self._fresh = True

    def action_rub_out(self) -> None:
        self.hours_text = self.hours_text[:-1]
        self._fresh = False

    def on_key(self, event: events.Key) -> None:
        # Handled here rather than by the bindings, which act on whatever has focus when
        # the key has bubbled up: keys typed ahead must act on this row, in order.
        char = event.character
        if event.key in MARK_KEYS:
            self.action_mark(MARK_KEYS[event.key])
        elif event.key == "backspace":
            self.action_rub_out()
        elif char is not None and (char.isdigit() or char == "."):
            if self._fresh:
                self.hours_text = char if char != "." else "0."
                self._fresh = False
            elif len(self.hours_text) < 5:
                self.hours_text += char
        else:
            return
        event.stop()
        event.prevent_default()


class AttendanceEditor(Vertical):
    """The rows of a week plus a running total (`attended 10.5 of 12 h (88%)`)."""

    DEFAULT_CSS = """
    AttendanceEditor {
        height: auto;
    }
    AttendanceEditor > #attendance-total {
        padding: 0 1;
        color: $text-muted;
    }
    AttendanceEditor > #attendance-keys {
        display: none;
        padding: 0 1;
        color: $text-muted;
    }
    AttendanceEditor:focus-within > #attendance-keys {
        display: block;
    }
    """

    KEYS = "p present · a absent · x authorised · l late · k cancelled · 0-9 hours"
    EMPTY = "No sessions are scheduled at this placement, so there is no attendance to mark."

    def __init__(
        self,
        rows: Iterable[AttendanceRow],
        *,
        empty: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._initial_rows = list(rows)
        #: What the editor says when it has no session (why the week has none).
        self._empty = empty or self.EMPTY
        #: The Monday of the week the rows were made for, when they were made for one.
        self.week_start: date | None = None

    def compose(self) -> ComposeResult:
        yield from self._initial_rows
        if not self._initial_rows:
            yield Static(self._empty, classes="attendance-empty")
        yield Static(self.total_text(), id="attendance-total")
        yield Static(self.KEYS, id="attendance-keys")

    @property
    def rows(self) -> list[AttendanceRow]:
        return list(self.query(AttendanceRow))

    def total_text(self) -> Text:
        rows = self.rows if self.is_mounted else self._initial_rows
        planned = sum(r.planned_hours for r in rows)
        attended = sum(r.attended_hours or 0 for r in rows)
        if not planned:
            return Text("")
        percent = round(100 * attended / planned)
        return Text(f"attended {format_hours(attended)} of {format_hours(planned)} h ({percent}%)")

    def on_attendance_row_changed(self, event: AttendanceRow.Changed) -> None:
        if self.is_mounted:
            self.query_one("#attendance-total", Static).update(self.total_text())
