"""An SVG snapshot of the learning plan's progress view at 80×24 on the demo caseload:
Ryan's three targets, each with its weekly strip of numbered, shaded cells.

Update after a deliberate change with
`pytest tests/ui/test_progress_snapshot.py --snapshot-update` and look at the SVG first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from ui_kit import SIZE, make_test_app, settle

from screens.caseload import CaseloadScreen
from screens.targets import LearningPlanScreen


async def _progress_of_ryan(pilot: Pilot[Any]) -> None:
    await settle(pilot, CaseloadScreen)
    pilot.app.push_screen(LearningPlanScreen("pl-ryan-cityline"))
    await settle(pilot, LearningPlanScreen)


def test_progress_view(snap_compare: Any, demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    assert snap_compare(app, terminal_size=SIZE, run_before=_progress_of_ryan)
