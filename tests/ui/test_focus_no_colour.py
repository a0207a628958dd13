"""Focus without colour: with NO_COLOR set, every field a form can focus looks different
(in text or in bold, reverse, underline or italic) when focused, and a table's highlighted
row is marked by more than its colour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from contact_kit import open_contact
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, DataTable, OptionList
from ui_kit import SIZE, make_test_app, open_app, press, screen_of, settle

from screens.concerns import ConcernScreen
from screens.confirm import ConfirmScreen
from screens.contact import WARNING_DELAY, ContactScreen
from screens.providers import ProvidersScreen
from screens.pupil import PupilScreen
from screens.pupil_form import PupilFormScreen

Look = tuple[tuple[tuple[str, bool, bool, bool, bool], ...], ...]


def look_of(pilot: Pilot[Any], widget: Widget) -> Look:
    """The widget's lines as drawn, with only the styles a monochrome terminal shows."""
    strips = pilot.app.screen._compositor.render_strips()
    region = widget.region
    lines = []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        lines.append(
            tuple(
                (
                    seg.text,
                    bool(seg.style and seg.style.bold),
                    bool(seg.style and seg.style.reverse),
                    bool(seg.style and seg.style.underline),
                    bool(seg.style and seg.style.italic),
                )
                for seg in strip
                for _ in [0]
            )
        )
    return tuple(lines)


def plain(look: Look) -> Look:
    """Segments joined so that only text and style matter, not how they were split."""
    out = []
    for line in look:
        chars: list[tuple[str, bool, bool, bool, bool]] = []
        for text, bold, reverse, underline, italic in line:
            chars.extend((ch, bold, reverse, underline, italic) for ch in text)
        out.append(tuple(chars))
    return tuple(out)


async def unfindable(pilot: Pilot[Any]) -> list[str]:
    """The screen's focusable fields that look the same focused and not."""
    screen = pilot.app.screen
    missing = []
    checked = 0
    for widget in list(screen.focus_chain):
        if not widget.display or widget.region.area == 0:
            continue
        widget.focus()
        await settle(pilot)
        if pilot.app.focused is not widget:
            continue
        focused = plain(look_of(pilot, widget))
        region = widget.region
        screen.set_focus(None)
        await settle(pilot)
        if widget.region != region:
            continue
        checked += 1
        if plain(look_of(pilot, widget)) == focused:
            missing.append(f"{type(widget).__name__}#{widget.id}")
    assert checked >= 5, f"only {checked} fields were compared"
    return missing


def has_focus_bar(pilot: Pilot[Any], box: Widget) -> bool:
    """Is the scrolling box's left edge drawn as a bar (a mark, not a colour)?"""
    return all(line[0][0].startswith("█") for line in plain(look_of(pilot, box)))


@pytest.fixture(autouse=True)
def no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    # The app takes NO_COLOR out of the environment when it starts.
    monkeypatch.setenv("NO_COLOR", "1")


