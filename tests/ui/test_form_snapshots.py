"""SVG snapshots of the placement form at 80×24 on the demo caseload.

Update after a deliberate change with `pytest tests/ui/test_form_snapshots.py --snapshot-update`
and look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input
from ui_kit import make_test_app, settle

from screens.caseload import CaseloadScreen
from screens.placement_form import PlacementFormScreen

SIZE = (80, 24)


def _placement_form(
    placement_id: str | None, *keys: str
) -> Callable[[Pilot[Any]], Coroutine[Any, Any, None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        for _ in range(50):
            await settle(pilot)
            if isinstance(pilot.app.screen, CaseloadScreen):
                break
        pilot.app.push_screen(PlacementFormScreen("pu-jordan", placement_id))
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlacementFormScreen)
        for key in keys:
            await pilot.press(key)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await settle(pilot)

    return run_before


def test_placement_form(snap_compare: Any, demo_file: Path, today: date) -> None:
    """Jordan's placement at Forge, as it opens for editing."""
    app = make_test_app(demo_file)
    assert snap_compare(app, terminal_size=SIZE, run_before=_placement_form("pl-jordan-forge"))


def test_new_placement_over_the_hour_limit(snap_compare: Any, demo_file: Path, today: date) -> None:
    """A new placement at Forge typed to 19.5 h: the total and the preview both say so."""
    app = make_test_app(demo_file)
    keys = [*"forge", "enter", "tab", "tab", "tab", *"Bricklaying", "enter", "enter"]
    keys += [*"mon-wed", "tab", "9", "tab", *"15:30", "enter"]
    assert snap_compare(app, terminal_size=SIZE, run_before=_placement_form(None, *keys))
