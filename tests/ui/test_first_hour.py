"""What a new user stumbled on in their first hour at 80×24: the problem a row shows, text
cut off, paging the record, the providers' preview and checks, leaving, small windows and
long notes."""

from __future__ import annotations

from pathlib import Path

from builders import (
    hours_schedule,
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
)
from pinned import CLOCK, TODAY
from textual.widgets import DataTable
from ui_kit import SIZE, make_test_app, open_app, press, settle

from alp_tui.caseload import Caseload
from alp_tui.rules import find_problems, worst_first
from screens.pupil import PupilScreen
from screens.widgets.problems import ProblemList
from store import Store


def write(path: Path, caseload: Caseload) -> Path:
    Store.create(path, caseload.meta, caseload=caseload, user="tester", clock=CLOCK)
    return path


def caseload_rows(app: object) -> dict[str, list[str]]:
    table = app.screen.query_one("#caseload-table", DataTable)  # type: ignore[attr-defined]
    rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
    return {row[0]: row for row in rows}


# --- 1. the problem a row shows is the most serious ----------------------------------------


def two_providers(tmp_path: Path) -> Path:
    """Kai's case: 16.5 h at one part-time provider (near the limit) and 8 h at another,
    24.5 h in all (over the limit across providers)."""
    kai = make_pupil(id="pu-kai", first_name="Kai", last_name="Morgan")
    garage = make_provider("Sandford Motors", id="pr-g")
    farm = make_provider("Hill Farm", id="pr-f")
    first = make_placement(kai, garage, id="pl-g", schedule=hours_schedule(16.5))
    second = make_placement(kai, farm, id="pl-f", schedule=hours_schedule(8, "thu"))
    return write(
        tmp_path / "caseload.json",
        make_caseload(
            kai,
            garage,
            farm,
            first,
            second,
            make_target(first),
            make_target(second),
            make_contact(first),
            make_contact(second),
            meta=make_meta(),
        ),
    )


async def test_a_row_shows_the_total_across_providers_before_one_near_the_limit(
    tmp_path: Path,
) -> None:
    path = two_providers(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        # The 24.5 h across two part-time providers outranks 16.5 h near the limit at one.
        assert caseload_rows(app)["Kai Morgan"][1] == "! 24.5 h in all > 18 +1"
        await press(pilot, "enter")
        await settle(pilot, PupilScreen)
        shown = str(app.screen.query_one("#pupil-problems", ProblemList).render()).splitlines()
        assert shown[0].startswith("! 24.5 h/week across 2 part-time providers")
        assert shown[1].startswith("! 16.5 h/week at Sandford Motors — near")
    codes = [p.code for p in worst_first(find_problems(Store(path).load(), TODAY))]
    assert codes == ["AP_TOTAL_OVER_LIMIT", "HOURS_NEAR_LIMIT"]
