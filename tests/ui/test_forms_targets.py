"""The learning plan: a target added (and the missing-targets problem gone), reordered and
dropped, all by key presses through the real app."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable
from ui_kit import (
    SIZE,
    focused_id,
    make_test_app,
    open_app,
    press,
    preview_text,
    settle,
    status_text,
)

from alp_tui.app import AlpApp
from alp_tui.rules import find_problems
from screens.target_form import TargetFormScreen
from screens.targets import LearningPlanScreen
from screens.widgets.form_fields import ProblemPreview
from store import Store


def plan_rows(app: AlpApp) -> list[list[str]]:
    """Each target's number, description, status line and latest rating (or not yet)."""
    table = app.screen.query_one("#plan-table", DataTable)
    rows = []
    for i in range(table.row_count):
        number, target, ratings = (str(cell).split("\n") for cell in table.get_row_at(i))
        status = next(n for n, line in enumerate(target) if line.startswith(("active", "✓", "✗")))
        latest = next((line for line in ratings if line.startswith(("latest", "not rated"))), "")
        rows.append([number[0], " ".join(target[:status]), target[status], latest])
    return rows


def plan_ids(app: AlpApp) -> list[str]:
    """The targets' ids in the order the plan shows them."""
    table = app.screen.query_one("#plan-table", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def open_plan(pilot: Pilot[Any], placement_id: str) -> None:
    await open_app(pilot)
    pilot.app.push_screen(LearningPlanScreen(placement_id))
    await settle(pilot, LearningPlanScreen)


async def test_target_added_and_the_missing_targets_problem_goes(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, "pl-noah-hillside")
        assert plan_rows(app) == []
        problems = app.screen.query_one("#plan-problems", ProblemPreview).text
        assert "! Hillside Farm: no active targets in the learning plan" in problems
        await press(pilot, "a")
        assert isinstance(app.screen, TargetFormScreen)
        assert focused_id(app) == "outcome"
        await press(pilot, "Back in school full time", "enter")
        assert focused_id(app) == "description"
        # The form already says the plan would have an active target once saved.
        await press(pilot, "Feeds and checks the goats unprompted", "enter")
        assert "no active targets" not in preview_text(app)
        await press(pilot, "Does it three sessions running", "enter", "Needs reminding", "enter")
        assert focused_id(app) == "set_on"
        await press(pilot, "enter", "+42", "enter")
        await press(pilot, "ctrl+s")
        await settle(pilot, LearningPlanScreen)
        rows = plan_rows(app)
        assert rows == [
            [
                "1",
                "Feeds and checks the goats unprompted",
                "active · due 08/01/2027",
                "not rated yet",
            ]
        ]
        problems = app.screen.query_one("#plan-problems", ProblemPreview).text
        assert "no active targets" not in problems
    caseload = Store(demo_file).load()
    (target,) = caseload.targets_of("pl-noah-hillside")
    assert target.outcome == "Back in school full time"
    assert target.success_criteria == "Does it three sessions running"
    assert target.baseline == "Needs reminding"
    assert target.set_on == today and target.due == date(2027, 1, 8)
    assert target.status == "active"
    assert not [
        p
        for p in find_problems(caseload, today)
        if p.code == "NO_TARGETS" and p.placement_id == "pl-noah-hillside"
    ]


async def test_target_due_before_it_was_set_is_refused(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, "pl-noah-hillside")
        await press(pilot, "a", "enter", "Feeds the goats", "enter", "enter", "enter")
        await press(pilot, "enter", "-3", "ctrl+s")
        assert isinstance(app.screen, TargetFormScreen)
        assert status_text(app) == (
            "!! Not saved. Due: the target falls due before it was set: type a later date."
        )
        assert focused_id(app) == "due"
        await press(pilot, "escape", "y")
        await settle(pilot, LearningPlanScreen)
    assert Store(demo_file).load().targets_of("pl-noah-hillside") == []


async def test_targets_reordered_and_dropped(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, "pl-jordan-forge")
        before = plan_ids(app)
        assert len(before) == 3
        # Move the first target down one place.
        await press(pilot, "d")
        await settle(pilot)
        after = plan_ids(app)
        assert after == [before[1], before[0], before[2]]
        # The highlight stays on the moved target: drop it.
        await press(pilot, "x")
        await settle(pilot)
        rows = plan_rows(app)
        assert rows[1][2].startswith("✗ dropped") and plan_ids(app)[1] == before[0]
    targets = Store(demo_file).load().targets_of("pl-jordan-forge")
    assert [t.id for t in targets] == after
    assert [t.order for t in targets] == [0, 1, 2]
    assert targets[1].status == "dropped"


async def test_editing_a_target_from_the_plan(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, "pl-kai-sandford")
        first = Store(demo_file).load().targets_of("pl-kai-sandford")[0]
        await press(pilot, "e")
        assert isinstance(app.screen, TargetFormScreen)
        assert app.screen.query_one("#description").value == first.description  # type: ignore[attr-defined]
        app.screen.query_one("#status").focus()
        await press(pilot, "enter", "down", "enter")
        await press(pilot, "ctrl+s")
        await settle(pilot, LearningPlanScreen)
        assert plan_rows(app)[0][2].startswith("✓ achieved")
    saved = Store(demo_file).load().targets[first.id]
    assert saved.status == "achieved" and saved.rev == first.rev + 1
