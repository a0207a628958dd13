"""The export dialog driven through Pilot on the demo caseload: audience, period, folder,
asking before replacing a file, and saying where the note went."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from export_fixtures import all_text, headings, reopen
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from alp_tui.app import AlpApp, make_app
from exports.note import SCHOOL_SECTIONS, SECTIONS
from screens.caseload import CaseloadScreen
from screens.confirm import ConfirmScreen
from screens.export import ExportScreen
from store import Store

SIZE = (80, 24)


async def settle(pilot: Pilot[None], until: type | None = None, tries: int = 50) -> None:
    """Let workers finish and messages land (optionally until a screen shows)."""
    for _ in range(tries):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if until is None or isinstance(pilot.app.screen, until):
            return
    raise AssertionError(f"{until.__name__ if until else 'the app'} never showed up")


async def open_export(pilot: Pilot[None], pupil_id: str, folder: Path) -> ExportScreen:
    await settle(pilot, CaseloadScreen)
    screen = ExportScreen(pupil_id, folder=folder)
    pilot.app.push_screen(screen)
    await settle(pilot, ExportScreen)
    return screen


def status(app: AlpApp) -> str:
    return str(app.screen.query_one("#export-status", Static).render())


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


async def test_e_on_the_caseload_exports_the_school_note_to_the_current_folder(
    demo_file: Path, today: date, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(notes)
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("e")
        await settle(pilot, ExportScreen)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        pupil = app.workspace.caseload.pupils[screen.pupil_id]
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = notes / f"2026-11-27 {pupil.short_name} - school.docx"
        assert written.exists()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        assert status(app) == f"Saved: {written}"
        assert headings(reopen(written)) == list(SCHOOL_SECTIONS)
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)
    assert screen.written == written


async def test_a_parent_note_chosen_by_keyboard_leaves_out_confidential_concerns(
    demo_file: Path, today: date, notes: Path
) -> None:
    caseload = Store(demo_file).load()
    secret = next(c for c in caseload.concerns.values() if c.is_confidential)
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, secret.pupil_id, notes)
        # The audience choice has the focus: move to "Parents and carers" and pick it.
        await pilot.press("down", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        assert written.name.endswith(" - parent.docx")
        doc = reopen(written)
        assert headings(doc) == list(SECTIONS)
        assert secret.description not in all_text(doc)


async def test_typing_a_number_of_weeks_chooses_that_period(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "pu-jordan", notes)
        # Tab past the audience and the period to the weeks: typing replaces the 6.
        await pilot.press("tab", "tab")
        assert app.focused is app.screen.query_one("#export-weeks", Input)
        await pilot.press("4")
        assert app.screen.query_one("#export-weeks", Input).value == "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        assert "30/10/2026 to 27/11/2026 (the last 4 weeks)" in all_text(reopen(written))


async def test_an_existing_note_is_replaced_only_after_asking(
    demo_file: Path, today: date, notes: Path
) -> None:
    target = notes / "2026-11-27 Jordan B - school.docx"
    target.write_bytes(b"an edited note")
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, "pu-jordan", notes)
        await pilot.press("ctrl+s")
        await settle(pilot, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot, ExportScreen)
        assert target.read_bytes() == b"an edited note"
        assert status(app).startswith("Not exported")

        await pilot.press("ctrl+s")
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, ExportScreen)
        await settle(pilot)
        assert status(app) == f"Saved: {target}"
        assert headings(reopen(target)) == list(SCHOOL_SECTIONS)
    assert sorted(p.name for p in notes.iterdir()) == [target.name]


async def test_bad_choices_are_explained_and_nothing_is_written(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-jordan", notes)
        screen.query_one("#export-folder", Input).value = str(notes / "missing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(app) == (
            f"There is no folder {notes / 'missing'}: type a folder that exists."
        )

        screen.query_one("#export-folder", Input).value = str(notes)
        screen.query_one("#export-weeks", Input).focus()
        await pilot.pause()
        await pilot.press("0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(app) == "Type a number of weeks from 1 to 104."
        assert app.screen is screen
    assert list(notes.iterdir()) == []


async def test_a_pupil_at_two_providers_can_have_a_note_for_one(
    demo_file: Path, today: date, notes: Path
) -> None:
    caseload = Store(demo_file).load()
    first, second = caseload.active_placements_of("pu-kai")
    kept = caseload.providers[first.provider_id].name
    left_out = caseload.providers[second.provider_id].name
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-kai", notes)
        screen.query_one("#export-placement", Select).value = first.id
        await pilot.press("down", "enter")  # the provider's copy
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        text = all_text(reopen(written))
        assert kept in text and left_out not in text


async def test_the_placement_choice_is_only_offered_for_several_placements(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_app(demo_file, today, user="tester")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-jordan", notes)
        assert not screen.query("#export-placement")
