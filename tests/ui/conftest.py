"""Pilot tests: the app in a headless terminal, with nothing left to chance.

Cursors do not blink (a blinking cursor wakes the app twice a second and makes snapshots
differ), and animations are off (set for every test in the top conftest).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import textual.app
import textual.pilot
from contact_kit import write_contact_file
from textual.widgets import Input, TextArea
from ui_kit import wait_until_quiet


@pytest.fixture(autouse=True)
def _no_blinking_cursor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.cursor_blink, "_default", False)
    yield


@pytest.fixture
def contact_file(tmp_path: Path) -> Path:
    """The weekly-contact tests' caseload (contact_kit) in a fresh data file."""
    return write_contact_file(tmp_path)


@pytest.fixture(autouse=True)
def _idle_when_quiet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pilot's "the app is idle" in short looks, and only once the app is quiet too.

    Textual's own test (20 ms in which the process used almost no CPU) is made twice after
    every key, and is all a test waits on most of the time. A 5 ms look alone could be
    fooled by a process the system had not run for those 5 ms; so it also asks the app: no
    message waiting at any widget, no layout or repaint due on its screen.
    """
    monkeypatch.setattr(textual.pilot, "wait_for_idle", wait_until_quiet)
    monkeypatch.setattr(textual.app, "wait_for_idle", wait_until_quiet)
    yield
