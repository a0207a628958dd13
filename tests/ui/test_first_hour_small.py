"""Small things a new user met on the demo: a holiday week in the weekly contact says it is
a school holiday, the demo's first message leaves the caseload in view at 80×24, and a
provider's name cut by its column ends in "…"."""

from __future__ import annotations

from pathlib import Path

from contact_kit import open_contact
from textual.widgets import Input, Static
from textual.widgets._toast import Toast
from ui_kit import SIZE, make_test_app, open_app, press, settle

from screens.contact import ContactScreen
from screens.providers import ProvidersScreen


async def test_a_holiday_week_in_the_contact_says_it_is_a_school_holiday(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pu-jordan")
        await settle(pilot, ContactScreen)
        screen = app.screen
        screen.query_one("#contact-week", Input).value = "21/12/2026"
        await settle(pilot, lambda: bool(screen.query(".attendance-empty")))
        said = str(screen.query_one(".attendance-empty", Static).render())
        assert said == (
            "The week of 21/12/2026 is a school holiday (Christmas 2026): no sessions to "
            "mark. f5/f6 another week."
        )
        # A week with sessions again brings them back.
        await pilot.press("f6", "f6")
        await settle(pilot, lambda: not screen.query(".attendance-empty"))
        assert screen.query("AttendanceRow")


async def test_the_demos_first_message_leaves_the_caseload_in_view() -> None:
    app = make_test_app(None, demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_app(pilot)
        told = list(app._notifications)
        assert len(told) == 1
        assert str(app.data_path) in told[0].message and "temporary" in told[0].message
        assert told[0].timeout is not None and told[0].timeout <= 8
        await settle(pilot, lambda: app.screen.query(Toast))
        toast = app.screen.query_one(Toast)
        table = app.screen.query_one("#caseload-table")
        # Below the rows of pupils, and a few lines high.
        assert toast.region.height <= 6
        assert not toast.region.overlaps(table.region)


async def test_a_provider_name_too_long_for_its_column_shows_it_is_cut(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "p")
        await settle(pilot, ProvidersScreen)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any(line.startswith(" Cityline College Skil…  FE college") for line in lines)
        assert any(line.startswith(" Hillside Farm           unregistered") for line in lines)
        # The detail under the list names the highlighted provider in full.
        assert any(line.strip() == "Cityline College Skills" for line in lines)
