"""The lists of a transition plan, each on the one list editor: the phases of a return (from,
school hours, provider hours, note; the provider's hours judged by the hour rule as they are
typed, the week's total shown for information), the provider's strategies, and the follow-up
visits or calls (space on one marks it done or not)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from alp_tui.dates import uk
from alp_tui.models import FollowUp, Meta, Phase
from alp_tui.placement_life import phase_total
from alp_tui.rules import format_hours, hours_verdict
from screens.saving import sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput, set_text
from screens.widgets.list_editor import ListEditor, T
from screens.widgets.tick_box import TickBox


def hours_check(text: str) -> str | None:
    """Hours a week: a number from 0 to 60 (`12`, `19.5`)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if 0 <= value <= 60:
        return None
    return f"{text!r} is not a number of hours from 0 to 60: type one such as 12 or 19.5"


def _hours(field: FieldInput) -> float | None:
    text = field.text
    if text is None or hours_check(text):
        return None
    return float(text)


def _keys_pending(widget: Widget) -> bool:
    """Keys typed ahead that the field has not taken in yet (so it is not empty)."""
    queue = getattr(widget, "_message_queue", None)
    return bool(queue is not None and queue.qsize())


class _LineEditor(ListEditor[T]):
    """A list whose line has several fields: enter on any of them while the line is empty
    moves on past the list, as on a one-field line; otherwise to the line's next field."""

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        inside = focused is not self._options and self in focused.ancestors
        if (
            key == "enter"
            and inside
            and not self.adds_on_enter(focused)
            and not _keys_pending(focused)
            and self._line_empty()
        ):
            self._leave()
            return True
        return super().handle_form_key(key, focused)

    def _line_empty(self) -> bool:
        try:
            return self.read_entry() is None
        except ValueError:
            return False


