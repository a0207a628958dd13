"""The sharing states saved on items decide the shared copies, read back from every XML part
of each saved .docx: a text kept in school never goes, a released one goes whatever it says,
the rest is left to the lexicon; a concern goes only to the audience it was shared with on
purpose, and never when it is safeguarding or confidential. The school's copy lists what
was held and why. The release preview's list is the note's own, and a choice made there
lands on the right item."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import TODAY
from export_fixtures import (
    CONFIDENTIAL_WELLBEING_TEXT,
    OPEN_BEHAVIOUR_TEXT,
    SAFEGUARDING_TEXT,
    full_caseload,
    package_parts,
    table_with_header,
)

from alp_tui.caseload import Caseload
from alp_tui.models import Action, ContactShares, Progress
from alp_tui.sharing import NEVER_SHARED, share_of
from exports import ReleaseItem, compose_note, export_note, note_items
from exports.release import KEPT_IN_SCHOOL, PLAN_GOES, RELEASED, choose

PUPIL = "pup-jb"
SHARED = ("provider", "parent")
HARM = "Police called to the house at the weekend"
KEPT = "Mum is moving house next month"
OTHER_HARM = "Told staff his uncle hits him"
BENIGN = "Laid a straight course of bricks"


def _words(path: Path) -> str:
    """Every XML part's words, run together (a phrase split over runs is still found)."""
    return "\n".join(words for _raw, words in package_parts(path).values())


def _with_states() -> Caseload:
    """Jordan's caseload with a call holding one text of each state: released though it
    reads like harm, kept in school though it reads fine, automatic harm, automatic fine."""
    caseload = full_caseload()
    for concern_id in list(caseload.concerns):
        caseload.remove("concerns", concern_id)
    contact = next(c for c in caseload.contacts_of("plc-jb") if c.date.isoformat() >= "2026-11-16")
    contact = contact.model_copy(deep=True)
    contact.summary = HARM
    contact.pupil_voice = KEPT
    contact.shares = ContactShares(summary="all", pupil_voice="school")
    contact.progress = [Progress(target_id="tgt-unit", rating=4, note=BENIGN)]
    contact.actions = [Action(text=OTHER_HARM, owner="DSL")]
    caseload.put(contact)
    return caseload


@pytest.mark.parametrize("audience", SHARED)
def test_saved_states_decide_each_shared_copy(audience: str, tmp_path: Path) -> None:
    caseload = _with_states()
    written = export_note(caseload, PUPIL, audience, tmp_path / f"{audience}.docx", TODAY)
    words = _words(written.path)
    assert HARM in words  # released by the lead
    assert KEPT not in words  # kept in school by the lead
    assert OTHER_HARM not in words  # left to the lexicon, which holds it
    assert BENIGN in words  # left to the lexicon, which lets it go
    held = {item.text: item for item in written.held}
    assert set(held) == {KEPT, OTHER_HARM}
    assert held[KEPT].reason == KEPT_IN_SCHOOL and held[KEPT].state == "school"
    assert held[OTHER_HARM].state is None
    released = next(i for i in written.items if i.text == HARM)
    assert released.carried and released.reason == RELEASED and released.state == "all"


def test_the_schools_copy_lists_the_held_items_with_the_leads_reason(tmp_path: Path) -> None:
    caseload = _with_states()
    written = export_note(caseload, PUPIL, "school", tmp_path / "school.docx", TODAY)
    words = _words(written.path)
    assert all(text in words for text in (HARM, KEPT, OTHER_HARM, BENIGN))
    note = compose_note(caseload, PUPIL, "school", TODAY)
    rows = table_with_header(note.document, ("Item", "Held back from", "Why")).rows[1:]
    why = {row.cells[0].text.split("\n")[-1].strip("“”"): row.cells[2].text for row in rows}
    assert why[KEPT] == KEPT_IN_SCHOOL
    assert why[OTHER_HARM].startswith("it mentions")
    assert HARM not in why  # released: every copy carries it
    # ...and the school's copy says the lead let it go, for the DSL to see.
    paragraphs = [p.text for p in note.document.paragraphs]
    at = paragraphs.index(
        "Released by the ALP lead to the shared copies, though it reads like a safeguarding matter:"
    )
    assert HARM in paragraphs[at + 1] and '("Police")' in paragraphs[at + 1]


def _concerns_shared(share_with: list[str], **fields: object) -> Caseload:
    caseload = full_caseload()
    for concern in list(caseload.concerns.values()):
        caseload.put(concern.model_copy(update={"share_with": share_with, **fields}))
    return caseload


