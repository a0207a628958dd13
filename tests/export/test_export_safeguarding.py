"""Safeguarding matters never reach a provider's or a parent's note: not as a concern, not in
the text staff typed anywhere else, not in any part of the saved .docx. The school's copy
says how many items were held back, and where."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from builders import TODAY, make_concern, make_contact, make_review, make_target
from export_fixtures import (
    OPEN_BEHAVIOUR_TEXT,
    all_text,
    full_caseload,
    package_parts,
    table_with_header,
)

from alp_tui.caseload import Caseload
from alp_tui.demo import demo_caseload
from alp_tui.models import (
    Action,
    AttendanceSession,
    Carer,
    ConcernUpdate,
    FollowUp,
    Progress,
    Pupil,
)
from exports import build_note, redact, release, write_note
from exports.content import covered_placements
from exports.redact import mentions_safeguarding

PUPIL = "pup-jb"
OTHERS = ("provider", "parent")


# --- the terms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Spoke to the DSL",
        "dsl informed",
        "Safeguarding lead told",
        "the designated safeguarding lead",
        "on a child protection plan",
        "Child-protection conference",
        "CP plan reviewed",
        "Strategy meeting on Monday",
        "strategy discussion held",
        "Section 47 enquiry",
        "an s47 started",
        "his social worker visited",
        "Social care informed",
        "MASH referral made",
        "LADO consulted",
        "Police attended",
        "made a disclosure to a coach",
        "Disclosed something at lunch",
        "signs of neglect",
        "at risk of exploitation",
        "CSE screening",
        "CCE concerns",
        "county lines",
        "Missing from home overnight",
        "missing from education since May",
        "alleged abuse",
    ],
)
def test_safeguarding_terms_are_found_whatever_the_case(text: str) -> None:
    assert mentions_safeguarding(text)


@pytest.mark.parametrize(
    "text",
    [
        "Laid a course of bricks",
        "Used the SENCo-agreed plan",
        "Policy on phones explained",  # "police" is a whole word, not a prefix
        "Talked about his social life",
        "Cased the joint",  # not "CSE"
        "Missing his friends from home",
        "Good banter with the coaches",
        # A referral is ordinary in this work (to speech therapy, to a college course); a
        # referral to social care or MASH is caught by those words.
        "Referral to speech and language therapy",
        None,
        "",
    ],
)
def test_ordinary_words_are_not_safeguarding_terms(text: str | None) -> None:
    assert not mentions_safeguarding(text)


# --- every kind of staff-typed text ----------------------------------------------------------

ACTION = "Ask the social worker about the new address"
ACTION_OWNED = "Update Leon after the meeting"
PROGRESS_NOTE = "Talked to the police liaison officer"
STRATEGY = "Check in with the DSL every morning"
OTHER_STRATEGY = "Give instructions one step at a time"
WELCOME = "Welcome meeting; MASH outcome shared with staff"
PUPIL_VIEWS = "Wants to move back; worried about the strategy meeting"
PHASE_NOTE = "Section 47 enquiry still open"
FOLLOW_UP = "Child protection conference follow-up"
TARGET = "Stays away from the county lines hot spots"
UPDATE = "LADO consulted about a coach"
OUTCOME = "Referral closed with no further action"
CONCERN_TEXT = "Seen with older youths: possible exploitation"
MARKED_SHAREABLE = "Needs collecting at 12:30 (safeguarding)"
CLEAN_UPDATE = "Wore the boots all week"
ALL_HELD = (ACTION, ACTION_OWNED, PROGRESS_NOTE, STRATEGY, WELCOME, PUPIL_VIEWS, PHASE_NOTE,
            FOLLOW_UP, UPDATE, OUTCOME, CONCERN_TEXT, MARKED_SHAREABLE)  # fmt: skip


def _loaded() -> Caseload:
    """Jordan's caseload with one item that mentions a safeguarding matter in every place
    staff type free text that the note prints."""
    caseload = full_caseload()
    caseload.put(
        make_contact(
            "plc-jb",
            on=date(2026, 11, 24),
            week_start=date(2026, 11, 23),
            sessions=[AttendanceSession(day="tue", planned_hours=6, attended_hours=6)],
            progress=[Progress(target_id="tgt-attend", rating=3, note=PROGRESS_NOTE)],
            actions=[
                Action(text=ACTION, owner="Mr Patel", due=date(2026, 12, 4)),
                Action(text=ACTION_OWNED, owner="DSL", due=date(2026, 12, 4)),
                Action(text="Order new boots", owner="Dee Mason", due=date(2026, 12, 4)),
            ],
        )
    )
    caseload.put(make_target("plc-jb", id="tgt-cl", description=TARGET, order=5))
    plan = caseload.transition_of("plc-jb")
    assert plan is not None
    plan = plan.model_copy(deep=True)
    plan.strategies.append(STRATEGY)
    plan.welcome_plan = WELCOME
    plan.pupil_views = PUPIL_VIEWS
    plan.phases[1].note = PHASE_NOTE
    plan.follow_ups.append(FollowUp(date=date(2027, 4, 9), kind="meeting", note=FOLLOW_UP))
    caseload.put(plan)
    behaviour = caseload.concerns["cnc-beh"].model_copy(deep=True)
    behaviour.updates = [
        ConcernUpdate(date=date(2026, 11, 2), by="Mr Patel", note=UPDATE),
        ConcernUpdate(date=date(2026, 11, 3), by="Mr Patel", note=CLEAN_UPDATE),
    ]
    behaviour.outcome = OUTCOME
    caseload.put(behaviour)
    caseload.put(
        make_concern(PUPIL, id="cnc-ex", category="wellbeing", confidential=False,
                     raised_on=date(2026, 11, 5), description=CONCERN_TEXT)
    )  # fmt: skip
    caseload.put(
        make_concern(PUPIL, id="cnc-shared", category="safeguarding", confidential=False,
                     raised_on=date(2026, 11, 6), description=MARKED_SHAREABLE)
    )  # fmt: skip
    return caseload


@pytest.fixture(scope="module")
def loaded() -> Caseload:
    return _loaded()


@pytest.mark.parametrize("audience", OTHERS)
def test_no_staff_text_that_mentions_safeguarding_reaches_the_note(
    loaded: Caseload, audience: str
) -> None:
    text = all_text(build_note(loaded, PUPIL, audience, TODAY))
    for held in ALL_HELD:
        assert held not in text, held
    # A list is one item: the strategies go together or not at all, and so do the notes
    # of the phases.
    assert OTHER_STRATEGY not in text
    assert "3 days in" not in text
    # No concern was shared with anyone on purpose, so none of their text comes along.
    assert CLEAN_UPDATE not in text and OPEN_BEHAVIOUR_TEXT not in text
    # The target is the plan agreed with everyone: it goes, whatever it says.
    assert TARGET in text
    assert not mentions_safeguarding(text.replace(TARGET, ""))
    # What mentions nothing of the kind still reads as before.
    assert "order new boots" in text.lower()
    assert "Phased return to school: Oakfield Academy" in text


def test_the_school_copy_keeps_everything_and_says_what_was_held_back(loaded: Caseload) -> None:
    doc = build_note(loaded, PUPIL, "school", TODAY)
    text = all_text(doc)
    for held in (*ALL_HELD, OTHER_STRATEGY, CLEAN_UPDATE, TARGET):
        assert held in text, held
    line = next(p.text for p in doc.paragraphs if p.text.startswith("Held back from"))
    # A progress note, 2 actions, the welcome plan, the pupil's views, the strategies and
    # the phases' notes; and all 5 concerns of the period, none shared on purpose.
    assert line == (
        "Held back from the provider's and parents' copies: 12 items (listed under "
        "“What the shared copies hold back” below)."
    )
    # It sits at the top, under the title, where the ALP lead reads first.
    assert [p.text for p in doc.paragraphs].index(line) == 2
    rows = table_with_header(doc, ("Item", "Held back from", "Why")).rows[1:]
    why = {r.cells[0].text.splitlines()[1]: r.cells[2].text for r in rows}
    assert len(rows) == 12
    assert why[f"“{ACTION}”"] == 'it mentions a safeguarding agency or process ("social worker")'
    assert why[f"“{ACTION_OWNED}”"] == 'it mentions a safeguarding matter ("DSL")'
    assert why[f"“{PROGRESS_NOTE}”"] == ('it mentions a safeguarding agency or process ("police")')
    assert why[f"“{OPEN_BEHAVIOUR_TEXT}”"] == (
        "a concern goes to a shared copy only when shared with it on purpose"
    )
    assert why[f"“{MARKED_SHAREABLE}”"] == (
        "a safeguarding or confidential concern never leaves the school"
    )
    assert {r.cells[1].text for r in rows} == {"both shared copies"}
    # The target went to every copy: the school's copy says so, and why it stands out.
    assert f'Target: “{TARGET}” (mentions exploitation or county lines ("county lines"))' in text


def test_the_school_copy_says_so_when_nothing_was_held_back() -> None:
    caseload = full_caseload()
    for concern_id in list(caseload.concerns):
        caseload.remove("concerns", concern_id)
    doc = build_note(caseload, PUPIL, "school", TODAY)
    text = all_text(doc)
    assert "Held back from" not in text
    assert "Nothing is held back from the provider's or the parents' copy." in text


def test_a_safeguarding_concern_is_withheld_even_if_marked_shareable(loaded: Caseload) -> None:
    assert loaded.concerns["cnc-shared"].is_confidential is False
    for audience in OTHERS:
        assert "cnc-shared" not in redact(loaded, PUPIL, audience).concerns
        # Not even when shared with that audience on purpose.
        shared = {"cnc-shared": (audience,)}
        data = release(loaded, PUPIL, audience, shared_concerns=shared).caseload
        assert "cnc-shared" not in data.concerns
    assert "cnc-shared" in redact(loaded, PUPIL, "school").concerns


# --- fields that are the school's own ----------------------------------------------------------


def test_school_only_fields_are_taken_out_of_the_data() -> None:
    caseload = full_caseload()
    placement = caseload.placements["plc-jb"].model_copy(
        update={"notes": "Head agreed the funding", "reason": "Permanent exclusion risk"}
    )
    caseload.put(placement)
    target = caseload.targets["tgt-unit"].model_copy(update={"baseline": "Could not read plans"})
    caseload.put(target)
    caseload.put(
        make_review("plc-jb", on=date(2026, 11, 25), attendees=["Sam Brown", "Ms Social Worker"],
                    summary="Mum finds the travel hard")
    )  # fmt: skip
    caseload.put(
        make_contact("plc-jb", on=date(2026, 11, 26), summary="A clean summary",
                     pupil_voice="I like the site")
    )  # fmt: skip
    caseload.put(
        make_contact("plc-jb", on=date(2026, 11, 26), summary="Told the DSL about it",
                     pupil_voice="I told the police")
    )  # fmt: skip
    for audience in OTHERS:
        data = redact(caseload, PUPIL, audience)
        placement = data.placements["plc-jb"]
        assert (placement.notes, placement.reason) == (None, None)
        assert all(t.baseline is None for t in data.targets.values())
        assert all(r.summary is None and r.attendees == [] for r in data.reviews.values())
        assert all(p.follow_ups == [] for p in data.transitions.values())
        # The calls' summaries and the pupil's words go to both copies, by the lexicon.
        summaries = {c.summary for c in data.contacts.values()} - {None}
        assert summaries == {"A clean summary", "Weekly call"}
        assert {c.pupil_voice for c in data.contacts.values()} - {None} == {"I like the site"}
    school = redact(caseload, PUPIL, "school")
    assert school.placements["plc-jb"].notes == "Head agreed the funding"
    assert "Told the DSL about it" in {c.summary for c in school.contacts.values()}


def test_a_social_worker_among_the_carers_is_not_named_to_the_family() -> None:
    caseload = full_caseload()
    pupil = caseload.pupils[PUPIL].model_copy(deep=True)
    pupil.carers = [Carer(name="Sam Okoro", relationship="social worker"), *pupil.carers]
    caseload.put(pupil)
    carers = redact(caseload, PUPIL, "parent").pupils[PUPIL].carers
    assert [c.name for c in carers] == ["Sam Brown", "Lee Brown"]
    text = all_text(build_note(caseload, PUPIL, "parent", TODAY))
    assert "Dear Sam Brown," in text and "Sam Okoro" not in text


# --- the saved file, every part of it, for every demo pupil ----------------------------------


def _never_in_the_note(caseload: Caseload, pupil: Pupil, audience: str) -> list[str]:
    """What must appear nowhere in this audience's file for this pupil."""
    secret: list[str | None] = [pupil.notes]
    for carer in pupil.carers:
        secret += [carer.phone, carer.email]
        if audience == "provider" or mentions_safeguarding(carer.relationship):
            secret.append(carer.name)
    # No demo concern was shared with anyone on purpose.
    for concern in caseload.concerns_of(pupil.id):
        secret += [concern.description, concern.action_taken, concern.outcome]
        secret += [u.note for u in concern.updates]
    for placement in caseload.placements_of(pupil.id):
        secret += [placement.notes, placement.reason]
        secret += [t.baseline for t in caseload.targets_of(placement.id)]
        secret += [r.summary for r in caseload.reviews_of(placement.id)]
        plan = caseload.transition_of(placement.id)
        if plan is not None:
            secret += [f.note for f in plan.follow_ups]
        for contact in caseload.contacts_of(placement.id):
            secret += [
                t for t in (contact.summary, contact.pupil_voice) if mentions_safeguarding(t)
            ]
            secret += [a.text for a in contact.actions if mentions_safeguarding(a.text, a.owner)]
            secret += [p.note for p in contact.progress if mentions_safeguarding(p.note)]
    # Short texts ("—", "OK") could turn up by chance in anything.
    return [s for s in secret if s and len(s) >= 8]


