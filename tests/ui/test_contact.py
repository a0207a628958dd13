"""Weekly contact entry driven by keys through the real app, checked against what a fresh
store then reads back from the file.

The caseload here is small and fixed: Jordan (4 active targets, weekly contacts that stopped
two weeks ago so the contact is overdue), Mia (two active placements, one at an unregistered
provider scheduled 18 h a week), Noah (no active placement).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from contact_kit import contact_caseload, open_contact, state_of
from textual.widgets import Input
from ui_kit import (
    SIZE,
    burst,
    focused_id,
    make_test_app,
    open_app,
    press,
    screen_of,
    settle,
    wait_until,
)

from alp_tui.caseload import Caseload
from alp_tui.clock import fixed_clock
from alp_tui.models import (
    AttendanceSession,
    Contact,
)
from screens.contact import ContactScreen

TODAY = date(2026, 11, 27)  # a Friday
CLOCK = fixed_clock(datetime(2026, 11, 27, 10, 30))


# --- the whole call, by keys only ------------------------------------------------------


async def test_whole_call_by_keys_only(contact_file: Path) -> None:
    from alp_tui.rules import find_problems
    from screens.caseload import CaseloadScreen
    from screens.concern_dialog import ConcernDialog
    from screens.contact import ContactScreen
    from store import Store

    before = Store(contact_file).load()
    assert any(
        p.code == "CONTACT_OVERDUE" and p.pupil_id == "pup-jordan"
        for p in find_problems(before, TODAY)
    )
    app = make_test_app(contact_file)
    keys: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:

        async def press(*typed: str) -> None:
            keys.extend(typed)
            await pilot.press(*typed)

        await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")
        await pilot.pause()
        await press("slash", *"Jordan", "enter", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the contact form")
        assert focused_id(app) == "session-0"
        # Tuesday absent without explanation, Thursday as planned.
        await press("a", "tab", "tab", "4")
        # Four targets: rating, then down to the next rating (notes left empty but one).
        # The engagement's digit moved on to the first target's rating.
        await press("4", "tab", *"laid a wall", "tab", "3", "down", "3", "down", "2")
        await press("tab", "tab", *"Good week apart from Tuesday", "tab", *"Liked the site work")
        # A safeguarding concern: s picks the category, h the severity.
        await press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConcernDialog), "the dialog")
        await press("s", "tab", "h", "tab", *"Left site at lunch with older youths", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        # Back where ctrl+r was pressed; past the new concern and the button to the first
        # action: what, who, when (`mon` means the coming Monday for a due date).
        assert focused_id(app) == "contact-voice"
        await press("tab", "tab", "tab", *"Phone home about Tuesday", "tab", *"RP", "tab", *"mon")
        await press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the save")
        notes = [str(n.message) for n in app._notifications]
        assert notes == ["Contact with Forge Construction saved for Jordan Bell."]

    caseload = Store(contact_file).load()
    new = [c for c in caseload.contacts.values() if c.date == TODAY]
    assert len(new) == 1
    contact = new[0]
    assert contact.placement_id == "pl-jordan"
    assert contact.method == "phone"
    assert contact.provider_staff == "Sam Reed"
    assert contact.school_staff == "tester"
    # The last week recorded is that of 09/11: the call covers the next, which had sessions.
    assert contact.week_start == date(2026, 11, 16)
    assert [(s.day, s.mark, s.planned_hours, s.attended_hours) for s in contact.sessions] == [
        ("tue", "absent_unauthorised", 6.0, 0.0),
        ("thu", "present", 6.0, 6.0),
    ]
    assert contact.engagement == 4
    assert [(p.target_id, p.rating, p.note) for p in contact.progress] == [
        ("tg-j1", 4, "laid a wall"),
        ("tg-j2", 3, None),
        ("tg-j3", 3, None),
        ("tg-j4", 2, None),
    ]
    assert contact.summary == "Good week apart from Tuesday"
    assert contact.pupil_voice == "Liked the site work"
    assert [(a.text, a.owner, a.due) for a in contact.actions] == [
        ("Phone home about Tuesday", "RP", date(2026, 11, 30))
    ]
    assert contact.next_contact == date(2026, 12, 4)
    concerns = [c for c in caseload.concerns.values() if c.pupil_id == "pup-jordan"]
    assert len(concerns) == 1
    concern = concerns[0]
    assert concern.category == "safeguarding"
    assert concern.severity == "high"
    assert concern.description == "Left site at lunch with older youths"
    assert concern.confidential is True
    assert concern.referred_to_dsl is True
    assert concern.raised_on == TODAY
    assert concern.placement_id == "pl-jordan"
    assert not any(
        p.code == "CONTACT_OVERDUE" and p.pupil_id == "pup-jordan"
        for p in find_problems(caseload, TODAY)
    )
    # Every other contact is as it was.
    assert len(caseload.contacts) == len(before.contacts) + 1
    print(f"keystrokes for the call: {len(keys)}")

    # The concern raised on the call reaches the school's note and no one else's.
    from docx import Document

    from exports import write_note

    for audience in ("school", "provider", "parent"):
        path = write_note(caseload, "pup-jordan", audience, contact_file.parent, TODAY)
        document = Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        assert ("Left site at lunch with older youths" in text) == (audience == "school")


# --- the form opens prefilled ----------------------------------------------------------


async def test_prefilled_from_schedule_provider_and_user(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        state = state_of(app)
    assert state["date"] == "27/11/2026"
    assert state["method"] == "phone"
    assert state["provider_staff"] == "Sam Reed"
    assert state["school_staff"] == "tester"
    assert state["week_start"] == "16/11/2026"  # the week after the last one recorded
    assert [(s["day"], s["planned_hours"], s["hours"], s["mark"]) for s in state["sessions"]] == [
        ("tue", 6.0, "6", "present"),
        ("thu", 6.0, "6", "present"),
    ]
    # Only active targets, in plan order, unrated.
    assert [p["target_id"] for p in state["progress"]] == ["tg-j1", "tg-j2", "tg-j3", "tg-j4"]
    assert all(p["rating"] is None for p in state["progress"])
    assert state["next_contact"] == "04/12/2026"


def test_week_start_is_last_week_on_a_monday() -> None:
    from alp_tui.contact_form import default_week_start

    assert default_week_start(date(2026, 11, 27)) == date(2026, 11, 23)
    assert default_week_start(date(2026, 11, 24)) == date(2026, 11, 23)
    assert default_week_start(date(2026, 11, 23)) == date(2026, 11, 16)


def test_next_contact_skips_the_holidays() -> None:
    from alp_tui.contact_form import new_contact_draft

    caseload = contact_caseload()
    placement = caseload.placements["pl-jordan"]
    draft = new_contact_draft(caseload, placement, date(2026, 12, 18), "tester")
    # 7 counted days after Friday 18/12 with 21/12–01/01 closed: 19, 20, then 2–6 January.
    assert draft.next_contact == "06/01/2027"


def test_next_contact_is_when_the_rules_will_say_it_is_due() -> None:
    from alp_tui import rules
    from alp_tui.contact_form import new_contact_draft
    from alp_tui.dates import parse_date

    caseload = contact_caseload()
    for interval in (None, 3, 10):
        placement = caseload.placements["pl-jordan"].model_copy(
            update={"contact_interval_days": interval}
        )
        caseload.put(placement)
        day = date(2026, 12, 10)
        while day <= date(2027, 1, 8):
            draft = new_contact_draft(caseload, placement, day, "tester")
            saved = Caseload(meta=caseload.meta, placements=dict(caseload.placements))
            saved.put(Contact(id="ct-new", placement_id=placement.id, date=day))
            due = rules.contact_status(saved, placement, day).due
            assert parse_date(draft.next_contact, day) == due, (interval, day)
            day += timedelta(days=1)


async def test_contact_date_carries_the_untouched_dates_with_it(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        app.screen.query_one("#contact-date").focus()
        await pilot.press("ctrl+u", *"23/11", "tab")
        await pilot.pause()
        state = state_of(app)
    assert state["date"] == "23/11/2026"
    assert state["week_start"] == "16/11/2026"
    assert state["next_contact"] == "30/11/2026"


# --- opening: which placement --------------------------------------------------------------


async def test_several_placements_ask_which(contact_file: Path) -> None:
    from screens.contact import ContactScreen
    from screens.placement_picker import PlacementPicker

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-mia")
        assert isinstance(screen, PlacementPicker)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        assert screen_of(app, ContactScreen).placement_id == "pl-mia-college"
        assert state_of(app)["sessions"][0]["day"] == "fri"


async def test_no_active_placement_says_so(contact_file: Path) -> None:
    from screens.caseload import CaseloadScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-noah")
        assert isinstance(screen, CaseloadScreen)
        messages = [n.message for n in app._notifications]
    assert any("Noah Dale has no active placement" in str(m) for m in messages)


# --- warnings while typing -----------------------------------------------------------------


async def test_unexplained_absence_and_rating_drop_warn(contact_file: Path) -> None:
    from screens.contact import ContactScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        assert isinstance(screen, ContactScreen)
        assert screen.warnings == []
        await pilot.press("a")
        await wait_until(pilot, lambda: screen.warnings, "a warning")
        assert screen.warnings == ["! unexplained absence on Tue: follow up today"]
        screen.query_one("#rating-1").focus()
        await pilot.press("2")
        await wait_until(pilot, lambda: len(screen.warnings) == 2, "the drop warning")
        assert screen.warnings[1] == "! target 2 dropped from 4 to 2"
        # Back to 3 is a drop of one: no warning; authorised absence: no follow-up.
        await pilot.press("3")
        screen.query_one("#session-0").focus()
        await pilot.press("x")
        await wait_until(pilot, lambda: not screen.warnings, "the warnings to clear")


async def test_hours_over_the_limit_at_an_unregistered_provider_warn(contact_file: Path) -> None:
    from screens.contact import ContactScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-mia")
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        screen = screen_of(app, ContactScreen)
        assert focused_id(app) == "session-0"
        # 4 × 4.5 h = 18 h is on the limit, not over it.
        await pilot.pause(0.3)
        assert screen.warnings == []
        await pilot.press("6")  # Monday ran to 6 h: 19.5 h delivered
        await wait_until(pilot, lambda: screen.warnings, "the hours warning")
        assert len(screen.warnings) == 1
        warning = screen.warnings[0]
        assert warning.startswith("!! ")
        assert "19.5" in warning
        await pilot.press("backspace", "4", ".", "5")
        await wait_until(pilot, lambda: not screen.warnings, "the warning to clear")


async def test_a_second_call_about_a_recorded_week_warns_before_hours_count_twice(
    contact_file: Path,
) -> None:
    from textual.widgets import Input

    from alp_tui.models import Contact
    from screens.contact import ContactScreen
    from store import Store

    # Tuesday's call already recorded this week's sessions.
    Store(contact_file, user="lead").add(
        Contact(
            placement_id="pl-jordan",
            date=date(2026, 11, 24),
            week_start=date(2026, 11, 23),
            sessions=[AttendanceSession(day="tue", planned_hours=6, attended_hours=6)],
        )
    )
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        assert isinstance(screen, ContactScreen)
        await wait_until(pilot, lambda: screen.warnings, "the recorded-week warning")
        assert screen.warnings[0].startswith(
            "! attendance for the week of 23/11/2026 is already recorded (call on 24/11/2026)"
        )
        # Moved to the next week, nothing is counted twice (that week is after the call on
        # 27/11, so its sessions cannot be marked as attended yet, which is the one warning).
        screen.query_one("#contact-week", Input).value = "30/11/2026"
        await wait_until(
            pilot,
            lambda: not any("already recorded" in line for line in screen.warnings),
            "the warning to clear",
        )
        assert screen.warnings == [
            "! Tue 01/12/2026 and Thu 03/12/2026 are after the call (27/11/2026) but marked as "
            "attended: record this week once its sessions are over, or press f5 for the week "
            "before."
        ]


# --- forgiving input -------------------------------------------------------------------


async def test_a_bad_date_is_one_sentence_and_keeps_the_typing(contact_file: Path) -> None:
    from store import Store

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        screen.query_one("#note-0").focus()
        await pilot.press(*"kept this")
        screen.query_one("#contact-date").focus()
        await pilot.press("ctrl+u", *"31/02", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert focused_id(app) == "contact-date"
        hint = str(screen.query_one("#contact-date-hint").render())
        assert "not a real date" in hint
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        sentence = str(errors[0].message)
        assert sentence.startswith("The contact date: '31/02' is not a real date")
        assert "Traceback" not in sentence
        assert state_of(app)["progress"][0]["note"] == "kept this"
    assert len(Store(contact_file).load().contacts) == len(contact_caseload().contacts)


async def test_a_note_without_a_rating_is_refused(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        screen.query_one("#note-2").focus()
        await pilot.press(*"quiet week", "ctrl+s")
        await pilot.pause()
        assert focused_id(app) == "rating-2"
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert errors == ["Target 3 has a note but no rating: press 1–5 to rate it."]


async def test_a_future_contact_date_is_refused(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        screen.query_one("#contact-date").focus()
        await pilot.press("ctrl+u", *"+3", "ctrl+s")
        await pilot.pause()
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert len(errors) == 1
    assert "30/11/2026 is after today" in errors[0]


# --- escape ------------------------------------------------------------------------------


async def test_escape_on_a_clean_form_just_leaves(contact_file: Path) -> None:
    from screens.caseload import CaseloadScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")


async def test_escape_on_a_dirty_form_asks_and_keeps_a_draft(contact_file: Path) -> None:
    from screens.caseload import CaseloadScreen
    from screens.confirm import ConfirmScreen
    from store import drafts

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        await pilot.press("a")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        # A stray enter lands on "Stay".
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, "the form again")
        assert state_of(app)["sessions"][0]["mark"] == "absent_unauthorised"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")
        await wait_until(
            pilot, lambda: drafts.read_draft(contact_file, "pl-jordan"), "the draft file"
        )
    draft = drafts.read_draft(contact_file, "pl-jordan")
    assert draft is not None
    assert draft["state"]["sessions"][0]["mark"] == "absent_unauthorised"


# --- keys typed ahead (several arriving at once, as over a slow SSH link) -------------------


async def test_keys_typed_ahead_land_where_they_were_meant(contact_file: Path) -> None:
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        burst(app, ["tab", "l", "5", ".", "5", "tab", "4", "tab", "3", "tab", *"ok", "tab"])
        burst(app, ["2", "down", "2", "down", "5"])
        await wait_until(pilot, lambda: state_of(app)["progress"][3]["rating"] == 5, "the keys")
        screen.query_one("#action-text-0").focus()
        await pilot.pause()
        burst(app, [*"Call home", "tab", *"RP", "tab", *"mon", "tab"])
        await wait_until(pilot, lambda: focused_id(app) == "contact-next", "the last field")
        await pilot.pause(0.3)
        state = state_of(app)
    assert [(s["mark"], s["hours"]) for s in state["sessions"]] == [
        ("present", "6"),
        ("late", "5.5"),
    ]
    assert state["engagement"] == 4
    assert [(p["rating"], p["note"]) for p in state["progress"]] == [
        (3, "ok"),
        (2, ""),
        (2, ""),
        (5, ""),
    ]
    assert state["actions"] == [
        {"text": "Call home", "owner": "RP", "due": "30/11/2026", "done": False, "share": None}
    ]


async def test_keys_typed_straight_after_opening_the_concern_dialog_land_in_it(
    contact_file: Path,
) -> None:
    from screens.concern_dialog import ConcernDialog
    from screens.widgets.concern_item import ConcernItem

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        # All at once: the dialog is not even drawn when the letters after ctrl+r arrive.
        burst(app, ["ctrl+r", "s", "tab", "h", "tab", *"Left site", "ctrl+s"])
        await wait_until(pilot, lambda: screen.query(ConcernItem), "the concern on the form")
        assert not isinstance(app.screen, ConcernDialog)
        (concern,) = state_of(app)["concerns"]
    assert (concern["category"], concern["severity"]) == ("safeguarding", "high")
    assert concern["description"] == "Left site"
    assert concern["confidential"] is True and concern["referred_to_dsl"] is True


def test_engagement_reads_as_the_word_note_says_it() -> None:
    from alp_tui.models import ENGAGEMENT_WORDS
    from exports.content import engagement_word
    from screens.contact_history import contact_detail

    caseload = contact_caseload()
    contact = caseload.contacts["ct-j1"].model_copy(update={"engagement": 5})
    assert "Engagement 5 very good" in contact_detail(caseload, contact).plain
    assert [ENGAGEMENT_WORDS[n] for n in range(1, 6)] == [engagement_word(n) for n in range(1, 6)]


# --- saving never blocks typing ----------------------------------------------------------


async def test_typing_on_while_a_save_runs_is_kept(
    contact_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from screens.contact import ContactScreen
    from store import Store

    gate = threading.Event()
    original = Store.apply

    def held_apply(self: Store, *args: Any, **kwargs: Any) -> Any:
        gate.wait(30)  # the disk is slow today
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "apply", held_apply)
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        screen.query_one("#contact-summary").focus()
        await pilot.press(*"Quiet week", "ctrl+s")
        await wait_until(pilot, lambda: screen.saving, "the save to start")
        await pilot.press(*", good on Thursday")
        assert state_of(app)["summary"] == "Quiet week, good on Thursday"
        gate.set()
        await wait_until(pilot, lambda: not screen.saving, "the save to finish")
        # The form stays, now editing the saved contact, with the later typing in it.
        assert app.screen == screen  # the same form (a screen equals only itself)
        assert screen.contact_id is not None
        status = str(screen.query_one("#contact-status").render())
        assert "you typed more while it saved" in status
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ContactScreen), "the form")
    saved = [c for c in Store(contact_file).load().contacts.values() if c.date == TODAY]
    assert len(saved) == 1
    assert saved[0].summary == "Quiet week, good on Thursday"
    assert saved[0].rev == 2


async def test_the_field_being_typed_in_stays_in_view_when_the_warnings_grow(
    demo_file: Path,
) -> None:
    """The warnings panel under the form takes its lines from the form: when it grows, the
    focused field near the form's foot is scrolled back into view, not left under it."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await open_contact(pilot, "pu-jordan")
        screen = screen_of(app, ContactScreen)
        panel = screen.query_one("#contact-warnings")
        form = screen.query_one("#contact-form")
        await press(pilot, "f6")  # a week with one warning: the panel is short
        await wait_until(pilot, lambda: len(screen.warnings) == 1, "one warning")
        await settle(pilot)
        field = screen.query_one("#contact-next", Input)
        field.focus()
        await settle(pilot)
        before = panel.region.height
        assert form.region.contains_region(field.region)
        await press(pilot, "f5")  # the recorded week again: two warnings, a taller panel
        await wait_until(pilot, lambda: len(screen.warnings) == 2, "two warnings")
        await settle(pilot)
        assert panel.region.height > before
        assert app.focused is field
        assert form.region.contains_region(field.region), (form.region, field.region)
