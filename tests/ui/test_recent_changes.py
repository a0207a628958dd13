"""Recent changes (the audit): who by staff name, when, what in words, newest first; for
one pupil from the record (`g`), for all from the palette; filtered as you type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pinned import CLOCK
from textual.command import CommandList
from textual.pilot import Pilot
from ui_kit import SIZE, burst, make_test_app, open_app, press, settle, wait_until

from alp_tui.models import Staff, Target
from screens.pupil import PupilScreen
from screens.recent_changes import RecentChangesScreen
from store import Store

KHAN = Staff(user="ms.khan", name="Ms R Khan", role="SENCo")


def colleague_changes(path: Path) -> Store:
    """A colleague names themself in the staff list, edits Jordan, logs a contact, and
    deletes one of Jordan's targets; another pupil's record changes too."""
    store = Store(path, user="ms.khan", clock=CLOCK)
    caseload = store.load()
    store.save_meta(caseload.meta.model_copy(update={"staff": [KHAN]}))
    jordan = caseload.pupils["pu-jordan"]
    store.update(jordan.model_copy(update={"preferred_name": "Jay", "school_lead": "Mr Patel"}))
    placement = caseload.placements_of("pu-jordan")[0]
    target = store.add(Target(placement_id=placement.id, description="Reads a plan aloud"))
    store.delete("targets", target.id)
    store.update(caseload.pupils["pu-millie"].model_copy(update={"notes": "Moved house."}))
    return store


def other_pupil(path: Path) -> tuple[str, str]:
    return "pu-millie", Store(path).load().pupils["pu-millie"].display_name


async def test_the_pupil_record_lists_that_pupil_s_changes_newest_first(
    demo_file: Path,
) -> None:
    store = colleague_changes(demo_file)
    audit = store.load().audit
    jordan_rows = [e for e in audit if e.pupil_id == "pu-jordan"]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-jordan")
        await settle(pilot, PupilScreen)
        await press(pilot, "g")
        await settle(pilot, RecentChangesScreen)
        screen = app.screen
        assert isinstance(screen, RecentChangesScreen)
        rows = screen.rows
        title = str(screen.query_one("#changes-title").render())
    assert len(rows) == len(jordan_rows) > 3
    assert {r.entry.pupil_id for r in rows} == {"pu-jordan"}
    assert [r.entry.at for r in rows] == sorted((e.at for e in jordan_rows), reverse=True)
    newest = rows[0]
    assert newest.entry.action == "delete" and newest.entry.table == "targets"
    assert newest.who == "Ms R Khan (SENCo)"
    assert newest.when == "27/11/2026 10:30"
    assert newest.what == "Deleted the target: target for Jordan Bennett: Reads a plan aloud"
    assert rows[1].entry.action == "create" and rows[1].what.startswith("Added a target: ")
    edited = rows[2]
    assert edited.what == "Changed the pupil: preferred name, school lead · Jordan Bennett"
    assert edited.pupil == "Jay Bennett"
    assert title == f"Recent changes · Jay Bennett · {len(jordan_rows)} changes"


async def _palette(pilot: Pilot[Any], name: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*name)
    for _ in range(100):  # the palette searches in the background
        await pilot.pause(0.02)
        found = pilot.app.screen.query(CommandList)
        if found and found.first().option_count:
            break
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_lists_every_change_and_a_filter_narrows_them(
    demo_file: Path,
) -> None:
    store = colleague_changes(demo_file)
    audit = store.load().audit
    other_id, other_name = other_pupil(demo_file)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await _palette(pilot, "Recent changes")
        await settle(pilot, RecentChangesScreen)
        screen = app.screen
        assert isinstance(screen, RecentChangesScreen)
        every = screen.rows
        settings = next(r for r in every if r.entry.table == "meta")
        await press(pilot, "/", other_name.split()[0])
        await settle(pilot)
        narrowed = screen.rows
        await press(pilot, "escape")  # clears the filter first
        assert isinstance(app.screen, RecentChangesScreen)
        assert len(screen.rows) == len(every)
    assert len(every) == min(len(audit), 500)
    assert settings.what == "Changed the settings: staff"
    assert settings.pupil == ""
    first = other_name.split()[0]
    assert narrowed and all(first in r.pupil for r in narrowed)
    assert {r.entry.pupil_id for r in narrowed} >= {other_id}
    assert len(narrowed) < len(every)
    whats = [r.what for r in narrowed]
    assert any(w.startswith("Changed the pupil: notes · ") for w in whats), whats


async def test_a_filter_typed_fast_on_one_pupils_changes_stays_on_that_pupil(
    demo_file: Path,
) -> None:
    """`/` then a word typed in one burst: the letters are the filter's, so the `a` in it does
    not switch to every pupil's changes."""
    colleague_changes(demo_file)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-jordan")
        await settle(pilot, PupilScreen)
        await press(pilot, "g")
        await settle(pilot, RecentChangesScreen)
        screen = app.screen
        assert isinstance(screen, RecentChangesScreen)
        burst(app, ["/", *"target"])
        field = screen.query_one("#changes-filter")
        await wait_until(pilot, lambda: getattr(field, "value", "") == "target", "the filter")
        await settle(pilot)
        rows = screen.rows
    assert screen.pupil_id == "pu-jordan"
    assert rows and {r.entry.pupil_id for r in rows} == {"pu-jordan"}
    assert all("target" in r.what.lower() for r in rows)
