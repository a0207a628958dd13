"""A date field that reads dates as people type them (`27/11`, `today`, `mon`, `+7`) and
shows, beside it, the date it understood or one sentence saying what to type instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from alp_tui import clock
from alp_tui.dates import DATE_HINT, DateError, parse_date, uk
from alp_tui.models import DAY_NAMES, DAYS
from screens.widgets.form_fields import set_text
from screens.workspace import workspace_of


class DateInput(Widget):
    """An input for one date; `.value` is what it holds, `.problem()` what is wrong.

    `today` anchors words like `today` and `+7`; by default it is the app's workspace date.
    """

    DEFAULT_CSS = """
    DateInput {
        layout: horizontal;
        height: auto;
        width: 1fr;
    }
    DateInput > Input {
        width: 14;
    }
    DateInput > .date-hint {
        width: 1fr;
        height: auto;
        padding-left: 1;
        color: $text-muted;
    }
    DateInput.-invalid > .date-hint {
        color: $text-error;
    }
    """

    @dataclass
    class Changed(Message):
        """The typed date changed (to a date, to nothing, or to something not a date)."""

        date_input: DateInput
        value: date | None
        error: str | None

        @property
        def control(self) -> DateInput:
            return self.date_input

    def __init__(
        self,
        value: date | None = None,
        *,
        label: str = "Date",
        required: bool = False,
        today: date | None = None,
        placeholder: str = "DD/MM/YYYY",
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self.label = label
        self.required = required
        self._today = today
        self._initial = uk(value, "")
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(
            self._initial,
            placeholder=self._placeholder,
            compact=True,
            select_on_focus=True,
        )
        yield Static("", classes="date-hint")

    def on_mount(self) -> None:
        self._show(self.problem())

    @property
    def today(self) -> date:
        if self._today is None:
            try:
                self._today = workspace_of(self).today
            except (AttributeError, RuntimeError):
                # Outside the app (no workspace yet): the clock's date.
                self._today = clock.today()
        return self._today

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def value(self) -> date | None:
        """The date typed, or None when empty or not a date."""
        try:
            return self._parse()
        except DateError:
            return None

    def set_date(self, value: date | None) -> None:
        self.input.value = uk(value, "")

    def _parse(self) -> date | None:
        text = self.input.value.strip()
        if not text:
            return None
        return parse_date(text, self.today)

    def problem(self, for_save: bool = False) -> str | None:
        """One sentence naming the field, what is wrong and what to type; None if fine."""
        try:
            value = self._parse()
        except DateError as error:
            return f"{self.label}: {error}."
        if value is None and self.required and for_save:
            return f"{self.label} is required: {DATE_HINT}."
        return None

    def focus(self, scroll_visible: bool = True) -> DateInput:
        self.input.focus(scroll_visible)
        return self

    def _show(self, error: str | None) -> None:
        hint = self.query_one(".date-hint", Static)
        self.set_class(error is not None, "-invalid")
        if error:
            set_text(hint, f"!! {error}")
            return
        value = self.value
        set_text(hint, f"→ {value:%a} {uk(value)}" if value else "")

    def show_problem(self, error: str | None) -> None:
        """Show a sentence found when saving (such as an empty required date)."""
        self._show(error)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        error = self.problem()
        self._show(error)
        self.post_message(self.Changed(self, self.value, error))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on, as in a paper form; the form saves on ctrl+s.
        event.stop()
        self.screen.focus_next()

    def form_state(self) -> object:
        return self.input.value


def date_hint(text: str, today: date, *, ahead: bool = False) -> Text:
    """What a typed date became (`Fri 27/11/2026`), or what is wrong with it."""
    if not text.strip():
        return Text("")
    try:
        value = parse_date(text, today, ahead=ahead)
    except DateError as error:
        return Text(f"! {error}", style="bold")
    return Text(f"{DAY_NAMES[DAYS[value.weekday()]][:3]} {uk(value)}")
