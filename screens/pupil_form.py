"""A pupil's details: a new pupil together with their first placement (one save), or
changes to an existing pupil (names, flags, UPN, carers, school timetable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

from alp_tui.models import UPN_LETTERS, Carer, Pupil, Record, upn_problem, upn_with_check_letter
from screens.form_base import FormInvalid, SavePlan, sentence_of
from screens.placement_form import PLACEMENT_LABELS, PlacementFields
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import (
    FieldInput,
    Flag,
    field_row,
    focus_after,
    int_check,
    remove_highlighted,
    section,
    set_text,
)
from screens.widgets.schedule_editor import ScheduleEditor

PUPIL_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "date_of_birth": "Date of birth",
    "year_group": "Year group",
    "upn": "UPN",
    "school_lead": "School lead",
    "carers": "Carers",
    "school_schedule": "School timetable",
}


def upn_check(text: str) -> str | None:
    """What is wrong with a typed UPN, offering the check letter when only it is missing."""
    value = text.strip().upper()
    body_ok = value[:11].isdigit() and (value[11:12].isdigit() or value[11:12] in UPN_LETTERS)
    if len(value) == 12 and body_ok:
        return (
            f"{value!r} has 12 characters, not 13; with its check letter it would be "
            f"{upn_with_check_letter(value)}: type that, or copy the UPN from the school's records"
        )
    problem = upn_problem(value)
    if problem is None:
        return None
    if "retype" in problem:
        return problem
    return f"{problem}: copy it from the school's records, or leave it empty"


def upn_typing_check(text: str) -> str | None:
    """While a UPN is typed, only a wrong character is worth a sentence."""
    value = text.strip().upper()
    if len(value) < 12 and value[:1] in UPN_LETTERS and value[1:].isdigit():
        return None
    if len(value) == 1 and value in UPN_LETTERS:
        return None
    return upn_check(text)


class CarerEditor(Widget):
    """The pupil's carers: type a name (and relationship, phone, email), enter to add;
    enter on a carer takes them back to change, delete removes them."""

    DEFAULT_CSS = """
    CarerEditor {
        height: auto;
        width: 1fr;
    }
    CarerEditor > OptionList {
        height: auto;
        max-height: 6;
        border: none;
        padding: 0;
        background: $surface;
    }
    CarerEditor > OptionList.-empty {
        display: none;
    }
    CarerEditor > .carer-new {
        height: 1;
    }
    CarerEditor > .carer-new > Input {
        width: 1fr;
        margin-right: 1;
    }
    CarerEditor > .carer-new > Button {
        min-width: 5;
    }
    CarerEditor > .carer-error {
        height: auto;
        color: $text-error;
        display: none;
    }
    CarerEditor > .carer-error.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Remove carer",
            tooltip="Remove the highlighted carer",
            id="carers.remove",
        ),
    ]

    @dataclass
    class Changed(Message):
        editor: CarerEditor

        @property
        def control(self) -> CarerEditor:
            return self.editor

    def __init__(self, carers: list[Carer], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._carers = list(carers)

    def compose(self) -> ComposeResult:
        yield OptionList(classes="carer-list")
        with Horizontal(classes="carer-new"):
            yield Input(placeholder="name", compact=True, classes="carer-name")
            yield Input(placeholder="relationship", compact=True, classes="carer-relationship")
            yield Input(placeholder="phone", compact=True, classes="carer-phone")
            yield Input(placeholder="email", compact=True, classes="carer-email")
            yield Button("Add", compact=True, classes="carer-add")
        yield Static("", classes="carer-error")

    def on_mount(self) -> None:
        self._refresh()

    @property
    def carers(self) -> list[Carer]:
        return list(self._carers)

    def _boxes(self) -> list[Input]:
        return [
            self.query_one(f".carer-{name}", Input)
            for name in ("name", "relationship", "phone", "email")
        ]

    def typed(self) -> Carer | None:
        """The carer typed but not yet added (None when nothing is typed)."""
        name, relationship, phone, email = (box.value.strip() or None for box in self._boxes())
        if not (name or relationship or phone or email):
            return None
        if not name:
            raise ValueError("a carer needs a name: type it in the first box")
        return Carer(name=name, relationship=relationship, phone=phone, email=email)

    def carers_for_save(self) -> list[Carer]:
        typed = self.typed()
        return self._carers + ([typed] if typed else [])

    def problem(self, for_save: bool = False) -> str | None:
        if not for_save:
            return None
        try:
            self.typed()
        except ValueError as error:
            return f"Carers: {error}."
        return None

    def form_state(self) -> object:
        return (
            tuple(c.model_dump_json() for c in self._carers),
            tuple(box.value for box in self._boxes()),
        )

    def _refresh(self) -> None:
        options = self.query_one(OptionList)
        options.set_options(
            Option(Text(" · ".join(filter(None, [c.name, c.relationship, c.phone, c.email]))))
            for c in self._carers
        )
        options.set_class(not self._carers, "-empty")
        # The first is highlighted, so enter and delete act on it straight away.
        options.highlighted = 0 if self._carers else None

    def show_problem(self, sentence: str | None) -> None:
        box = self.query_one(".carer-error", Static)
        set_text(box, f"!! {sentence}" if sentence else "")
        box.set_class(sentence is not None, "-shown")

    def _add(self) -> None:
        try:
            carer = self.typed()
        except ValueError as error:
            self.show_problem(f"Carers: {error}.")
            return
        self.show_problem(None)
        if carer is None:
            focus_after(self)  # enter on an empty line leaves the carers
            return
        self._carers.append(carer)
        boxes = self._boxes()
        for box in boxes:
            box.value = ""
        self._refresh()
        boxes[0].focus()
        self.post_message(self.Changed(self))

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        """Enter, handled by the form the moment it is pressed (see FormScreen)."""
        if key != "enter":
            return False
        if isinstance(focused, OptionList):
            if focused.highlighted is not None:
                self._edit(focused.highlighted)
            return True
        if isinstance(focused, Input):
            self._add()
            return True
        return False

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self._add()

    @on(Button.Pressed, ".carer-add")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._add()

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._edit(event.option_index)

    def _edit(self, index: int) -> None:
        if index >= len(self._carers):
            return
        carer = self._carers.pop(index)
        for box, value in zip(
            self._boxes(), (carer.name, carer.relationship, carer.phone, carer.email), strict=True
        ):
            box.value = value or ""
        self._refresh()
        self._boxes()[0].focus()
        self.post_message(self.Changed(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self.query_one(OptionList).has_focus
        return True

    def action_remove(self) -> None:
        if remove_highlighted(
            self.query_one(OptionList),
            self._carers,
            self._refresh,
            lambda: self._boxes()[0].focus(),
        ):
            self.post_message(self.Changed(self))


class PupilFormScreen(PlacementFields):
    """A new pupil and their first placement, or changes to a pupil; dismisses with the
    pupil's id (None when left without saving)."""

    labels = {**PLACEMENT_LABELS, **PUPIL_LABELS}
    none_text = "no problems for this pupil"

    def __init__(self, pupil_id: str | None = None) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.pupil: Pupil | None = None

    def load(self) -> None:
        self.pupil = self.caseload.pupils.get(self.pupil_id) if self.pupil_id else None

    def editing(self) -> list[Record]:
        return [self.pupil] if self.pupil is not None else []

    def heading_text(self) -> str:
        if self.pupil_id is None:
            return "New pupil and their placement"
        return f"Pupil: {self.pupil.display_name}" if self.pupil else "Pupil"

    def compose_fields(self) -> ComposeResult:
        caseload = self.caseload
        if self.pupil_id and self.pupil is None:
            yield section("This pupil is no longer in the caseload: press escape.")
            return
        pupil = self.pupil
        yield section("Pupil")
        yield from field_row(
            "First name *",
            FieldInput(
                pupil.first_name if pupil else None,
                label="First name",
                required=True,
                hint="type the pupil's legal first name",
                id="first_name",
            ),
        )
        yield from field_row(
            "Last name *",
            FieldInput(
                pupil.last_name if pupil else None,
                label="Last name",
                required=True,
                hint="type the pupil's last name",
                id="last_name",
            ),
        )
        yield from field_row(
            "Preferred name",
            FieldInput(
                pupil.preferred_name if pupil else None,
                label="Preferred name",
                placeholder="if they go by another name",
                id="preferred_name",
            ),
        )
        yield from field_row(
            "Date of birth",
            DateInput(
                pupil.date_of_birth if pupil else None, label="Date of birth", id="date_of_birth"
            ),
        )
        yield from field_row(
            "Year group",
            FieldInput(
                str(pupil.year_group) if pupil and pupil.year_group else None,
                label="Year group",
                check=int_check(1, 13, "a year group", 9),
                placeholder="1–13",
                id="year_group",
                max_length=2,
            ),
        )
        yield from field_row(
            "UPN",
            FieldInput(
                pupil.upn if pupil else None,
                label="UPN",
                check=upn_check,
                typing_check=upn_typing_check,
                placeholder="13 characters, e.g. A123456789012",
                id="upn",
                max_length=13,
            ),
        )
        yield Horizontal(
            Static(Text("Needs"), classes="form-label"),
            Flag("EHC plan", pupil.ehcp if pupil else False, id="ehcp"),
            Flag("SEN support", pupil.sen_support if pupil else False, id="sen_support"),
            classes="form-row",
        )
        yield Horizontal(
            Static(Text(""), classes="form-label"),
            Flag("Looked after", pupil.looked_after if pupil else False, id="looked_after"),
            Flag(
                "Child protection",
                pupil.child_protection if pupil else False,
                id="child_protection",
            ),
            classes="form-row",
        )
        yield from field_row(
            "School lead",
            FieldInput(
                pupil.school_lead if pupil else None,
                label="School lead",
                placeholder="the member of staff responsible",
                id="school_lead",
            ),
        )
        yield from field_row("Carers", CarerEditor(pupil.carers if pupil else [], id="carers"))
        yield from field_row(
            "In school",
            ScheduleEditor(
                pupil.school_schedule if pupil else (),
                label="School timetable",
                meta=caseload.meta,
                unregistered=None,
                id="school_schedule",
            ),
        )
        yield from field_row(
            "Notes", FieldInput(pupil.notes if pupil else None, label="Notes", id="notes")
        )
        if self.pupil_id is None:
            yield section("First placement")
            yield from self.compose_placement(None, caseload)

    # --- reacting ------------------------------------------------------------------------

    @on(CarerEditor.Changed)
    def _carers_changed(self) -> None:
        self.queue_preview()

    # --- building ------------------------------------------------------------------------

    def _pupil_from_form(self, for_save: bool) -> Pupil:
        def text(widget_id: str, placeholder: str | None = None) -> str | None:
            field = self.query_one(f"#{widget_id}", FieldInput)
            value = field.text
            if value and field.problem() and not for_save:
                return None
            return value or (None if for_save else placeholder)

        year = text("year_group")
        carers = self.query_one("#carers", CarerEditor)
        school = self.query_one("#school_schedule", ScheduleEditor)
        try:
            carer_list = carers.carers_for_save()
        except ValueError as error:
            if for_save:
                raise FormInvalid(f"Carers: {error}.", carers) from None
            carer_list = carers.carers
        try:
            timetable = school.sessions_for_save()
        except ValueError as error:
            if for_save:
                raise FormInvalid(f"School timetable: {error}.", school) from None
            timetable = school.sessions
        base = self.pupil
        values: dict[str, Any] = base.model_dump() if base else {"id": self.new_id("pupils")}
        values.update(
            first_name=text("first_name", "(first name)") or "",
            last_name=text("last_name", "(last name)") or "",
            preferred_name=text("preferred_name"),
            date_of_birth=self.query_one("#date_of_birth", DateInput).value,
            year_group=int(year) if year else None,
            upn=text("upn"),
            ehcp=self.query_one("#ehcp", Flag).value,
            sen_support=self.query_one("#sen_support", Flag).value,
            looked_after=self.query_one("#looked_after", Flag).value,
            child_protection=self.query_one("#child_protection", Flag).value,
            school_lead=text("school_lead"),
            carers=[c.model_dump() for c in carer_list],
            school_schedule=[s.model_dump() for s in timetable],
            notes=text("notes"),
        )
        try:
            return Pupil.model_validate(values)
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, PUPIL_LABELS)) from None

    def build(self, for_save: bool) -> SavePlan:
        if self.pupil_id and self.pupil is None:
            raise FormInvalid("There is nothing here to save: press escape.")
        pupil = self._pupil_from_form(for_save)
        plan = SavePlan(result=pupil, pupil_id=pupil.id)
        if self.pupil is not None:
            plan.update.append(pupil)
            return plan
        placement, new_provider = self.placement_from_form(
            pupil_id=pupil.id, base=None, for_save=for_save
        )
        # One write: the pupil, a provider typed in, and the placement that joins them.
        plan.add.append(pupil)
        if new_provider is not None:
            plan.add.append(new_provider)
        plan.add.append(placement)
        return plan


__all__ = ["CarerEditor", "PupilFormScreen", "upn_check"]