class PhaseEditor(_LineEditor[Phase]):
    """The phases of a return, oldest first."""

    LABEL = "Phases"
    LIST_CLASSES = "phase-list"

    def __init__(
        self,
        phases: list[Phase],
        *,
        meta: Meta,
        provider_name: str,
        judged: bool,
        id: str | None = None,
    ) -> None:
        super().__init__(sorted(phases, key=lambda p: p.start), id=id)
        self._meta = meta
        self._provider_name = provider_name
        #: The hour limit applies: an unregistered provider, a placement not yet ended.
        self._judged = judged

    # --- the line --------------------------------------------------------------------------

    def compose_entry(self) -> ComposeResult:
        yield Horizontal(
            Label(Text("From"), classes="list-label"),
            DateInput(label="Phase from", id="phase-start"),
            classes="list-line",
        )
        yield Horizontal(
            Label(Text("School h"), classes="list-label"),
            FieldInput(label="School hours", check=hours_check, placeholder="a week",
                       id="phase-school", classes="hours"),
            Label(Text("Provider h"), classes="list-label"),
            FieldInput(label="Provider hours", check=hours_check, placeholder="a week",
                       id="phase-alp", classes="hours"),
            FieldInput(label="Phase note", placeholder="note (enter adds the phase)",
                       id="phase-note", classes="note"),
            classes="list-line",
        )  # fmt: skip
        yield Static("", classes="list-verdict", id="phase-verdict")

    def entry_start(self) -> Widget:
        return self.query_one("#phase-start", DateInput).input

    def adds_on_enter(self, field: Widget) -> bool:
        return field is self.query_one("#phase-note", FieldInput)

    def read_entry(self) -> Phase | None:
        start = self.query_one("#phase-start", DateInput)
        school = self.query_one("#phase-school", FieldInput)
        alp = self.query_one("#phase-alp", FieldInput)
        note = self.query_one("#phase-note", FieldInput)
        if not (start.text.strip() or school.text or alp.text or note.text):
            return None
        for field in (start, school, alp):
            wrong = field.problem()
            if wrong:
                raise ValueError(wrong.rstrip("."))
        if start.value is None:
            raise ValueError("Phase from: type the date the phase starts, e.g. 04/01/2027")
        try:
            return Phase(
                start=start.value,
                school_hours=_hours(school),
                alp_hours=_hours(alp),
                note=note.text,
            )
        except ValidationError as error:
            raise ValueError(sentence_of(error).rstrip(".")) from None

    def fill_entry(self, item: Phase | None) -> None:
        self.query_one("#phase-start", DateInput).set_date(item.start if item else None)
        for widget_id, value in (
            ("#phase-school", item.school_hours if item else None),
            ("#phase-alp", item.alp_hours if item else None),
        ):
            self.query_one(widget_id, FieldInput).value = (
                "" if value is None else format_hours(value)
            )
        self.query_one("#phase-note", FieldInput).value = (item.note or "") if item else ""

    def entry_state(self) -> object:
        return ()  # the form reads the fields themselves

    def ordered(self, items: list[Phase]) -> list[Phase]:
        return sorted(items, key=lambda p: p.start)

    # --- the words -------------------------------------------------------------------------

    def verdict(self, school: float | None, alp: float | None) -> tuple[str | None, str]:
        """The week in school and with the provider, the provider's hours judged by the
        rule's own threshold (the limit applies at an unregistered provider only)."""
        colour, _ = hours_verdict(alp or 0.0, self._meta, self._judged)
        words = (
            f"{format_hours(school or 0.0)} h school, {format_hours(alp or 0.0)} h provider "
            f"({format_hours(phase_total(school, alp))} h in all)"
        )
        limit = format_hours(self._meta.hour_limit)
        at = f"{format_hours(alp or 0.0)} h at {self._provider_name}"
        if colour == "red":
            words += f" — {at} is over the {limit} h limit"
        elif colour == "amber":
            words += f" — {at} is near the {limit} h limit"
        return colour, words

    def item_line(self, item: Phase) -> Text:
        colour, words = self.verdict(item.school_hours, item.alp_hours)
        marker = {"red": "!! ", "amber": "! "}.get(colour or "", "")
        line = Text(f"{marker}from {uk(item.start)}: ", style="bold" if colour else "")
        line.append(words)
        if item.note:
            line.append(f" · {item.note}")
        return line

    def refreshed(self) -> None:
        self.show_verdict()

    @on(Input.Changed)
    def _typed(self) -> None:
        # Not stopped: the form's preview hears it too.
        self.show_verdict()

    def show_verdict(self) -> None:
        """The line being typed, judged as it is typed."""
        box = self.query_one("#phase-verdict", Static)
        school = _hours(self.query_one("#phase-school", FieldInput))
        alp = _hours(self.query_one("#phase-alp", FieldInput))
        if school is None and alp is None:
            set_text(box, "Type a phase: from when, hours in school and with the provider.")
            box.remove_class("-red", "-amber")
            return
        colour, words = self.verdict(school, alp)
        marker = {"red": "!! ", "amber": "! "}.get(colour or "", "")
        set_text(box, f"{marker}{words}")
        box.set_class(colour == "red", "-red")
        box.set_class(colour == "amber", "-amber")


class Strategy(BaseModel):
    """One strategy from the provider, as a list item (the plan stores the text)."""

    text: str


class StrategyEditor(ListEditor[Strategy]):
    """The provider's strategies and recommendations, one a line, for school staff."""

    LABEL = "Strategies"
    LIST_CLASSES = "strategy-list"

    def __init__(self, strategies: list[str], *, id: str | None = None) -> None:
        super().__init__([Strategy(text=s) for s in strategies], id=id)

    def compose_entry(self) -> ComposeResult:
        yield FieldInput(
            label="Strategy",
            placeholder="a strategy that works for the pupil (enter adds it)",
            id="strategy-text",
        )

    def entry_start(self) -> Widget:
        return self.query_one("#strategy-text", FieldInput)

    def adds_on_enter(self, field: Widget) -> bool:
        return field is self.entry_start()

    def read_entry(self) -> Strategy | None:
        text = self.query_one("#strategy-text", FieldInput).text
        return Strategy(text=text) if text else None

    def fill_entry(self, item: Strategy | None) -> None:
        self.query_one("#strategy-text", FieldInput).value = item.text if item else ""

    def item_line(self, item: Strategy) -> Text:
        return Text(f"• {item.text}")

    def texts(self) -> list[str]:
        """Every strategy, the one still typed included when it is there."""
        return [s.text for s in self.items_for_save()]


