"""Entering a concern: one that reads like a safeguarding matter but is not marked as one
asks whether it is (in the contact's concern dialog and on the concerns screen); a concern
is shared with the provider or the parents on purpose from the concerns screen, a
confidential one only once Confidential comes off, a safeguarding one never."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contact_kit import open_contact
from textual.pilot import Pilot
from textual.widgets import Static, TextArea
from ui_kit import SIZE, make_test_app, open_app, press, settle, wait_until

from alp_tui.app import AlpApp
from alp_tui.sharing import NEVER_SHARED
from screens.concerns import ConcernScreen
from screens.confirm import ConfirmScreen
from screens.pupil import PupilScreen
from screens.widgets.tick_box import TickBox
from store import Store

HARM = "Bruises on her arms; says mum's boyfriend hits her"


def question(app: AlpApp) -> str:
    return str(app.screen.query_one("#confirm-question", Static).render())


async def test_the_contacts_concern_dialog_asks_and_yes_makes_it_safeguarding(
    contact_file: Path,
) -> None:
    from screens.concern_dialog import ConcernDialog
    from screens.contact import ContactScreen
    from screens.widgets.concern_item import ConcernItem

    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
        await pilot.press("w", "tab", "tab", *HARM, "ctrl+s")  # w: wellbeing
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert question(app).startswith("This concern mentions physical abuse")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        await wait_until(pilot, lambda: app.screen.query(ConcernItem), "the concern")
        concern = app.screen.query_one(ConcernItem).concern
        assert concern.category == "safeguarding"
        assert concern.confidential and concern.referred_to_dsl
        assert concern.description == HARM


async def test_the_dialog_asked_no_keeps_the_category(contact_file: Path) -> None:
    from screens.concern_dialog import ConcernDialog
    from screens.contact import ContactScreen
    from screens.widgets.concern_item import ConcernItem

    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
        await pilot.press("w", "tab", "tab", *HARM, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        await wait_until(pilot, lambda: app.screen.query(ConcernItem), "the concern")
        concern = app.screen.query_one(ConcernItem).concern
        assert concern.category == "wellbeing" and not concern.confidential


async def new_concern(pilot: Pilot[Any], pupil_id: str) -> ConcernScreen:
    app = pilot.app
    assert isinstance(app, AlpApp)
    await open_app(pilot)
    app.open_pupil(pupil_id)
    await settle(pilot, PupilScreen)
    await press(pilot, "r")
    await settle(pilot, ConcernScreen)
    screen = app.screen
    assert isinstance(screen, ConcernScreen)
    return screen


async def test_the_concerns_screen_asks_once_and_saves_as_answered(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_concern(pilot, "pu-jordan")
        screen.query_one("#description", TextArea).text = "Police called to the house"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert question(app).startswith("This concern mentions a safeguarding agency or process")
        await press(pilot, "y")
        await settle(pilot, PupilScreen)
    (concern,) = Store(demo_file).load().concerns_of("pu-jordan")
    assert concern.category == "safeguarding"
    assert concern.confidential is True and concern.referred_to_dsl is True


async def test_sharing_with_parents_is_saved_and_a_confidential_one_asks_first(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_concern(pilot, "pu-jordan")
        screen.query_one("#description", TextArea).text = "Late three mornings running"
        screen.query_one("#confidential", TickBox).value = True
        await settle(pilot)
        tick = screen.query_one("#share_parent", TickBox)
        tick.focus()
        await press(pilot, "space")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Take Confidential off and share it with the parents?" in question(app)
        await press(pilot, "n")
        assert tick.value is False and screen.query_one("#confidential", TickBox).value
        await press(pilot, "space")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert tick.value is True
        assert screen.query_one("#confidential", TickBox).value is False
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    (concern,) = Store(demo_file).load().concerns_of("pu-jordan")
    assert concern.share_with == ["parent"]
    assert concern.confidential is False
    assert concern.is_shared_with("parent") and not concern.is_shared_with("provider")


async def test_a_safeguarding_concern_cannot_be_shared(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-mason")
        await settle(pilot, PupilScreen)
        await press(pilot, "4", "tab", "enter")
        await settle(pilot, ConcernScreen)
        screen = app.screen
        tick = screen.query_one("#share_provider", TickBox)
        tick.focus()
        await press(pilot, "space")
        assert tick.value is False
        assert any(n.message == NEVER_SHARED for n in app._notifications)
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    assert Store(demo_file).load().concerns["cn-mason-1"].share_with == []
