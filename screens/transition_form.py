"""The transition plan of one placement: where the pupil goes next, the phases of a return
(each phase's provider hours judged by the hour rule as typed), the welcome, the provider's
strategies (F2 marks them shared with staff today), when the family was told (F3 today),
the pupil's views and the follow-up visits or calls. A checklist says what is still missing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select, Static, TextArea

from alp_tui.dates import uk
from alp_tui.models import DESTINATIONS, Placement, Record, Transition
from alp_tui.placement_life import (
    DESTINATION_WORDS,
    checklist_line,
    follow_up_by,
    still_to_do,
)
from alp_tui.rules import is_unregistered
from alp_tui.sharing import lapsed_releases
from screens.form_base import FormScreen
from screens.saving import FormInvalid, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput, field_row, section, set_text
from screens.widgets.long_text import LongTextArea, whole_text
from screens.widgets.transition_lists import FollowUpEditor, PhaseEditor, StrategyEditor
from screens.workspace import workspace_of

TRANSITION_LABELS: dict[str, str] = {
    "destination": "Where next",
    "destination_name": "Setting",
    "phases": "Phases",
    "welcome_plan": "Welcome plan",
    "strategies": "Strategies",
    "strategies_shared_on": "Shared with staff on",
    "family_informed_on": "Family told",
    "pupil_views": "Pupil's views",
    "follow_ups": "Follow-ups",
}


class TransitionFormScreen(FormScreen):
    """Write or change a placement's transition plan; dismisses with its id."""

    CSS_PATH = ["forms.tcss", "placement_life.tcss"]  # type: ignore[assignment]
    labels = TRANSITION_LABELS
    none_text = "no problems for this pupil"

    BINDINGS: ClassVar = [
        Binding(
            "f2",
            "shared_today",
            "Shared today",
            tooltip="The strategies were shared with school staff today",
            id="transition.shared",
        ),
        Binding(
            "f3",
            "family_today",
            "Family told today",
            tooltip="The family was told the plan today",
            id="transition.family",
        ),
    ]

    def __init__(self, placement_id: str) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.placement: Placement | None = None
        self.plan: Transition | None = None

    def load(self) -> None:
        caseload = self.caseload
        self.placement = caseload.placements.get(self.placement_id)
        self.plan = caseload.transition_of(self.placement_id)

    def editing(self) -> list[Record]:
        return [self.plan] if self.plan is not None else []

    def heading_text(self) -> str:
        placement = self.placement
        if placement is None:
            return "Transition plan"
        pupil = self.caseload.pupils.get(placement.pupil_id)
        provider = self.caseload.providers.get(placement.provider_id)
        ends = placement.ended_on or placement.end_date
        verb = "ended" if placement.status == "ended" else "ends"
        when = f" ({verb} {uk(ends)})" if ends else ""
        return (
            f"Transition plan: {pupil.display_name if pupil else 'a pupil'} from "
            f"{provider.name if provider else 'a provider'}{when}"
        )

    # --- layout ------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        placement = self.placement
        if placement is None:
            yield section("This placement is no longer in the caseload: press escape.")
            return
        caseload = self.caseload
        plan = self.plan
        provider = caseload.providers.get(placement.provider_id)
        yield Static(Text(checklist_line(plan)), classes="checklist", id="checklist")
        yield from field_row(
            "Where next",
            Select[str](
                [(DESTINATION_WORDS[d], d) for d in DESTINATIONS],
                value=plan.destination if plan else "full_return",
                allow_blank=False,
                compact=True,
                id="destination",
            ),
        )
        yield from field_row(
            "Setting",
            FieldInput(
                plan.destination_name if plan else None,
                label="Setting",
                placeholder="e.g. Kingsmead Academy, Year 8; the college and course",
                id="destination_name",
            ),
        )
        yield section("Phases (hours a week)")
        yield PhaseEditor(
            plan.phases if plan else [],
            meta=caseload.meta,
            provider_name=provider.name if provider else "the provider",
            judged=is_unregistered(provider) and placement.status != "ended",
            id="phases",
        )
        yield section("Welcome, strategies and the family")
        yield from field_row(
            "Welcome plan",
            LongTextArea(
                (plan.welcome_plan or "") if plan else "",
                soft_wrap=True,
                compact=True,
                placeholder="how the pupil will be welcomed back or into the new setting",
                id="welcome_plan",
            ),
        )
        yield from field_row(
            "Strategies", StrategyEditor(plan.strategies if plan else [], id="strategies")
        )
        yield from field_row(
            "Shared on",
            DateInput(
                plan.strategies_shared_on if plan else None,
                label="Shared with staff on",
                id="strategies_shared_on",
            ),
            note="F2 today",
        )
        yield from field_row(
            "Family told",
            DateInput(
                plan.family_informed_on if plan else None,
                label="Family told",
                id="family_informed_on",
            ),
            note="F3 today",
        )
        yield from field_row(
            "Pupil's views",
            LongTextArea(
                (plan.pupil_views or "") if plan else "",
                soft_wrap=True,
                compact=True,
                placeholder="what the pupil hopes for or worries about, in their words",
                id="pupil_views",
            ),
        )
        yield section("Follow-up visits and calls (space marks one done)")
        yield FollowUpEditor(
            plan.follow_ups if plan else [],
            today=self.today,
            by=follow_up_by(caseload, placement, workspace_of(self).user),
            id="follow_ups",
        )

    # --- one-key dates ---------------------------------------------------------------------

    def action_shared_today(self) -> None:
        self._today_in("#strategies_shared_on", "Strategies marked shared with staff today")

    def action_family_today(self) -> None:
        self._today_in("#family_informed_on", "Family marked told today")

    def _today_in(self, selector: str, words: str) -> None:
        if self.placement is None:
            return
        self.query_one(selector, DateInput).set_date(self.today)
        self.set_status(f"{words} ({uk(self.today)}): ctrl+s to save.", error=False)

    # --- the checklist, kept up with the typing ---------------------------------------------

    def _update_preview(self) -> None:
        super()._update_preview()
        if self.placement is None:
            return
        try:
            plan = self.transition(for_save=False)
        except FormInvalid:
            return
        box = self.query_one("#checklist", Static)
        set_text(box, checklist_line(plan))
        box.set_class(not still_to_do(plan), "-complete")

    # --- building ------------------------------------------------------------------------

    def transition(self, for_save: bool) -> Transition:
        placement = self.placement
        if placement is None:
            raise FormInvalid("There is nothing here to save: press escape.")

        def listed(editor: Any) -> list[Any]:
            try:
                return list(editor.items_for_save())
            except ValueError as error:
                if for_save:
                    raise FormInvalid(editor.sentence(error), editor) from None
                return list(editor.items)

        def area(widget_id: str) -> str | None:
            return whole_text(self.query_one(f"#{widget_id}", TextArea)).strip() or None

        dates: dict[str, Any] = {}
        for widget_id in ("strategies_shared_on", "family_informed_on"):
            field = self.query_one(f"#{widget_id}", DateInput)
            wrong = field.problem()
            if wrong and for_save:
                raise FormInvalid(wrong, field)
            dates[widget_id] = field.value
        strategies = [s.text for s in listed(self.query_one("#strategies", StrategyEditor))]
        if dates["strategies_shared_on"] is not None and not strategies and for_save:
            raise FormInvalid(
                "Shared with staff on: there are no strategies to share yet: type them first, "
                "or empty the date.",
                self.query_one("#strategies_shared_on", DateInput),
            )
        destination = self.query_one("#destination", Select).value
        values: dict[str, Any] = (
            self.plan.model_dump()
            if self.plan is not None
            else {"id": self.new_id("transitions"), "placement_id": placement.id}
        )
        values.update(
            destination=destination if isinstance(destination, str) else "full_return",
            destination_name=self.query_one("#destination_name", FieldInput).text,
            phases=[p.model_dump() for p in listed(self.query_one("#phases", PhaseEditor))],
            welcome_plan=area("welcome_plan"),
            strategies=strategies,
            pupil_views=area("pupil_views"),
            follow_ups=[
                f.model_dump() for f in listed(self.query_one("#follow_ups", FollowUpEditor))
            ],
            **dates,
        )
        try:
            # A release is for the words the lead read: changed words go back to automatic.
            return lapsed_releases(self.plan, Transition.model_validate(values))
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, TRANSITION_LABELS)) from None

    def build(self, for_save: bool) -> SavePlan:
        plan = self.transition(for_save)
        assert self.placement is not None
        saving = SavePlan(result=plan, pupil_id=self.placement.pupil_id)
        (saving.update if self.plan is not None else saving.add).append(plan)
        return saving
