"""The concern screen: a safeguarding concern read from the pupil record, updated and closed
(its red problem gone), closing refused without an outcome, confidentiality kept unless
someone confirms, a new concern raised, and user text shown as typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import ui_kit
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Select, Static, TextArea
from ui_kit import SIZE, focused_id, make_test_app, open_app, settle, status_text

from alp_tui.app import AlpApp
from alp_tui.models import ConcernUpdate
from alp_tui.rules import find_problems
from screens.concerns import CLOSE_WITHOUT_OUTCOME, NOT_CONFIDENTIAL_QUESTION, ConcernScreen
from screens.confirm import ConfirmScreen
from screens.pupil import PupilScreen
from screens.widgets.tick_box import TickBox
from store import Store

# Keys this screen adds to the ones the form helpers know by name.
OUR_KEYS = {"ctrl+n", "home"}


async def press(pilot: Pilot[Any], *parts: str) -> None:
    """ui_kit.press, knowing this screen's own named keys."""
    for part in parts:
        if part in OUR_KEYS:
            await pilot.press(part)
            await settle(pilot)
        else:
            await ui_kit.press(pilot, part)


MASON = "pu-mason"
CONCERN = "cn-mason-1"


async def open_record_concerns(pilot: Pilot[Any], pupil_id: str = MASON) -> None:
    """The pupil's record, on the concerns tab, with the cursor in the concerns table."""
    app = pilot.app
    assert isinstance(app, AlpApp)
    await open_app(pilot)
    app.open_pupil(pupil_id)
    await settle(pilot, PupilScreen)
    await press(pilot, "4", "tab")
    assert focused_id(app) == "pupil-concerns"


async def open_mason_concern(pilot: Pilot[Any]) -> None:
    await open_record_concerns(pilot)
    table = pilot.app.screen.query_one("#pupil-concerns", DataTable)
    assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == CONCERN
    await press(pilot, "enter")
    await settle(pilot, ConcernScreen)


async def choose_status(pilot: Pilot[Any], status: str) -> None:
    """Move to the status and pick it from its drop-down list by keys."""
    app = pilot.app
    app.screen.query_one("#severity").focus()
    await press(pilot, "tab")  # the status is the field after the severity
    assert focused_id(app) == "status"
    select = app.screen.query_one("#status", Select)
    await press(pilot, "enter")
    steps = ["open", "monitoring", "closed"].index(status) - ["open", "monitoring", "closed"].index(
        str(select.value)
    )
    await press(pilot, *(["down"] * steps if steps >= 0 else ["up"] * -steps), "enter")
    assert select.value == status


def mason_problems(path: Path, today: date) -> list[str]:
    caseload = Store(path).load()
    return [p.code for p in find_problems(caseload, today) if p.pupil_id == MASON]


async def test_safeguarding_concern_updated_and_closed_from_the_record(
    demo_file: Path, today: date
) -> None:
    assert "SAFEGUARDING_OPEN" in mason_problems(demo_file, today)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_mason_concern(pilot)
        screen = app.screen
        assert isinstance(screen, ConcernScreen)
        # The description is there in full, not cut to a table cell.
        description = screen.query_one("#description", TextArea).text
        assert description.endswith("would not say where he had been, and had a new phone.")
        await press(pilot, "ctrl+n", "Strategy meeting held; plan agreed with Northside.", "enter")
        added = screen.query_one(".updates-added", OptionList)
        assert added.option_count == 1
        assert "27/11/2026 · tester — Strategy meeting held" in str(
            added.get_option_at_index(0).prompt
        )
        await choose_status(pilot, "closed")
        await press(pilot, "tab")
        assert focused_id(app) == "closed_on"
        await press(pilot, "tab", "No further concerns after the strategy meeting.")
        assert focused_id(app) == "outcome"
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
        row = app.screen.query_one("#pupil-concerns", DataTable).get_row(CONCERN)
        assert str(row[3]) == "closed"
    caseload = Store(demo_file).load()
    concern = caseload.concerns[CONCERN]
    assert concern.status == "closed"
    assert concern.closed_on == today
    assert concern.outcome == "No further concerns after the strategy meeting."
    assert concern.updates[-1] == ConcernUpdate(
        date=today, by="tester", note="Strategy meeting held; plan agreed with Northside."
    )
    assert len(concern.updates) == 3  # the two already logged are kept
    assert concern.rev == 2 and concern.updated_by == "tester"
    assert "SAFEGUARDING_OPEN" not in mason_problems(demo_file, today)


