"""Where the app saves notes: the settings name the export folder (relative to the caseload
file's folder, and shown in full as typed); under the demo, whose file is temporary, the
export dialog says notes go to the documents folder and puts them there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static
from ui_kit import SIZE, make_test_app, press, settle

from screens.caseload import CaseloadScreen
from screens.export import ExportScreen
from screens.settings import SettingsScreen
from store import Store


async def test_the_settings_name_the_export_folder(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_settings()
        await settle(pilot, SettingsScreen)
        box = app.screen.query_one("#set-export_folder", Input)
        box.focus()
        await press(pilot, "shared/notes")
        hint = str(app.screen.query_one("#export-folder-hint", Static).render())
        assert hint == f"Notes are saved in {demo_file.parent / 'shared' / 'notes'}"
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
        assert Store(demo_file).load().meta.export_folder == "shared/notes"
        await press(pilot, "e")
        await settle(pilot, ExportScreen)
        folder = app.screen.query_one("#export-folder", Input).value
        assert folder == str(demo_file.parent / "shared" / "notes")


async def test_a_file_named_as_the_export_folder_is_refused(demo_file: Path) -> None:
    (demo_file.parent / "notes.txt").write_text("x")
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_settings()
        await settle(pilot, SettingsScreen)
        app.screen.query_one("#set-export_folder", Input).focus()
        await press(pilot, "notes.txt", "ctrl+s")
        problem = str(app.screen.query_one("#problem-export_folder", Static).render())
        assert problem.startswith("!! The export folder") and "is a file" in problem
        assert isinstance(app.screen, SettingsScreen)
    assert Store(demo_file).load().meta.export_folder is None


async def test_the_demo_saves_notes_in_the_documents_folder_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    app = make_test_app(None, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await press(pilot, "e")
        await settle(pilot, ExportScreen)
        screen = app.screen
        folder = documents / "alp-tui notes"
        assert screen.query_one("#export-folder", Input).value == str(folder)
        hints = [str(s.render()) for s in screen.query(".hint").results(Static)]
        assert any("go to your documents folder" in h for h in hints)
        await press(pilot, "up", "ctrl+s")  # the school's copy: no preview
        await settle(pilot)
        [written] = list(folder.iterdir())
        status = str(screen.query_one("#export-status", Static).render())
        assert status == f"Saved the SCHOOL note: {written}"