def _scopes(caseload: Caseload, pupil_id: str, audience: str) -> list[str | None]:
    """One note for the parent; one per provider the pupil is placed with, for a provider."""
    if audience == "parent":
        return [None]
    return [*sorted({p.provider_id for p in covered_placements(caseload, pupil_id)})]


def test_no_part_of_any_demo_note_holds_a_secret(tmp_path: Path) -> None:
    caseload = demo_caseload(TODAY)
    # The demo must hold something to hide, or this test could not fail.
    assert any(c.is_confidential for c in caseload.concerns.values())
    assert any(p.child_protection for p in caseload.pupils.values())
    written = 0
    for pupil in caseload.pupils.values():
        for audience in OTHERS:
            secrets = _never_in_the_note(caseload, pupil, audience)
            for provider_id in _scopes(caseload, pupil.id, audience):
                out = tmp_path / f"{pupil.id}-{audience}-{provider_id}.docx"
                write_note(caseload, pupil.id, audience, out, TODAY, provider_id=provider_id)
                written += 1
                parts = package_parts(out)
                assert {"word/document.xml", "docProps/core.xml", "docProps/app.xml"} <= set(parts)
                assert any(name.startswith("word/header") for name in parts)
                assert any(name.startswith("word/footer") for name in parts)
                others = [
                    detail
                    for placement in caseload.placements_of(pupil.id)
                    if provider_id and placement.provider_id != provider_id
                    for other in [caseload.providers[placement.provider_id]]
                    for detail in (other.name, other.phone, other.email, other.contact_name)
                    if detail
                ]
                for name, (raw, words) in parts.items():
                    where = (pupil.id, audience, provider_id, name)
                    for text in (*secrets, *others):
                        assert text not in words and html.escape(text) not in raw, (*where, text)
                    assert "child protection" not in words.lower(), where
                    assert "07700" not in words, where  # every demo carer's phone
                    spaced = html.unescape(re.sub(r"<[^>]+>", " ", raw))
                    assert not mentions_safeguarding(spaced), (*where, spaced)
    assert written >= 2 * len(caseload.pupils)


def test_masons_notes_leave_out_the_strategy_meeting(tmp_path: Path) -> None:
    caseload = demo_caseload(TODAY)
    assert any(
        "strategy meeting" in a.text
        for placement in caseload.placements_of("pu-mason")
        for contact in caseload.contacts_of(placement.id)
        for a in contact.actions
    )
    for audience in OTHERS:
        out = write_note(caseload, "pu-mason", audience, tmp_path, TODAY)
        words = "".join(w for _, w in package_parts(out).values()).lower()
        assert "strategy meeting" not in words
        assert "update leon" not in words
    school = all_text(build_note(caseload, "pu-mason", "school", TODAY))
    assert "strategy meeting" in school
    assert "Held back from the provider's and parents' copies:" in school
