"""One target of a placement's learning plan: the outcome it serves, what the pupil will do,
how success is judged, where they start from, dates and status."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.widgets import Select

from alp_tui.models import Placement, Record, Target, TargetStatus
from screens.form_base import FormScreen
from screens.saving import FormInvalid, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput, field_row, section
from screens.widgets.long_text import LongInput

TARGET_STATUSES: list[tuple[str, TargetStatus]] = [
    ("active", "active"),
    ("achieved", "achieved"),
    ("dropped", "dropped"),
]

TARGET_LABELS: dict[str, str] = {
    "outcome": "Outcome",
    "description": "Target",
    "success_criteria": "Success criteria",
    "baseline": "Baseline",
    "set_on": "Set on",
    "due": "Due",
    "status": "Status",
}


class TargetFormScreen(FormScreen):
    """Add a target to a placement's plan, or change one; dismisses with its id."""

    labels = TARGET_LABELS
    none_text = "no problems for this pupil"

    def __init__(self, placement_id: str, target_id: str | None = None) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.target_id = target_id
        self.placement: Placement | None = None
        self.target: Target | None = None

    def load(self) -> None:
        caseload = self.caseload
        self.placement = caseload.placements.get(self.placement_id)
        self.target = caseload.targets.get(self.target_id) if self.target_id else None

    def editing(self) -> list[Record]:
        return [self.target] if self.target is not None else []

    def heading_text(self) -> str:
        caseload = self.caseload
        if self.placement is None:
            return "Target"
        pupil = caseload.pupils.get(self.placement.pupil_id)
        who = pupil.display_name if pupil else "the pupil"
        return f"New target for {who}" if self.target_id is None else f"Target for {who}"

    def compose_fields(self) -> ComposeResult:
        if self.placement is None or (self.target_id and self.target is None):
            yield section("This target or placement is no longer in the caseload: press escape.")
            return
        target = self.target
        yield section(f"Focus of the placement: {self.placement.focus}")
        yield from field_row(
            "Outcome",
            LongInput(
                target.outcome if target else None,
                label="Outcome",
                placeholder="the broad outcome it serves, e.g. back in school full time",
                id="outcome",
            ),
        )
        yield from field_row(
            "Target *",
            LongInput(
                target.description if target else None,
                label="Target",
                required=True,
                hint="type what the pupil will do, e.g. attends 90% of sessions",
                placeholder="what the pupil will do",
                id="description",
            ),
        )
        yield from field_row(
            "Success criteria",
            LongInput(
                target.success_criteria if target else None,
                label="Success criteria",
                placeholder="how everyone will know it is met",
                id="success_criteria",
            ),
        )
        yield from field_row(
            "Baseline",
            LongInput(
                target.baseline if target else None,
                label="Baseline",
                placeholder="where the pupil starts from",
                id="baseline",
            ),
        )
        yield from field_row(
            "Set on",
            DateInput(target.set_on if target else self.today, label="Set on", id="set_on"),
        )
        yield from field_row(
            "Due", DateInput(target.due if target else None, label="Due", id="due")
        )
        yield from field_row(
            "Status",
            Select[str](
                TARGET_STATUSES,
                value=target.status if target else "active",
                allow_blank=False,
                compact=True,
                id="status",
            ),
        )

    def build(self, for_save: bool) -> SavePlan:
        placement = self.placement
        if placement is None or (self.target_id and self.target is None):
            raise FormInvalid("There is nothing here to save: press escape.")

        def text(widget_id: str, placeholder: str | None = None) -> str | None:
            return self.query_one(f"#{widget_id}", FieldInput).text or (
                None if for_save else placeholder
            )

        status = self.query_one("#status", Select).value
        set_on = self.query_one("#set_on", DateInput)
        due = self.query_one("#due", DateInput)
        if set_on.value and due.value and due.value < set_on.value:
            raise FormInvalid(
                "Due: the target falls due before it was set: type a later date.", due
            )
        if self.target is not None:
            values: dict[str, Any] = self.target.model_dump()
        else:
            orders = [t.order for t in self.caseload.targets_of(placement.id)]
            values = {
                "id": self.new_id("targets"),
                "placement_id": placement.id,
                "order": max(orders, default=-1) + 1,
            }
        values.update(
            outcome=text("outcome"),
            description=text("description", "(target not typed yet)") or "",
            success_criteria=text("success_criteria"),
            baseline=text("baseline"),
            set_on=set_on.value,
            due=due.value,
            status=status if isinstance(status, str) else "active",
        )
        try:
            target = Target.model_validate(values)
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, TARGET_LABELS)) from None
        plan = SavePlan(result=target, pupil_id=placement.pupil_id)
        (plan.update if self.target is not None else plan.add).append(target)
        return plan
