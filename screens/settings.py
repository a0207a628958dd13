"""The school's settings: name, the hour limit and its warning margin, how often contacts
and reviews fall due, how early to warn about checks and transitions, and the holidays
the contact clock skips. Checked as you type; `ctrl+s` saves; escape asks before it drops
typing. A preview line shows what the new settings would flag."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from alp_tui.dates import DateError, parse_date, uk
from alp_tui.models import Holiday, Meta
from alp_tui.rules import find_problems, format_hours
from screens.confirm import ConfirmScreen
from screens.messages import CaseloadChanged
from screens.widgets.problems import counts, severity_style
from screens.widgets.text import say
from screens.workspace import workspace_of


@dataclass(frozen=True)
class NumberField:
    """A number setting: its Meta field, label, bounds and whether it is whole."""

    name: str
    label: str
    low: float
    high: float
    whole: bool
    unit: str
    example: str
    low_inclusive: bool = True


NUMBER_FIELDS: tuple[NumberField, ...] = (
    NumberField("hour_limit", "Hour limit a week", 0, 60, False, "hours", "18", False),
    NumberField("hour_warning_margin", "Warn this close to it", 0, 60, False, "hours", "2"),
    NumberField("contact_interval_days", "Contact at least every", 1, 365, True, "days", "7"),
    NumberField("review_interval_weeks", "Review every", 1, 52, True, "weeks", "6"),
    NumberField("check_warning_days", "Warn before a check expires", 0, 365, True, "days", "30"),
    NumberField(
        "transition_warning_weeks", "Warn before a placement ends", 0, 52, True, "weeks", "4"
    ),
)


def number_problem(spec: NumberField, text: str) -> str | None:
    """One sentence saying what is wrong with `text` for this setting, or None."""
    raw = text.strip()
    if not raw:
        return f"{spec.label} is empty: type a number of {spec.unit}."
    try:
        value = float(raw)
    except ValueError:
        kind = "a whole number" if spec.whole else "a number"
        return f"{spec.label} must be {kind} of {spec.unit}, e.g. {spec.example}."
    if spec.whole and not value.is_integer():
        return f"{spec.label} must be a whole number of {spec.unit}."
    low = format_hours(spec.low)
    high = format_hours(spec.high)
    too_low = value <= spec.low if not spec.low_inclusive else value < spec.low
    if too_low or value > spec.high:
        above = f"more than {low}" if not spec.low_inclusive else f"at least {low}"
        return f"{spec.label} must be {above} and at most {high} {spec.unit}."
    return None


def _number_value(spec: NumberField, text: str) -> float | int:
    value = float(text.strip())
    return int(value) if spec.whole else value


class HolidayRow(Horizontal):
    """One holiday: name, first day, last day (dates typed freely, shown DD/MM/YYYY)."""

    def __init__(self, holiday: Holiday | None = None) -> None:
        super().__init__(classes="holiday-row")
        self._holiday = holiday

    def compose(self) -> ComposeResult:
        holiday = self._holiday
        yield Input(
            holiday.name if holiday else "",
            placeholder="Name, e.g. Christmas",
            classes="holiday-name",
            compact=True,
        )
        yield Input(
            uk(holiday.start, "") if holiday else "",
            placeholder="first day",
            classes="holiday-start",
            compact=True,
        )
        yield Input(
            uk(holiday.end, "") if holiday else "",
            placeholder="last day",
            classes="holiday-end",
            compact=True,
        )
        yield Button("Remove", classes="holiday-remove", compact=True)

    def values(self) -> tuple[str, str, str]:
        return (
            self.query_one(".holiday-name", Input).value,
            self.query_one(".holiday-start", Input).value,
            self.query_one(".holiday-end", Input).value,
        )

    def read(self, today: date) -> tuple[Holiday | None, str | None]:
        """The holiday typed, or the one sentence saying what is wrong."""
        name, start_text, end_text = (v.strip() for v in self.values())
        if not name:
            return None, "A holiday needs a name (e.g. Christmas)."
        try:
            start = parse_date(start_text, today)
        except DateError as error:
            return None, f"{name}, first day: {error}."
        try:
            end = parse_date(end_text, today) if end_text else start
        except DateError as error:
            return None, f"{name}, last day: {error}."
        if end < start:
            return None, f"{name} ends ({uk(end)}) before it starts ({uk(start)})."
        return Holiday(name=name, start=start, end=end), None


class SettingsScreen(Screen[None]):
    """Edit the one settings document (`meta`)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the settings", id="settings.save"),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back (asks before dropping typing)",
            id="settings.back",
        ),
        Binding(
            "ctrl+n",
            "add_holiday",
            "Add holiday",
            tooltip="Add a holiday row",
            id="settings.add_holiday",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: tuple[Any, ...] = ()
        self._meta: Meta | None = None
        self._saving = False

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        meta = workspace_of(self).caseload.meta
        self._meta = meta
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Static("School", classes="section")
            with Horizontal(classes="field-row"):
                yield Label("School name", classes="field-label")
                yield Input(meta.school_name, id="set-school_name", compact=True, max_length=120)
            yield Static("", id="problem-school_name", classes="problem")
            yield Static("Limits and intervals", classes="section")
            for spec in NUMBER_FIELDS:
                value = getattr(meta, spec.name)
                shown = str(value) if spec.whole else format_hours(value)
                with Horizontal(classes="field-row"):
                    yield Label(spec.label, classes="field-label")
                    yield Input(shown, id=f"set-{spec.name}", classes="number", compact=True)
                    yield Label(spec.unit, classes="field-unit")
                yield Static("", id=f"problem-{spec.name}", classes="problem")
            yield Static("Holidays (the contact clock stops on these days)", classes="section")
            yield Static(
                Text(
                    "Dates as 27/11/2026, 27/11, today or +7; a one-day closure needs no last day."
                ),
                classes="hint",
            )
            with Vertical(id="holidays"):
                for holiday in sorted(meta.holidays, key=lambda h: h.start):
                    yield HolidayRow(holiday)
            yield Static("", id="problem-holidays", classes="problem")
            yield Button("Add holiday (ctrl+n)", id="add-holiday", compact=True)
        yield Static("", id="settings-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self._initial = self._values()
        self.query_one("#set-school_name", Input).focus()
        self._validate()

    # --- reading the form --------------------------------------------------------------------

    def _values(self) -> tuple[Any, ...]:
        fields = tuple(i.value for i in self.query("#settings-form Input").results(Input))
        return fields

    @property
    def dirty(self) -> bool:
        return self._values() != self._initial

    def _problems(self) -> dict[str, str]:
        """Field name -> sentence, for every field with a problem."""
        found: dict[str, str] = {}
        school = self.query_one("#set-school_name", Input).value.strip()
        if not school:
            found["school_name"] = "The school name is empty: it heads every review note."
        for spec in NUMBER_FIELDS:
            problem = number_problem(spec, self.query_one(f"#set-{spec.name}", Input).value)
            if problem:
                found[spec.name] = problem
        if "hour_limit" not in found and "hour_warning_margin" not in found:
            limit = float(self.query_one("#set-hour_limit", Input).value)
            margin = float(self.query_one("#set-hour_warning_margin", Input).value)
            if margin >= limit:
                found["hour_warning_margin"] = (
                    f"The warning margin ({format_hours(margin)} h) must be less than "
                    f"the hour limit ({format_hours(limit)} h)."
                )
        today = workspace_of(self).today
        for row in self.query(HolidayRow):
            _holiday, problem = row.read(today)
            if problem and any(v.strip() for v in row.values()):
                found["holidays"] = problem
                break
        return found

    def _validate(self) -> dict[str, str]:
        problems = self._problems()
        for name in ("school_name", *(s.name for s in NUMBER_FIELDS), "holidays"):
            line = self.query_one(f"#problem-{name}", Static)
            sentence = problems.get(name, "")
            line.update(Text(f"!! {sentence}" if sentence else ""))
            line.display = bool(sentence)
        return problems

    def candidate_meta(self) -> Meta:
        """The settings as typed (call only when there are no problems)."""
        assert self._meta is not None
        today = workspace_of(self).today
        update: dict[str, Any] = {
            "school_name": self.query_one("#set-school_name", Input).value.strip()
        }
        for spec in NUMBER_FIELDS:
            update[spec.name] = _number_value(
                spec, self.query_one(f"#set-{spec.name}", Input).value
            )
        holidays = []
        for row in self.query(HolidayRow):
            if not any(v.strip() for v in row.values()):
                continue  # an empty row the user added and never filled is not a holiday
            holiday, _problem = row.read(today)
            if holiday is not None:
                holidays.append(holiday)
        update["holidays"] = sorted(holidays, key=lambda h: h.start)
        data = self._meta.model_dump()
        data.update(update)
        return Meta.model_validate(data)

    @on(Input.Changed)
    def _changed(self) -> None:
        if not self.is_mounted:
            return
        problems = self._validate()
        if problems:
            self.query_one("#settings-preview", Static).update(
                Text(f"!! {len(problems)} to fix before saving.")
            )
        else:
            with contextlib.suppress(ValidationError):
                self._preview(self.candidate_meta())

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def _preview(self, meta: Meta) -> None:
        """What these settings would flag, worked out off the UI thread."""
        workspace = workspace_of(self)
        problems = find_problems(workspace.caseload, workspace.today, meta)
        red, amber = counts(problems)
        colours = self.app.theme_variables
        text = Text("With these settings: ")
        text.append(f"!! {red} red", severity_style("red", colours) if red else "")
        text.append(" · ")
        text.append(f"! {amber} amber", severity_style("amber", colours) if amber else "")
        text.append(" problems across the caseload.")
        self.app.call_from_thread(self.query_one("#settings-preview", Static).update, text)

    # --- holidays ----------------------------------------------------------------------------

    async def action_add_holiday(self) -> None:
        row = HolidayRow()
        await self.query_one("#holidays", Vertical).mount(row)
        row.query_one(".holiday-name", Input).focus()
        row.scroll_visible()

    @on(Button.Pressed, "#add-holiday")
    async def _add_pressed(self) -> None:
        await self.action_add_holiday()

    @on(Button.Pressed, ".holiday-remove")
    async def _remove_pressed(self, event: Button.Pressed) -> None:
        row = event.button.parent
        if isinstance(row, HolidayRow):
            await row.remove()
            self._changed()

    # --- saving and leaving ------------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        problems = self._validate()
        if problems:
            first = next(iter(problems.values()))
            say(self, f"Not saved: {first}", severity="error", timeout=6)
            return
        try:
            meta = self.candidate_meta()
        except ValidationError as error:
            say(self, f"Not saved: {error.errors()[0]['msg']}", severity="error")
            return
        self._saving = True
        self._save(meta)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, meta: Meta) -> None:
        from store import StaleEditError, StoreError

        store = workspace_of(self).store
        try:
            # Settings carry no revision: the store compares them with what this form started
            # from, under its lock, so a colleague's newer settings are never silently undone.
            store.save_meta(meta, expected=self._meta)
        except StaleEditError as error:
            self.app.call_from_thread(self._stale, str(error))
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._failed, f"Could not save the settings: {error}")
        else:
            self.app.call_from_thread(self._saved)

    def _saved(self) -> None:
        self._saving = False
        self._initial = self._values()
        self.app.post_message(CaseloadChanged())
        say(self, "Settings saved.", timeout=3)
        self.app.pop_screen()

    def _failed(self, sentence: str) -> None:
        self._saving = False
        say(self, sentence, severity="error", timeout=10)

    def _stale(self, sentence: str) -> None:
        self._saving = False

        def answered(reload: bool | None) -> None:
            if reload:
                self.run_worker(self._reload(), exclusive=True, group="reload")

        self.app.push_screen(
            ConfirmScreen(
                f"{sentence} Reload the settings? Your typing here will be dropped.",
                yes="Reload",
                no="Keep typing",
                title="Changed by someone else",
            ),
            answered,
        )

    async def _reload(self) -> None:
        await self.recompose()
        self.on_mount()

    def action_back(self) -> None:
        if not self.dirty:
            self.app.pop_screen()
            return
        self._confirm_leave(self.app.pop_screen)

    def _confirm_leave(self, leave: Callable[[], object]) -> None:
        def answered(discard: bool | None) -> None:
            if discard:
                leave()

        self.app.push_screen(
            ConfirmScreen(
                "Drop the changes you typed to the settings?",
                yes="Drop them",
                no="Keep editing",
                title="Unsaved settings",
            ),
            answered,
        )
