"""The weekly contact form without a screen: the draft and its file, the form as it opens,
the contact and concerns it saves as, and what it warns about while the call goes on."""

from __future__ import annotations

import json
from datetime import date

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

from alp_tui.caseload import Caseload
from alp_tui.contact_form import (
    DRAFT_VERSION,
    ActionDraft,
    ConcernDraft,
    ContactDraft,
    DraftError,
    DraftFile,
    ProgressDraft,
    SessionDraft,
    action_due_problems,
    build_concerns,
    build_contact,
    contact_draft,
    default_week_start,
    form_warnings,
    hours_warnings,
    latest_ratings,
    lenient_contact,
    new_contact_draft,
    next_contact_due,
    ratings_before,
    started_phrase,
    status_line,
    typing_warnings,
    week_already_recorded,
)
from alp_tui.models import AttendanceSession, Contact, ContactShares, Holiday, Progress, Record

# TODAY is Friday 27/11/2026.
PROVIDER = make_provider(name="Forge Construction", contact_name="Sam Reed")
PUPIL = make_pupil(first_name="Jordan", last_name="Bell")
PLACEMENT = make_placement(
    PUPIL,
    PROVIDER,
    # Thursday listed first: the form shows the week in day order.
    schedule=sessions(thu=("09:00", "15:00"), tue=("09:00", "12:30")),
)
FIRST = make_target(PLACEMENT, description="Lays a course of bricks", order=1)
SECOND = make_target(PLACEMENT, description="Attends 90% of sessions", order=2)
DONE = make_target(PLACEMENT, description="Gets the bus", status="achieved", order=3)


def caseload(*more: Record) -> Caseload:
    return make_caseload(PROVIDER, PUPIL, PLACEMENT, FIRST, SECOND, DONE, *more)


def draft(**fields: object) -> ContactDraft:
    """The form as it opens today for the placement, with `fields` typed over it."""
    opened = new_contact_draft(caseload(), PLACEMENT, TODAY, "tester")
    for name, value in fields.items():
        setattr(opened, name, value)
    return opened


# --- opening the form ------------------------------------------------------------------------


def test_a_new_contact_opens_prefilled_for_this_week() -> None:
    opened = new_contact_draft(caseload(), PLACEMENT, TODAY, "tester")
    assert opened.date == "27/11/2026"
    assert opened.method == "phone"
    assert opened.provider_staff == "Sam Reed"
    assert opened.school_staff == "tester"
    assert opened.week_start == "23/11/2026"
    assert opened.sessions == [
        SessionDraft(day="tue", planned_hours=3.5, hours="3.5", times="09:00–12:30"),
        SessionDraft(day="thu", planned_hours=6.0, hours="6", times="09:00–15:00"),
    ]
    # Active targets only, in plan order, unrated.
    assert opened.progress == [ProgressDraft(FIRST.id), ProgressDraft(SECOND.id)]
    assert opened.engagement is None and opened.concerns == [] and opened.actions == []
    assert opened.next_contact == "04/12/2026"


def test_the_week_reported_is_last_week_on_a_monday() -> None:
    assert default_week_start(date(2026, 11, 27)) == date(2026, 11, 23)
    assert default_week_start(date(2026, 11, 23)) == date(2026, 11, 16)


def test_the_next_contact_skips_a_holiday() -> None:
    meta = make_meta(
        holidays=[Holiday(name="Christmas", start=date(2026, 12, 21), end=date(2027, 1, 1))]
    )
    closed = make_caseload(PROVIDER, PUPIL, PLACEMENT, meta=meta)
    assert next_contact_due(closed, PLACEMENT, date(2026, 12, 18)) == date(2027, 1, 6)


