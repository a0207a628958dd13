"""The learning plan's progress view: every weekly rating as a strip of numbered cells, in
order, the latest in words, the change since the last review; a target opened shows every
week's rating with who recorded it; targets marked achieved stay in the plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from builders import (
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
)
from pinned import CLOCK
from textual.pilot import Pilot
from textual.widgets import DataTable
from ui_kit import SIZE, make_test_app, open_app, press, settle

from alp_tui.app import AlpApp
from alp_tui.models import Progress, Staff
from screens.pupil import PupilScreen
from screens.target_history import TargetHistoryScreen
from screens.targets import LearningPlanScreen
from store import Store


def write_three_weeks(path: Path) -> None:
    """Jordan at Hillside Farm since Monday 09/11/2026, one target rated 3, 1 and 4 in the
    three weeks since, the second call typed by a login the staff list names, and a review
    on 16/11/2026."""
    provider = make_provider(name="Hillside Farm", id="pr-farm")
    pupil = make_pupil(first_name="Jordan", last_name="Bell", id="pu-jordan")
    placement = make_placement(pupil, provider, id="pl-farm", start_date=date(2026, 11, 9))
    target = make_target(
        placement, id="tg-goats", description="Feeds the goats unprompted", outcome="Routine"
    )
    calls = [
        make_contact(
            placement,
            on=date(2026, 11, 12),
            school_staff="Mr D Okafor",
            progress=[Progress(target_id=target.id, rating=3, note="Keen on day one")],
        ),
        make_contact(
            placement,
            on=date(2026, 11, 19),
            created_by="apatel",
            progress=[Progress(target_id=target.id, rating=1, note="Would not go in the pen")],
        ),
        make_contact(
            placement,
            on=date(2026, 11, 26),
            school_staff="Mr D Okafor",
            progress=[Progress(target_id=target.id, rating=4, note="Did the round alone")],
        ),
    ]
    review = make_review(placement, on=date(2026, 11, 16))
    meta = make_meta(staff=[Staff(user="apatel", name="Mrs A Patel", role="ALP lead")])
    caseload = make_caseload(provider, pupil, placement, target, *calls, review, meta=meta)
    Store.create(path, caseload.meta, caseload=caseload, user="tester", clock=CLOCK)


def cell_lines(app: AlpApp, row: int = 0) -> list[str]:
    table = app.screen.query_one("#plan-table", DataTable)
    return str(table.get_row_at(row)[2]).split("\n")


async def open_plan(pilot: Pilot[Any], placement_id: str) -> None:
    await open_app(pilot)
    pilot.app.push_screen(LearningPlanScreen(placement_id))
    await settle(pilot, LearningPlanScreen)


async def test_a_target_rated_in_three_contacts_shows_three_cells_in_order(
    tmp_path: Path, today: date
) -> None:
    path = tmp_path / "caseload.json"
    write_three_weeks(path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, "pl-farm")
        strip, latest, change, note = cell_lines(app)
        assert strip.split() == ["3", "1", "4"]  # one numbered cell a week, oldest first
        assert latest == "latest 4 secure (26/11/2026)"
        # Since the review of 16/11, when it stood at 3 (developing).
        assert change == "up 1: developing → secure"
        assert note == "“Did the round alone”"
        # Each cell is shaded from the theme, darker for a higher rating.
        table = app.screen.query_one("#plan-table", DataTable)
        spans = [s for s in table.get_row_at(0)[2].spans if s.start < len(strip)]
        assert len(spans) == 3 and len({str(s.style) for s in spans}) == 3
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, TargetHistoryScreen)
        assert screen.rows() == [
            ["09/11/2026", "3 developing", "Keen on day one", "Mr D Okafor"],
            ["16/11/2026", "1 not started", "Would not go in the pen", "Mrs A Patel (ALP lead)"],
            ["23/11/2026", "4 secure", "Did the round alone", "Mr D Okafor"],
        ]


async def test_a_week_with_no_rating_is_an_empty_cell(tmp_path: Path, today: date) -> None:
    path = tmp_path / "caseload.json"
    write_three_weeks(path)
    store = Store(path)
    caseload = store.load()
    middle = caseload.contacts_of("pl-farm")[1]
    store.update(middle.model_copy(update={"progress": []}))
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_plan(pilot, "pl-farm")
        assert cell_lines(app)[0].split() == ["3", "–", "4"]


async def test_a_target_marked_achieved_stays_in_the_plan_with_its_history(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-ryan")
        await settle(pilot, PupilScreen)
        await press(pilot, "t")
        assert isinstance(app.screen, LearningPlanScreen)
        before = cell_lines(app)[0]
        await press(pilot, "m")
        await settle(pilot)
        table = app.screen.query_one("#plan-table", DataTable)
        assert str(table.get_row_at(0)[1]).split("\n")[2].startswith("✓ achieved")
        assert cell_lines(app)[0] == before  # the ratings stay
    targets = Store(demo_file).load().targets_of("pl-ryan-cityline")
    assert [t.status for t in targets] == ["achieved", "active", "active"]
