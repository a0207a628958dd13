"""The caseload on screen is a snapshot the app was handed: another user's save, or this
app's own, is read by a worker and posted, and the screens only read attributes. The UI
thread never reads the file, however often a screen looks at the caseload."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from test_app import RENAME, table_rows, worst_pupil
from textual.widgets import Input
from ui_kit import make_test_app, press, settle

from alp_tui.caseload import Caseload
from screens.caseload import CaseloadScreen
from screens.pupil_form import PupilFormScreen
from screens.workspace import Workspace
from store import Store

SIZE = (80, 24)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count `Store.load` calls by thread: the app's own (the UI thread) and its workers'."""
    counted = {"ui": 0, "workers": 0}
    real_load = Store.load

    def counting_load(self: Store) -> Caseload:
        counted["ui" if threading.current_thread() is threading.main_thread() else "workers"] += 1
        return real_load(self)

    monkeypatch.setattr(Store, "load", counting_load)
    return counted


async def test_another_users_save_reaches_the_caseload_without_the_ui_thread_reading(
    demo_file: Path, today: date, loads: dict[str, int]
) -> None:
    target = worst_pupil(demo_file, today)
    loads.update(ui=0, workers=0)  # the test's own look at the file does not count
    app = make_test_app(demo_file)
    app.watch_seconds = 0.1
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        opened = app.workspace.caseload
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
        # The workspace was handed the new snapshot and its problems, worked out together.
        assert app.workspace.caseload is not opened
        assert app.workspace.caseload.pupils[target.id].last_name == "Renamed-Elsewhere"
        assert app.workspace.problems is app.workspace.snapshot.problems
        # Reading it again and again (as a form's preview does on every key) reads nothing.
        before = dict(loads)
        for _ in range(100):
            assert app.workspace.caseload.pupils[target.id].last_name == "Renamed-Elsewhere"
        assert loads == before
    assert loads["ui"] == 0
    assert loads["workers"] > 0  # the counting did see the loads, in the workers


async def test_a_save_and_the_typing_before_it_read_nothing_on_the_ui_thread(
    demo_file: Path, today: date, loads: dict[str, int]
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.push_screen(PupilFormScreen("pu-jordan"))
        await settle(pilot, PupilFormScreen)
        app.screen.query_one("#preferred_name", Input).focus()
        await press(pilot, "Jay")  # a preview of the pupil's problems on every key
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
        # The saved name shows at once: the save's worker read the snapshot it posted.
        assert any(row[0].startswith("Jay ") for row in table_rows(app))
    assert loads["ui"] == 0
    assert Store(demo_file).load().pupils["pu-jordan"].preferred_name == "Jay"


def test_an_older_snapshot_never_replaces_a_newer_one(demo_file: Path, today: date) -> None:
    store = Store(demo_file, user="tester")
    workspace = Workspace(store=store, today=today, user="tester")
    first = workspace.snapshot
    # Read twice with nothing written between: the same snapshot, judged once.
    assert workspace.read_snapshot() is first
    pupil = store.load().pupils["pu-jordan"]
    store.update(pupil.model_copy(update={"preferred_name": "Jay"}))
    newer = workspace.read_snapshot()
    assert newer.number > first.number
    assert workspace.adopt(newer) is True
    assert workspace.caseload.pupils["pu-jordan"].preferred_name == "Jay"
    # A worker that read the older one posts it late: it is not shown.
    assert workspace.adopt(first) is False
    assert workspace.caseload is newer.caseload