def test_correcting_a_saved_contact_shows_it_and_the_targets_it_did_not_rate() -> None:
    saved = make_contact(
        PLACEMENT,
        date(2026, 11, 20),
        week_start=date(2026, 11, 16),
        sessions=[AttendanceSession(day="tue", planned_hours=3.5, attended_hours=2.25)],
        engagement=5,
        progress=[Progress(target_id=SECOND.id, rating=3, note="better")],
        summary="Good week",
    )
    opened = contact_draft(caseload(saved), PLACEMENT, saved)
    assert (opened.date, opened.week_start, opened.engagement) == ("20/11/2026", "16/11/2026", 5)
    assert opened.sessions == [
        SessionDraft(day="tue", planned_hours=3.5, hours="2.25", times="09:00–12:30")
    ]
    assert opened.progress == [
        ProgressDraft(SECOND.id, 3, "better"),
        ProgressDraft(FIRST.id, None, ""),
    ]
    assert opened.summary == "Good week" and opened.next_contact == ""


# --- the draft file --------------------------------------------------------------------------


def test_a_draft_file_round_trips_through_json() -> None:
    typed = draft(
        engagement=4,
        summary="née “quoted” [tbc]",
        concerns=[ConcernDraft("safeguarding", "high", "Left site", "", True, True)],
        actions=[ActionDraft("Phone home", "RP", "mon")],
    )
    typed.sessions[0].mark = "absent_unauthorised"
    typed.sessions[0].hours = "0"
    file = DraftFile(
        placement_id=PLACEMENT.id, draft=typed, started_at="2026-11-27T10:42", contact_rev=None
    )
    data = json.loads(json.dumps(file.to_json()))
    assert data["version"] == DRAFT_VERSION
    assert data["state"]["sessions"][0]["mark"] == "absent_unauthorised"
    back = DraftFile.from_json(data, draft())
    assert back == file


def test_a_draft_keeps_what_it_can_read_and_takes_the_rest_from_the_form() -> None:
    opened = draft()
    data = {
        "version": DRAFT_VERSION,
        "placement_id": PLACEMENT.id,
        "started_at": "2026-11-26T10:42",
        "state": {
            "summary": "old words",
            "engagement": True,  # not a score: a bool is not a number here
            "method": "carrier pigeon",
            "sessions": [{"day": "tue", "hours": 6}],  # hours not as typed text
            "actions": [{"text": "Call home", "owner": "RP", "due": "", "done": False}],
        },
    }
    file = DraftFile.from_json(data, opened)
    assert file is not None
    assert file.started_at == "2026-11-26T10:42" and file.contact_id is None
    resumed = file.draft
    assert resumed.summary == "old words"
    assert resumed.actions == [ActionDraft("Call home", "RP", "", False)]
    assert resumed.engagement is None and resumed.method == "phone"
    assert resumed.sessions == opened.sessions
    assert resumed.progress == opened.progress and resumed.date == opened.date


@pytest.mark.parametrize(
    "data", [{"version": 99, "state": {}}, {"version": DRAFT_VERSION, "state": [1]}, {}]
)
def test_a_draft_of_another_version_is_not_offered(data: dict[str, object]) -> None:
    assert DraftFile.from_json(data, draft()) is None


def test_when_a_draft_was_started_is_said_in_words() -> None:
    assert started_phrase("2026-11-27T10:42", TODAY) == "at 10:42"
    assert started_phrase("2026-11-26T09:05", TODAY) == "on 26/11/2026 at 09:05"
    assert started_phrase(None, TODAY) == "earlier"


# --- saving ---------------------------------------------------------------------------------


def test_the_draft_becomes_a_contact() -> None:
    typed = draft(
        date="today",
        week_start="25/11/2026",  # a Wednesday: the week is the one it falls in
        engagement=4,
        progress=[ProgressDraft(FIRST.id, 4, " laid a wall "), ProgressDraft(SECOND.id)],
        summary="  ",
        actions=[ActionDraft("Phone home", " RP ", "mon"), ActionDraft()],
        next_contact="+7",
    )
    contact = build_contact(typed, placement=PLACEMENT, today=TODAY)
    assert contact.date == TODAY and contact.week_start == date(2026, 11, 23)
    assert [(s.day, s.attended_hours, s.mark) for s in contact.sessions] == [
        ("tue", 3.5, "present"),
        ("thu", 6.0, "present"),
    ]
    assert [(p.target_id, p.rating, p.note) for p in contact.progress] == [
        (FIRST.id, 4, "laid a wall")
    ]
    assert contact.summary is None and contact.provider_staff == "Sam Reed"
    assert [(a.text, a.owner, a.due) for a in contact.actions] == [
        ("Phone home", "RP", date(2026, 11, 30))
    ]
    assert contact.next_contact == date(2026, 12, 4)


