"""The provider picker as a new user meets it at 80×24: enter takes the highlighted match,
the list shows on screen, and a new provider is made only on purpose, with keys typed fast
landing as they would typed slowly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_forms import pupils_named, skip_to_provider, type_pupil
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from ui_kit import SIZE, burst, focused_id, make_test_app, open_app, press, settle

from screens.caseload import CaseloadScreen
from screens.placement_form import PlacementFormScreen
from screens.pupil_form import PupilFormScreen
from screens.widgets.provider_picker import ProviderPicker
from store import Store


def picker_of(pilot: Pilot[Any]) -> ProviderPicker:
    return pilot.app.screen.query_one("#provider", ProviderPicker)


def hint_of(pilot: Pilot[Any]) -> str:
    return str(picker_of(pilot).query_one(".picker-hint", Static).render())


def list_on_screen(pilot: Pilot[Any]) -> list[str]:
    """The picker's options whose lines are drawn inside the 80×24 screen."""
    options = picker_of(pilot).query_one(".picker-options", OptionList)
    region = options.region
    assert region.height > 0, "the suggestion list is not drawn"
    view = pilot.app.screen.query_one("#form-body").region
    assert region.bottom <= view.bottom, f"the suggestion list ends at line {region.bottom}"
    for y in (region.y, region.bottom - 1):
        widget, _ = pilot.app.screen.get_widget_at(region.x + 1, y)
        assert widget is options, f"{widget!r} covers the suggestion list"
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def to_the_picker(pilot: Pilot[Any], first: str) -> None:
    await open_app(pilot)
    await press(pilot, "n")
    await settle(pilot, PupilFormScreen)
    await type_pupil(pilot, first, "Picker", dob="01/02/2011")
    await skip_to_provider(pilot)


async def save_with_a_focus(pilot: Pilot[Any]) -> None:
    """The placement's one other required field, then save."""
    pilot.app.screen.query_one("#focus").focus()
    await press(pilot, "Re-engage with learning", "ctrl+s")
    await settle(pilot, CaseloadScreen)


async def test_enter_takes_the_highlighted_match_shown_on_screen(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_picker(pilot, "Ava")
        # The field on the last line of the form's view, as after scrolling with the mouse.
        body = app.screen.query_one("#form-body")
        field = picker_of(pilot).query_one(".picker-filter")
        body.scroll_to(y=field.virtual_region.y - body.size.height + 1, animate=False)
        await settle(pilot)
        assert field.region.y >= body.region.bottom - 2
        await press(pilot, "hill")
        assert list_on_screen(pilot)[0].startswith("Hillside Farm")
        assert list_on_screen(pilot)[-1] == "+ New provider “hill”"
        assert "enter takes the highlighted provider" in hint_of(pilot)
        await press(pilot, "enter")
        assert picker_of(pilot).provider_id == "pr-hillside"
        assert focused_id(app) == "status"
        await save_with_a_focus(pilot)
    caseload = Store(demo_file).load()
    (pupil,) = pupils_named(demo_file, "Ava", "Picker")
    (placement,) = caseload.placements_of(pupil.id)
    assert placement.provider_id == "pr-hillside"
    assert not [p for p in caseload.providers.values() if p.name.casefold() == "hill"]


async def test_no_match_then_enter_makes_nothing_until_the_new_option_is_chosen(
    demo_file: Path,
) -> None:
    before = len(Store(demo_file).load().providers)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_picker(pilot, "Ben")
        await press(pilot, "phoe")
        assert list_on_screen(pilot) == ["+ New provider “phoe”"]
        await press(pilot, "enter")
        picker = picker_of(pilot)
        # Nothing was made: the field keeps its text and a sentence says what to do.
        assert not picker.is_new and picker.provider_id is None
        assert focused_id(app) == "provider"
        assert picker.query_one(".picker-filter").value == "phoe"  # type: ignore[attr-defined]
        assert hint_of(pilot).startswith("No provider matches “phoe”: ")
        assert "press ↓ to “+ New provider”" in hint_of(pilot)
        # Moving to the new provider's option says what enter will do; enter does it.
        await press(pilot, "down")
        assert hint_of(pilot) == "enter makes a new provider “phoe”, saved with this form."
        await press(pilot, "enter")
        assert picker.is_new
        assert focused_id(app) == "new_provider_name"
        await press(pilot, "nix Trust")
        await save_with_a_focus(pilot)
    caseload = Store(demo_file).load()
    assert len(caseload.providers) == before + 1
    (made,) = [p for p in caseload.providers.values() if p.name == "phoenix Trust"]
    (pupil,) = pupils_named(demo_file, "Ben", "Picker")
    (placement,) = caseload.placements_of(pupil.id)
    assert placement.provider_id == made.id


async def test_keys_typed_fast_take_the_match_for_all_of_them(demo_file: Path) -> None:
    before = len(Store(demo_file).load().providers)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await to_the_picker(pilot, "Cal")
        # "s" alone highlights Sandford first; "stud" only Studio Hair & Beauty.
        burst(app, [*"stud", "enter", "tab"])
        await settle(pilot)
        assert picker_of(pilot).provider_id == "pr-studio"
        # Enter moved on to the status, and the tab typed after it one further.
        assert focused_id(app) == "start_date"
        # Typed fast, ↓ then enter on a name that matches nothing makes it on purpose.
        await press(pilot, "shift+tab", "shift+tab")
        assert focused_id(app) == "provider"
        burst(app, [*"zzq", "enter"])
        await settle(pilot)
        assert picker_of(pilot).provider_id == "pr-studio"
        assert not picker_of(pilot).is_new
        await save_with_a_focus(pilot)
    caseload = Store(demo_file).load()
    assert len(caseload.providers) == before
    (pupil,) = pupils_named(demo_file, "Cal", "Picker")
    (placement,) = caseload.placements_of(pupil.id)
    assert placement.provider_id == "pr-studio"


async def test_enter_on_arriving_in_an_edit_keeps_the_chosen_provider(demo_file: Path) -> None:
    caseload = Store(demo_file).load()
    (placement,) = caseload.active_placements_of("pu-jordan")
    assert placement.provider_id == "pr-forge"
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PlacementFormScreen("pu-jordan", placement.id))
        await settle(pilot, PlacementFormScreen)
        picker_of(pilot).focus()
        await press(pilot, "enter")
        assert picker_of(pilot).provider_id == "pr-forge"
        assert focused_id(app) == "status"
        await press(pilot, "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, PlacementFormScreen))
    (after,) = Store(demo_file).load().active_placements_of("pu-jordan")
    assert after.provider_id == "pr-forge"