async def test_closing_without_an_outcome_is_refused(demo_file: Path, today: date) -> None:
    before = Store(demo_file).load().concerns[CONCERN]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_mason_concern(pilot)
        await choose_status(pilot, "closed")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConcernScreen)
        assert status_text(app) == f"!! Not saved. {CLOSE_WITHOUT_OUTCOME}"
        assert focused_id(app) == "outcome"
    after = Store(demo_file).load().concerns[CONCERN]
    assert after == before
    assert "SAFEGUARDING_OPEN" in mason_problems(demo_file, today)


async def test_unticking_confidential_on_safeguarding_asks(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_mason_concern(pilot)
        tick = app.screen.query_one("#confidential", TickBox)
        assert tick.value is True
        assert str(tick.render_line(0).text).startswith("[x] Confidential")
        tick.focus()
        await press(pilot, "space")
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question == NOT_CONFIDENTIAL_QUESTION
        await press(pilot, "n")
        assert isinstance(app.screen, ConcernScreen)
        assert tick.value is True
        # Asked again and answered yes, it is unticked and saved so.
        await press(pilot, "space")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert tick.value is False
        assert str(tick.render_line(0).text).startswith("[ ] Confidential")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    assert Store(demo_file).load().concerns[CONCERN].confidential is False


async def test_raising_a_safeguarding_concern_ticks_confidential(
    demo_file: Path, today: date
) -> None:
    pupil = "pu-jordan"
    assert not Store(demo_file).load().concerns_of(pupil)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil(pupil)
        await settle(pilot, PupilScreen)
        await press(pilot, "r")
        await settle(pilot, ConcernScreen)
        screen = app.screen
        assert focused_id(app) == "raised_on"
        await press(pilot, "tab", "tab")
        assert focused_id(app) == "category"
        await press(pilot, "enter", "home", "enter")  # the first choice: safeguarding
        assert screen.query_one("#category", Select).value == "safeguarding"
        assert screen.query_one("#confidential", TickBox).value is True
        assert screen.query_one("#referred_to_dsl", TickBox).value is True
        # Nothing said yet: refused with the sentence, nothing saved.
        await press(pilot, "ctrl+s")
        assert "Description is required" in status_text(app)
        assert focused_id(app) == "description"
        await press(pilot, "Disclosed worries about an older cousin [/] at break.")
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    caseload = Store(demo_file).load()
    (concern,) = caseload.concerns_of(pupil)
    assert concern.category == "safeguarding"
    assert concern.confidential is True and concern.referred_to_dsl is True
    assert concern.raised_on == today and concern.raised_by == "tester"
    assert concern.status == "open"
    assert concern.placement_id is not None
    assert concern.description == "Disclosed worries about an older cousin [/] at break."
    assert any(
        p.code == "SAFEGUARDING_OPEN" and p.pupil_id == pupil
        for p in find_problems(caseload, today)
    )


async def test_user_text_with_markup_shows_literally(demo_file: Path, today: date) -> None:
    store = Store(demo_file, user="someone")
    concern = store.load().concerns[CONCERN]
    odd = "He said [/] then [bold]left[/bold] [link=x]"
    store.update(
        concern.model_copy(
            update={
                "description": odd,
                "updates": [*concern.updates, ConcernUpdate(date=today, by="[b]", note=odd)],
            }
        )
    )
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_mason_concern(pilot)
        screen = app.screen
        assert screen.query_one("#description", TextArea).text == odd
        log = str(screen.query_one(".updates-saved", Static).render())
        assert f"27/11/2026 · [b] — {odd}" in log
        await press(pilot, "ctrl+n", "[/] too", "enter")
        added = screen.query_one(".updates-added", OptionList)
        assert "[/] too" in str(added.get_option_at_index(0).prompt)
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    assert Store(demo_file).load().concerns[CONCERN].updates[-1].note == "[/] too"


async def test_someone_elses_change_is_merged_with_the_update_typed(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_mason_concern(pilot)
        other = Store(demo_file, user="dsl-office")
        theirs = other.load().concerns[CONCERN]
        other.update(theirs.model_copy(update={"severity": "medium"}))
        await press(pilot, "ctrl+n", "My update", "enter", "ctrl+s")
        await settle(pilot, PupilScreen)
    saved = Store(demo_file).load().concerns[CONCERN]
    assert saved.severity == "medium"
    assert [u.note for u in saved.updates if u.note == "My update"] == ["My update"]
    assert saved.rev == theirs.rev + 2


async def test_escape_with_typing_asks_first(demo_file: Path, today: date) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_mason_concern(pilot)
        await press(pilot, "escape")
        await settle(pilot, PupilScreen)  # nothing typed: straight back
        await press(pilot, "enter")
        await settle(pilot, ConcernScreen)
        await press(pilot, "ctrl+n", "Half a thought", "enter", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, ConcernScreen)
        await press(pilot, "escape", "y")
        await settle(pilot, PupilScreen)
    assert Store(demo_file).load().concerns[CONCERN].rev == 1
