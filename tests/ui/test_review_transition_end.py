"""A placement's later life through the real app: a review saved with ctrl+s alone, the
decisions applied; a transition phase over the hour limit; strategies shared in one key; a
follow-up marked done; a placement ended; each checked in the store afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Select, Static
from ui_kit import SIZE, make_test_app, open_app, press, preview_text, settle

from alp_tui.rules import find_problems
from screens.end_placement import EndPlacementScreen
from screens.export import ExportScreen
from screens.pupil import PupilScreen
from screens.review_form import ReviewFormScreen
from screens.transition_form import TransitionFormScreen
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput
from screens.widgets.transition_lists import FollowUpEditor
from store import Store


async def open_pupil(pilot: Pilot[Any], pupil_id: str) -> None:
    await open_app(pilot)
    pilot.app.open_pupil(pupil_id)  # type: ignore[attr-defined]
    await settle(pilot, PupilScreen)


def codes_for(path: Path, pupil_id: str, today: date) -> set[str]:
    return {p.code for p in find_problems(Store(path).load(), today) if p.pupil_id == pupil_id}


# --- review meetings -------------------------------------------------------------------------


async def test_a_review_saved_with_ctrl_s_alone_clears_review_overdue(
    demo_file: Path, today: date
) -> None:
    assert "REVIEW_OVERDUE" in codes_for(demo_file, "pu-ryan", today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-ryan")
        await press(pilot, "v")
        assert isinstance(app.screen, ReviewFormScreen)
        # The form already says the review would no longer be overdue.
        assert "review was due" not in preview_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
        assert not [p for p in app.workspace.problems if p.code == "REVIEW_OVERDUE"]
        # The review is listed on the record, and the next note starts from it.
        await press(pilot, "2")
        reviews = str(app.screen.query_one(".reviews", Static).render())
        assert "27/11/2026 · Mrs J Fletcher (school lead)" in reviews
        assert "decisions: 3 continue" in reviews
        await press(pilot, "e")
        assert isinstance(app.screen, ExportScreen)
        default = str(app.screen.query_one("#period-default").label)
        assert default == "Since the last review on 27/11/2026"
    caseload = Store(demo_file).load()
    review = caseload.reviews_of("pl-ryan-cityline")[-1]
    assert review.date == today
    # Six weeks on from Friday 27/11/2026 is Friday 08/01/2027, after the Christmas closure.
    assert review.next_review == date(2027, 1, 8)
    assert caseload.placements["pl-ryan-cityline"].next_review == date(2027, 1, 8)
    assert review.attendees == [
        "Mrs J Fletcher (school lead)",
        "Priya Nair (Cityline College Skills)",
        "Farah Ahmed (mother)",
    ]
    targets = caseload.targets_of("pl-ryan-cityline")
    assert [(d.target_id, d.decision) for d in review.decisions] == [
        (t.id, "continue") for t in targets
    ]
    assert all(t.status == "active" for t in targets)
    assert "REVIEW_OVERDUE" not in codes_for(demo_file, "pu-ryan", today)


async def test_review_decisions_are_applied_to_the_targets_in_the_same_save(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-ryan")
        await press(pilot, "v")
        screen = app.screen
        screen.query_one("#decision-1", Select).value = "achieved"
        screen.query_one("#decision-3", Select).value = "dropped"
        screen.query_one("#decision-note-3", FieldInput).focus()
        await press(pilot, "Course chosen instead")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    caseload = Store(demo_file).load()
    first, second, third = caseload.targets_of("pl-ryan-cityline")
    assert (first.status, second.status, third.status) == ("achieved", "active", "dropped")
    review = caseload.reviews_of("pl-ryan-cityline")[-1]
    assert [d.decision for d in review.decisions] == ["achieved", "continue", "dropped"]
    assert review.decisions[2].note == "Course chosen instead"
    # Achieved and dropped targets stay in the plan, never deleted.
    assert len(caseload.targets_of("pl-ryan-cityline")) == 3


async def test_a_review_cannot_be_dated_ahead_or_its_next_review_before_it(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-ryan")
        await press(pilot, "v")
        held = app.screen.query_one("#date", DateInput)
        held.set_date(today + timedelta(days=3))
        await settle(pilot)
        # The next review moved with the date, as it was the form's own.
        assert app.screen.query_one("#next_review", DateInput).value == date(2027, 1, 11)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ReviewFormScreen)
        assert "is still to come" in str(app.screen.query_one("#form-status").render())
        held.set_date(today - timedelta(days=2))
        app.screen.query_one("#next_review", DateInput).set_date(today - timedelta(days=3))
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ReviewFormScreen)
        assert "Next review: it falls on or before this meeting" in str(
            app.screen.query_one("#form-status").render()
        )
    assert len(Store(demo_file).load().reviews_of("pl-ryan-cityline")) == 1


# --- the transition plan ----------------------------------------------------------------------


async def test_a_phase_of_19_hours_at_an_unregistered_provider_is_over_the_limit(
    demo_file: Path, today: date
) -> None:
    assert "TRANSITION_OVER_LIMIT" not in codes_for(demo_file, "pu-sophie", today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-sophie")
        await press(pilot, "w")
        assert isinstance(app.screen, TransitionFormScreen)
        app.screen.query_one("#phase-start", DateInput).focus()
        await press(pilot, "04/01/2027", "enter", "10", "enter", "19")
        # Judged as it is typed, by the rule's own threshold, with the week's total.
        verdict = str(app.screen.query_one("#phase-verdict").render())
        assert verdict.startswith("!! 10 h school, 19 h provider (29 h in all)")
        assert "19 h at Meadow Animal Care is over the 18 h limit" in verdict
        await press(pilot, "enter", "Four days at Meadow over the move", "enter")
        # Back on the date of an empty line, where enter moves on past the phases.
        assert app.focused is app.screen.query_one("#phase-start", DateInput).input
        await press(pilot, "enter")
        assert app.focused is app.screen.query_one("#welcome_plan")
        preview = preview_text(app)
        assert (
            "!! phase from 04/01/2027: 19 h a week at Meadow Animal Care — over the 18 h limit"
            in preview
        )
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    plan = Store(demo_file).load().transition_of("pl-sophie-meadow")
    assert plan is not None and plan.destination == "phased_return"
    added = [p for p in plan.phases if p.start == date(2027, 1, 4)]
    assert [(p.school_hours, p.alp_hours, p.note) for p in added] == [
        (10.0, 19.0, "Four days at Meadow over the move")
    ]
    assert "TRANSITION_OVER_LIMIT" in codes_for(demo_file, "pu-sophie", today)


async def test_marking_strategies_shared_today_clears_strategies_not_shared(
    demo_file: Path, today: date
) -> None:
    assert "STRATEGIES_NOT_SHARED" in codes_for(demo_file, "pu-grace", today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-grace")
        await press(pilot, "w")
        assert "Still to do: the strategies shared with staff." in str(
            app.screen.query_one("#checklist").render()
        )
        await press(pilot, "f2")
        assert "strategies are not yet shared" not in preview_text(app)
        assert "Nothing missing" in str(app.screen.query_one("#checklist").render())
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    plan = Store(demo_file).load().transition_of("pl-grace-riverside")
    assert plan is not None and plan.strategies_shared_on == today
    assert "STRATEGIES_NOT_SHARED" not in codes_for(demo_file, "pu-grace", today)


async def test_a_follow_up_marked_done_with_space_clears_follow_up_overdue(
    demo_file: Path, today: date
) -> None:
    assert "FOLLOW_UP_OVERDUE" in codes_for(demo_file, "pu-grace", today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-grace")
        await press(pilot, "w")
        editor = app.screen.query_one("#follow_ups", FollowUpEditor)
        options = editor.query_one(".list-items")
        options.focus()
        await settle(pilot)
        overdue = [i for i, f in enumerate(editor.items) if not f.done and f.date < today]
        assert overdue == [1]
        await press(pilot, "down", "space")
        assert editor.items[1].done
        assert "follow-up due" not in preview_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    assert "FOLLOW_UP_OVERDUE" not in codes_for(demo_file, "pu-grace", today)


async def test_a_new_transition_plan_is_written_from_the_pupil_record(
    demo_file: Path, today: date
) -> None:
    assert "TRANSITION_PLAN_MISSING" in codes_for(demo_file, "pu-tyler", today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-tyler")
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, TransitionFormScreen)
        screen.query_one("#destination", Select).value = "post16"
        screen.query_one("#destination_name", FieldInput).focus()
        await press(pilot, "Cityline College Skills: sports Level 2")
        screen.query_one("#strategy-text", FieldInput).focus()
        await press(pilot, "Give him a role leading others", "enter", "Praise in private")
        await pilot.press("f3")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    plan = Store(demo_file).load().transition_of("pl-tyler-greenway")
    assert plan is not None
    assert plan.destination == "post16"
    assert plan.destination_name == "Cityline College Skills: sports Level 2"
    # The strategy typed but not added with enter is kept too.
    assert plan.strategies == ["Give him a role leading others", "Praise in private"]
    assert plan.family_informed_on == today and plan.strategies_shared_on is None
    assert "TRANSITION_PLAN_MISSING" not in codes_for(demo_file, "pu-tyler", today)


# --- ending a placement -----------------------------------------------------------------------


async def _palette(pilot: Pilot[Any], name: str) -> list[str]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*name)
    for _ in range(100):  # the palette searches in the background
        await pilot.pause(0.02)
        found = pilot.app.screen.query(CommandList)
        if found and found.first().option_count:
            commands = found.first()
            return [
                str(commands.get_option_at_index(i).prompt).split("\n")[0]
                for i in range(commands.option_count)
            ]
    return []


async def test_ending_a_placement_sets_status_and_date_and_the_transition_rules_follow(
    demo_file: Path, today: date
) -> None:
    before = codes_for(demo_file, "pu-tyler", today)
    assert "TRANSITION_PLAN_MISSING" in before and "STRATEGIES_NOT_SHARED" not in before
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-tyler")
        assert (await _palette(pilot, "End this placement"))[0] == "End this placement"
        await press(pilot, "enter")
        await settle(pilot, EndPlacementScreen)
        screen = app.screen
        assert screen.query_one("#ended_on", DateInput).value == today
        # What the rules will say once it has ended shows before saving.
        assert "strategies are not yet shared with staff" in preview_text(app)
        assert "no transition plan" not in preview_text(app)
        screen.query_one("#tell-family").focus()
        await press(pilot, "space", "tab", "space")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    caseload = Store(demo_file).load()
    placement = caseload.placements["pl-tyler-greenway"]
    assert (placement.status, placement.ended_on) == ("ended", today)
    plan = caseload.transition_of("pl-tyler-greenway")
    assert plan is not None and plan.family_informed_on == today
    assert [(f.date, f.kind, f.by) for f in plan.follow_ups] == [
        (today + timedelta(weeks=2), "visit", "Mrs J Fletcher"),
        (today + timedelta(weeks=6), "call", "Mrs J Fletcher"),
    ]
    after = codes_for(demo_file, "pu-tyler", today)
    # DESIGN.md §4: no plan is missing once it has ended; its strategies are now asked for.
    assert "TRANSITION_PLAN_MISSING" not in after
    assert "STRATEGIES_NOT_SHARED" in after
    # Six weeks on, the first follow-up not yet done is flagged, whatever the status.
    later = today + timedelta(weeks=2, days=1)
    assert "FOLLOW_UP_OVERDUE" in codes_for(demo_file, "pu-tyler", later)


async def test_ending_refuses_a_day_to_come_and_keeps_the_placement_active(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-tyler")
        app.push_screen(EndPlacementScreen("pl-tyler-greenway"))
        await settle(pilot, EndPlacementScreen)
        app.screen.query_one("#ended_on", DateInput).set_date(today + timedelta(days=1))
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EndPlacementScreen)
        status = str(app.screen.query_one("#form-status").render())
        assert "Ended on: 28/11/2026 is still to come" in status
    assert Store(demo_file).load().placements["pl-tyler-greenway"].status == "active"


async def test_the_palette_offers_the_placement_actions_by_their_contract_names(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-ryan")
        for name in (
            "Record a review meeting",
            "Transition plan",
            "End this placement",
            "Edit this placement",
            "Learning plan",
        ):
            assert name in await _palette(pilot, name), name
            await pilot.press("escape")
            await settle(pilot, PupilScreen)


async def test_edit_this_placement_opens_the_placement_with_its_hours(
    demo_file: Path, today: date
) -> None:
    from screens.placement_form import PlacementFormScreen
    from screens.widgets.schedule_editor import ScheduleEditor

    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-chloe")
        await _palette(pilot, "Edit this placement")
        await press(pilot, "enter")
        await settle(pilot, PlacementFormScreen)
        screen = app.screen
        assert isinstance(screen, PlacementFormScreen)
        assert screen.placement_id == "pl-chloe-studio"
        total = screen.query_one("#schedule", ScheduleEditor).total_text()
        assert total.startswith("!! ") and "19.5 h — over the 18 h limit" in total


async def test_a_pupil_at_two_providers_is_asked_which_placement_was_reviewed(
    demo_file: Path, today: date
) -> None:
    from screens.placement_picker import PlacementPicker

    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_pupil(pilot, "pu-kai")
        await press(pilot, "v")
        assert isinstance(app.screen, PlacementPicker)
        assert "Which of Kai Morgan's placements was reviewed?" in str(
            app.screen.query_one("#picker-box").border_title
        )
        await press(pilot, "2")
        screen = app.screen
        assert isinstance(screen, ReviewFormScreen)
        assert screen.placement_id == "pl-kai-northside"
