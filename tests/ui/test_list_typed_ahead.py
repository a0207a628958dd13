"""A list's lines typed ahead, as over SSH where a whole line arrives at once: each item
holds what was typed for it, and the next line's keys go to the next line."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from ui_kit import SIZE, burst, make_test_app, open_app, settle

from screens.caseload import CaseloadScreen
from screens.concerns import ConcernScreen
from screens.pupil import PupilScreen
from screens.pupil_form import CarerEditor, PupilFormScreen
from screens.settings import SettingsScreen
from screens.widgets.staff_editor import StaffEditor
from store import Store


async def test_two_carers_typed_ahead_are_both_saved_as_typed(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-jordan"))
        await settle(pilot, PupilFormScreen)
        app.screen.query_one("#carers", CarerEditor).entry_start().focus()
        await settle(pilot)
        burst(app, [*"Dean Bennett", "tab", *"father", "tab", *"07700 900413", "enter"])
        burst(app, [*"Sue Bennett", "tab", *"aunt", "enter", "ctrl+s"])
        await settle(pilot, CaseloadScreen)
    jordan = Store(demo_file).load().pupils["pu-jordan"]
    assert [(c.name, c.relationship, c.phone) for c in jordan.carers] == [
        ("Lisa Bennett", "mother", "07700 900412"),
        ("Dean Bennett", "father", "07700 900413"),
        ("Sue Bennett", "aunt", None),
    ]


async def test_two_concern_updates_typed_ahead_are_both_logged(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-mason")
        await settle(pilot, PupilScreen)
        app.push_screen(ConcernScreen("cn-mason-1", pupil_id="pu-mason"))
        await settle(pilot, ConcernScreen)
        burst(app, ["ctrl+n", *"Phoned mum", "enter", *"Home visit booked", "enter"])
        burst(app, ["ctrl+s"])
        await settle(pilot, PupilScreen)
    updates = Store(demo_file).load().concerns["cn-mason-1"].updates
    assert [(u.by, u.note) for u in updates[2:]] == [
        ("tester", "Phoned mum"),
        ("tester", "Home visit booked"),
    ]


async def test_a_wrong_staff_line_typed_ahead_keeps_all_its_typing(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(SettingsScreen())
        await settle(pilot, SettingsScreen)
        editor = app.screen.query_one("#staff", StaffEditor)
        editor.entry_start().focus()
        await settle(pilot)
        burst(app, [*"a patel", "tab", *"Mrs A Patel", "enter"])
        await settle(pilot)
        problem = str(app.screen.query_one("#problem-staff", Static).render())
        assert problem.startswith("!! Staff: login 'a patel' is not a login name")
        assert editor.items == []
        assert [box.value for box in editor.query(Input)] == ["a patel", "Mrs A Patel", ""]
        # Mended, the line is added and saved.
        box = editor.query_one(".staff-user", Input)
        box.value = "apatel"
        box.focus()
        await settle(pilot)
        burst(app, ["enter", "ctrl+s"])
        await settle(pilot, CaseloadScreen)
    staff = Store(demo_file).load().meta.staff
    assert [(m.user, m.name) for m in staff] == [("apatel", "Mrs A Patel")]
