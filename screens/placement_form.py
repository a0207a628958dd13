"""Adding, changing and ending a pupil's placement: provider (chosen or typed in new),
status, dates, focus, reason, weekly sessions, who arranged it, whether it is online and
when the local authority was told (with the register code that follows), and the
contact/review intervals.

`PlacementFields` is shared with the new-pupil form, which asks for the first placement.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Select, Static

from alp_tui.authority import code_words
from alp_tui.caseload import Caseload
from alp_tui.models import (
    ARRANGED_BY,
    ARRANGED_BY_WORDS,
    ArrangedBy,
    Placement,
    PlacementStatus,
    Provider,
    Record,
    register_code,
)
from screens.end_placement import EndPlacementScreen
from screens.form_base import FormScreen
from screens.saving import FormInvalid, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput, field_row, int_check, section, set_text
from screens.widgets.long_text import LongInput
from screens.widgets.provider_picker import ProviderPicker
from screens.widgets.schedule_editor import ScheduleEditor
from screens.widgets.tick_box import TickBox

STATUS_CHOICES: list[tuple[str, PlacementStatus]] = [
    ("planned (not started yet)", "planned"),
    ("active", "active"),
    ("ended", "ended"),
]

PLACEMENT_LABELS: dict[str, str] = {
    "provider_id": "Provider",
    "status": "Status",
    "start_date": "Start date",
    "end_date": "Planned end",
    "ended_on": "Ended on",
    "focus": "Focus",
    "reason": "Reason",
    "schedule": "Sessions",
    "contact_interval_days": "Contact every",
    "review_interval_weeks": "Review every",
    "arranged_by": "Arranged by",
    "online": "Online",
    "la_notified_on": "LA told on",
}
ARRANGED_CHOICES: list[tuple[str, ArrangedBy]] = [
    (ARRANGED_BY_WORDS[value], value) for value in ARRANGED_BY
]


def active_counts(caseload: Caseload) -> dict[str, int]:
    """Pupils placed now at each provider (active placements)."""
    counts: dict[str, int] = {}
    for placement in caseload.placements.values():
        if placement.status == "active":
            counts[placement.provider_id] = counts.get(placement.provider_id, 0) + 1
    return counts


class PlacementFields(FormScreen):
    """The placement part of a form: composing the fields and building the records."""

    def compose_placement(self, placement: Placement | None, caseload: Caseload) -> ComposeResult:
        meta = caseload.meta
        provider = caseload.providers.get(placement.provider_id) if placement else None
        yield from field_row(
            "Provider *",
            ProviderPicker(
                caseload.providers.values(),
                selected=placement.provider_id if placement else None,
                placed=active_counts(caseload),
                id="provider",
            ),
        )
        yield from field_row(
            "Status",
            Select[str](
                STATUS_CHOICES,
                value=placement.status if placement else "active",
                allow_blank=False,
                compact=True,
                id="status",
            ),
        )
        yield from field_row(
            "Start date *",
            DateInput(
                placement.start_date if placement else self.today,
                label="Start date",
                required=True,
                id="start_date",
            ),
        )
        yield from field_row(
            "Planned end",
            DateInput(
                placement.end_date if placement else None, label="Planned end", id="end_date"
            ),
        )
        with Vertical(id="ended-row", classes="-form-hidden" if not _is_ended(placement) else ""):
            yield from field_row(
                "Ended on *",
                DateInput(
                    placement.ended_on if placement else None,
                    label="Ended on",
                    required=_is_ended(placement),
                    id="ended_on",
                ),
            )
        yield from field_row(
            "Focus *",
            LongInput(
                placement.focus if placement else None,
                label="Focus",
                required=True,
                hint="type what the work is for, e.g. re-engage with learning",
                placeholder="what the work is for",
                id="focus",
            ),
        )
        yield from field_row(
            "Reason",
            LongInput(
                placement.reason if placement else None,
                label="Reason",
                placeholder="the main reason for the placement",
                id="reason",
            ),
        )
        yield from field_row(
            "Sessions",
            ScheduleEditor(
                placement.schedule if placement else (),
                label="Sessions",
                meta=meta,
                unregistered=provider.is_unregistered if provider else True,
                id="schedule",
            ),
        )
        yield from self.compose_arrangement(placement)
        yield from field_row(
            "Contact every",
            FieldInput(
                str(placement.contact_interval_days or "") if placement else None,
                label="Contact every",
                check=int_check(1, 365, "a number of days", 7),
                placeholder=f"{meta.contact_interval_days} (the school's setting)",
                id="contact_interval_days",
            ),
            note="days",
        )
        yield from field_row(
            "Review every",
            FieldInput(
                str(placement.review_interval_weeks or "") if placement else None,
                label="Review every",
                check=int_check(1, 52, "a number of weeks", 6),
                placeholder=f"{meta.review_interval_weeks} (the school's setting)",
                id="review_interval_weeks",
            ),
            note="weeks",
        )
        yield from field_row(
            "Notes",
            LongInput(placement.notes if placement else None, label="Notes", id="placement_notes"),
        )

    def compose_arrangement(self, placement: Placement | None) -> ComposeResult:
        """Who arranged it, online or not, when the authority was told, and the code."""
        yield from field_row(
            "Arranged by",
            Select[str](
                ARRANGED_CHOICES,
                value=(placement.arranged_by if placement else None) or "school",
                allow_blank=False,
                compact=True,
                id="arranged_by",
            ),
        )
        yield from field_row(
            "Online",
            TickBox("online or remote provision", placement.online if placement else False,
                    id="online"),
        )  # fmt: skip
        yield from field_row(
            "LA told on",
            DateInput(
                placement.la_notified_on if placement else None,
                label="LA told on",
                id="la_notified_on",
            ),
            note="the local authority",
        )
        yield Static("", id="register-code", classes="form-code")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_register_code()

    # --- reacting ------------------------------------------------------------------------

    @on(Select.Changed, "#arranged_by")
    @on(Checkbox.Changed, "#online")
    def _arrangement_changed(self) -> None:
        self._show_register_code()

    def _arrangement(self) -> tuple[ArrangedBy, bool]:
        chosen = self.query_one("#arranged_by", Select).value
        arranged: ArrangedBy = "local_authority" if chosen == "local_authority" else "school"
        return arranged, self.query_one("#online", Checkbox).value

    def _show_register_code(self) -> None:
        """The register code the arrangement implies, as the pupil record and note say it."""
        found = self.query("#register-code")
        if not found:
            return
        arranged, online = self._arrangement()
        code = code_words(register_code(arranged, online))
        set_text(found.first(Static), f"Register code: {code}")

    @on(ProviderPicker.Changed, "#provider")
    def _provider_changed(self, event: ProviderPicker.Changed) -> None:
        self.query_one("#schedule", ScheduleEditor).unregistered = event.picker.unregistered
        self.queue_preview()

    @on(ScheduleEditor.Changed)
    def _schedule_changed(self) -> None:
        self.queue_preview()

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        ended = event.value == "ended"
        self.query_one("#ended-row").set_class(not ended, "-form-hidden")
        ended_on = self.query_one("#ended_on", DateInput)
        ended_on.required = ended
        if ended and not ended_on.text.strip():
            ended_on.set_date(self.today)

    # --- building ------------------------------------------------------------------------

    def placement_from_form(
        self, *, pupil_id: str, base: Placement | None, for_save: bool
    ) -> tuple[Placement, Provider | None]:
        """The placement typed (and a new provider if one is typed in)."""
        picker = self.query_one("#provider", ProviderPicker)
        new_provider: Provider | None = None
        if picker.is_new:
            new_provider = picker.new_provider(lenient=not for_save)
            new_provider.id = self.new_id("providers")
            provider_id = new_provider.id
        elif picker.provider_id is not None:
            provider_id = picker.provider_id
        else:
            raise FormInvalid("Provider: none chosen yet.", picker)

        start = self.query_one("#start_date", DateInput)
        if start.value is None:
            raise FormInvalid(start.problem(True) or "Start date is required.", start)
        status = self.query_one("#status", Select).value
        ended_on = self.query_one("#ended_on", DateInput).value if status == "ended" else None
        editor = self.query_one("#schedule", ScheduleEditor)
        try:
            schedule = editor.sessions_for_save()
        except ValueError as error:
            if for_save:
                raise FormInvalid(f"Sessions: {error}.", editor) from None
            schedule = editor.sessions

        def text(widget_id: str, placeholder: str | None = None) -> str | None:
            return self.query_one(f"#{widget_id}", FieldInput).text or (
                None if for_save else placeholder
            )

        def number(widget_id: str) -> int | None:
            field = self.query_one(f"#{widget_id}", FieldInput)
            if field.text is None or field.problem():
                return None
            return int(field.text)

        arranged, online = self._arrangement()
        if base is not None and base.arranged_by is None and arranged == "school":
            arranged_by: ArrangedBy | None = None  # not recorded, which means the school
        else:
            arranged_by = arranged
        values: dict[str, Any] = base.model_dump() if base else {"id": self.new_id("placements")}
        values.update(
            pupil_id=pupil_id,
            provider_id=provider_id,
            status=status if isinstance(status, str) else "active",
            start_date=start.value,
            end_date=self.query_one("#end_date", DateInput).value,
            ended_on=ended_on,
            focus=text("focus", "(focus not typed yet)") or "",
            reason=text("reason"),
            schedule=[s.model_dump() for s in schedule],
            contact_interval_days=number("contact_interval_days"),
            review_interval_weeks=number("review_interval_weeks"),
            notes=text("placement_notes"),
            arranged_by=arranged_by,
            online=online,
            la_notified_on=self.query_one("#la_notified_on", DateInput).value,
        )
        try:
            placement = Placement.model_validate(values)
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, PLACEMENT_LABELS)) from None
        return placement, new_provider


def _is_ended(placement: Placement | None) -> bool:
    return placement is not None and placement.status == "ended"


class PlacementFormScreen(PlacementFields):
    """Add a placement for a pupil, or change (or end) one; dismisses with its id."""

    none_text = "no problems for this pupil"
    labels = PLACEMENT_LABELS

    BINDINGS: ClassVar = [
        Binding(
            "f2",
            "end_now",
            "End placement",
            tooltip="End this placement: its date, the transition's checklist, the follow-ups",
            id="placement.end",
        ),
    ]

    def __init__(self, pupil_id: str, placement_id: str | None = None) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.placement_id = placement_id
        self.placement: Placement | None = None

    def load(self) -> None:
        caseload = self.caseload
        self.placement = caseload.placements.get(self.placement_id) if self.placement_id else None

    def editing(self) -> list[Record]:
        return [self.placement] if self.placement is not None else []

    def heading_text(self) -> str:
        pupil = self.caseload.pupils.get(self.pupil_id)
        name = pupil.display_name if pupil else "a pupil"
        if self.placement is None:
            return f"New placement for {name}"
        provider = self.caseload.providers.get(self.placement.provider_id)
        return f"Placement of {name} at {provider.name if provider else 'a provider'}"

    def compose_fields(self) -> ComposeResult:
        caseload = self.caseload
        if self.pupil_id not in caseload.pupils:
            yield section("This pupil is no longer in the caseload: press escape.")
            return
        if self.placement_id and self.placement is None:
            yield section("This placement is no longer in the caseload: press escape.")
            return
        yield section("Placement")
        yield from self.compose_placement(self.placement, caseload)

    def build(self, for_save: bool) -> SavePlan:
        if self.pupil_id not in self.caseload.pupils or (
            self.placement_id and self.placement is None
        ):
            raise FormInvalid("There is nothing here to save: press escape.")
        placement, new_provider = self.placement_from_form(
            pupil_id=self.pupil_id, base=self.placement, for_save=for_save
        )
        plan = SavePlan(result=placement, pupil_id=self.pupil_id)
        if new_provider is not None:
            plan.add.append(new_provider)
        if self.placement is None:
            plan.add.append(placement)
        else:
            plan.update.append(placement)
            # Moving to another provider: the old one's problems may go away.
            plan.provider_ids.add(self.placement.provider_id)
        return plan

    def first_focus(self) -> Widget | None:
        # Editing usually changes the sessions, dates or status, rarely the provider.
        return self.query_one("#status") if self.placement is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_now":
            return self.placement is not None and self.placement.status != "ended"
        return True

    def action_end_now(self) -> None:
        """Ending goes through its own form, with what the transition still needs."""
        if self.placement is None:
            return
        if self.dirty:
            self.set_status(
                "Save your changes first (ctrl+s), or press escape to drop them; then f2 ends "
                "the placement with its checklist."
            )
            return
        self.app.switch_screen(EndPlacementScreen(self.placement.id))
