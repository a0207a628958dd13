"""The law in the app, driven by keys through Pilot: the registration test and the
authority's flag in the settings, who arranged a placement and when the authority was told
on the placement form, "told today" in one key on the pupil record, and the import screen;
each asserted on what the store holds afterwards."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import (
    TODAY,
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
    sessions,
)
from pinned import CLOCK
from spreadsheet_files import GOOD_ROWS, sheet, write_sheet
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet, Select, Static
from ui_kit import SIZE, make_test_app, press, screen_of, settle

from alp_tui.app import AlpApp
from screens.caseload import CaseloadScreen
from screens.import_sheet import ImportScreen
from screens.placement_form import PlacementFormScreen
from screens.placement_picker import PlacementPicker
from screens.pupil import PupilScreen
from screens.settings import SettingsScreen
from screens.widgets.date_input import DateInput
from screens.widgets.provider_picker import ProviderPicker
from screens.widgets.tick_box import TickBox
from store import Store


def law_file(folder: Path, *, notify_la: bool = True, two: bool = False) -> Path:
    """Ava, on SEN support, 19 h a week at Hillside Farm (a school-arranged placement the
    authority has not been told of); with `two`, a second untold one at Northside."""
    farm = make_provider(id="prv-farm", name="Hillside Farm")
    boxing = make_provider(id="prv-box", name="Northside Boxing")
    ava = make_pupil(id="pup-ava", first_name="Ava", last_name="Stone", year_group=9,
                     sen_support=True)  # fmt: skip
    stay = make_placement(
        ava,
        farm,
        id="plc-farm",
        schedule=sessions(mon=("08:00", "15:00"), tue=("08:00", "15:00"), wed=("09:00", "14:00")),
    )
    records: list[Any] = [farm, boxing, ava, stay, make_target(stay), make_contact(stay)]
    if two:
        other = make_placement(ava, boxing, id="plc-box", schedule=sessions(fri=("09:00", "11:00")))
        records += [other, make_target(other), make_contact(other)]
    caseload = make_caseload(*records, meta=make_meta(notify_la=notify_la))
    path = folder / "caseload.json"
    Store.create(path, caseload.meta, caseload=caseload, user="tester", clock=CLOCK)
    return path


def static_text(app: AlpApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


# --- settings --------------------------------------------------------------------------------


async def test_settings_switch_the_registration_test_and_the_authority_flag(
    tmp_path: Path,
) -> None:
    path = law_file(tmp_path, notify_la=False)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        await press(pilot, "f2")
        screen = screen_of(app, SettingsScreen)
        hints = " ".join(str(s.render()) for s in screen.query(".law-hint"))
        assert "The 2008 Act's test, the law as it stands until s.43" in hints
        assert "The 2026 Act's test, replaces s.92 once regulations bring it into force" in hints
        buttons = screen.query("#set-registration_test RadioButton").results(RadioButton)
        labels = " ".join(str(b.label) for b in buttons)
        assert "Education and Skills Act 2008, s.92" in labels
        assert "Children's Wellbeing and Schools Act 2026, s.43" in labels
        await settle(pilot)
        before = static_text(app, "#settings-preview")
        assert "!! 1 red" in before  # Ava's hours only: SEN support does not count in 2008
        screen.query_one("#set-registration_test", RadioSet).focus()
        await press(pilot, "down")  # the 2026 Act's test
        await settle(pilot)
        assert "!! 2 red" in static_text(app, "#settings-preview")  # and the registration risk
        screen.query_one("#set-notify_la", TickBox).focus()
        await press(pilot, "space")
        await settle(pilot)
        assert "! 1 amber" in static_text(app, "#settings-preview")  # not told
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    meta = Store(path).load().meta
    assert (meta.registration_test, meta.notify_la) == ("cwsa2026", True)


# --- the placement form ----------------------------------------------------------------------


async def test_the_placement_form_records_who_arranged_it_online_and_when_told(
    tmp_path: Path,
) -> None:
    path = law_file(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_pupil("pup-ava")
        await settle(pilot, PupilScreen)
        await press(pilot, "l")
        form = screen_of(app, PlacementFormScreen)
        form.query_one("#provider", ProviderPicker).focus()
        await press(pilot, "northside", "enter")
        form.query_one("#focus", Input).value = "Mentoring"
        code = "#register-code"
        assert static_text(app, code) == (
            "Register code: B (supervised off-site education, arranged by the school)"
        )
        form.query_one("#arranged_by", Select).value = "local_authority"
        await settle(pilot)
        assert static_text(app, code) == (
            "Register code: K (education arranged by the local authority)"
        )
        form.query_one("#online", TickBox).focus()
        await press(pilot, "space")
        assert static_text(app, code) == (
            "Register code: not B: online provision, recorded as the attendance policy says"
        )
        told = form.query_one("#la_notified_on", DateInput)
        told.input.focus()
        await press(pilot, "-2")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    caseload = Store(path).load()
    (new,) = [p for p in caseload.placements_of("pup-ava") if p.provider_id == "prv-box"]
    assert (new.arranged_by, new.online, new.la_notified_on) == (
        "local_authority",
        True,
        date(2026, 11, 25),
    )
    assert new.register_code is None


# --- told today, from the pupil record -------------------------------------------------------


async def test_told_today_is_one_key_on_the_pupil_record(tmp_path: Path) -> None:
    path = law_file(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_pupil("pup-ava")
        await settle(pilot, PupilScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(".placement"))
        assert "Register code: B (supervised off-site education, arranged by the school)" in shown
        assert "Local authority told: not yet (a records today)" in shown
        assert "LA_NOT_NOTIFIED" in {p.code for p in app.workspace.problems}
        await press(pilot, "a")
        await settle(pilot, lambda: "not yet" not in _placements_text(app))
        assert "Local authority told: 27/11/2026" in _placements_text(app)
        assert "LA_NOT_NOTIFIED" not in {p.code for p in app.workspace.problems}
        saved = Store(path).load().placements["plc-farm"]
        await press(pilot, "a")  # already told: nothing changes
        await settle(pilot)
    assert saved.la_notified_on == TODAY
    after = Store(path).load().placements["plc-farm"]
    assert after.rev == saved.rev and after.la_notified_on == TODAY


def _placements_text(app: AlpApp) -> str:
    screen = app.screen
    if not isinstance(screen, PupilScreen):
        return ""
    return " ".join(str(s.render()) for s in screen.query(".placement"))


async def test_told_today_asks_which_of_two_active_placements(tmp_path: Path) -> None:
    path = law_file(tmp_path, two=True)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_pupil("pup-ava")
        await settle(pilot, PupilScreen)
        await press(pilot, "a")
        await settle(pilot, PlacementPicker)
        await press(pilot, "2")
        await settle(pilot, lambda: Store(path).load().placements["plc-box"].la_notified_on)
    caseload = Store(path).load()
    assert caseload.placements["plc-box"].la_notified_on == TODAY
    assert caseload.placements["plc-farm"].la_notified_on is None


# --- the import screen -----------------------------------------------------------------------


async def _read_in_import_screen(pilot: Pilot[Any], csv_file: Path) -> ImportScreen:
    await settle(pilot, CaseloadScreen)
    await press(pilot, "i")
    screen = screen_of(pilot.app, ImportScreen)
    box = screen.query_one("#import-path", Input)
    assert box.value == str(csv_file.parent) + "/"  # the data file's folder to start
    box.value = str(csv_file)
    await press(pilot, "enter")
    await settle(pilot)
    return screen


async def test_the_import_screen_shows_what_it_would_add_then_saves_it_in_one_write(
    tmp_path: Path,
) -> None:
    path = law_file(tmp_path)
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(GOOD_ROWS, delimiter=";"))
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _read_in_import_screen(pilot, csv_file)
        shown = static_text(app, "#import-lines")
        assert "pupils.csv would add:" in shown
        assert "line 2: Jordan Bell, Year 10 — Hillside Farm, from 02/11/2026" in shown
        assert "line 4: Jordan Bell (as on line 2) — Northside Boxing, from 04/11/2026" in shown
        assert "line 5: Amy Adams, Year 8 — no placement" in shown
        assert "2 pupils and 2 placements" in static_text(app, "#import-status")
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    caseload = Store(path).load()
    assert sorted(p.first_name for p in caseload.pupils.values()) == ["Amy", "Ava", "Jordan"]
    # The file named providers already known: matched, not doubled.
    assert len(caseload.providers) == 2
    created = {r.created_at for r in caseload.pupils.values() if r.id != "pup-ava"}
    assert len(created) == 1


async def test_the_import_screen_lists_every_bad_line_and_writes_nothing(tmp_path: Path) -> None:
    path = law_file(tmp_path)
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][3] = "Y10"
    rows[2][6] = "perhaps"
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(rows))
    before = path.read_bytes()
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _read_in_import_screen(pilot, csv_file)
        shown = static_text(app, "#import-lines")
        assert "!! pupils.csv cannot be imported as it is; 2 things to mend" in shown
        assert '!! line 2, year_group: "Y10" is not a year from 1 to 13' in shown
        assert '!! line 5, looked_after: "perhaps" is not yes or no' in shown
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "Read a file first" in static_text(app, "#import-status")
        await press(pilot, "escape")
        await settle(pilot, CaseloadScreen)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["missing.csv", "folder"])
async def test_the_import_screen_names_a_path_that_is_not_a_file(tmp_path: Path, name: str) -> None:
    path = law_file(tmp_path)
    (tmp_path / "folder").mkdir()
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _read_in_import_screen(pilot, tmp_path / name)
        shown = static_text(app, "#import-lines")
    assert "type the path of the CSV file" in shown


async def test_the_palette_offers_the_import_and_told_today(tmp_path: Path) -> None:
    from screens.commands import AlpCommands

    path = law_file(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, CaseloadScreen)
        app.open_pupil("pup-ava")
        await settle(pilot, PupilScreen)
        names = [c.name for c in AlpCommands(app.screen).actions()]
    assert "Import pupils from a spreadsheet" in names
    assert "The local authority was told today: Ava Stone" in names