def test_correcting_keeps_the_saved_contacts_id_and_revision() -> None:
    saved = make_contact(PLACEMENT, date(2026, 11, 20))
    opened = contact_draft(caseload(saved), PLACEMENT, saved)
    opened.summary = "Corrected"
    contact = build_contact(opened, placement=PLACEMENT, today=TODAY, existing=saved)
    assert (contact.id, contact.rev, contact.summary) == (saved.id, saved.rev, "Corrected")


@pytest.mark.parametrize(
    ("fields", "sentence", "field_id"),
    [
        (
            {"date": ""},
            "The contact date is empty: type a date such as 27/11/2026.",
            "contact-date",
        ),
        (
            {"date": "31/02"},
            "The contact date: '31/02' is not a real date",
            "contact-date",
        ),
        (
            {"date": "+3"},
            "The contact date 30/11/2026 is after today (27/11/2026)",
            "contact-date",
        ),
        (
            {"sessions": [SessionDraft("tue", 3.5, "lots")]},
            "The hours attended on Tuesday (lots) must be a number from 0 to 24.",
            "session-0",
        ),
        (
            {"progress": [ProgressDraft(FIRST.id), ProgressDraft(SECOND.id, None, "quiet")]},
            "Target 2 has a note but no rating: press 1–5 to rate it.",
            "rating-1",
        ),
        (
            {"actions": [ActionDraft("", "RP", "")]},
            "Action 1 has an owner or due date but no words: say what was agreed.",
            "action-text-0",
        ),
        (
            {"next_contact": "20/11/2026"},
            "The next contact 20/11/2026 is before this call on 27/11/2026.",
            "contact-next",
        ),
    ],
)
def test_what_stops_a_save_is_one_sentence_naming_the_field(
    fields: dict[str, object], sentence: str, field_id: str
) -> None:
    with pytest.raises(DraftError) as refused:
        build_contact(draft(**fields), placement=PLACEMENT, today=TODAY)
    assert str(refused.value).startswith(sentence)
    assert refused.value.field_id == field_id


def test_concerns_raised_in_the_call_are_about_the_placements_pupil() -> None:
    typed = draft(
        concerns=[ConcernDraft("safeguarding", "high", "Left site at lunch", "", True, True)]
    )
    (concern,) = build_concerns(typed, placement=PLACEMENT, raised_on=TODAY, user="tester")
    assert (concern.pupil_id, concern.placement_id) == (PUPIL.id, PLACEMENT.id)
    assert (concern.category, concern.severity, concern.raised_by) == (
        "safeguarding",
        "high",
        "tester",
    )
    assert concern.confidential and concern.referred_to_dsl and concern.action_taken is None


# --- warnings while typing ------------------------------------------------------------------


def rated(on: date, rating: int, **fields: object) -> Contact:
    return make_contact(
        PLACEMENT, on, progress=[Progress(target_id=FIRST.id, rating=rating)], **fields
    )


def test_the_latest_rating_is_the_last_one_before_the_call() -> None:
    earlier, later = rated(date(2026, 11, 6), 2), rated(date(2026, 11, 20), 4)
    every = caseload(earlier, later)
    assert latest_ratings(every, PLACEMENT.id) == {FIRST.id: (4, date(2026, 11, 20))}
    assert latest_ratings(every, PLACEMENT.id, before=date(2026, 11, 19)) == {
        FIRST.id: (2, date(2026, 11, 6))
    }
    assert latest_ratings(every, PLACEMENT.id, exclude_id=later.id) == {
        FIRST.id: (2, date(2026, 11, 6))
    }
    # Correcting the later contact: "last time" is the one before it.
    assert ratings_before(every, PLACEMENT.id, draft(), TODAY, later.id) == {
        FIRST.id: (2, date(2026, 11, 6))
    }


