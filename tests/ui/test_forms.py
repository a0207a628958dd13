"""The pupil and placement forms driven by key presses through the real app: what reaches
the file, what the form said before saving, and what it refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from ui_kit import (
    SIZE,
    focused_id,
    make_test_app,
    open_app,
    press,
    preview_text,
    settle,
    status_text,
    wait_until,
)

from alp_tui.models import Placement, Pupil
from alp_tui.rules import find_problems
from screens.caseload import CaseloadScreen
from screens.confirm import ConfirmScreen
from screens.end_placement import EndPlacementScreen
from screens.placement_form import PlacementFormScreen
from screens.pupil_form import PupilFormScreen
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput
from screens.widgets.provider_picker import ProviderPicker
from screens.widgets.schedule_editor import ScheduleEditor
from store import Store


def pupils_named(path: Path, first: str, last: str) -> list[Pupil]:
    caseload = Store(path).load()
    return [p for p in caseload.pupils.values() if (p.first_name, p.last_name) == (first, last)]


async def type_pupil(pilot: Pilot[Any], first: str, last: str, *, dob: str = "") -> None:
    """From a fresh new-pupil form: names, date of birth and year 10, ending on the UPN."""
    await press(pilot, first, "enter", last, "enter", "enter")
    assert focused_id(pilot.app) == "date_of_birth"
    await press(pilot, *([dob] if dob else []), "enter", "10", "enter")
    assert focused_id(pilot.app) == "upn"


async def skip_to_provider(pilot: Pilot[Any]) -> None:
    """From the UPN: past the flags, the school lead, the carers and the timetable."""
    await press(pilot, "enter")  # to the first flag
    for _ in range(4):
        await press(pilot, "tab")
    assert focused_id(pilot.app) == "school_lead"
    # Enter on an empty carer line, then on an empty session line, leaves each editor.
    await press(pilot, "enter", "enter", "enter")
    assert focused_id(pilot.app) == "notes"
    await press(pilot, "enter")
    assert focused_id(pilot.app) == "provider"


# --- a new pupil and their placement -------------------------------------------------------


async def test_new_pupil_over_the_hour_limit_warned_then_saved_by_keys(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, PupilFormScreen)
        await type_pupil(pilot, "Sam", "Taylor", dob="01/02/2011")
        await skip_to_provider(pilot)
        # Type part of the name, enter picks the highlighted match.
        await press(pilot, "forge", "enter")
        picker = app.screen.query_one("#provider", ProviderPicker)
        assert picker.provider_id == "pr-forge"
        assert focused_id(app) == "status"
        await press(pilot, "tab", "tab", "tab")
        assert focused_id(app) == "focus"
        await press(pilot, "Practical construction unit", "enter", "Risk of exclusion", "enter")
        assert focused_id(app) == "schedule"
        await press(pilot, "mon tue", "tab", "9", "tab", "15", "enter")
        # The third session is typed but not added: the total counts it already.
        await press(pilot, "thu", "tab", "9", "tab", "15:30")
        editor = app.screen.query_one("#schedule", ScheduleEditor)
        total = editor.total_text()
        assert total.startswith("!! Mon 09:00–15:00, Tue 09:00–15:00, Thu 09:00–15:30 = 18.5 h")
        assert "over the 18 h limit at an unregistered provider" in total
        assert editor.query_one(".session-total").has_class("-red")
        preview = preview_text(app)
        assert "!! 18.5 h/week at Forge Construction Skills — over the 18 h limit" in preview

        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)

    saved = pupils_named(demo_file, "Sam", "Taylor")
    assert len(saved) == 1
    pupil = saved[0]
    assert pupil.date_of_birth == date(2011, 2, 1) and pupil.year_group == 10
    caseload = Store(demo_file).load()
    (placement,) = caseload.placements_of(pupil.id)
    assert placement.provider_id == "pr-forge"
    assert placement.status == "active" and placement.start_date == today
    assert placement.focus == "Practical construction unit"
    assert placement.reason == "Risk of exclusion"
    assert placement.hours_per_week == 18.5
    assert [s.day for s in placement.schedule] == ["mon", "tue", "thu"]
    codes = {p.code for p in find_problems(caseload, today) if p.pupil_id == pupil.id}
    assert "HOURS_OVER_LIMIT" in codes
    assert pupil.created_by == "tester"


async def test_new_provider_typed_in_is_saved_with_the_pupil_in_one_write(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        calls: list[int] = []
        store = app.workspace.store
        real_apply = store.apply

        def counting_apply(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            return real_apply(*args, **kwargs)

        store.apply = counting_apply  # type: ignore[method-assign]
        await press(pilot, "n")
        await type_pupil(pilot, "Ava", "Lopez")
        await skip_to_provider(pilot)
        # Nothing matches, so the only choice offered is the new provider, taken on purpose.
        await press(pilot, "Oakwood Forest School")
        options = app.screen.query_one(".picker-options", OptionList)
        assert options.option_count == 1
        assert "New provider “Oakwood Forest School”" in str(options.get_option_at_index(0).prompt)
        await press(pilot, "down", "enter")
        assert focused_id(app) == "new_provider_name"
        name = app.screen.query_one("#new_provider_name", FieldInput)
        assert name.value == "Oakwood Forest School"
        # A name clash is refused as you type.
        name.value = "hillside farm"
        await settle(pilot)
        assert "already a provider" in app.screen.field_error(name)  # type: ignore[attr-defined]
        name.value = "Oakwood Forest School"
        await settle(pilot)
        assert app.screen.field_error(name) == ""  # type: ignore[attr-defined]
        await press(pilot, "tab", "tab", "Jo Oak", "enter", "0117 496 0000", "enter")
        await press(pilot, "jo@oakwood", "enter")
        assert "not an email address" in app.screen.field_error(  # type: ignore[attr-defined]
            app.screen.query_one("#new_provider_email", FieldInput)
        )
        await press(pilot, "shift+tab")
        app.screen.query_one("#new_provider_email", FieldInput).value = "jo@oakwood.org"
        await settle(pilot)
        app.screen.query_one("#focus", FieldInput).focus()
        await press(pilot, "Outdoor learning", "enter", "enter", "wed", "tab", "9", "tab", "12")
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
        assert len(calls) == 1

    caseload = Store(demo_file).load()
    (provider,) = [p for p in caseload.providers.values() if p.name == "Oakwood Forest School"]
    assert provider.contact_name == "Jo Oak" and provider.email == "jo@oakwood.org"
    assert provider.registration == "unregistered"
    (pupil,) = [p for p in caseload.pupils.values() if p.first_name == "Ava"]
    (placement,) = caseload.placements_of(pupil.id)
    assert placement.provider_id == provider.id
    assert placement.hours_per_week == 3
    # One write: the three records carry the same creation time.
    assert pupil.created_at == provider.created_at == placement.created_at


async def test_escape_on_typing_asks_and_no_keeps_it(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "n")
        # Nothing typed yet: escape just leaves.
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseloadScreen)
        await press(pilot, "n", "Sam", "enter", "Taylor")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, PupilFormScreen)
        assert app.screen.query_one("#first_name", Input).value == "Sam"
        assert app.screen.query_one("#last_name", Input).value == "Taylor"
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert isinstance(app.screen, CaseloadScreen)
    assert pupils_named(demo_file, "Sam", "Taylor") == []


async def test_invalid_upn_and_date_say_why_and_block_saving(demo_file: Path, today: date) -> None:
    before = len(Store(demo_file).load().pupils)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "n")
        await type_pupil(pilot, "Sam", "Taylor", dob="31/02/2012")
        dob = app.screen.query_one("#date_of_birth", DateInput)
        hint = str(dob.query_one(".date-hint").render())
        assert hint.startswith("!! Date of birth: '31/02/2012' is not a real date")
        assert "type it as DD/MM/YYYY" in hint
        # A UPN whose check letter is wrong, said on leaving the field.
        await press(pilot, "B123456789012", "enter")
        upn = app.screen.query_one("#upn", FieldInput)
        assert "UPN: the UPN 'B123456789012' fails its check letter (expected A)" in (
            app.screen.field_error(upn)  # type: ignore[attr-defined]
        )
        assert upn.has_class("-invalid")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PupilFormScreen)
        assert status_text(app).startswith("!! Not saved. Date of birth:")
        assert focused_id(app) == "date_of_birth"
        await press(pilot, "12/02/2012")
        assert str(dob.query_one(".date-hint").render()) == "→ Sun 12/02/2012"
        await press(pilot, "ctrl+s")
        assert status_text(app).startswith("!! Not saved. UPN:")
        assert focused_id(app) == "upn"
        # Twelve characters: the form offers the check letter.
        upn.value = "801200001001"
        await settle(pilot)
        assert "it would be H801200001001" in app.screen.field_error(upn)
        upn.value = "H801200001001"
        await settle(pilot)
        assert app.screen.field_error(upn) == ""
        # Still no provider, focus or start: saving names the next thing to do.
        await press(pilot, "ctrl+s")
        assert status_text(app).startswith("!! Not saved. Provider: none chosen")
        assert focused_id(app) == "provider"
        await press(pilot, "escape", "y")
    assert len(Store(demo_file).load().pupils) == before


async def test_typing_wrong_sessions_is_refused_with_a_sentence(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PlacementFormScreen("pu-jordan"))
        await settle(pilot, PlacementFormScreen)
        editor = app.screen.query_one("#schedule", ScheduleEditor)
        editor.query_one(".session-day", Input).focus()
        await press(pilot, "mon", "tab", "15", "tab", "9", "enter")
        error = str(editor.query_one(".session-error").render())
        assert (
            error
            == "!! Sessions: the session on Monday ends at 09:00, not after it starts at 15:00."
        )
        assert editor.sessions == []
        # Put right: the start and end swapped round.
        editor.query_one(".session-start", Input).value = "9"
        editor.query_one(".session-end", Input).value = "15"
        await press(pilot, "enter")
        assert len(editor.sessions) == 1
        await press(pilot, "mon", "tab", "14", "tab", "16", "enter")
        error = str(editor.query_one(".session-error").render())
        assert "two sessions overlap on Monday: 09:00–15:00 and 14:00–16:00" in error
        assert len(editor.sessions) == 1
        editor.query_one(".session-start", Input).value = "25"
        await settle(pilot)
        assert "'25' is not a time" in str(editor.query_one(".session-error").render())


# --- placements -----------------------------------------------------------------------------


def active_placement(path: Path, pupil_id: str) -> Placement:
    caseload = Store(path).load()
    return caseload.active_placements_of(pupil_id)[0]


async def test_placement_ended_through_the_form(demo_file: Path, today: date) -> None:
    placement = active_placement(demo_file, "pu-jordan")
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PlacementFormScreen("pu-jordan", placement.id))
        await settle(pilot, PlacementFormScreen)
        assert (
            app.screen.query_one("#provider", ProviderPicker).provider_id == placement.provider_id
        )
        # The fields' own change messages land after the screen does: then it is clean.
        await wait_until(pilot, lambda: not app.screen.dirty, "the form to open clean")  # type: ignore[attr-defined]
        # With a change typed, f2 asks for it to be saved first, and keeps it.
        focus = app.screen.query_one("#focus", Input)
        focus.value = placement.focus + " and maths"
        await press(pilot, "f2")
        assert isinstance(app.screen, PlacementFormScreen)
        assert "Save your changes first" in status_text(app)
        assert focus.value == placement.focus + " and maths"
        focus.value = placement.focus
        # Clean, f2 goes to the end form, with the transition's checklist.
        await press(pilot, "f2")
        await settle(pilot, EndPlacementScreen)
        assert app.screen.query_one("#ended_on", DateInput).value == today
        assert app.screen.query("#tell-family")  # the checklist is there to be ticked
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    saved = Store(demo_file).load().placements[placement.id]
    assert saved.status == "ended" and saved.ended_on == today
    assert saved.rev == placement.rev + 1 and saved.focus == placement.focus
    assert saved.schedule == placement.schedule


async def test_retired_provider_not_offered_for_a_new_placement(
    demo_file: Path, today: date
) -> None:
    store = Store(demo_file, user="someone")
    hillside = store.load().providers["pr-hillside"]
    store.update(hillside.model_copy(update={"retired": True}))
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PlacementFormScreen("pu-jordan"))
        await settle(pilot, PlacementFormScreen)
        options = app.screen.query_one(".picker-options", OptionList)
        offered = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
        assert "pr-hillside" not in offered
        assert "pr-forge" in offered and offered[-1] == "__new__"
        await press(pilot, "escape")


async def test_editing_a_pupil_keeps_what_the_form_does_not_show(
    demo_file: Path, today: date
) -> None:
    before = Store(demo_file).load().pupils["pu-millie"]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-millie"))
        await settle(pilot, PupilFormScreen)
        assert app.screen.query_one("#ehcp").value is True  # type: ignore[attr-defined]
        app.screen.query_one("#looked_after").focus()
        await press(pilot, "space")
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    after = Store(demo_file).load().pupils["pu-millie"]
    assert after.looked_after is True and before.looked_after is False
    assert after.model_dump(exclude={"looked_after", "rev", "updated_at", "updated_by"}) == (
        before.model_dump(exclude={"looked_after", "rev", "updated_at", "updated_by"})
    )


async def test_carers_and_school_timetable_changed_by_keys(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-jordan"))
        await settle(pilot, PupilFormScreen)
        app.screen.query_one("#school_lead").focus()
        # Into the carers: the list first (Lisa highlighted), then the boxes to add one.
        await press(pilot, "tab")
        assert isinstance(app.focused, OptionList)
        await press(pilot, "tab", "Dean Bennett", "tab", "father", "tab", "07700 900413", "enter")
        carers = app.screen.query_one("#carers")
        assert [c.name for c in carers.carers] == ["Lisa Bennett", "Dean Bennett"]  # type: ignore[attr-defined]
        # Back to the list and remove Lisa with delete.
        await press(pilot, "shift+tab", "delete")
        assert [c.name for c in carers.carers] == ["Dean Bennett"]  # type: ignore[attr-defined]
        # The school timetable loses Friday: the empty weekday shows before saving.
        school = app.screen.query_one("#school_schedule", ScheduleEditor)
        school.query_one(OptionList).focus()
        await press(pilot, "down", "down", "delete")
        assert [s.day for s in school.sessions] == ["mon", "wed"]
        assert school.total_text() == ("Mon 08:45–15:15, Wed 08:45–15:15 = 13 h a week in school")
        assert "! no school or provider sessions on Friday" in preview_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    jordan = Store(demo_file).load().pupils["pu-jordan"]
    assert [(c.name, c.relationship, c.phone) for c in jordan.carers] == [
        ("Dean Bennett", "father", "07700 900413")
    ]
    assert [s.day for s in jordan.school_schedule] == ["mon", "wed"]
    codes = {
        p.code for p in find_problems(Store(demo_file).load(), today) if p.pupil_id == "pu-jordan"
    }
    assert "TIMETABLE_GAP" in codes
