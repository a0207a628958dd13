"""PuTTY's default keys, as the bytes it sends: F1-F4 as ESC[11~ to ESC[14~, Home and End as
ESC[1~ and ESC[4~, backspace as ^? (or ^H), ctrl+s and ctrl+q passed through. Each reaches
the app through Textual's own key parser, all in one burst as over a slow SSH link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.events import Key
from textual.widgets import Input
from ui_kit import SIZE, make_test_app, open_app, settle

from screens.caseload import CaseloadScreen
from screens.help import HelpScreen
from screens.settings import SettingsScreen
from store import Store

F1, F2 = b"\x1b[11~", b"\x1b[12~"
HOME, END = b"\x1b[1~", b"\x1b[4~"
DEL, CTRL_H = b"\x7f", b"\x08"
CTRL_S, CTRL_Q = b"\x13", b"\x11"


def putty(app: App[Any], data: bytes) -> None:
    """What the terminal driver does with these bytes: parse them and send the keys on,
    without waiting between them."""
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    for event in [*parser.feed(data.decode()), *parser.feed("")]:
        assert isinstance(event, Key), event
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def test_putty_s_function_keys_open_help_and_the_settings(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        putty(app, F1)
        await settle(pilot, HelpScreen)
        putty(app, b"\x1b")
        await settle(pilot, CaseloadScreen)
        putty(app, F2)
        await settle(pilot, SettingsScreen)


async def test_putty_s_home_end_and_backspace_edit_a_field_typed_fast(demo_file: Path) -> None:
    """Kingsmead Academy becomes The Kingsmead School, typed with both of PuTTY's
    backspaces, then saved with ctrl+s; ctrl+q then quits."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        putty(app, F2)
        await settle(pilot, SettingsScreen)
        box = app.screen.query_one("#set-school_name", Input)
        await settle(pilot, lambda: box.has_focus)
        assert box.value == "Kingsmead Academy"
        putty(app, END + DEL * 7 + b"Schooo" + CTRL_H * 2 + b"ol" + HOME + b"The " + CTRL_S)
        await settle(pilot, CaseloadScreen)
        putty(app, CTRL_Q)
        await settle(pilot, lambda: not app.is_running)
    assert Store(demo_file).load().meta.school_name == "The Kingsmead School"