def follow_up_line(item: FollowUp, today: date | None = None) -> Text:
    """`[ ] 11/12/2026 visit · H Lewis — how the first fortnight went`, `!` when overdue."""
    late = today is not None and not item.done and item.date < today
    line = Text("[x] " if item.done else ("! [ ] " if late else "[ ] "))
    line.append(uk(item.date), style="bold")
    if item.kind:
        line.append(f" {item.kind}")
    if item.by:
        line.append(f" · {item.by}")
    if item.note:
        line.append(f" — {item.note}")
    if late:
        line.append(" (overdue)", style="bold")
    return line


class FollowUpEditor(_LineEditor[FollowUp]):
    """Follow-up visits and calls after the end; space on one marks it done (or not)."""

    LABEL = "Follow-ups"
    LIST_CLASSES = "follow-up-list"

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Remove",
            tooltip="Remove the highlighted follow-up",
            id="follow_ups.remove",
        ),
    ]

    def __init__(
        self, follow_ups: list[FollowUp], *, today: date, by: str, id: str | None = None
    ) -> None:
        super().__init__(sorted(follow_ups, key=lambda f: f.date), id=id)
        self._today = today
        self._by = by

    def compose_entry(self) -> ComposeResult:
        yield Horizontal(
            Label(Text("On"), classes="list-label"),
            DateInput(label="Follow-up date", id="follow-up-date"),
            classes="list-line",
        )
        yield Horizontal(
            FieldInput(label="Kind", placeholder="visit, call…", id="follow-up-kind",
                       classes="kind"),
            FieldInput(self._by, label="By", placeholder="who", id="follow-up-by",
                       classes="by"),
            FieldInput(label="Follow-up note", placeholder="note (enter adds it)",
                       id="follow-up-note", classes="note"),
            TickBox("done", id="follow-up-done"),
            classes="list-line",
        )  # fmt: skip

    def entry_start(self) -> Widget:
        return self.query_one("#follow-up-date", DateInput).input

    def adds_on_enter(self, field: Widget) -> bool:
        return field is self.query_one("#follow-up-note", FieldInput)

    def read_entry(self) -> FollowUp | None:
        when = self.query_one("#follow-up-date", DateInput)
        kind = self.query_one("#follow-up-kind", FieldInput).text
        note = self.query_one("#follow-up-note", FieldInput).text
        if not (when.text.strip() or kind or note):
            return None
        wrong = when.problem()
        if wrong:
            raise ValueError(wrong.rstrip("."))
        if when.value is None:
            raise ValueError("Follow-up date: type when it is, e.g. +14 or 11/12/2026")
        return FollowUp(
            date=when.value,
            kind=kind,
            by=self.query_one("#follow-up-by", FieldInput).text,
            done=self.query_one("#follow-up-done", TickBox).value,
            note=note,
        )

    def fill_entry(self, item: FollowUp | None) -> None:
        self.query_one("#follow-up-date", DateInput).set_date(item.date if item else None)
        self.query_one("#follow-up-kind", FieldInput).value = (item.kind or "") if item else ""
        self.query_one("#follow-up-by", FieldInput).value = (item.by or "") if item else self._by
        self.query_one("#follow-up-note", FieldInput).value = (item.note or "") if item else ""
        self.query_one("#follow-up-done", TickBox).value = item.done if item else False

    def entry_state(self) -> object:
        return ()  # the form reads the fields themselves

    def ordered(self, items: list[FollowUp]) -> list[FollowUp]:
        return sorted(items, key=lambda f: f.date)

    def item_line(self, item: FollowUp) -> Text:
        return follow_up_line(item, self._today)

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        if key == "space" and focused is self._options:
            self.toggle_done()
            return True
        return super().handle_form_key(key, focused)

    def toggle_done(self) -> None:
        """Mark the highlighted follow-up done, or not done."""
        index = self._options.highlighted
        if index is None or index >= len(self._items):
            return
        item = self._items[index]
        self._items[index] = item.model_copy(update={"done": not item.done})
        self._refresh()
        self._options.highlighted = index
        self.post_message(self.Changed(self))
