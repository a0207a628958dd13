"""Concerns as a new user meets them: a confidential concern's words stay hidden in the
record's table and in the form until a key asks for them (and are hidden again on leaving);
the form puts Status beside Severity, its lists stop at their ends, and "No updates yet."
goes once an update is added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ui_kit
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Select
from textual.widgets.data_table import RowKey
from ui_kit import SIZE, focused_id, make_test_app, open_app, settle

from screens.concerns import ConcernScreen
from screens.confidential import HIDDEN_CELL, HIDDEN_FIELD
from screens.pupil import PupilScreen
from store import Store

MASON = "pu-mason"
CONCERN = "cn-mason-1"
WORDS = "would not say where he had been"


def screen_text(app: Any) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer_keys(app: Any) -> list[tuple[str, str]]:
    footer = app.screen.query_one(Footer)
    return [(key.key_display, key.description) for key in footer.query("FooterKey")]


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        if key in ("ctrl+t", "ctrl+n", "end", "ctrl+end"):
            await pilot.press(key)
            await settle(pilot)
        else:
            await ui_kit.press(pilot, key)


def description_cell(app: Any) -> str:
    table = app.screen.query_one("#pupil-concerns", DataTable)
    return str(table.get_row(CONCERN)[-1])


async def test_confidential_text_hidden_until_asked_for(demo_file: Path) -> None:
    before = Store(demo_file).load().concerns[CONCERN]
    assert before.is_confidential and WORDS in before.description
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil(MASON)
        await settle(pilot, PupilScreen)
        await press(pilot, "4", "tab")
        assert focused_id(app) == "pupil-concerns"
        assert description_cell(app) == HIDDEN_CELL
        assert WORDS not in screen_text(app)
        assert ("s", "Show text") in footer_keys(app)
        await press(pilot, "s")
        assert WORDS in description_cell(app)
        # Into the concern: the form hides the words again, whatever the record showed.
        await press(pilot, "enter")
        await settle(pilot, ConcernScreen)
        text = screen_text(app)
        assert WORDS not in text and HIDDEN_FIELD in text
        assert ("^t", "Show text") in footer_keys(app)
        await press(pilot, "escape")
        await settle(pilot, PupilScreen)
        # Leaving the record for the form hid the table's text again.
        assert description_cell(app) == HIDDEN_CELL
        assert WORDS not in screen_text(app)


async def test_shown_confidential_text_edits_as_usual(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil(MASON)
        await settle(pilot, PupilScreen)
        await press(pilot, "4", "tab", "enter")
        await settle(pilot, ConcernScreen)
        screen = app.screen
        assert not screen.query_one("#description").display
        await press(pilot, "ctrl+t")
        assert screen.query_one("#description").display
        assert HIDDEN_FIELD not in screen_text(app)
        assert ("^t", "Show text") not in footer_keys(app)
        screen.query_one("#description").focus()
        await settle(pilot)
        await press(pilot, "Seen again on Tuesday. ")
        # Pressing the key again never hides what is being typed.
        await press(pilot, "ctrl+t")
        assert screen.query_one("#description").display
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    after = Store(demo_file).load().concerns[CONCERN]
    assert after.description.startswith("Seen again on Tuesday. ")
    assert WORDS in after.description
    assert after.confidential is True


async def test_the_concern_form_status_by_severity_lists_stop_and_updates(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-jordan")
        await settle(pilot, PupilScreen)
        await press(pilot, "r")
        await settle(pilot, ConcernScreen)
        screen = app.screen
        await press(pilot, "tab", "tab", "tab")
        assert focused_id(app) == "severity"
        severity = screen.query_one("#severity", Select)
        assert severity.value == "medium"
        # Open the list, then three presses down from "medium" stay on "high".
        await press(pilot, "enter", "down", "down", "down", "enter")
        assert severity.value == "high"
        await press(pilot, "enter", "up", "up", "up", "up", "enter")
        assert severity.value == "low"
        await press(pilot, "tab")
        assert focused_id(app) == "status"
        assert "No updates yet." in screen_text(app)
        await press(pilot, "ctrl+n", "Phoned home; mum will come in Monday.", "enter")
        assert "No updates yet." not in screen_text(app)
        screen.query_one("#description").focus()
        await press(pilot, "Upset after a falling-out at break.", "ctrl+s")
        await settle(pilot, PupilScreen)
    (concern,) = Store(demo_file).load().concerns_of("pu-jordan")
    assert concern.severity == "low"
    assert concern.status == "open"
    assert [u.note for u in concern.updates] == ["Phoned home; mum will come in Monday."]


async def test_the_concerns_table_fits_80_columns_and_its_description_wraps(
    demo_file: Path,
) -> None:
    """The description column is on screen at 80 columns (not past the right edge), and a
    row grows to hold the words once they are shown."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil(MASON)
        await settle(pilot, PupilScreen)
        await press(pilot, "4", "tab")
        table = app.screen.query_one("#pupil-concerns", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "Description" in screen_text(app)
        assert HIDDEN_CELL.split(" · ")[0] in screen_text(app)
        hidden_height = table.rows[RowKey(CONCERN)].height
        await press(pilot, "s")
        text = screen_text(app)
        assert "Mason left the site" in text and "without permission." in text
        shown_height = table.rows[RowKey(CONCERN)].height
        assert shown_height > hidden_height
        await press(pilot, "s")
        assert "Mason left the site" not in screen_text(app)
