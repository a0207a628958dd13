"""Past contacts: the history table, and correcting one through the store's rev check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pinned import TODAY
from textual.pilot import Pilot
from ui_kit import make_test_app, screen_of, wait_until


async def open_history(pilot: Pilot[Any], pupil_id: str) -> Any:
    from screens.caseload import CaseloadScreen
    from screens.contact_history import ContactHistoryScreen

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")
    app.push_screen(ContactHistoryScreen(pupil_id))
    await wait_until(pilot, lambda: isinstance(app.screen, ContactHistoryScreen), "history")
    await pilot.pause()
    return app.screen


def cell_texts(screen: Any, row: int) -> list[str]:
    from textual.widgets import DataTable

    table = screen.query_one(DataTable)
    return [str(cell) for cell in table.get_row_at(row)]


async def test_history_lists_contacts_newest_first(contact_file: Path) -> None:
    from textual.widgets import DataTable

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot, "pup-jordan")
        table = screen.query_one(DataTable)
        assert table.row_count == 9
        assert cell_texts(screen, 0) == [
            "13/11/2026",
            "Forge Construction",
            " 100% 12/12 h",
            "3",
            "4 4 4 4",
            "—",
        ]
        assert cell_texts(screen, 8)[0] == "11/09/2026"
        detail = str(screen.query_one("#history-detail").render())
        assert "Target 1: 4 secure · Completes a practical bricklaying unit" in detail


async def test_a_past_contact_is_corrected_with_a_rev_check(contact_file: Path) -> None:
    from screens.contact import ContactScreen
    from screens.contact_history import ContactHistoryScreen
    from store import Store

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, "pup-jordan")
        await pilot.press("down", "enter")  # the contact of 06/11
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        form = screen_of(app, ContactScreen)
        assert form.contact_id == "ct-j8"
        status = str(form.query_one("#contact-status").render())
        assert status.startswith("last changed by lead, ")
        assert form.collect_draft().date == "06/11/2026"
        await pilot.press("a")  # Tuesday was missed after all
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactHistoryScreen), "back")
        await pilot.pause()
        assert "!" in cell_texts(app.screen, 1)[2]
        assert "50%" in cell_texts(app.screen, 1)[2]
    contact = Store(contact_file).load().contacts["ct-j8"]
    assert contact.rev == 2
    assert contact.updated_by == "tester"
    assert contact.sessions[0].mark == "absent_unauthorised"
    assert contact.sessions[0].attended_hours == 0
    assert contact.date.isoformat() == "2026-11-06"
    # No new record came of the edit.
    assert sum(1 for c in Store(contact_file).load().contacts.values() if c.date == TODAY) == 0


async def test_a_stale_edit_is_merged_with_the_colleague_s(contact_file: Path) -> None:
    from screens.contact import ContactScreen
    from store import Store

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_history(pilot, "pup-jordan")
        await pilot.press("enter")  # the contact of 13/11
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        form = screen_of(app, ContactScreen)
        assert form.contact_id == "ct-j9"
        # Meanwhile a colleague corrects the same contact from another process's store.
        other = Store(contact_file, user="colleague")
        theirs = other.load().contacts["ct-j9"]
        other.update(theirs.model_copy(update={"summary": "Corrected by a colleague"}))
        form.query_one("#contact-engagement").focus()
        await pilot.press("1", "ctrl+s")
        await wait_until(
            pilot,
            lambda: any(
                "merged with the change colleague" in str(n.message) for n in app._notifications
            ),
            "the merge",
        )
    saved = Store(contact_file).load().contacts["ct-j9"]
    assert (saved.summary, saved.engagement) == ("Corrected by a colleague", 1)
    assert saved.rev == theirs.rev + 2
