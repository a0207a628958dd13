"""SVG snapshots of the app's own screens at 80×24 on the demo caseload.

Update after a deliberate change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input
from ui_kit import make_test_app

from screens.caseload import CaseloadScreen

SIZE = (80, 24)


def _until(screen_type: type, *keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        for _ in range(50):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(pilot.app.screen, CaseloadScreen):
                break
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(pilot.app.screen, screen_type)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


def test_caseload(snap_compare: Any, demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(CaseloadScreen))


def test_caseload_filtered(snap_compare: Any, demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    keys = ("slash", "f", "a", "r", "m")
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(CaseloadScreen, *keys))


def test_pupil_record(snap_compare: Any, demo_file: Path, today: date) -> None:
    from screens.pupil import PupilScreen

    app = make_test_app(demo_file)
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(PupilScreen, "enter"))


def test_help(snap_compare: Any, demo_file: Path, today: date) -> None:
    from screens.help import HelpScreen

    app = make_test_app(demo_file)
    assert snap_compare(app, terminal_size=SIZE, run_before=_until(HelpScreen, "f1"))
