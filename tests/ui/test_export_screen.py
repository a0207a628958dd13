"""The export dialog driven through Pilot on the demo caseload: audience, period, folder,
asking before replacing a file, and saying where the note went.

Whom the note is for decides what it holds, so the choice must read without colour, start
at a copy that holds nothing confidential every time, and be named on the button."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from export_fixtures import all_text, headings, reopen
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioButton, Select, Static
from ui_kit import make_test_app, settle

from alp_tui.app import AlpApp
from exports.note import PARENT_SECTIONS, SCHOOL_SECTIONS, SECTIONS
from screens.caseload import CaseloadScreen
from screens.confirm import ConfirmScreen
from screens.export import ChoiceSet, ExportScreen
from store import Store

SIZE = (80, 24)


async def open_export(pilot: Pilot[None], pupil_id: str, folder: Path) -> ExportScreen:
    await settle(pilot, CaseloadScreen)
    screen = ExportScreen(pupil_id, folder=folder)
    pilot.app.push_screen(screen)
    await settle(pilot, ExportScreen)
    return screen


def status(app: AlpApp) -> str:
    return str(app.screen.query_one("#export-status", Static).render())


def audience_lines(app: AlpApp) -> list[str]:
    """The audience choice as drawn, without colour."""
    return [str(b.render()).strip() for b in app.screen.query("#export-audience RadioButton")]


def run_label(app: AlpApp) -> str:
    return str(app.screen.query_one("#export-run", Button).label)


def school_warning_shown(app: AlpApp) -> bool:
    return app.screen.query_one("#export-school-warning", Static).display


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


async def test_e_then_ctrl_s_exports_the_provider_note_to_the_current_folder(
    demo_file: Path, today: date, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(notes)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("e")
        await settle(pilot, ExportScreen)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        pupil = app.workspace.caseload.pupils[screen.pupil_id]
        assert run_label(app) == "Export the PROVIDER note (ctrl+s)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = notes / f"2026-11-27 {pupil.short_name} - provider.docx"
        assert written.exists()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        assert status(app) == f"Saved the PROVIDER note: {written}"
        assert headings(reopen(written)) == list(SECTIONS)
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)
    assert screen.written == written


async def test_parent_chosen_by_keys_from_the_caseload_writes_the_parent_note(
    demo_file: Path, today: date, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The walkthrough: e on a pupil with a safeguarding concern, down, down, enter meaning
    # "Parents and carers", ctrl+s.
    monkeypatch.chdir(notes)
    caseload = Store(demo_file).load()
    secret = next(c for c in caseload.concerns.values() if c.is_confidential)
    pupil = caseload.pupils[secret.pupil_id]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        assert isinstance(app.screen, CaseloadScreen)
        app.screen.show_pupil_row(pupil.id)
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot, ExportScreen)
        await pilot.press("down", "down", "enter")
        assert audience_lines(app) == [
            "( ) The school's file",
            "( ) The provider",
            "(•) Parents and carers",
        ]
        assert run_label(app) == "Export the PARENT note (ctrl+s)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        assert written.name == f"2026-11-27 {pupil.short_name} - parent.docx"
        assert status(app) == f"Saved the PARENT note: {written}"
        assert secret.description not in all_text(reopen(written))


async def test_the_choice_reads_without_colour_and_starts_at_the_provider_every_time(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-jordan", notes)
        assert audience_lines(app) == [
            "( ) The school's file",
            "(•) The provider",
            "( ) Parents and carers",
        ]
        assert not school_warning_shown(app)
        await pilot.press("up")
        assert audience_lines(app)[0] == "(•) The school's file"
        assert run_label(app) == "Export the SCHOOL note (ctrl+s)"
        assert school_warning_shown(app)
        warning = str(app.screen.query_one("#export-school-warning", Static).render())
        assert "full confidential copy" in warning and "school's own file" in warning
        # The arrows stop at the ends rather than wrapping round to the other end.
        await pilot.press("up")
        assert audience_lines(app)[0] == "(•) The school's file"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        assert written.name == "2026-11-27 Jordan B - school.docx"
        assert headings(reopen(written)) == list(SCHOOL_SECTIONS)
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)

        # Opened again, it has forgotten the school's copy.
        await open_export(pilot, "pu-jordan", notes)
        assert app.screen is not screen
        assert audience_lines(app)[1] == "(•) The provider"
        assert run_label(app) == "Export the PROVIDER note (ctrl+s)"
        assert not school_warning_shown(app)


async def test_keys_typed_quickly_each_move_on_from_the_last_choice(
    demo_file: Path, today: date, notes: Path
) -> None:
    # A terminal can deliver several keys before the app has drawn the first: each must
    # start from the choice the one before made, and exactly one option stays chosen.
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-jordan", notes)
        choice = screen.query_one("#export-audience", ChoiceSet)
        choice.action_move(-1)
        choice.action_move(1)
        choice.action_move(1)
        choice.action_move(1)
        choice.action_toggle_button()
        await pilot.pause()
        await pilot.pause()
        values = [b.value for b in choice.query(RadioButton)]
        assert values == [False, False, True]
        assert screen.audience == "parent"


async def test_a_parent_note_chosen_by_keyboard_leaves_out_confidential_concerns(
    demo_file: Path, today: date, notes: Path
) -> None:
    caseload = Store(demo_file).load()
    secret = next(c for c in caseload.concerns.values() if c.is_confidential)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_export(pilot, secret.pupil_id, notes)
        # The audience choice has the focus: move to "Parents and carers" and pick it.
        await pilot.press("down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        assert written.name.endswith(" - parent.docx")
        doc = reopen(written)
        assert headings(doc) == list(PARENT_SECTIONS)
        assert secret.description not in all_text(doc)


async def test_typing_a_number_of_weeks_chooses_that_period(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_test_app(demo_file)
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
    target = notes / "2026-11-27 Jordan B - provider.docx"
    target.write_bytes(b"an edited note")
    app = make_test_app(demo_file)
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
        assert status(app) == f"Saved the PROVIDER note: {target}"
        assert headings(reopen(target)) == list(SECTIONS)
    assert sorted(p.name for p in notes.iterdir()) == [target.name]


async def test_bad_choices_are_explained_and_nothing_is_written(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_test_app(demo_file)
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
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-kai", notes)
        screen.query_one("#export-placement", Select).value = first.id
        # The provider's copy is the one chosen when the dialog opens.
        await pilot.press("ctrl+s")
        await settle(pilot)
        [written] = list(notes.iterdir())
        text = all_text(reopen(written))
        assert kept in text and left_out not in text


async def test_the_placement_choice_is_only_offered_for_several_placements(
    demo_file: Path, today: date, notes: Path
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-jordan", notes)
        assert not screen.query("#export-placement")


async def test_the_provider_copy_for_two_providers_asks_which_one(
    demo_file: Path, today: date, notes: Path
) -> None:
    caseload = Store(demo_file).load()
    names = [
        caseload.providers[p.provider_id].name for p in caseload.active_placements_of("pu-kai")
    ]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, "pu-kai", notes)
        await pilot.press("ctrl+s")  # the provider's copy, for all current placements
        await settle(pilot)
        assert status(app).startswith("Kai Morgan is placed with")
        assert all(name in status(app) for name in names)
        assert app.focused is screen.query_one("#export-placement", Select)
        assert list(notes.iterdir()) == []