def test_a_concern_shared_with_parents_appears_in_the_parents_copy_only(tmp_path: Path) -> None:
    caseload = full_caseload()
    behaviour = caseload.concerns["cnc-beh"].model_copy(update={"share_with": ["parent"]})
    caseload.put(behaviour)
    parent = export_note(caseload, PUPIL, "parent", tmp_path / "parent.docx", TODAY)
    provider = export_note(caseload, PUPIL, "provider", tmp_path / "provider.docx", TODAY)
    assert OPEN_BEHAVIOUR_TEXT in _words(parent.path)
    assert OPEN_BEHAVIOUR_TEXT not in _words(provider.path)
    shared = next(i for i in parent.items if i.record_id == "cnc-beh")
    assert shared.carried and shared.reason == "shared with the parents on purpose"
    assert any(i.record_id == "cnc-beh" for i in provider.held)


@pytest.mark.parametrize("audience", SHARED)
def test_a_safeguarding_or_confidential_concern_never_goes_whatever_it_was_shared_with(
    audience: str, tmp_path: Path
) -> None:
    caseload = _concerns_shared(["provider", "parent"])
    written = export_note(caseload, PUPIL, audience, tmp_path / f"{audience}.docx", TODAY)
    words = _words(written.path)
    assert SAFEGUARDING_TEXT not in words
    assert CONFIDENTIAL_WELLBEING_TEXT not in words
    assert OPEN_BEHAVIOUR_TEXT in words  # shared on purpose, and neither
    never = {i.record_id for i in written.held if i.kind == "concern"}
    assert never == {"cnc-safe", "cnc-well"}


def test_the_preview_lists_what_the_note_decides(tmp_path: Path) -> None:
    caseload = _with_states()
    for audience in SHARED:
        listed = note_items(caseload, PUPIL, audience, TODAY)
        written = export_note(caseload, PUPIL, audience, tmp_path / f"{audience}.docx", TODAY)
        assert listed == written.items
    assert note_items(caseload, PUPIL, "school", TODAY) == []


# --- choosing in the preview ---------------------------------------------------------------


def _item(caseload: Caseload, audience: str, text: str) -> ReleaseItem:
    return next(i for i in note_items(caseload, PUPIL, audience, TODAY) if i.text == text)


def test_releasing_and_keeping_land_on_the_item_chosen() -> None:
    caseload = _with_states()
    held = _item(caseload, "parent", OTHER_HARM)
    released = choose(caseload, held, "parent", "all")
    assert released.record is not None and not released.ask_confidential
    assert share_of(released.record, held.field, held.index) == "all"
    caseload.put(released.record)
    assert _item(caseload, "parent", OTHER_HARM).carried
    assert _item(caseload, "provider", OTHER_HARM).carried  # a text's state is for both copies

    fine = _item(caseload, "provider", BENIGN)
    kept = choose(caseload, fine, "provider", "school")
    assert kept.record is not None
    caseload.put(kept.record)
    assert not _item(caseload, "provider", BENIGN).carried
    # Back to the lexicon, which lets it go again.
    automatic = choose(caseload, _item(caseload, "provider", BENIGN), "provider", None)
    assert automatic.record is not None
    caseload.put(automatic.record)
    assert _item(caseload, "provider", BENIGN).carried


def test_choices_that_change_nothing_say_so() -> None:
    caseload = _with_states()
    fine = _item(caseload, "parent", BENIGN)
    assert choose(caseload, fine, "parent", "all").record is None  # it goes already
    kept = _item(caseload, "parent", KEPT)
    assert choose(caseload, kept, "parent", "school").sentence == "It is kept in school already."


def test_a_concern_is_released_to_one_audience_and_a_safeguarding_one_never() -> None:
    caseload = full_caseload()
    behaviour = next(
        i for i in note_items(caseload, PUPIL, "provider", TODAY) if i.record_id == "cnc-beh"
    )
    shared = choose(caseload, behaviour, "provider", "all")
    assert shared.record is not None
    assert getattr(shared.record, "share_with", None) == ["provider"]

    safe = next(
        i for i in note_items(caseload, PUPIL, "parent", TODAY) if i.record_id == "cnc-safe"
    )
    refused = choose(caseload, safe, "parent", "all", confidential_off=True)
    assert refused.record is None and refused.sentence == NEVER_SHARED

    wellbeing = next(
        i for i in note_items(caseload, PUPIL, "parent", TODAY) if i.record_id == "cnc-well"
    )
    asked = choose(caseload, wellbeing, "parent", "all")
    assert asked.record is None and asked.ask_confidential
    agreed = choose(caseload, wellbeing, "parent", "all", confidential_off=True)
    assert agreed.record is not None
    assert getattr(agreed.record, "confidential", None) is False


def test_the_agreed_plan_cannot_be_kept_in_school_from_the_preview() -> None:
    caseload = full_caseload()
    plan = caseload.placements["plc-jb"].model_copy(
        update={"focus": "Keep him away from the police"}
    )
    caseload.put(plan)
    focus = next(i for i in note_items(caseload, PUPIL, "parent", TODAY) if i.kind == "focus")
    said = choose(caseload, focus, "parent", "school")
    assert said.record is None and said.sentence == PLAN_GOES
