"""The pupil record's concerns tab shows what the rules say about open safeguarding
concerns (SAFEGUARDING_OPEN), and judges nothing itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from builders import (
    TODAY,
    make_caseload,
    make_concern,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
)
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from ui_kit import make_test_app, settle

from alp_tui.app import AlpApp
from alp_tui.rules import find_problems
from screens.caseload import CaseloadScreen
from screens.pupil import PupilScreen
from store import Store

SIZE = (80, 24)


def concern_file(folder: Path, *, archived: bool = False) -> Path:
    provider = make_provider(id="prv-forge", name="Forge Construction")
    pupil = make_pupil(id="pup-ada", first_name="Ada", last_name="Lovel", archived=archived)
    placement = make_placement(pupil, provider, id="plc-ada")
    caseload = make_caseload(
        provider,
        pupil,
        placement,
        make_target(placement),
        make_concern(
            pupil, category="safeguarding", raised_on=date(2026, 11, 20), status="monitoring"
        ),
        make_concern(pupil, category="behaviour", raised_on=date(2026, 11, 25)),
        meta=make_meta(),
    )
    path = folder / "caseload.json"
    Store.create(path, caseload.meta, caseload=caseload, user="tester")
    return path


async def open_concerns_tab(pilot: Pilot[Any]) -> Any:
    app = pilot.app
    assert isinstance(app, AlpApp)
    await settle(pilot, CaseloadScreen)
    app.open_pupil("pup-ada")
    await settle(pilot, PupilScreen)
    await pilot.press("4")
    await pilot.pause()
    return app.screen.query_one("#tab-concerns")


def tab_text(tab: Any) -> str:
    shown = [str(s.render()) for s in tab.query(Static)]
    for table in tab.query(DataTable):
        for index in range(table.row_count):
            shown.append(" ".join(str(cell) for cell in table.get_row_at(index)))
    return "\n".join(shown)


async def test_the_concerns_tab_shows_the_rules_safeguarding_problem(tmp_path: Path) -> None:
    path = concern_file(tmp_path)
    [rule] = [p for p in find_problems(Store(path).load(), TODAY) if p.code == "SAFEGUARDING_OPEN"]
    app = make_test_app(path, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        text = tab_text(await open_concerns_tab(pilot))
    assert f"!! {rule.message}" in text
    assert "not yet referred to the DSL" in text
    # Every row in words, with no marker of its own.
    assert "monitoring" in text and "behaviour" in text


async def test_an_archived_pupils_concerns_raise_nothing(tmp_path: Path) -> None:
    path = concern_file(tmp_path, archived=True)
    assert not find_problems(Store(path).load(), TODAY)
    app = make_test_app(path, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        text = tab_text(await open_concerns_tab(pilot))
    assert "monitoring" in text
    assert "!!" not in text
