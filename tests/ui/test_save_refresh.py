"""After a save the screens beneath show the change at once, and only what the change
touched is built again: the caseload rows of the pupils it touched (the others stay the
rows they were), the pupil record when it is about that pupil. A caseload larger than a
screenful paints its worst rows first and the rest straight after."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pinned import CLOCK, TODAY
from store_workers import make_large_module
from textual.widgets import DataTable
from ui_kit import make_test_app, open_app, press, screen_of, settle

from alp_tui.dates import uk
from alp_tui.models import CHECK_KINDS, Check, Concern, Contact
from alp_tui.rules import find_problems
from screens.caseload import FIRST_ROWS, CaseloadScreen, caseload_rows
from screens.contact import ContactScreen
from screens.pupil import PupilScreen
from screens.saving import SavePlan, save_in_worker
from store import Store


def _rows(app: Any) -> dict[str, list[Any]]:
    """The caseload table's cells (the objects it holds), by pupil id, in table order."""
    table = screen_of(app, CaseloadScreen).query_one("#caseload-table", DataTable)
    return {str(row.key.value): table.get_row(row.key) for row in table.ordered_rows}


def _words(cells: list[Any]) -> list[str]:
    return [str(cell) for cell in cells]


async def _log_contact(pilot: Any) -> None:
    """Jordan's contact for the week: both sessions attended, the call's summary, saved."""
    app = pilot.app
    await settle(pilot, ContactScreen)
    await press(pilot, "p", "tab", "p", "tab", "4")
    app.screen.query_one("#contact-summary").text = "A settled week"
    await press(pilot, "ctrl+s")
    await settle(pilot, lambda: not isinstance(app.screen, ContactScreen))


async def test_a_saved_contact_redraws_its_pupils_row_and_no_other(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot)
        before = _rows(app)
        # Jordan's last call was on 13/11: overdue.
        assert list(before) == ["pup-mia", "pup-jordan"]
        assert "overdue" in _words(before["pup-jordan"])[1]
        assert _words(before["pup-jordan"])[6] == "13/11/2026"
        await press(pilot, "down", "c")
        await _log_contact(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        after = _rows(app)
        jordan = _words(after["pup-jordan"])
        # The row shows the call: last contact today, the next one due in a week, and the
        # problem it cleared gone.
        assert jordan[6] == uk(TODAY)
        assert jordan[4].strip() == "04/12/2026"
        assert "overdue" not in jordan[1]
        # Mia's row is the very row it was: not built again.
        assert all(a is b for a, b in zip(after["pup-mia"], before["pup-mia"], strict=True))
        screen = screen_of(app, CaseloadScreen)
        assert screen.highlighted_pupil_id == "pup-jordan"
        # A colleague logs Mia's two calls and every check of her two providers: her red
        # problems go, her row moves below his, and the cursor stays on him.
        other = Store(contact_file, user="colleague", clock=CLOCK)
        for placement_id in ("pl-mia-hair", "pl-mia-college"):
            other.add(Contact(placement_id=placement_id, date=TODAY))
        for provider_id in ("prv-hair", "prv-college"):
            provider = other.load().providers[provider_id]
            checks = [Check(kind=kind, received=TODAY) for kind in CHECK_KINDS]
            other.update(provider.model_copy(update={"checks": checks}))
        app.check_disk()
        await settle(pilot, lambda: "pup-mia" in _checked(app))
        await settle(pilot)
        assert list(_rows(app)) == ["pup-jordan", "pup-mia"], _rows(app)
        assert "check missing" not in _words(_rows(app)["pup-mia"])[1]
        assert screen.highlighted_pupil_id == "pup-jordan"
        after = _rows(app)
        summary = str(screen.query_one("#caseload-summary").render())
    caseload = Store(contact_file, clock=CLOCK).load()
    saved = [c for c in caseload.contacts_of("pl-jordan") if c.date == TODAY]
    assert len(saved) == 1 and saved[0].summary == "A settled week"
    # The same rows as a caseload screen built whole from the file shows.
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot)
        fresh = _rows(app)
        assert {k: _words(v) for k, v in fresh.items()} == {k: _words(v) for k, v in after.items()}
        assert str(screen_of(app, CaseloadScreen).query_one("#caseload-summary").render()) == (
            summary
        )


