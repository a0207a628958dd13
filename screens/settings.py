"""The school's settings: name, the hour limit and its warning margin, how often contacts
and reviews fall due, how early to warn about checks and transitions, which law decides
when a provider must register as a school, whether to flag placements the local authority
has not been told of, the holidays the contact clock skips, and the folder review notes are
saved in. Checked as you type;
`ctrl+s` saves; escape asks before it drops typing. A preview line shows what the new
settings would flag."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from alp_tui.caseload import Caseload
from alp_tui.dates import DateError, parse_date, uk
from alp_tui.models import (
    REGISTRATION_TEST_LABELS,
    REGISTRATION_TEST_NAMES,
    REGISTRATION_TEST_SENTENCES,
    REGISTRATION_TESTS,
    Holiday,
    Meta,
)
from alp_tui.rules import find_problems, format_hours
from screens.confirm import ConfirmScreen
from screens.export import ChoiceSet
from screens.form_keys import FORM_KEYS, move_on
from screens.saving import SaveDone, SaveFailed, SavePlan, SavingScreen, failure_sentence
from screens.stale_merge import MERGE_LEFT, offer_merge
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.list_editor import ListEditor, focus_now
from screens.widgets.problems import counts, severity_style
from screens.widgets.staff_editor import StaffEditor
from screens.widgets.text import say
from screens.widgets.tick_box import MarkedRadio, TickBox
from screens.widgets.title_header import TitleHeader
from screens.workspace import workspace_of
from store import StaleEditError, notes_folder
from store.notes import NOTES


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


class HolidayEditor(ListEditor[Holiday]):
    """The school's holidays: name, first day, last day (dates typed freely), enter adds
    one; enter on a holiday takes it back to change, delete removes it."""

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Remove holiday",
            tooltip="Remove the highlighted holiday",
            id="settings.remove_holiday",
        ),
    ]

    LIST_CLASSES = "holiday-list"
    LABEL = "Holidays"

    def __init__(self, holidays: list[Holiday], *, today: date, id: str | None = None) -> None:
        super().__init__(sorted(holidays, key=lambda h: h.start), id=id)
        self._today = today

    def compose_entry(self) -> ComposeResult:
        with Horizontal(classes="holiday-row"):
            yield Input(placeholder="Name, e.g. Christmas", classes="holiday-name", compact=True)
            yield Input(placeholder="first day", classes="holiday-start", compact=True)
            yield Input(placeholder="last day", classes="holiday-end", compact=True)
            yield Button("Add", classes="list-add", compact=True)

    def _boxes(self) -> tuple[Input, Input, Input]:
        return (
            self.query_one(".holiday-name", Input),
            self.query_one(".holiday-start", Input),
            self.query_one(".holiday-end", Input),
        )

    def ordered(self, items: list[Holiday]) -> list[Holiday]:
        return sorted(items, key=lambda h: h.start)

    def read_entry(self) -> Holiday | None:
        name, start_text, end_text = (box.value.strip() for box in self._boxes())
        if not (name or start_text or end_text):
            return None
        if not name:
            raise ValueError("a holiday needs a name (e.g. Christmas)")
        try:
            start = parse_date(start_text, self._today)
        except DateError as error:
            raise ValueError(f"{name}, first day: {error}") from None
        try:
            end = parse_date(end_text, self._today) if end_text else start
        except DateError as error:
            raise ValueError(f"{name}, last day: {error}") from None
        if end < start:
            raise ValueError(f"{name} ends ({uk(end)}) before it starts ({uk(start)})")
        return Holiday(name=name, start=start, end=end)

    def sentence(self, error: ValueError) -> str:
        text = str(error).rstrip(".")
        return f"{text[:1].upper()}{text[1:]}."

    def fill_entry(self, item: Holiday | None) -> None:
        values = (item.name, uk(item.start), uk(item.end)) if item else ("", "", "")
        for box, value in zip(self._boxes(), values, strict=True):
            box.value = value

    def item_line(self, item: Holiday) -> Text:
        days = uk(item.start) if item.end == item.start else f"{uk(item.start)} to {uk(item.end)}"
        return Text(f"{item.name}: {days}")

    def entry_start(self) -> Widget:
        return self._boxes()[0]


class SettingsScreen(SavingScreen[None]):
    """Edit the one settings document (`meta`)."""

    BINDINGS = [
        # Tab and enter typed ahead (a whole staff line arriving at once over SSH) move the
        # cursor as they are read, so the name lands in the name box, not the login's.
        *FORM_KEYS,
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
            tooltip="Type a holiday to add (enter adds it)",
            id="settings.add_holiday",
            priority=True,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial: object = None
        self._meta: Meta | None = None
        self._read_from: list[Caseload] = []

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        workspace = workspace_of(self)
        meta = workspace.caseload.meta
        self._meta = meta
        # The version the settings open on: a stale save is merged against it.
        self._read_from = [workspace.caseload]
        yield TitleHeader()
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
            yield from self._compose_law(meta)
            yield Static("Holidays (the contact clock stops on these days)", classes="section")
            yield Static(
                Text(
                    "Dates as 27/11/2026, 27/11, today or +7; a one-day closure needs no last "
                    "day. Enter adds a holiday, enter on one changes it, delete removes it."
                ),
                classes="hint",
            )
            yield HolidayEditor(meta.holidays, today=workspace.today, id="holidays")
            yield Static("", id="problem-holidays", classes="problem")
            yield Static("Staff (how each login is shown)", classes="section")
            yield Static(
                Text(
                    "Login, name and role: the app shows Mrs A Patel (ALP lead) where it "
                    "would show apatel. Enter adds, enter on one changes it, delete removes it."
                ),
                classes="hint",
            )
            yield StaffEditor(meta.staff, id="staff")
            yield Static("", id="problem-staff", classes="problem")
            yield Static("Review notes", classes="section")
            with Horizontal(classes="field-row"):
                yield Label("Export folder", classes="field-label")
                yield Input(
                    meta.export_folder or "",
                    placeholder=f"empty: {NOTES}/ beside the caseload file",
                    id="set-export_folder",
                    compact=True,
                )
            yield Static("", id="export-folder-hint", classes="hint")
            yield Static("", id="problem-export_folder", classes="problem")
        yield Static("", id="settings-preview")
        yield KeysFooter()

    def _compose_law(self, meta: Meta) -> ComposeResult:
        yield Static("When a provider must register as a school", classes="section")
        with ChoiceSet(id="set-registration_test", compact=True):
            for test in REGISTRATION_TESTS:
                yield MarkedRadio(
                    Text(REGISTRATION_TEST_LABELS[test]),
                    value=meta.registration_test == test,
                    id=f"registration-{test}",
                )
        for test in REGISTRATION_TESTS:
            name = REGISTRATION_TEST_NAMES[test]
            yield Static(
                Text(f"{name[:1].upper()}{name[1:]}, {REGISTRATION_TEST_SENTENCES[test]}"),
                classes="hint law-hint",
            )
        yield Static("The local authority", classes="section")
        yield TickBox(
            "Flag placements the local authority has not been told of",
            meta.notify_la,
            id="set-notify_la",
        )
        yield Static(
            Text(
                "Authorities keep a register of children educated elsewhere part of the time "
                "(Children's Wellbeing and Schools Act 2026, s.38); guidance asks schools to "
                "tell them of each placement they arrange. This flags an active placement the "
                "school arranged with no date the authority was told; on the pupil record, "
                "a records that they were told today."
            ),
            classes="hint law-hint",
        )
        yield Static("Several staff", classes="section")
        yield TickBox(
            "Group access: everyone in the caseload file's group may open and save it",
            meta.group_access,
            id="set-group_access",
        )
        yield Static(
            Text(
                "For a caseload shared on a school server, each member under their own "
                "login: the file, its backups, drafts and notes become 0660 in 2770 folders "
                "of the file's group, never readable by anyone else (see the README)."
            ),
            classes="hint",
        )

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self._initial = self._values()
        self.query_one("#set-school_name", Input).focus()
        self._validate()

    # --- reading the form --------------------------------------------------------------------

    @property
    def holidays(self) -> HolidayEditor:
        return self.query_one("#holidays", HolidayEditor)

    @property
    def staff(self) -> StaffEditor:
        return self.query_one("#staff", StaffEditor)

    def _values(self) -> object:
        fields = tuple(i.value for i in self.query("#settings-form Input").results(Input))
        return (
            fields,
            self.holidays.form_state(),
            self.staff.form_state(),
            self._registration_test(),
            self._notify_la(),
            self.query_one("#set-group_access", Checkbox).value,
        )

    def _registration_test(self) -> str:
        pressed = self.query_one("#set-registration_test", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return "esa2008"
        return pressed.id.removeprefix("registration-")

    def _notify_la(self) -> bool:
        return self.query_one("#set-notify_la", Checkbox).value

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
        holiday = self.holidays.problem(for_save=True)
        if holiday:
            found["holidays"] = holiday
        staff = self.staff.problem(for_save=True)
        if not staff:
            logins = [m.user for m in self.staff.items_for_save()]
            twice = sorted({u for u in logins if logins.count(u) > 1})
            if twice:
                staff = f"Staff: the login {twice[0]} is listed twice; remove one (delete on it)."
        if staff:
            found["staff"] = staff
        folder = self._export_folder()
        if folder.exists() and not folder.is_dir():
            found["export_folder"] = (
                f"The export folder {folder} is a file: type a folder, or leave it empty for "
                f"{NOTES}/ beside the caseload file."
            )
        return found

    def _export_folder(self) -> Path:
        """Where notes would go with the folder as typed (a relative one is taken from the
        caseload file's folder)."""
        assert self._meta is not None
        typed = self.query_one("#set-export_folder", Input).value.strip() or None
        meta = self._meta.model_copy(update={"export_folder": typed})
        workspace = workspace_of(self)
        return notes_folder(workspace.store.path, meta, demo=workspace.demo)

    def _validate(self) -> dict[str, str]:
        problems = self._problems()
        self.query_one("#export-folder-hint", Static).update(
            Text(f"Notes are saved in {self._export_folder()}")
        )
        names = ("school_name", *(s.name for s in NUMBER_FIELDS), "holidays", "staff")
        for name in (*names, "export_folder"):
            line = self.query_one(f"#problem-{name}", Static)
            sentence = problems.get(name, "")
            line.update(Text(f"!! {sentence}" if sentence else ""))
            line.display = bool(sentence)
        return problems

    def candidate_meta(self) -> Meta:
        """The settings as typed (call only when there are no problems)."""
        assert self._meta is not None
        update: dict[str, Any] = {
            "school_name": self.query_one("#set-school_name", Input).value.strip()
        }
        for spec in NUMBER_FIELDS:
            update[spec.name] = _number_value(
                spec, self.query_one(f"#set-{spec.name}", Input).value
            )
        update["holidays"] = sorted(self.holidays.items_for_save(), key=lambda h: h.start)
        update["staff"] = self.staff.items_for_save()
        update["registration_test"] = self._registration_test()
        update["notify_la"] = self._notify_la()
        update["group_access"] = self.query_one("#set-group_access", Checkbox).value
        update["export_folder"] = self.query_one("#set-export_folder", Input).value.strip() or None
        data = self._meta.model_dump()
        data.update(update)
        return Meta.model_validate(data)

    @on(Input.Changed)
    @on(ListEditor.Changed)
    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if not self.is_mounted:
            return
        problems = self._validate()
        if problems:
            self.query_one("#settings-preview", Static).update(
                Text(f"!! {len(problems)} to fix before saving.")
            )
        else:
            with contextlib.suppress(ValueError):
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

    def action_add_holiday(self) -> None:
        """To the line for a new holiday (enter adds it; ctrl+s saves one typed there too)."""
        start = self.holidays.entry_start()
        focus_now(start)
        start.scroll_visible()

    def action_key(self, key: str) -> None:
        move_on(self, key)

    # --- saving and leaving ------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        problems = self._validate()
        if problems:
            first = next(iter(problems.values()))
            say(self, f"Not saved: {first}", severity="error", timeout=6)
            return
        try:
            meta = self.candidate_meta()
        except ValueError as error:
            self.say_not_saved(error)
            return
        # The settings keep the rev this form opened them at: a colleague's newer settings
        # are refused, never silently undone.
        self.start_save(SavePlan(meta=meta))

    def saved(self, message: SaveDone) -> None:
        self._initial = self._values()
        say(self, "Settings saved.", timeout=3)
        self.app.pop_screen()

    def save_failed(self, message: SaveFailed) -> None:
        if not isinstance(message.error, StaleEditError):
            self.say_not_saved(message.error)
            return
        if offer_merge(self, message, self._read_from, self._merge_left):
            return

        def answered(reload: bool | None) -> None:
            if reload:
                self.run_worker(self._reload(), exclusive=True, group="reload")

        self.app.push_screen(
            ConfirmScreen(
                f"{failure_sentence(message.error)} Reload the settings? Your typing here "
                "will be dropped.",
                yes="Reload",
                no="Keep typing",
                title="Changed by someone else",
            ),
            answered,
        )

    def _merge_left(self) -> None:
        say(self, MERGE_LEFT, severity="warning", timeout=8)

    async def _reload(self) -> None:
        await self.recompose()
        self.on_mount()

    def action_back(self) -> None:
        if not self.dirty:
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen(
                "Drop the changes you typed to the settings?",
                yes="Drop them",
                no="Keep editing",
                title="Unsaved settings",
            ),
            answered,
        )
