"""A pupil's details: a new pupil together with their first placement (one save), or
changes to an existing pupil (names, flags, UPN, carers, school timetable)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from alp_tui.models import UPN_LETTERS, Carer, Pupil, Record, upn_problem, upn_with_check_letter
from screens.placement_form import PLACEMENT_LABELS, PlacementFields
from screens.saving import FormInvalid, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import (
    FieldInput,
    field_row,
    int_check,
    section,
)
from screens.widgets.list_editor import ListEditor
from screens.widgets.long_text import LongInput
from screens.widgets.schedule_editor import ScheduleEditor
from screens.widgets.tick_box import TickBox

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


class CarerEditor(ListEditor[Carer]):
    """The pupil's carers: type a name (and relationship, phone, email), enter to add;
    enter on a carer takes them back to change, delete removes them."""

    DEFAULT_CSS = """
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

    LIST_CLASSES = "carer-list"
    LABEL = "Carers"

    def compose_entry(self) -> ComposeResult:
        with Horizontal(classes="carer-new"):
            yield Input(placeholder="name", compact=True, classes="carer-name")
            yield Input(placeholder="relationship", compact=True, classes="carer-relationship")
            yield Input(placeholder="phone", compact=True, classes="carer-phone")
            yield Input(placeholder="email", compact=True, classes="carer-email")
            yield Button("Add", compact=True, classes="list-add")

    @property
    def carers(self) -> list[Carer]:
        return self.items

    def _boxes(self) -> list[Input]:
        return [
            self.query_one(f".carer-{name}", Input)
            for name in ("name", "relationship", "phone", "email")
        ]

    def read_entry(self) -> Carer | None:
        name, relationship, phone, email = (box.value.strip() or None for box in self._boxes())
        if not (name or relationship or phone or email):
            return None
        if not name:
            raise ValueError("a carer needs a name: type it in the first box")
        return Carer(name=name, relationship=relationship, phone=phone, email=email)

    def fill_entry(self, item: Carer | None) -> None:
        values = (item.name, item.relationship, item.phone, item.email) if item else ("",) * 4
        for box, value in zip(self._boxes(), values, strict=True):
            box.value = value or ""

    def item_line(self, item: Carer) -> Text:
        return Text(
            " · ".join(filter(None, [item.name, item.relationship, item.phone, item.email]))
        )

    def entry_start(self) -> Widget:
        return self._boxes()[0]


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
            TickBox("EHC plan", pupil.ehcp if pupil else False, id="ehcp"),
            TickBox("SEN support", pupil.sen_support if pupil else False, id="sen_support"),
            classes="form-row",
        )
        yield Horizontal(
            Static(Text(""), classes="form-label"),
            TickBox("Looked after", pupil.looked_after if pupil else False, id="looked_after"),
            TickBox(
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
            "Notes", LongInput(pupil.notes if pupil else None, label="Notes", id="notes")
        )
        if self.pupil_id is None:
            yield section("First placement")
            yield from self.compose_placement(None, caseload)

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
            carer_list = carers.items_for_save()
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
            ehcp=self.query_one("#ehcp", TickBox).value,
            sen_support=self.query_one("#sen_support", TickBox).value,
            looked_after=self.query_one("#looked_after", TickBox).value,
            child_protection=self.query_one("#child_protection", TickBox).value,
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