async def test_the_pupil_record_shows_its_own_changes_and_ignores_others(
    contact_file: Path,
) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot)
        await press(pilot, "down", "enter")
        record = screen_of(app, PupilScreen)
        assert record.pupil_id == "pup-jordan"
        await press(pilot, "c")
        await _log_contact(pilot)
        record = screen_of(app, PupilScreen)
        facts = str(record.query_one("#pupil-problems").render())
        assert "overdue" not in facts.casefold()
        shown = " ".join(str(w.render()) for w in record.query("#tab-details Static"))
        assert uk(TODAY) in shown
        head = record.query_one("#pupil-head")

        # A save the app makes about another pupil (as it archives one, say): the record
        # stays as it is.
        save_in_worker(
            app,
            SavePlan(add=[Concern(pupil_id="pup-mia", raised_on=TODAY, description="Upset")]),
        )
        await settle(pilot, lambda: "pup-mia" in _concern_pupils(app))
        await settle(pilot)
        assert record.query_one("#pupil-head") is head
        assert screen_of(app, PupilScreen) is record

        # One about this pupil: shown at once.
        concern = Concern(
            pupil_id="pup-jordan",
            raised_on=date(2026, 11, 26),
            category="behaviour",
            description="Late back from lunch",
        )
        save_in_worker(app, SavePlan(add=[concern]))
        await settle(pilot, lambda: record.query("#pupil-head").first() is not head)
        concerns = record.query_one("#pupil-concerns", DataTable)
        assert concerns.row_count == 1
    caseload = Store(contact_file, clock=CLOCK).load()
    assert [c.description for c in caseload.concerns_of("pup-jordan")] == ["Late back from lunch"]
    assert [c.description for c in caseload.concerns_of("pup-mia")] == ["Upset"]


def _concern_pupils(app: Any) -> set[str]:
    return {c.pupil_id for c in app.workspace.caseload.concerns.values()}


def _checked(app: Any) -> set[str]:
    """The pupils all of whose providers have had their checks recorded."""
    caseload = app.workspace.caseload
    return {
        pupil_id
        for pupil_id in caseload.pupils
        if all(caseload.providers[p.provider_id].checks for p in caseload.placements_of(pupil_id))
    }


async def test_a_large_caseload_paints_its_worst_rows_first_then_all(tmp_path: Path) -> None:
    path = make_large_module().write(tmp_path / "caseload.json", pupils=FIRST_ROWS + 30, weeks=3)
    caseload = Store(path, clock=CLOCK).load()
    whole = [row.pupil.id for row in caseload_rows(caseload, find_problems(caseload, TODAY), TODAY)]
    assert len(whole) > FIRST_ROWS
    app = make_test_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await settle(pilot, lambda: isinstance(app.screen, CaseloadScreen) and _rows(app))
        await settle(pilot, lambda: len(_rows(app)) == len(whole))
        assert list(_rows(app)) == whole
        screen = screen_of(app, CaseloadScreen)
        assert "130 pupils" in str(screen.query_one("#caseload-summary").render())
        table = screen.query_one("#caseload-table", DataTable)
        table.move_cursor(row=len(whole) - 1)
        assert screen.highlighted_pupil_id == whole[-1]
        # Painted afresh with the cursor on the last row: every row at once, the cursor kept.
        screen.refresh_rows(first=True)
        assert list(_rows(app)) == whole
        assert screen.highlighted_pupil_id == whole[-1]
        # As on opening, the cursor on the first row: the worst rows first, in the whole
        # list's order, then the rest.
        table.move_cursor(row=0)
        screen.refresh_rows(first=True)
        assert list(_rows(app)) == whole[:FIRST_ROWS]
        await settle(pilot, lambda: len(_rows(app)) == len(whole))
        assert list(_rows(app)) == whole
        assert screen.highlighted_pupil_id == whole[0]
