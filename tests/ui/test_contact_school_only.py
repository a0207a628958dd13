"""Keeping a piece of the weekly contact for the school only: ctrl+o in a progress note, an
action, the summary or the pupil's voice marks it `[school only]` (again: the lexicon
decides), the key shows in the footer and in help, and the contact is saved with the state
on that text alone."""

from __future__ import annotations

from pathlib import Path

from contact_kit import open_contact
from textual.widgets import DataTable, Footer, Input, TextArea
from ui_kit import SIZE, make_test_app, settle, wait_until

from alp_tui.app import AlpApp
from screens.contact import ContactScreen
from screens.help import HelpScreen
from screens.widgets.share_mark import NOT_IN_TEXT, ShareMark
from store import Store


def marks(app: AlpApp) -> dict[str, str]:
    """The marks showing now, by the field they belong to."""
    return {
        (m.id or "").removeprefix("share-"): str(m.render())
        for m in app.screen.query(ShareMark)
        if m.display
    }


async def test_ctrl_o_keeps_each_kind_of_text_for_the_school_only(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        assert isinstance(screen, ContactScreen)
        screen.query_one("#rating-0").focus()  # rated, so its note is saved
        await pilot.press("4")
        for field, words in (
            ("note-0", "Nan is in hospital"),
            ("contact-voice", "I miss my nan"),
            ("action-owner-0", "RP"),
        ):
            box = screen.query_one(f"#{field}", Input)
            box.value = words
            box.focus()
            await pilot.press("ctrl+o")
            await settle(pilot)
        screen.query_one("#action-text-0", Input).value = "Ring home about nan"
        summary = screen.query_one("#contact-summary", TextArea)
        summary.text = "A quiet week"
        assert marks(app) == {
            "note-0": "[school only]",
            "contact-voice": "[school only]",
            "action-0": "[school only]",
        }
        # Pressed again in the pupil's voice, it goes back to the lexicon.
        screen.query_one("#contact-voice", Input).focus()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "contact-voice" not in marks(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ContactScreen), "the save")
    (contact,) = [
        c for c in Store(contact_file).load().contacts.values() if c.summary == "A quiet week"
    ]
    assert [(p.note, p.share) for p in contact.progress] == [("Nan is in hospital", "school")]
    assert [(a.text, a.share) for a in contact.actions] == [("Ring home about nan", "school")]
    assert contact.pupil_voice == "I miss my nan" and contact.share_of("pupil_voice") is None
    assert contact.share_of("summary") is None


async def test_ctrl_o_outside_free_text_says_where_it_works(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        screen.query_one("#contact-date", Input).focus()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert marks(app) == {}
        assert any(n.message == NOT_IN_TEXT for n in app._notifications)


async def test_the_key_is_in_the_footer_and_in_help(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        footer = app.screen.query_one(Footer)
        await wait_until(
            pilot,
            lambda: any(getattr(k, "description", "") == "School only" for k in footer.query("*")),
            "the footer to show the key",
        )
        await pilot.press("f1")
        await settle(pilot, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        rows = [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        assert any(row[0] == "^o" and row[1] == "School only" for row in rows)
