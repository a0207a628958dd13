"""Escape codes in names read from the file never reach the terminal raw (DESIGN.md §6):
what the app renders (the caseload's cells and panel, the pupil record's title and head, a
notification, the command palette) and the bytes `check` prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from contact_kit import open_contact, write_contact_file
from ui_kit import make_test_app, open_app, settle, wait_until

from alp_tui.terminal import json_escaped, shown
from store import Store

# Clear the screen, set the window's title, ring the bell, a NUL, and turn the rest around.
HOSTILE = "Jo\x1b[2J\x1b]0;pwned\x07\x00\u202eleB"
SHOWN = "Jo\\x1b[2J\\x1b]0;pwned\\x07\\x00\\u202eleB"
RAW = ["\x1b", "\x07", "\x00", "\u202e"]


def test_shown_escapes_controls_and_overrides_and_keeps_the_rest() -> None:
    assert shown(HOSTILE) == SHOWN
    assert shown("Zoë £5\tnewline\nend") == "Zoë £5\tnewline\nend"
    assert shown("\r\x7f\x85\u2066\u2069") == "\\x0d\\x7f\\x85\\u2066\\u2069"
    assert json_escaped('"a\x85\u202eb"') == '"a\\u0085\\u202eb"'


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = write_contact_file(tmp_path)
    store = Store(path, user="lead")
    pupil = store.load().pupils["pup-jordan"]
    store.update(pupil.model_copy(update={"first_name": HOSTILE}))
    for provider in store.load().providers.values():
        store.update(provider.model_copy(update={"name": f"{HOSTILE} {provider.name}"}))
    return path


def assert_safe(text: str) -> None:
    for char in RAW:
        assert char not in text, repr(text)


def terminal_bytes(app: object) -> str:
    """Exactly what the app writes to the terminal to draw its whole screen now."""
    update = app.screen._compositor.render_update(full=True)  # type: ignore[attr-defined]
    return str(update.render_segments(app.console))  # type: ignore[attr-defined]


def assert_terminal_safe(app: object) -> None:
    """Textual's own sequences aside, nothing from the name reaches the terminal."""
    sent = terminal_bytes(app)
    assert "pwned" in sent
    for raw in ["\x1b[2J", "\x1b]0;", "\x07", "\x00", "\u202e"]:
        assert raw not in sent, raw


async def test_the_app_shows_a_hostile_name_escaped(hostile_file: Path) -> None:
    from textual.widgets import DataTable, Static

    from screens.caseload import CaseloadScreen
    from screens.pupil import PupilScreen

    app = make_test_app(hostile_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#caseload-table", DataTable)
        names = [table.get_row_at(row)[0].plain for row in range(table.row_count)]
        hostile = next(name for name in names if name.startswith("Jo\\x1b"))
        assert hostile.startswith(SHOWN)
        table.move_cursor(row=names.index(hostile))
        await pilot.pause()
        detail = app.screen.query_one("#caseload-detail")
        assert SHOWN in str(detail.border_title)
        screen_text = app.export_screenshot()
        assert_safe(screen_text)
        assert "\\x1b[2J" in screen_text
        assert_terminal_safe(app)

        await pilot.press("enter")
        await settle(pilot, PupilScreen)
        assert str(app.screen.sub_title).startswith(SHOWN)
        head = app.screen.query_one("#pupil-head", Static).render()
        assert str(head).startswith(SHOWN)
        # The details tab shows the name through no helper: the last guard still holds.
        assert_terminal_safe(app)

        await pilot.press("ctrl+p")
        await pilot.press(*"pwned")
        await wait_until(pilot, lambda: "pwned" in app.export_screenshot(), "the palette's hit")
        palette = app.export_screenshot()
        assert_safe(palette)
        assert "\\x07" in palette
        assert_terminal_safe(app)


async def test_a_notification_shows_a_hostile_name_escaped(hostile_file: Path) -> None:
    from screens.contact import ContactScreen

    app = make_test_app(hostile_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("p")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ContactScreen), "the save")
        messages = [n.message for n in app._notifications]
        said = next(m for m in messages if "saved for" in m)
        assert SHOWN in said
        assert_safe(said)


def run_check(path: Path, *extra: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "alp_tui", "check", "--data", str(path)]
    return subprocess.run(
        [*command, "--today", "2026-11-27", *extra],
        capture_output=True,
        timeout=120,
    )


def test_check_prints_a_hostile_name_escaped(hostile_file: Path) -> None:
    done = run_check(hostile_file)
    assert done.returncode in (0, 1), done.stderr
    for char in RAW:
        assert char.encode() not in done.stdout + done.stderr
    assert SHOWN.encode() in done.stdout


def test_check_json_writes_controls_as_u_escapes(hostile_file: Path) -> None:
    done = run_check(hostile_file, "--json")
    assert done.returncode in (0, 1), done.stderr
    for char in RAW:
        assert char.encode() not in done.stdout
    assert b"\\u001b[2J" in done.stdout and b"\\u202e" in done.stdout
    rows = json.loads(done.stdout)
    assert any(HOSTILE in row["message"] for row in rows)
