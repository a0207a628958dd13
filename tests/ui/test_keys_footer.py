"""The footer follows the keys of the field in focus, and is rebuilt only when they change:
moving between two fields with the same keys keeps the very same key widgets."""

from __future__ import annotations

from pathlib import Path

from contact_kit import open_contact
from textual.widget import Widget
from textual.widgets import Footer
from ui_kit import SIZE, focused_id, make_test_app, press, settle

from alp_tui.app import AlpApp
from screens.widgets.keys_footer import KeysFooter


def footer_keys(app: AlpApp) -> list[Widget]:
    return list(app.screen.query_one(Footer).query("FooterKey"))


def shown(keys: list[Widget]) -> list[tuple[str, str]]:
    return [(str(getattr(k, "key_display", "")), str(getattr(k, "description", ""))) for k in keys]


async def test_the_footer_changes_with_the_keys_and_only_then(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, "pup-jordan")
        await settle(pilot)
        assert isinstance(app.screen.query_one(Footer), KeysFooter)
        assert focused_id(app) == "session-0"
        on_a_session = footer_keys(app)
        assert ("^s", "Save") in shown(on_a_session)
        assert not any(words == "Rate 1–5" for _key, words in shown(on_a_session))

        await press(pilot, "tab")
        assert focused_id(app) == "session-1"
        # The same keys: not rebuilt.
        assert footer_keys(app) == on_a_session

        await press(pilot, "tab")
        assert focused_id(app) == "contact-engagement"
        on_a_rating = footer_keys(app)
        assert ("1–5", "Rate 1–5") in shown(on_a_rating)
        assert shown(on_a_rating)[1:] == shown(on_a_session)

        await press(pilot, "tab")
        assert focused_id(app) == "rating-0"
        assert footer_keys(app) == on_a_rating

        await press(pilot, "tab")
        assert focused_id(app) == "note-0"
        in_a_note = footer_keys(app)
        assert shown(in_a_note) == shown(on_a_session)
        assert not set(in_a_note) & set(on_a_rating)
