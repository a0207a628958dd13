"""Pilot tests: the app in a headless terminal, with nothing left to chance.

Cursors do not blink (a blinking cursor wakes the app twice a second and makes snapshots
differ), and animations are off (set for every test in the top conftest).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from contact_kit import write_contact_file
from textual.widgets import Input, TextArea


@pytest.fixture(autouse=True)
def _no_blinking_cursor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.cursor_blink, "_default", False)
    yield


@pytest.fixture
def contact_file(tmp_path: Path) -> Path:
    """The weekly-contact tests' caseload (contact_kit) in a fresh data file."""
    return write_contact_file(tmp_path)
