"""Keys a new user meets in the first hour: `?` typed in a field is a question mark (help is
`f1` everywhere, `?` only where nothing can be typed), and a digit in the engagement moves on
like a target's rating does."""

from __future__ import annotations

from pathlib import Path

from contact_kit import open_contact, state_of
from textual.widgets import Footer, Input
from ui_kit import SIZE, focused_id, make_test_app, open_app, press, settle

from screens.concerns import ConcernScreen
from screens.contact import ContactScreen
from screens.help import HelpScreen
from screens.pupil import PupilScreen
from store import Store


def footer_keys(app: object) -> list[tuple[str, str]]:
    footer = app.screen.query_one(Footer)  # type: ignore[attr-defined]
    return [(key.key_display, key.description) for key in footer.query("FooterKey")]


async def test_question_mark_in_a_form_field_is_typed_not_help(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-jordan")
        await settle(pilot, PupilScreen)
        await press(pilot, "r")
        await settle(pilot, ConcernScreen)
        await press(pilot, "tab")
        assert focused_id(app) == "raised_by"
        field = app.screen.query_one("#raised_by", Input)
        assert field.value == "tester"
        # The text already there is not selected on arrival, so `?` adds to it.
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, ConcernScreen)
        assert field.value == "tester?"
        assert ("f1", "Help") in footer_keys(app)
        # f1 opens help from inside the field, and the typing is still there after.
        await pilot.press("f1")
        await settle(pilot, HelpScreen)
        await pilot.press("escape")
        await settle(pilot, ConcernScreen)
        assert field.value == "tester?"
        assert focused_id(app) == "raised_by"
        # On through category, severity, status and placement to the description.
        for _ in range(8):
            if focused_id(app) == "description":
                break
            await press(pilot, "tab")
        assert focused_id(app) == "description"
        await press(pilot, "Is he safe at home?")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    (concern,) = Store(demo_file).load().concerns_of("pu-jordan")
    assert concern.raised_by == "tester?"
    assert concern.description == "Is he safe at home?"


async def test_question_mark_opens_help_where_nothing_can_be_typed(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await pilot.press("question_mark")
        await settle(pilot, HelpScreen)
        await pilot.press("question_mark")
        await settle(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert ("f1", "Help") in footer_keys(app)


async def test_question_mark_in_a_contact_note_is_typed(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        assert isinstance(app.screen, ContactScreen)
        app.screen.query_one("#contact-provider-staff", Input).focus()
        await settle(pilot)
        await press(pilot, "?")
        assert isinstance(app.screen, ContactScreen)
        assert state_of(app)["provider_staff"] == "Sam Reed?"


async def test_a_digit_in_engagement_moves_on_so_the_next_is_not_lost(
    contact_file: Path,
) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        screen.query_one("#contact-engagement").focus()
        await settle(pilot)
        # Engagement moves on by itself; a target's rating is beside its note, so `down`
        # goes on to the next target's rating.
        await press(pilot, "4")
        assert focused_id(app) == "rating-0"
        await press(pilot, "2", "down", "5")
        assert focused_id(app) == "rating-1"
        await press(pilot, "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, ContactScreen))
    caseload = Store(contact_file).load()
    latest = max(caseload.contacts_of("pl-jordan"), key=lambda c: c.date)
    assert latest.engagement == 4
    ratings = {p.target_id: p.rating for p in latest.progress}
    assert ratings == {"tg-j1": 2, "tg-j2": 5}