def test_an_unexplained_absence_and_a_rating_that_fell_by_two_warn() -> None:
    typed = draft(progress=[ProgressDraft(FIRST.id, 2), ProgressDraft(SECOND.id, 3)])
    typed.sessions[1].mark = "absent_unauthorised"
    last = {FIRST.id: (4, date(2026, 11, 20)), SECOND.id: (4, date(2026, 11, 20))}
    assert typing_warnings(typed, last) == [
        "! unexplained absence on Thu: follow up today",
        "! target 1 dropped from 4 to 2",
    ]
    typed.sessions[1].mark = "absent_authorised"
    assert typing_warnings(typed, {FIRST.id: (3, date(2026, 11, 20))}) == []


def test_hours_delivered_over_the_limit_warn_before_saving() -> None:
    typed = draft(sessions=[SessionDraft("tue", 3.5, "12"), SessionDraft("thu", 6, "7.5")])
    contact = lenient_contact(typed, PLACEMENT, TODAY)
    assert contact.week_start == date(2026, 11, 23)
    (warning,) = hours_warnings(caseload(), PUPIL.id, contact, TODAY)
    assert warning.startswith("!! ") and "19.5" in warning
    typed.sessions[0].hours = "3.5"
    assert (
        hours_warnings(caseload(), PUPIL.id, lenient_contact(typed, PLACEMENT, TODAY), TODAY) == []
    )


def test_a_week_already_recorded_warns_before_the_hours_count_twice() -> None:
    tuesday = make_contact(
        PLACEMENT,
        date(2026, 11, 24),
        week_start=date(2026, 11, 23),
        sessions=[AttendanceSession(day="tue", planned_hours=3.5, attended_hours=3.5)],
    )
    every = caseload(tuesday)
    contact = lenient_contact(draft(), PLACEMENT, TODAY)
    warning = week_already_recorded(every, contact, None)
    assert warning is not None
    assert warning.startswith("! attendance for the week of 23/11/2026 is already recorded")
    # Correcting that very contact is not a second call.
    assert week_already_recorded(every, contact, tuesday.id) is None
    # All the form's warnings, the gravest first.
    lines = form_warnings(every, PLACEMENT, draft(), TODAY, None, {})
    assert lines == [warning]


def test_sessions_after_the_call_marked_as_attended_are_warned_of() -> None:
    # A call on Wednesday 25/11 about the week of 23/11: Tuesday is over, Thursday is not.
    typed = draft(date="25/11/2026")
    (warning,) = form_warnings(caseload(), PLACEMENT, typed, TODAY, None, {})
    assert warning == (
        "! Thu 26/11/2026 is after the call (25/11/2026) but marked as attended: record "
        "this week once its sessions are over, or press f5 for the week before."
    )
    # A call on Monday: both are ahead.
    both = form_warnings(caseload(), PLACEMENT, draft(date="23/11/2026"), TODAY, None, {})
    assert both[0].startswith("! Tue 24/11/2026 and Thu 26/11/2026 are after the call")
    # An absence or a cancellation known in advance may be marked.
    typed.sessions[1].mark = "cancelled_by_provider"
    assert form_warnings(caseload(), PLACEMENT, typed, TODAY, None, {}) == []
    typed.sessions[1].mark = "absent_authorised"
    assert form_warnings(caseload(), PLACEMENT, typed, TODAY, None, {}) == []
    # A call on the Thursday itself, or after the week, warns of nothing.
    assert form_warnings(caseload(), PLACEMENT, draft(date="26/11/2026"), TODAY, None, {}) == []
    assert form_warnings(caseload(), PLACEMENT, draft(), TODAY, None, {}) == []


