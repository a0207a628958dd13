"""What a walkthrough at 80×24 without colour found: styles leaking from one screen's CSS
into another, red problems fainter than amber ones, focus that only colour showed, and the
palette not finding a pupil by their legal name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.style import Style
from textual.color import Color
from textual.command import CommandList
from textual.filter import monochrome_style
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select
from ui_kit import make_test_app, settle

from alp_tui.app import AlpApp
from alp_tui.rules import Problem
from screens.caseload import CaseloadScreen
from screens.concern_dialog import ConcernDialog
from screens.contact import ContactScreen
from screens.contact_history import ContactHistoryScreen
from screens.export import ExportScreen
from screens.placement_picker import PlacementPicker
from screens.pupil import PupilScreen
from screens.settings import SettingsScreen
from screens.widgets.problems import problem_text, severity_style
from store import Store

SIZE = (80, 24)


# --- one screen's CSS stays on that screen ------------------------------------------------


def layout(screen: Screen[Any]) -> list[tuple[str, tuple[int, ...]]]:
    """Every widget on a screen with where it is drawn."""
    return [
        (f"{type(w).__name__}#{w.id}.{'.'.join(sorted(w.classes))}", tuple(w.region))
        for w in screen.walk_children(with_self=False)
        if isinstance(w, Widget)
    ]


OTHER_SCREENS: dict[str, Callable[[], Screen[Any]]] = {
    "contact": lambda: ContactScreen("pl-jordan-forge"),
    "concern": lambda: ConcernDialog(),
    "picker": lambda: PlacementPicker("pu-kai"),
    "history": lambda: ContactHistoryScreen("pu-jordan"),
    "export": lambda: ExportScreen("pu-jordan"),
}


async def _settings_layout(app: AlpApp, pilot: Pilot[None], first: list[str]) -> list[object]:
    await settle(pilot, CaseloadScreen)
    for name in first:
        app.push_screen(OTHER_SCREENS[name]())
        await settle(pilot)
        app.pop_screen()
        await settle(pilot, CaseloadScreen)
    caseload = await _steady_layout(pilot)
    app.open_settings()
    await settle(pilot, SettingsScreen)
    return [caseload, await _steady_layout(pilot)]


async def _steady_layout(pilot: Pilot[None]) -> list[tuple[str, tuple[int, ...]]]:
    """The screen's layout once two looks in a row agree: on a busy machine the footer's
    keys can still be unplaced when the screen first shows."""
    previous, same = layout(pilot.app.screen), 0
    for _ in range(200):
        await pilot.pause(0.03)
        current = layout(pilot.app.screen)
        same = same + 1 if current == previous else 0
        if same == 3 and any(name.startswith("FooterKey") for name, _ in current):
            return current
        previous = current
    return previous


async def test_the_contact_screens_leave_the_settings_labels_alone(
    demo_file: Path, today: date
) -> None:
    async with make_test_app(demo_file).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, AlpApp)
        fresh = await _settings_layout(app, pilot, [])
    async with make_test_app(demo_file).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, AlpApp)
        after = await _settings_layout(app, pilot, list(OTHER_SCREENS))
        label = next(
            w for w in app.screen.query(".field-label") if "Warn before a" in str(w.render())
        )
        # The walkthrough saw "Warn before a" cut to 13 columns by the contact form's rule.
        assert label.size.width == 30 and label.size.height == 1
    assert after[0] == fresh[0]  # the caseload
    assert after[1] == fresh[1]  # the settings


# --- red is the most prominent without colour ---------------------------------------------


def _brightness(colour: object, default: str) -> float:
    from rich.color import Color as RichColor

    if isinstance(colour, RichColor):
        return Color.from_rich_color(colour).brightness
    return Color.parse(default).brightness


async def test_without_colour_red_problems_stand_out_more_than_amber(
    demo_file: Path, today: date
) -> None:
    # Without colour a terminal draws each colour as a grey by its brightness; red, being
    # darker than amber, was drawn fainter. Red must be bold text on a block that stands
    # out from the screen, amber plain text.
    async with make_test_app(demo_file).run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app = pilot.app
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            colours = app.theme_variables
            screen = _brightness(None, colours["background"])
            red = monochrome_style(Style.parse(severity_style("red", colours)))
            amber = monochrome_style(Style.parse(severity_style("amber", colours)))
            assert red.bold and not amber.bold, theme
            assert amber.bgcolor is None, theme
            block = _brightness(red.bgcolor, colours["background"])
            text = _brightness(red.color, colours["foreground"])
            assert abs(block - screen) > 0.2, theme
            assert abs(text - block) > 0.5, theme

            problem = Problem(
                code="SAFEGUARDING_OPEN", severity="red", message="safeguarding concern"
            )
            shown = problem_text(problem, colours)
            assert shown.plain == "!! safeguarding concern"
            marker, words = (Style.parse(str(span.style)) for span in shown.spans)
            assert marker.bgcolor is not None and marker.bold and words.bold


# --- focus shows without colour -------------------------------------------------------------


def _label_style(select: Select[str]) -> str:
    return str(select.query_one("SelectCurrent #label").styles.text_style)


async def test_a_focused_drop_down_and_field_show_it_in_text_style(
    demo_file: Path, today: date, tmp_path: Path
) -> None:
    async with make_test_app(demo_file).run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        pilot.app.push_screen(ExportScreen("pu-kai", folder=tmp_path))
        await settle(pilot, ExportScreen)
        select = pilot.app.screen.query_one("#export-placement", Select)
        weeks = pilot.app.screen.query_one("#export-weeks", Input)
        assert "reverse" not in _label_style(select)
        assert "underline" not in str(weeks.styles.text_style)
        select.focus()
        await pilot.pause()
        assert "reverse" in _label_style(select)
        weeks.focus()
        await pilot.pause()
        assert "reverse" not in _label_style(select)
        assert "underline" in str(weeks.styles.text_style)


# --- the palette finds a pupil by any of their names ---------------------------------------


async def _palette_hits(pilot: Pilot[None], query: str) -> list[str]:
    """Open the palette, type `query` and return the names it offers (left open)."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    for _ in range(100):  # the palette searches in the background
        await pilot.pause(0.02)
        commands = pilot.app.screen.query(CommandList)
        if commands and commands.first().option_count:
            found = commands.first()
            return [
                str(found.get_option_at_index(i).prompt).split("\n")[0]
                for i in range(found.option_count)
            ]
    return []


async def test_the_palette_finds_a_pupil_by_legal_preferred_or_last_name(
    demo_file: Path, today: date
) -> None:
    store = Store(demo_file)
    jordan = store.load().pupils["pu-jordan"]
    assert (jordan.first_name, jordan.last_name) == ("Jordan", "Bennett")
    store.update(jordan.model_copy(update={"preferred_name": "Jay"}))
    async with make_test_app(demo_file).run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        for query in ("jay", "bennett", "jordan bennett"):
            assert "Jay Bennett" in await _palette_hits(pilot, query), query
            await pilot.press("escape")
            await settle(pilot, CaseloadScreen)

        # The walkthrough: ctrl+p, "jordan" found nothing once he was known as Jay.
        assert (await _palette_hits(pilot, "jordan"))[0] == "Jay Bennett"
        await pilot.press("enter")
        await settle(pilot, PupilScreen)
        screen = pilot.app.screen
        assert isinstance(screen, PupilScreen) and screen.pupil_id == "pu-jordan"
