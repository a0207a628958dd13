"""Concerns raised during a call: a concern that becomes safeguarding is confidential and
referred to the DSL, and taking the confidential tick off one asks first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contact_kit import open_contact
from textual.pilot import Pilot
from textual.widgets import Checkbox, Static
from ui_kit import make_test_app, wait_until


def ticks(app: Any) -> tuple[bool, bool]:
    screen = app.screen
    return (
        screen.query_one("#concern-confidential", Checkbox).value,
        screen.query_one("#concern-dsl", Checkbox).value,
    )


async def add_other_concern(pilot: Pilot[Any]) -> Any:
    """Raise an `other` concern from the contact form; return its item on the form."""
    from screens.concern_dialog import ConcernDialog
    from screens.contact import ContactScreen
    from screens.widgets.concern_item import ConcernItem

    app = pilot.app
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
    await pilot.press("tab", "tab", *"Seen smoking on site", "ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
    await wait_until(pilot, lambda: app.screen.query(ConcernItem), "the concern on the form")
    item = app.screen.query_one(ConcernItem)
    assert item.concern.category == "other"
    assert (item.concern.confidential, item.concern.referred_to_dsl) == (False, False)
    return item


async def edit(pilot: Pilot[Any], item: Any) -> None:
    from screens.concern_dialog import ConcernDialog

    item.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConcernDialog), "the dialog")


async def test_an_edited_concern_made_safeguarding_is_ticked_confidential_and_dsl(
    contact_file: Path,
) -> None:
    from screens.contact import ContactScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        item = await add_other_concern(pilot)
        await edit(pilot, item)
        await pilot.press("s")  # the category picker has the cursor: s is safeguarding
        await pilot.pause()
        assert ticks(app) == (True, True)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        assert item.concern.category == "safeguarding"
        assert item.concern.confidential is True
        assert item.concern.referred_to_dsl is True


async def test_unticking_confidential_on_safeguarding_asks_first(contact_file: Path) -> None:
    from screens.concern_dialog import ConcernDialog
    from screens.confirm import ConfirmScreen
    from screens.contact import ContactScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        item = await add_other_concern(pilot)
        await edit(pilot, item)
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#concern-confidential", Checkbox).focus()
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "provider and parent notes" in question
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
        await pilot.pause()
        assert ticks(app) == (True, True)
        # Asked again, and this time the answer is yes.
        app.screen.query_one("#concern-confidential", Checkbox).focus()
        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
        await pilot.pause()
        assert ticks(app) == (False, True)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        assert item.concern.category == "safeguarding"
        assert (item.concern.confidential, item.concern.referred_to_dsl) == (False, True)


async def test_a_new_concern_ticks_follow_the_category(contact_file: Path) -> None:
    from screens.concern_dialog import ConcernDialog
    from screens.confirm import ConfirmScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
        await pilot.press("s")
        await pilot.pause()
        assert ticks(app) == (True, True)
        # Moved on to another category before anything was ticked by hand: no question,
        # and the ticks the category set go with it.
        await pilot.press("w")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert ticks(app) == (False, False)
