"""The way into the weekly contact from other screens: the pupil's active placement, or a
question when there are several."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from screens.contact import ContactScreen
from screens.placement_picker import PlacementPicker
from screens.widgets.text import say
from screens.workspace import workspace_of


async def start_contact(
    screen: Screen[Any],
    pupil_id: str,
    *,
    callback: Callable[[str | None], None] | None = None,
) -> None:
    """Open the contact form for the pupil's active placement, asking which if several.

    Says so in one sentence when the pupil has no active placement. Returns once the form
    (or the question) is ready for typing: the keys typed straight after the key that
    opened it wait for it, and land in its first field.
    """
    caseload = workspace_of(screen).caseload
    pupil = caseload.pupils.get(pupil_id)
    if pupil is None:
        say(screen, "That pupil is no longer in the caseload.", severity="error")
        return
    active = caseload.active_placements_of(pupil_id)
    if not active:
        say(
            screen,
            f"{pupil.display_name} has no active placement, so there is no provider to log "
            "a contact with: start or reopen a placement first.",
            severity="warning",
            timeout=8,
        )
        return
    app = screen.app
    if len(active) == 1:
        await app.push_screen(ContactScreen(active[0].id), callback)
        return

    async def picked(placement_id: str | None) -> None:
        if placement_id:
            await app.push_screen(ContactScreen(placement_id), callback)

    await app.push_screen(PlacementPicker(pupil_id), picked)
