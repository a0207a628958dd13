"""The weekly contact as a new user meets it at 80×24: it opens at its heading, with the week
the call most likely reports chosen and shown, stepped back or on by one key each, the
sessions following the week."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from contact_kit import open_contact, state_of
from textual.widgets import Footer
from ui_kit import SIZE, focused_id, make_test_app, settle

from screens.contact import ContactScreen
from screens.widgets.attendance import AttendanceRow
from store import Store


def screen_lines(app: Any) -> list[str]:
    """The terminal's lines as drawn now."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def footer_keys(app: Any) -> list[tuple[str, str]]:
    footer = app.screen.query_one(Footer)
    return [(key.key_display, key.description) for key in footer.query("FooterKey")]


async def test_the_contact_opens_at_its_heading(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        await settle(pilot)
        assert focused_id(app) == "session-0"
        lines = screen_lines(app)
        starts = [line.strip().split("  ")[0] for line in lines]
        for heading in ("Call on", "Spoke to", "Week of"):
            assert heading in starts, lines
        # The first session is in view too, and focused.
        assert any(line.strip().startswith("Tue 09:00–15:00") for line in lines)


async def test_the_week_is_chosen_shown_and_stepped(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        # The last week recorded is that of 09/11, so the call covers the week of 16/11.
        assert state_of(app)["week_start"] == "16/11/2026"
        week_line = next(line for line in screen_lines(app) if "Week of" in line)
        assert "16/11/2026" in week_line and "Mon 16/11/2026 · f5/f6 week before/after" in week_line
        # The footer shows the two keys together, under one word.
        assert [k for k, _d in footer_keys(app) if k in ("f5", "f6")] == ["f5", "f6"]
        footer = screen_lines(app)[-1]
        assert "f5" in footer and "f6" in footer and "Week" in footer, footer
        assert footer.index("f5") < footer.index("f6") < footer.index("Week")
        # One key a week, back or on, wherever the cursor is.
        await pilot.press("f6")
        await settle(pilot)
        assert state_of(app)["week_start"] == "23/11/2026"
        assert focused_id(app) == "session-0"
        # Back to the half-term week: no sessions were scheduled, so none to mark.
        await pilot.press("f5", "f5", "f5", "f5")
        await settle(pilot)
        assert state_of(app)["week_start"] == "26/10/2026"
        assert not screen.query(AttendanceRow)
        await pilot.press("f6", "f6", "f6")
        await settle(pilot)
        assert state_of(app)["week_start"] == "16/11/2026"
        assert [row.day for row in screen.query(AttendanceRow)] == ["tue", "thu"]
        # A session marked is kept when the week changes afterwards.
        screen.query_one("#session-0").focus()
        await pilot.press("a", "f6")
        await settle(pilot)
        assert state_of(app)["week_start"] == "23/11/2026"
        assert [s["mark"] for s in state_of(app)["sessions"]] == [
            "absent_unauthorised",
            "present",
        ]
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, ContactScreen))
    caseload = Store(contact_file).load()
    (latest,) = [c for c in caseload.contacts_of("pl-jordan") if c.date == date(2026, 11, 27)]
    assert latest.week_start == date(2026, 11, 23)
    assert [s.mark for s in latest.sessions] == ["absent_unauthorised", "present"]
