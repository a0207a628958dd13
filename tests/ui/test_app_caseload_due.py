"""The caseload's Due column: the rules' contact clock (holidays do not count), a text marker
as well as a colour, full UK dates, and still in view at 80 columns."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from builders import (
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
)
from rich.text import Text
from textual.widgets import DataTable
from ui_kit import make_test_app, settle

from alp_tui.models import Holiday
from alp_tui.rules import contact_status
from screens.caseload import CaseloadScreen
from store import Store

CHRISTMAS = Holiday(name="Christmas", start=date(2026, 12, 21), end=date(2027, 1, 1))
TODAY = date(2026, 12, 22)  # a Tuesday, in the Christmas holiday
SIZE = (80, 24)
UK_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def due_file(folder: Path) -> Path:
    provider = make_provider(id="prv-forge", name="Forge Construction")
    # Ada's last contact was Sunday 13/12: due Sunday 20/12, and the holiday since then
    # does not count, so on 22/12 she is due, not overdue.
    ada = make_pupil(id="pup-ada", first_name="Ada", last_name="Lovel")
    ada_at = make_placement(ada, provider, id="plc-ada")
    # Ben's last contact was 30/11: due 07/12 and overdue well before the holiday.
    ben = make_pupil(id="pup-ben", first_name="Ben", last_name="Marsh")
    ben_at = make_placement(ben, provider, id="plc-ben")
    # Cyrus starts after Christmas: shown with `a`, and his note must not push Due away.
    cyrus = make_pupil(id="pup-cy", first_name="Cyrus", last_name="Okonkwo-Whitfield")
    cyrus_at = make_placement(cyrus, provider, status="planned", start_date=date(2027, 1, 5))
    caseload = make_caseload(
        provider,
        cyrus,
        cyrus_at,
        ada,
        ada_at,
        make_target(ada_at),
        make_contact(ada_at, date(2026, 12, 13)),
        ben,
        ben_at,
        make_target(ben_at),
        make_contact(ben_at, date(2026, 11, 30)),
        meta=make_meta(holidays=[CHRISTMAS]),
    )
    ada_clock = contact_status(caseload, ada_at, TODAY)
    assert ada_clock.due == date(2026, 12, 20) and not ada_clock.overdue and ada_clock.due_soon
    assert contact_status(caseload, ben_at, TODAY).overdue
    path = folder / "caseload.json"
    Store.create(path, caseload.meta, caseload=caseload, user="tester")
    return path


def cells(app: Any) -> dict[str, dict[str, Text]]:
    table = app.screen.query_one("#caseload-table", DataTable)
    keys = [column.key.value for column in table.ordered_columns]
    return {
        str(row.key.value): dict(zip(keys, table.get_row(row.key), strict=True))
        for row in table.ordered_rows
    }


async def test_due_follows_the_rules_with_a_marker_and_full_dates(tmp_path: Path) -> None:
    app = make_test_app(due_file(tmp_path), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        rows = cells(app)
    # Due, not overdue: the holiday days since Sunday do not count.
    assert rows["pup-ada"]["due"].plain.strip() == "! 20/12/2026"
    assert rows["pup-ben"]["due"].plain.strip() == "!! 07/12/2026"
    for row in rows.values():
        for key in ("contact", "review"):
            assert UK_DATE.match(row[key].plain), (key, row[key].plain)


async def test_name_problems_year_hours_and_due_fit_80_columns(tmp_path: Path) -> None:
    app = make_test_app(due_file(tmp_path), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        for show_all in (False, True):
            if show_all:
                await pilot.press("a")
                await settle(pilot, CaseloadScreen)
                assert "planned from 05/01/2027" in cells(app)["pup-cy"]["problems"].plain
            table = app.screen.query_one("#caseload-table", DataTable)
            widths = {
                column.key.value: column.get_render_width(table) for column in table.ordered_columns
            }
            shown = ("name", "problems", "year", "hours", "due")
            assert list(widths)[:5] == list(shown)
            assert sum(widths[key] for key in shown) <= table.scrollable_content_region.width
            # The widest due cell fits its column.
            due = max(len(row["due"].plain) for row in cells(app).values())
            assert due <= widths["due"] - 2 * table.cell_padding
