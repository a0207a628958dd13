"""Long free text: a 10 MB note or concern opens in its form whole, a part at a time (`f7` /
`f8`), typing lands where it is typed and a save keeps every character; a table cell shows
only a description's first part, and a confidential one stays hidden until asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ui_kit
from pinned import CLOCK
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from ui_kit import SIZE, make_test_app, open_app, screen_of, settle

from screens.concerns import ConcernScreen
from screens.confidential import HIDDEN_CELL
from screens.confirm import ConfirmScreen
from screens.placement_form import PlacementFormScreen
from screens.provider_form import ProviderFormScreen
from screens.pupil import PupilScreen
from screens.pupil_form import PupilFormScreen
from screens.target_form import TargetFormScreen
from screens.transition_form import TransitionFormScreen
from screens.widgets.form_fields import FieldInput
from screens.widgets.long_text import CELL_CHARACTERS, PART_CHARACTERS, LongInput, LongTextArea
from store import Store

PART = PART_CHARACTERS


def ten_megabytes(head: str) -> str:
    """About 10 MB of text in which every stretch differs, so a part out of place shows."""
    return head + " ".join(f"line {n:07d}." for n in range(720_000))


def with_text(
    path: Path, *, note: str | None = None, concern: tuple[str, str] | None = None
) -> None:
    store = Store(path, user="tester", clock=CLOCK)
    caseload = store.load()
    if note is not None:
        store.update(caseload.pupils["pu-kai"].model_copy(update={"notes": note}))
    if concern is not None:
        concern_id, text = concern
        store.update(caseload.concerns[concern_id].model_copy(update={"description": text}))


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        if key in ("f7", "f8", "end", "home", "ctrl+t"):
            await pilot.press(key)
            await settle(pilot)
        else:
            await ui_kit.press(pilot, key)


def where_line(field: LongInput | LongTextArea) -> str:
    assert field.where_line is not None
    return str(field.where_line.render())


async def test_a_10_mb_note_opens_whole_takes_typing_in_any_part_and_saves_whole(
    demo_file: Path,
) -> None:
    note = ten_megabytes("Start of the note. ")
    assert len(note) > 10_000_000
    with_text(demo_file, note=note)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-kai")
        await settle(pilot, PupilScreen)
        await press(pilot, "u")
        form = screen_of(app, PupilFormScreen)
        field = form.query_one("#notes", LongInput)
        # The form holds the whole note; the field the first part of it, ending a word.
        assert field.whole_text == note
        first = field.value
        assert note.startswith(first) and PART - 200 < len(first) <= PART
        assert first.endswith(" ")
        assert where_line(field) == (
            f"Characters 1–{len(first):,} of {len(note):,} in this field · f8 later"
        )
        field.focus()
        await press(pilot, "end", "!")
        await press(pilot, "f8")
        second = field.value
        assert note[len(first) :].startswith(second) and len(second) > PART - 200
        assert where_line(field) == (
            f"Characters {len(first) + 2:,}–{len(first) + 1 + len(second):,} of "
            f"{len(note) + 1:,} in this field · f7 earlier · f8 later"
        )
        # The line saying which part the field holds is on screen with it.
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert f"Characters {len(first) + 2:,}–" in shown
        await press(pilot, "?")  # at the start of the second part
        await press(pilot, "f7")
        assert field.value == first + "!"
        expected = f"{first}!?{note[len(first) :]}"
        assert field.whole_text == expected
        # Typing elsewhere on the form lands as usual.
        first_name = form.query_one("#first_name", FieldInput)
        first_name.focus()
        await press(pilot, "end", "y")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    kai = Store(demo_file).load().pupils["pu-kai"]
    assert kai.notes == expected
    assert kai.first_name.endswith("y")


async def test_reading_a_long_note_part_by_part_is_not_typing(demo_file: Path) -> None:
    note = "Short start. " + "x" * (3 * PART)
    with_text(demo_file, note=note)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-kai")
        await settle(pilot, PupilScreen)
        await press(pilot, "u")
        form = screen_of(app, PupilFormScreen)
        form.query_one("#notes", LongInput).focus()
        await press(pilot, "f8", "f8", "f8", "f8", "f7")
        # Only moved between parts: escape leaves without asking.
        await press(pilot, "escape")
        await settle(pilot, PupilScreen)
        await press(pilot, "u")
        form = screen_of(app, PupilFormScreen)
        form.query_one("#notes", LongInput).focus()
        await press(pilot, "f8", "z", "f8", "f7", "f7")
        await press(pilot, "escape")
        # Typed in a part since left: escape asks before dropping it.
        await settle(pilot, ConfirmScreen)
    assert Store(demo_file).load().pupils["pu-kai"].notes == note


def concern_cell(app: Any, concern_id: str) -> str:
    table = app.screen.query_one("#pupil-concerns", DataTable)
    return str(table.get_row(concern_id)[-1])


async def test_a_10_mb_concern_shows_a_short_cell_and_opens_whole(demo_file: Path) -> None:
    text = ten_megabytes("Kai left the site at lunch.\nSeen later at the shops. ")
    with_text(demo_file, concern=("cn-kai-1", text))
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-kai")
        await settle(pilot, PupilScreen)
        await press(pilot, "4", "tab")
        cell = concern_cell(app, "cn-kai-1")
        more = len(text) - CELL_CHARACTERS
        head = text[:CELL_CHARACTERS].replace("\n", " ")
        assert cell == f"{head}… ({more:,} more characters, open to read)"
        await press(pilot, "enter")
        form = screen_of(app, ConcernScreen)
        field = form.query_one("#description", LongTextArea)
        assert field.whole_text == text
        assert text.startswith(field.text) and len(field.text) <= PART
        field.focus()
        await press(pilot, "Update: ")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    assert Store(demo_file).load().concerns["cn-kai-1"].description == "Update: " + text


async def test_a_long_confidential_concern_stays_hidden_until_asked_for(
    demo_file: Path,
) -> None:
    secret = "would not say where he had been"
    text = f"He {secret}. " + "y" * (2 * PART)
    with_text(demo_file, concern=("cn-mason-1", text))
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-mason")
        await settle(pilot, PupilScreen)
        await press(pilot, "4", "tab")
        assert concern_cell(app, "cn-mason-1") == HIDDEN_CELL
        await press(pilot, "s")
        cell = concern_cell(app, "cn-mason-1")
        assert cell.startswith(f"He {secret}. yyy") and cell.endswith("open to read)")
        assert len(cell) < CELL_CHARACTERS + 60
        await press(pilot, "enter")
        form = screen_of(app, ConcernScreen)
        field = form.query_one("#description", LongTextArea)
        assert field.whole_text == text
        # Hidden, and so is the line saying which part the field holds.
        assert not field.display
        assert field.where_line is not None and not field.where_line.display
        shown = [str(s.render()) for s in form.query(Static) if s.display and s.region.area]
        assert not any(secret in line for line in shown)
        await press(pilot, "ctrl+t")
        assert field.display and field.where_line.display
        assert secret in field.text


async def test_the_other_long_fields_keep_a_long_text_whole(demo_file: Path) -> None:
    """A placement's notes, a target, a transition plan's welcome and a provider's notes: each
    field holds one part of a long text, typing lands in it and the save keeps the rest."""
    text = "Copied from the report. " + "z" * (2 * PART)
    store = Store(demo_file, user="tester", clock=CLOCK)
    caseload = store.load()
    placement = caseload.active_placements_of("pu-jordan")[0]
    target = caseload.targets_of(placement.id)[0]
    store.update(placement.model_copy(update={"notes": text}))
    store.update(target.model_copy(update={"description": text}))
    plan = caseload.transition_of("pl-sophie-meadow")
    assert plan is not None
    store.update(plan.model_copy(update={"welcome_plan": text}))
    provider = caseload.providers[placement.provider_id]
    store.update(provider.model_copy(update={"notes": text}))
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PlacementFormScreen("pu-jordan", placement.id))
        await settle(pilot, PlacementFormScreen)
        notes = app.screen.query_one("#placement_notes", LongInput)
        assert notes.whole_text == text and len(notes.value) <= PART
        notes.focus()
        await press(pilot, "home", "1 ", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, PlacementFormScreen))
        app.push_screen(TargetFormScreen(placement.id, target.id))
        await settle(pilot, TargetFormScreen)
        description = app.screen.query_one("#description", LongInput)
        assert description.whole_text == text
        description.focus()
        await press(pilot, "home", "2 ", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, TargetFormScreen))
        app.push_screen(TransitionFormScreen("pl-sophie-meadow"))
        await settle(pilot, TransitionFormScreen)
        welcome = app.screen.query_one("#welcome_plan", LongTextArea)
        assert welcome.whole_text == text and len(welcome.text) <= PART
        welcome.focus()
        await press(pilot, "3 ", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, TransitionFormScreen))
        app.push_screen(ProviderFormScreen(provider.id))
        await settle(pilot, ProviderFormScreen)
        provider_notes = app.screen.query_one("#notes", LongInput)
        assert provider_notes.whole_text == text
        provider_notes.focus()
        await press(pilot, "home", "4 ", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, ProviderFormScreen))
    after = Store(demo_file).load()
    assert after.providers[provider.id].notes == "4 " + text
    assert after.placements[placement.id].notes == "1 " + text
    assert after.targets[target.id].description == "2 " + text
    plan = after.transition_of("pl-sophie-meadow")
    assert plan is not None and plan.welcome_plan == "3 " + text
