"""Telling the local authority: one key on the pupil record (`a`) records today as the day
it was told of the placement the school arranged, asking which when several active ones are
untold (a planned one is told after the active ones, with the next press); saved through the
one save path, whatever screen is on top by then."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import Placement
from screens.placement_picker import PlacementPicker
from screens.saving import SavePlan, save_in_worker
from screens.widgets.text import say
from screens.workspace import workspace_of

#: Placements the authority hears of: those under way and those arranged to start.
TOLD_STATUSES = ("active", "planned")


def untold_placements(caseload: Caseload, pupil_id: str) -> list[Placement]:
    """The pupil's active and planned placements the school arranged (or no one recorded
    who did) with no date the local authority was told, oldest first."""
    return [
        p
        for p in caseload.placements_of(pupil_id)
        if p.status in TOLD_STATUSES and p.arranged_by_school and p.la_notified_on is None
    ]


def _nothing_to_tell(caseload: Caseload, pupil_id: str) -> str:
    current = [p for p in caseload.placements_of(pupil_id) if p.status in TOLD_STATUSES]
    if not current:
        return "There is no active or planned placement to tell the local authority of."
    told = [p for p in current if p.la_notified_on is not None]
    parts = []
    for placement in told:
        provider = caseload.provider_of(placement)
        parts.append(
            f"of {provider.name if provider else 'the placement'} on {uk(placement.la_notified_on)}"
        )
    words = f"The local authority was told {' and '.join(parts)}" if parts else ""
    if any(not p.arranged_by_school for p in current):
        arranged = "The local authority arranged this placement itself, so there is nothing "
        arranged += "to tell it"
        words = f"{words}; {arranged[:1].lower()}{arranged[1:]}" if words else arranged
    return f"{words}. To change a date, edit the placement."


def tell_authority(screen: Screen[Any], pupil_id: str) -> None:
    """Record today as the day the local authority was told of the pupil's placement."""
    workspace = workspace_of(screen)
    caseload = workspace.caseload
    untold = untold_placements(caseload, pupil_id)
    if not untold:
        say(screen, _nothing_to_tell(caseload, pupil_id), timeout=6)
        return
    active = [p for p in untold if p.status == "active"]
    if len(active) <= 1:
        first = active[0] if active else untold[0]
        _record(screen, first, [p for p in untold if p is not first])
        return

    def picked(placement_id: str | None) -> None:
        found = workspace_of(screen).caseload.placements.get(placement_id or "")
        if found is None:
            return
        still = untold_placements(workspace_of(screen).caseload, pupil_id)
        if found in still:
            _record(screen, found, [p for p in still if p is not found])
        else:
            say(screen, _nothing_to_tell(workspace_of(screen).caseload, pupil_id), timeout=6)

    # The picker lists the pupil's active placements, which these are (several of them).
    screen.app.push_screen(PlacementPicker(pupil_id), picked)


def _record(screen: Screen[Any], placement: Placement, others: list[Placement]) -> None:
    workspace = workspace_of(screen)
    today = workspace.today
    caseload = workspace.caseload

    def where(one: Placement) -> str:
        provider = caseload.provider_of(one)
        return provider.name if provider else "the provider"

    more = ""
    if others:
        names = " and ".join(f"{where(p)} ({p.status})" for p in others)
        more = f" The placement at {names} is not yet told: press a again once it is."
    plan = SavePlan(
        update=[placement.model_copy(update={"la_notified_on": today})],
        result=placement,
        pupil_id=placement.pupil_id,
        provider_ids={placement.provider_id},
        done=f"Recorded: the local authority was told on {uk(today)} of the placement at "
        f"{where(placement)}. To change the date, edit the placement.{more}",
    )
    save_in_worker(screen.app, plan)
