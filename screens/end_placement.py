"""Ending a placement: the day it ended (today unless told), and what its transition still
needs, with the quick items done in the same save (the family told today, the strategies
shared with staff today, the usual follow-ups planned). F3 opens the transition plan to
write the rest. What the rules will say once it has ended shows before saving.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Label, Select, Static

from alp_tui.dates import uk
from alp_tui.models import DESTINATIONS, Placement, Record
from alp_tui.placement_life import (
    DESTINATION_WORDS,
    FOLLOW_UP_WEEKS,
    Ending,
    end_changes,
    follow_up_by,
    still_to_do,
)
from screens.form_base import FormScreen
from screens.saving import FormInvalid, SaveDone, SavePlan
from screens.transition_form import TransitionFormScreen
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import field_row, section
from screens.widgets.text import say
from screens.widgets.tick_box import TickBox
from screens.workspace import workspace_of

#: Checklist items the end form can do itself, and the tick box that does each.
QUICK: dict[str, str] = {
    "family": "tell-family",
    "shared": "share-strategies",
    "follow_ups": "plan-follow-ups",
}


class EndPlacementScreen(FormScreen):
    """End one placement; dismisses with its id."""

    CSS_PATH = ["forms.tcss", "placement_life.tcss"]  # type: ignore[assignment]
    labels: ClassVar[dict[str, str]] = {"ended_on": "Ended on", "status": "Status"}

    BINDINGS: ClassVar = [
        Binding(
            "f3",
            "transition",
            "Transition plan",
            tooltip="Write or change the transition plan first",
            id="end.transition",
        ),
    ]

    def __init__(self, placement_id: str) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.placement: Placement | None = None

    def load(self) -> None:
        self.placement = self.caseload.placements.get(self.placement_id)

    def editing(self) -> list[Record]:
        plan = self.caseload.transition_of(self.placement_id)
        return [r for r in (self.placement, plan) if r is not None]

    @property
    def by(self) -> str:
        """Who follows up: the pupil's school lead, else the user."""
        workspace = workspace_of(self)
        if self.placement is None:
            return workspace.caseload.meta.staff_name(workspace.user)
        return follow_up_by(workspace.caseload, self.placement, workspace.user)

    def heading_text(self) -> str:
        placement = self.placement
        if placement is None:
            return "End a placement"
        pupil = self.caseload.pupils.get(placement.pupil_id)
        provider = self.caseload.providers.get(placement.provider_id)
        return (
            f"End the placement of {pupil.display_name if pupil else 'a pupil'} at "
            f"{provider.name if provider else 'a provider'}"
        )

    # --- layout ------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        placement = self.placement
        if placement is None or placement.status == "ended":
            words = (
                "This placement is no longer in the caseload"
                if placement is None
                else f"This placement ended on {uk(placement.ended_on or placement.end_date)}"
            )
            yield section(f"{words}: press escape.")
            return
        facts = Text(f"{placement.status} since {uk(placement.start_date)}")
        if placement.end_date:
            facts.append(f", planned to end {uk(placement.end_date)}")
        facts.append(f" · focus: {placement.focus}")
        yield Static(facts, classes="end-facts")
        yield from field_row(
            "Ended on *", DateInput(self.today, label="Ended on", required=True, id="ended_on")
        )
        plan = self.caseload.transition_of(placement.id)
        missing = still_to_do(plan)
        yield section("The transition: still to do")
        if plan is None:
            yield Static(
                Text("! There is no transition plan yet: F3 writes one first."),
                classes="checklist",
            )
            yield from field_row(
                "Where next",
                Select[str](
                    [(DESTINATION_WORDS[d], d) for d in DESTINATIONS],
                    value="full_return",
                    allow_blank=False,
                    compact=True,
                    id="destination",
                ),
            )
        elif not missing:
            yield Static(
                Text("✓ Nothing missing from the transition plan."),
                classes="checklist -complete",
            )
        keys = {item.key for item in missing}
        # With no plan yet, where the pupil goes is chosen just above.
        later = [
            item.words
            for item in missing
            if item.key not in QUICK and not (plan is None and item.key == "destination")
        ]
        if "shared" in keys and (plan is None or not plan.strategies):
            later.append("the strategies shared with staff (once they are written)")
            keys.discard("shared")
        if later:
            yield Static(
                Text(f"! To write in the transition plan (F3): {'; '.join(later)}."),
                classes="checklist",
            )
        weeks = " and ".join(f"a {kind} at +{n}" for n, kind in FOLLOW_UP_WEEKS)
        offers = {
            "family": "The family is told today",
            "shared": "The strategies are shared with staff today",
            "follow_ups": f"Follow-ups: {weeks} weeks",
        }
        for key, tick_id in QUICK.items():
            if key in keys:
                yield Horizontal(
                    Label(Text(""), classes="form-label"),
                    TickBox(offers[key], id=tick_id),
                    classes="form-row",
                )

    # --- the transition plan first -------------------------------------------------------

    def action_transition(self) -> None:
        if self.placement is None:
            return
        self.app.push_screen(TransitionFormScreen(self.placement_id), self._plan_written)

    def _plan_written(self, plan_id: str | None) -> None:
        if plan_id is None:
            return
        # Show the plan as it now is, keeping the date typed.
        typed = self.query_one("#ended_on", DateInput).text
        self.run_worker(self._again(typed), exclusive=True, group="end-reload")

    async def _again(self, typed: str) -> None:
        await self.recompose()
        self.query_one("#ended_on", DateInput).input.value = typed
        self.call_after_refresh(self._settled)

    # --- building ------------------------------------------------------------------------

    def _ticked(self, tick_id: str) -> bool:
        found = self.query(f"#{tick_id}").results(TickBox)
        return any(t.value for t in found)

    def build(self, for_save: bool) -> SavePlan:
        placement = self.placement
        if placement is None or placement.status == "ended":
            raise FormInvalid("There is nothing here to save: press escape.")
        field = self.query_one("#ended_on", DateInput)
        ended_on = field.value
        if ended_on is None:
            raise FormInvalid(field.problem(True) or "Ended on is required.", field)
        if ended_on > self.today:
            raise FormInvalid(
                f"Ended on: {uk(ended_on)} is still to come: end the placement on the day, or "
                "set its planned end in Edit this placement.",
                field,
            )
        if ended_on < placement.start_date:
            raise FormInvalid(
                f"Ended on: the placement started on {uk(placement.start_date)}: type that "
                "day or a later one.",
                field,
            )
        destination = "full_return"
        for select in self.query("#destination").results(Select):
            if isinstance(select.value, str):
                destination = select.value
        ending = Ending(
            ended_on=ended_on,
            share_strategies=self._ticked("share-strategies"),
            tell_family=self._ticked("tell-family"),
            plan_follow_ups=self._ticked("plan-follow-ups"),
        )
        adds, updates = end_changes(
            self.caseload,
            placement,
            ending,
            today=self.today,
            by=self.by,
            new_plan_id=self.new_id("transitions"),
            destination=destination,
        )
        return SavePlan(add=adds, update=updates, result=updates[0], pupil_id=placement.pupil_id)

    def saved(self, message: SaveDone) -> None:
        ended = message.result
        if isinstance(ended, Placement) and ended.ended_on is not None:
            say(self.app, f"The placement ended on {uk(ended.ended_on)}.", timeout=5)
        super().saved(message)
