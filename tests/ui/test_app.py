"""The app shell driven through Pilot: the caseload, filter, pupil record, settings,
first run, an unusable file, and reloading when another process writes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from ui_kit import make_test_app, settle

from alp_tui.app import AlpApp
from alp_tui.models import Pupil
from screens.caseload import CaseloadScreen
from screens.confirm import ConfirmScreen
from screens.first_run import FirstRunScreen
from screens.help import HelpScreen
from screens.pupil import PupilScreen
from screens.settings import SettingsScreen
from screens.stale_merge import MergePicker
from store import Store

SIZE = (80, 24)


def table_rows(app: AlpApp) -> list[list[str]]:
    table = app.screen.query_one("#caseload-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def worst_pupil(path: Path, today: date) -> Pupil:
    from alp_tui.rules import find_problems

    caseload = Store(path).load()
    problems = find_problems(caseload, today)
    over = next(p for p in problems if p.code == "HOURS_OVER_LIMIT")
    assert over.pupil_id is not None
    return caseload.pupils[over.pupil_id]


# --- the caseload ------------------------------------------------------------------------


async def test_opens_on_the_caseload_worst_first_with_markers(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        rows = table_rows(app)
        caseload = app.workspace.caseload
        with_problems = {p.pupil_id for p in app.workspace.problems}
        current = [
            p
            for p in caseload.pupils.values()
            if not p.archived and (caseload.active_placements_of(p.id) or p.id in with_problems)
        ]
        # A pupil whose placement ended but whose strategies are not shared stays in view.
        assert any(not caseload.active_placements_of(p.id) for p in current)
        assert len(rows) == len(current)
        first_name, first_problems = rows[0][0], rows[0][1]
        assert first_problems.startswith("!! ")
        # The worst pupil is the one over the hour limit, and the row says so in words.
        assert first_name == worst_pupil(demo_file, today).display_name
        assert "h > 18" in first_problems
        summary = str(app.screen.query_one("#caseload-summary", Static).render())
        assert f"{len(current)} pupils" in summary
        assert "!! " in summary and " red" in summary and "! " in summary


async def test_filter_narrows_and_escape_clears(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        everyone = len(table_rows(app))
        target = worst_pupil(demo_file, today)
        await pilot.press("slash")
        await pilot.press(*target.last_name.lower())
        await settle(pilot)
        rows = table_rows(app)
        assert 1 <= len(rows) < everyone
        assert all(target.last_name in row[0] for row in rows)
        await pilot.press("escape")
        await settle(pilot)
        assert len(table_rows(app)) == everyone
        assert app.screen.query_one("#caseload-filter", Input).value == ""


async def test_filter_by_year(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("slash", "y", "1", "1")
        await settle(pilot)
        rows = table_rows(app)
        assert rows and all(row[2] == "11" for row in rows)


async def test_archived_toggle_and_sort(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        shown = len(table_rows(app))
        await pilot.press("a")
        await settle(pilot)
        caseload = app.workspace.caseload
        assert len(table_rows(app)) == len(caseload.pupils) >= shown
        await pilot.press("s")  # by name
        await settle(pilot)
        names = [row[0] for row in table_rows(app)]
        by_surname = sorted(
            caseload.pupils.values(), key=lambda p: (p.last_name.casefold(), p.first_name)
        )
        assert [n.split(" (")[0] for n in names] == [p.display_name for p in by_surname]


async def test_enter_opens_the_record_and_user_text_is_not_markup(
    demo_file: Path, today: date
) -> None:
    pupil = worst_pupil(demo_file, today)
    Store(demo_file, user="tester").update(pupil.model_copy(update={"notes": "dates [tbc]"}))
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("enter")
        await settle(pilot, PupilScreen)
        screen = app.screen
        assert isinstance(screen, PupilScreen) and screen.pupil_id == pupil.id
        shown = " ".join(str(s.render()) for s in screen.query(Static))
        assert "dates [tbc]" in shown
        assert "!! " in shown  # the pupil's problems, with their markers
        for key in "2345":
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)


async def test_history_from_the_record_lists_the_pupils_contacts(
    demo_file: Path, today: date
) -> None:
    from screens.contact_history import ContactHistoryScreen

    pupil = worst_pupil(demo_file, today)
    caseload = Store(demo_file).load()
    contacts = [c for p in caseload.placements_of(pupil.id) for c in caseload.contacts_of(p.id)]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("enter")
        await settle(pilot, PupilScreen)
        await pilot.press("h")
        await settle(pilot, ContactHistoryScreen)
        table = app.screen.query_one(DataTable)
        assert contacts and table.row_count == len(contacts)


async def test_help_lists_this_screens_keys(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        described = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"Open", "Contact", "New", "Providers", "Export", "Filter", "Quit"} <= described
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)


async def test_palette_jumps_to_a_pupil_by_name(demo_file: Path, today: date) -> None:
    target = worst_pupil(demo_file, today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*target.display_name)
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, PupilScreen)
        screen = app.screen
        assert isinstance(screen, PupilScreen) and screen.pupil_id == target.id


async def test_archive_asks_then_saves(demo_file: Path, today: date) -> None:
    from screens.pupil import archive_pupil

    target = worst_pupil(demo_file, today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_pupil(target.id)
        await settle(pilot, PupilScreen)
        archive_pupil(app.screen, target.id)
        await settle(pilot, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot, PupilScreen)
        assert not Store(demo_file).load().pupils[target.id].archived
        archive_pupil(app.screen, target.id)
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, PupilScreen)
        assert Store(demo_file).load().pupils[target.id].archived
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)
        assert all(target.display_name != row[0] for row in table_rows(app))


# --- settings ----------------------------------------------------------------------------


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await settle(pilot, CaseloadScreen)
    await pilot.press("f2")
    await settle(pilot, SettingsScreen)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_escape_on_a_dirty_settings_form_asks_first(demo_file: Path, today: date) -> None:
    before = Store(demo_file).load().meta
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        field = screen.query_one("#set-hour_limit", Input)
        field.value = "15"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(pilot, SettingsScreen)
        assert screen.query_one("#set-hour_limit", Input).value == "15"
        await pilot.press("escape")
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")  # drop the typing
        await settle(pilot, CaseloadScreen)
    assert Store(demo_file).load().meta == before


async def test_escape_on_a_clean_settings_form_just_leaves(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)


async def test_settings_save_changes_meta_and_the_caseload(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#set-school_name", Input).value = "Hill View [North]"
        screen.query_one("#set-hour_limit", Input).value = "25"
        await settle(pilot)
        # A holiday typed the way people type dates.
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Staff day")
        await pilot.press("tab", *"4/12/2026", "tab", *"4/12")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, CaseloadScreen)
        rows = table_rows(app)
        assert not any("h > " in row[1] for row in rows)  # nobody is over 25 h
    meta = Store(demo_file).load().meta
    assert meta.school_name == "Hill View [North]"
    assert meta.hour_limit == 25
    assert any(
        h.name == "Staff day" and h.start == h.end == date(2026, 12, 4) for h in meta.holidays
    )


async def test_a_holiday_is_changed_and_another_removed_by_keys(
    demo_file: Path, today: date
) -> None:
    from textual.widgets import OptionList

    before = Store(demo_file).load().meta.holidays
    first, second = sorted(before, key=lambda h: h.start)[:2]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        holidays = screen.query_one(".holiday-list", OptionList)
        holidays.focus()
        await settle(pilot)
        assert holidays.highlighted == 0
        await pilot.press("delete")  # the first holiday goes
        await settle(pilot)
        assert holidays.highlighted == 0
        await pilot.press("enter")  # the next one comes back into the line to change
        await settle(pilot)
        name = screen.query_one(".holiday-name", Input)
        assert name.has_focus and name.value == second.name
        name.value = "Half term (staff day first)"
        await pilot.press("enter")  # and goes back in the list
        await settle(pilot)
        assert name.value == ""
        await pilot.press("ctrl+s")
        await settle(pilot, CaseloadScreen)
    after = Store(demo_file).load().meta.holidays
    assert first not in after
    assert [h.name for h in after if h.start == second.start] == ["Half term (staff day first)"]
    assert len(after) == len(before) - 1


async def test_settings_explain_a_bad_number_and_refuse_to_save(
    demo_file: Path, today: date
) -> None:
    before = Store(demo_file).load().meta
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#set-contact_interval_days", Input).value = "week"
        await settle(pilot)
        problem = screen.query_one("#problem-contact_interval_days", Static)
        assert problem.display and "whole number" in str(problem.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
    assert Store(demo_file).load().meta == before


# --- opening files -----------------------------------------------------------------------


async def test_first_run_creates_the_file_only_after_confirming(
    tmp_path: Path, today: date
) -> None:
    path = tmp_path / "new" / "caseload.json"
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, FirstRunScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert str(path) in shown.replace("\n", "")
        await pilot.press("ctrl+s")  # no school name yet: refused, nothing written
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert not path.exists()
        await pilot.press(*"Northfield Academy")
        await pilot.press("ctrl+s")
        await settle(pilot, CaseloadScreen)
        assert path.exists()
        assert table_rows(app) == []
        empty = app.screen.query_one("#caseload-empty", Static)
        assert "No pupils yet" in str(empty.render())
    assert Store(path).load().meta.school_name == "Northfield Academy"


async def test_first_run_quit_creates_nothing(tmp_path: Path, today: date) -> None:
    path = tmp_path / "caseload.json"
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, FirstRunScreen)
        await pilot.press(*"Northfield")
        await pilot.press("escape")
        await pilot.pause()
    assert not path.exists()
    assert app.return_code == 0


async def test_an_unusable_file_exits_with_status_2(tmp_path: Path, today: date) -> None:
    path = tmp_path / "caseload.json"
    path.write_text("{ not json")
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app.failure and str(path) in app.failure
    assert path.read_text() == "{ not json"


async def test_demo_mode_opens_a_temporary_caseload(today: date) -> None:
    app = make_test_app(None, today, demo=True)
    assert app.data_path.exists()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        assert len(table_rows(app)) >= 10


# --- another process writes --------------------------------------------------------------

RENAME = """
import sys
from pathlib import Path
from store import Store
store = Store(Path(sys.argv[1]), user="colleague")
pupil = store.load().pupils[sys.argv[2]]
store.update(pupil.model_copy(update={"last_name": "Renamed-Elsewhere"}))
"""


@pytest.mark.parametrize("_run", [0])
async def test_reloads_when_another_process_writes(demo_file: Path, today: date, _run: int) -> None:
    target = worst_pupil(demo_file, today)
    app = make_test_app(demo_file)
    app.watch_seconds = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        assert not any("Renamed-Elsewhere" in row[0] for row in table_rows(app))
        subprocess.run(
            [sys.executable, "-c", RENAME, str(demo_file), target.id],
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for _ in range(200):
            await pilot.pause(0.05)
            if any("Renamed-Elsewhere" in row[0] for row in table_rows(app)):
                break
        else:
            raise AssertionError("the caseload never showed the other process's change")


def test_json_of_the_demo_file_is_untouched_by_opening(demo_file: Path, today: date) -> None:
    """Opening and looking never writes (the file is byte-identical afterwards)."""
    import asyncio

    before = demo_file.read_bytes()

    async def look() -> None:
        app = make_test_app(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, CaseloadScreen)
            await pilot.press("enter")
            await settle(pilot, PupilScreen)

    asyncio.run(look())
    assert demo_file.read_bytes() == before
    json.loads(before)


async def test_settings_saved_elsewhere_meanwhile_are_not_overwritten(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        colleague = Store(demo_file, user="colleague")
        meta = colleague.load().meta
        colleague.save_meta(meta.model_copy(update={"school_name": "Theirs", "hour_limit": 17}))
        screen.query_one("#set-hour_limit", Input).value = "16"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, MergePicker)  # both changed the hour limit: asks which
        await pilot.press("escape")
        await settle(pilot, SettingsScreen)
        assert screen.query_one("#set-hour_limit", Input).value == "16"
        meta = Store(demo_file).load().meta
        assert meta.school_name == "Theirs" and meta.hour_limit == 17
        await pilot.press("ctrl+s")
        await settle(pilot, MergePicker)
        await pilot.press("ctrl+s")  # mine, as the picker starts
        await settle(pilot, lambda: not isinstance(app.screen, (SettingsScreen, MergePicker)))
    meta = Store(demo_file).load().meta
    assert meta.school_name == "Theirs" and meta.hour_limit == 16


def test_apps_under_test_do_not_animate(demo_file: Path) -> None:
    """A test reads the end of a scroll, never a frame on the way (tests/conftest.py)."""
    assert make_test_app(demo_file).animation_level == "none"