def test_an_action_due_date_not_yet_a_date_is_named() -> None:
    typed = draft(actions=[ActionDraft("Call", "", "someday"), ActionDraft("Visit", "", "fri")])
    (problem,) = action_due_problems(typed, TODAY)
    assert problem.startswith("! action 1 due: 'someday'")


def test_the_status_line_says_when_the_contact_is_due_or_who_changed_it() -> None:
    assert status_line(caseload(), PLACEMENT, None, TODAY) == (
        "!! no contact logged yet · overdue since 09/11/2026"
    )
    recent = make_contact(PLACEMENT, date(2026, 11, 24))
    assert status_line(caseload(recent), PLACEMENT, None, TODAY) == (
        "last contact 24/11/2026 · due 01/12/2026 · 9.5 h a week"
    )
    changed = recent.model_copy(
        update={"updated_by": "colleague", "updated_at": "2026-11-26T14:32:00", "rev": 3}
    )
    assert status_line(caseload(changed), PLACEMENT, changed, TODAY) == (
        "last changed by colleague, 26/11/2026 14:32 (revision 3)"
    )


# --- the sharing state of each text ---------------------------------------------------------


def _shared_draft() -> ContactDraft:
    return draft(
        progress=[ProgressDraft(FIRST.id, 3, "Laid bricks", share="school"),
                  ProgressDraft(SECOND.id, 4, "Came every day")],
        summary="Good week",
        summary_share="school",
        pupil_voice="I liked it",
        actions=[ActionDraft("Ring home", "RP", "", share="school"), ActionDraft("Order boots")],
    )  # fmt: skip


def test_texts_kept_for_the_school_only_are_saved_so() -> None:
    contact = build_contact(_shared_draft(), placement=PLACEMENT, today=TODAY)
    assert [p.share for p in contact.progress] == ["school", None]
    assert [a.share for a in contact.actions] == ["school", None]
    assert contact.share_of("summary") == "school"
    assert contact.share_of("pupil_voice") is None
    # Opened again to correct it, the form shows the same states.
    again = contact_draft(caseload(contact), PLACEMENT, contact)
    assert [p.share for p in again.progress] == ["school", None]
    assert [a.share for a in again.actions] == ["school", None]
    assert (again.summary_share, again.voice_share) == ("school", None)


def test_the_draft_file_keeps_each_texts_state() -> None:
    typed = _shared_draft()
    file = DraftFile(placement_id=PLACEMENT.id, draft=typed)
    back = DraftFile.from_json(json.loads(json.dumps(file.to_json())), draft())
    assert back is not None and back.draft == typed
    # A state this version cannot read is taken as automatic, never as released.
    data = file.to_json()
    data["state"]["summary_share"] = "everyone"
    data["state"]["actions"][1]["share"] = "all-of-them"
    odd = DraftFile.from_json(data, draft())
    assert odd is not None
    assert odd.draft.summary_share is None and odd.draft.actions[1].share is None


def test_a_release_lapses_when_its_words_change() -> None:
    saved = make_contact(
        PLACEMENT,
        id="con-1",
        progress=[Progress(target_id=FIRST.id, rating=3, note="Police came", share="all")],
        summary="Police came to the site",
        shares=ContactShares(summary="all"),
    )
    opened = contact_draft(caseload(saved), PLACEMENT, saved)
    unchanged = build_contact(opened, placement=PLACEMENT, today=TODAY, existing=saved)
    assert unchanged.share_of("summary") == "all"
    assert unchanged.progress[0].share == "all"
    opened.summary = "Police came to the site and arrested his brother"
    opened.progress[0].note = "Police came again"
    changed = build_contact(opened, placement=PLACEMENT, today=TODAY, existing=saved)
    # Back to automatic: the lexicon (or the lead, in the preview) decides the new words.
    assert changed.share_of("summary") is None
    assert changed.progress[0].share is None