async def test_every_field_of_the_new_pupil_form_shows_focus(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await open_app(pilot)
        await press(pilot, "n")
        await settle(pilot, PupilFormScreen)
        assert await unfindable(pilot) == []


async def test_every_field_of_the_weekly_contact_shows_focus(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await open_contact(pilot, "pu-jordan")
        await settle(pilot, ContactScreen)
        # The form's warnings come WARNING_DELAY after it is filled in, and move the fields
        # below them: let them come before the fields are looked at.
        await pilot.pause(WARNING_DELAY * 2)
        await settle(pilot)
        assert await unfindable(pilot) == []


def row_marks(pilot: Pilot[Any], table: DataTable[Any]) -> list[tuple[int, int, int, str]]:
    """Per drawn row of the table: how many characters are bold, reversed, underlined."""
    out = []
    for line in plain(look_of(pilot, table)):
        text = "".join(ch for ch, *_ in line)
        out.append(
            (
                sum(1 for ch in line if ch[1]),
                sum(1 for ch in line if ch[2]),
                sum(1 for ch in line if ch[3]),
                text,
            )
        )
    return out


def marked_rows(pilot: Pilot[Any], table: DataTable[Any]) -> list[str]:
    """The drawn body rows underlined or reversed along their whole width."""
    rows = row_marks(pilot, table)[1:]  # below the header
    width = table.region.width
    return [text.split("  ")[0].strip() for _, rev, und, text in rows if max(rev, und) >= width]


async def test_the_caseloads_highlighted_row_shows_without_colour(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        table = app.screen.query_one("#caseload-table", DataTable)
        table.focus()
        await press(pilot, "down", "down")
        assert marked_rows(pilot, table) == ["Ryan Ahmed"]
        # Still marked while typing in the filter, so the pupil enter opens is clear.
        await press(pilot, "up")
        app.screen.query_one("#caseload-filter").focus()
        await settle(pilot)
        assert marked_rows(pilot, table) == ["Kai Morgan"]


async def test_the_providers_highlighted_row_shows_without_colour(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "p")
        await settle(pilot, ProvidersScreen)
        table = app.screen.query_one("#providers-table", DataTable)
        assert app.focused is table
        await press(pilot, "down", "down", "down")
        (row,) = marked_rows(pilot, table)
        # A name too long for its column is drawn cut, ending in "…".
        row = row.removesuffix("…")
        assert row and str(table.get_row_at(table.cursor_row)[0]).startswith(row)


async def test_the_provider_pickers_highlighted_match_shows_without_colour(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "n")
        await settle(pilot, PupilFormScreen)
        app.screen.query_one("#provider").focus()
        await press(pilot, "ri", "down")
        options = app.screen.query_one(".picker-options", OptionList)
        assert options.highlighted == 1
        lines = [
            "".join(ch for ch, *_ in line)
            for line in plain(look_of(pilot, options))
            if line and all(und for *_, und, _ in line)
        ]
        expected = str(options.get_option_at_index(1).prompt)
        assert [line.strip() for line in lines] == [expected]


async def test_every_field_of_the_concern_form_shows_focus(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-jordan")
        await settle(pilot, PupilScreen)
        await press(pilot, "r")
        await settle(pilot, ConcernScreen)
        assert await unfindable(pilot) == []


async def test_a_forms_scrolling_body_shows_when_it_has_the_focus(demo_file: Path) -> None:
    """Shift+tab from the first field puts the focus on the form's body (to scroll it with
    PageDown): its left edge shows a bar then, and only then."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-kai"))
        await settle(pilot, PupilFormScreen)
        body = app.screen.query_one("#form-body", VerticalScroll)
        assert not has_focus_bar(pilot, body)
        await press(pilot, "shift+tab")
        assert app.focused is body
        assert has_focus_bar(pilot, body)
        await press(pilot, "pagedown")
        assert app.focused is body and has_focus_bar(pilot, body)
        await press(pilot, "tab")
        assert app.focused is not body and not has_focus_bar(pilot, body)


def button_look(pilot: Pilot[Any], button: Widget) -> tuple[int, int]:
    """How many of the button's characters are drawn bold, and how many reversed."""
    chars = [ch for line in plain(look_of(pilot, button)) for ch in line if ch[0].strip()]
    return sum(1 for ch in chars if ch[1]), sum(1 for ch in chars if ch[2])


async def test_only_the_focused_button_of_the_unsaved_typing_dialog_looks_marked(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-kai"))
        await settle(pilot, PupilFormScreen)
        await press(pilot, "x", "escape")
        dialog = screen_of(app, ConfirmScreen)
        keep = dialog.query_one("#confirm-no", Button)
        drop = dialog.query_one("#confirm-yes", Button)
        assert app.focused is keep
        words = len("Keep typing (n)".replace(" ", ""))
        assert button_look(pilot, keep) == (words, words)
        assert button_look(pilot, drop) == (0, 0)
        await press(pilot, "tab")
        assert app.focused is drop
        assert button_look(pilot, keep) == (0, 0)
        words = len("Drop it (y)".replace(" ", ""))
        assert button_look(pilot, drop) == (words, words)
        # The background of the warning button is the dialog's, not a light block.
        assert drop.styles.background == keep.styles.background
