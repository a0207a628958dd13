"""Released, not filtered: every kind of free text a shared copy could carry, for every
category of harm the lexicon knows, left in its automatic state, is absent from every part
of the provider's and the parent's .docx, present in the school's, and listed there as held
back with the reason. Ordinary text goes to the shared copies; the lead's choices win."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from builders import TODAY, make_contact
from export_fixtures import all_text, full_caseload, package_parts, table_with_header
from lexicon_cases import MUST_HOLD

from alp_tui.caseload import Caseload
from alp_tui.demo import demo_caseload
from alp_tui.lexicon import categories
from alp_tui.models import Action, Progress
from exports import build_note, compose_note, export_note, release, share_decision
from exports.release import KEPT_IN_SCHOOL, NOTHING_OF_THE_KIND, RELEASED

PUPIL = "pup-jb"
SHARED = ("provider", "parent")
# Each kind of free text, as the field's text is written below (`{}` is the phrase).
FIELDS: dict[str, str] = {
    "progress": "Progress: {}",
    "action": "Action: {}",
    "summary": "Summary: {}",
    "pupil_voice": "Voice: {}",
    "welcome_plan": "Welcome: {}",
    "pupil_views": "Views: {}",
    "strategies": "Strategy: {}",
    "phases": "Phase: {}",
}
CALL_DAY = date(2026, 11, 25)


def _with_everywhere(phrase: str, *, concerns: bool = False) -> Caseload:
    """Jordan's caseload with `phrase` in every kind of free text a shared copy carries."""
    caseload = full_caseload()
    if not concerns:
        for concern_id in list(caseload.concerns):
            caseload.remove("concerns", concern_id)
    note = FIELDS["progress"].format(phrase)
    action = Action(text=FIELDS["action"].format(phrase), owner="Dee Mason", due=date(2026, 12, 4))
    caseload.put(
        make_contact(
            "plc-jb",
            id="con-x",
            on=CALL_DAY,
            progress=[Progress(target_id="tgt-unit", rating=4, note=note)],
            actions=[action],
            summary=FIELDS["summary"].format(phrase),
            pupil_voice=FIELDS["pupil_voice"].format(phrase),
        )
    )
    plan = caseload.transition_of("plc-jb")
    assert plan is not None
    plan = plan.model_copy(deep=True)
    plan.welcome_plan = FIELDS["welcome_plan"].format(phrase)
    plan.pupil_views = FIELDS["pupil_views"].format(phrase)
    plan.strategies.append(FIELDS["strategies"].format(phrase))
    plan.phases[0].note = FIELDS["phases"].format(phrase)
    caseload.put(plan)
    return caseload


def _words(path: Path) -> list[tuple[str, str, str]]:
    """(part, raw XML, words) of every XML part of a saved note."""
    return [(name, raw, words) for name, (raw, words) in package_parts(path).items()]


@pytest.mark.parametrize("category", [c.name for c in categories()])
def test_each_category_in_each_kind_of_text_stays_in_the_school(
    category: str, tmp_path: Path
) -> None:
    phrase = MUST_HOLD[category][0]
    caseload = _with_everywhere(phrase)
    for audience in SHARED:
        written = export_note(caseload, PUPIL, audience, tmp_path / f"{audience}.docx", TODAY)
        for name, raw, words in _words(written.path):
            assert phrase.lower() not in words.lower(), (audience, name)
            assert html.escape(phrase) not in raw, (audience, name)
        held = {item.kind for item in written.held}
        assert held == set(FIELDS), audience
    note = compose_note(caseload, PUPIL, "school", TODAY)
    text = all_text(note.document)
    for field in FIELDS.values():
        assert field.format(phrase) in text
    listed = {s.item.kind: s for s in note.shared if s.held_from}
    assert set(listed) == set(FIELDS)
    for shared in listed.values():
        assert shared.held_from == SHARED
        assert shared.item.match is not None and shared.item.match.category == category
    # The school's copy shows each of them, and why, under its own heading.
    rows = table_with_header(note.document, ("Item", "Held back from", "Why")).rows[1:]
    mentions = next(c.mentions for c in categories() if c.name == category)
    assert len(rows) == len(FIELDS)
    assert all(f"mentions {mentions}" in row.cells[2].text for row in rows)


BENIGN = {
    "progress": "Laid his first straight course of bricks",
    "action": "Swept up and put the tools away each afternoon",
    "summary": "Punched the pads with real focus after a tough round",
    "pupil_voice": "I beat him at pool",
    "welcome_plan": "Meet his form tutor at the gate on the first morning",
    "pupil_views": "Wants to keep doing the practical work",
    "strategies": "Let him cut the timber to length himself",
    "phases": "Three days in school, two at the workshop",
}


def test_ordinary_text_in_every_kind_of_field_goes_to_the_shared_copies(tmp_path: Path) -> None:
    caseload = _with_everywhere("x")
    contact = caseload.contacts["con-x"].model_copy(deep=True)
    contact.progress[0].note = BENIGN["progress"]
    contact.actions[0].text = BENIGN["action"]
    contact.summary, contact.pupil_voice = BENIGN["summary"], BENIGN["pupil_voice"]
    caseload.put(contact)
    plan = caseload.transition_of("plc-jb")
    assert plan is not None
    plan = plan.model_copy(deep=True)
    plan.welcome_plan, plan.pupil_views = BENIGN["welcome_plan"], BENIGN["pupil_views"]
    plan.strategies[-1] = BENIGN["strategies"]
    plan.phases[0].note = BENIGN["phases"]
    caseload.put(plan)
    for audience in SHARED:
        written = export_note(caseload, PUPIL, audience, tmp_path / f"{audience}.docx", TODAY)
        words = " ".join(w for _, _, w in _words(written.path))
        for kind, text in BENIGN.items():
            assert text in words, (audience, kind)
        assert written.held == []
        assert {i.kind for i in written.items} >= set(BENIGN)
        assert all(i.reason == NOTHING_OF_THE_KIND for i in written.items if i.kind in BENIGN)


# --- the decision ------------------------------------------------------------------------------


def test_the_decision_takes_the_saved_state_none_meaning_automatic() -> None:
    harm = "domestic violence at home"
    automatic = share_decision(None, harm)
    assert not automatic.carried
    assert automatic.reason == 'it mentions domestic abuse ("domestic violence")'
    assert share_decision(None, "Good week").carried
    # The lead's choice wins over the lexicon both ways.
    assert share_decision("all", harm).carried and share_decision("all", harm).reason == RELEASED
    kept = share_decision("school", "Good week")
    assert not kept.carried and kept.reason == KEPT_IN_SCHOOL
    with pytest.raises(ValueError, match="not a sharing state"):
        share_decision("everyone", "Good week")


def test_the_leads_choices_are_honoured_item_by_item() -> None:
    caseload = _with_everywhere("Spoke to the DSL")
    choices = {
        ("contacts", "con-x", "summary", None): "all",  # released though it mentions the DSL
        ("contacts", "con-x", "pupil_voice", None): "school",  # kept though it reads fine
    }
    contact = caseload.contacts["con-x"].model_copy(deep=True)
    contact.pupil_voice = "I like it here"
    caseload.put(contact)
    copy = release(caseload, PUPIL, "parent", choices=choices)  # type: ignore[arg-type]
    shown = copy.caseload.contacts["con-x"]
    assert shown.summary == "Summary: Spoke to the DSL"
    assert shown.pupil_voice is None
    by_kind = {i.kind: i for i in copy.items if i.record_id == "con-x"}
    assert (by_kind["summary"].carried, by_kind["summary"].reason) == (True, RELEASED)
    assert by_kind["summary"].state == "all"
    assert (by_kind["pupil_voice"].carried, by_kind["pupil_voice"].reason) == (
        False,
        KEPT_IN_SCHOOL,
    )
    # Everything else is still automatic.
    assert not by_kind["action"].carried and by_kind["action"].state is None


def test_the_list_holds_only_what_the_note_would_print() -> None:
    caseload = _with_everywhere("Spoke to the DSL")
    # The same words on a call long before the period, and its done action.
    old = make_contact("plc-jb", id="con-old", on=date(2026, 9, 11), summary="The DSL rang",
                       actions=[Action(text="Tell the DSL", done=True)])  # fmt: skip
    caseload.put(old)
    listed = release(caseload, PUPIL, "provider", periods=None).items
    assert any(i.record_id == "con-old" for i in listed)  # with no period, every item
    written = compose_note(caseload, PUPIL, "provider", TODAY)
    assert all(i.record_id != "con-old" for i in written.items)


# --- another provider --------------------------------------------------------------------------


def test_a_providers_copy_holds_back_text_that_names_another_of_the_pupils_providers(
    tmp_path: Path,
) -> None:
    caseload = demo_caseload(TODAY)
    # Kai's boxing mentor talks about his other placement, at Sandford Motor Mechanics.
    assert any(
        "Sandford" in (c.summary or "")
        for p in caseload.placements_of("pu-kai")
        if p.provider_id == "pr-northside"
        for c in caseload.contacts_of(p.id)
    )
    written = export_note(caseload, "pu-kai", "provider", tmp_path, TODAY,
                          provider_id="pr-northside")  # fmt: skip
    for name, _, words in _words(written.path):
        assert "sandford" not in words.lower(), name
        assert "Mick" not in words, name
    held = [i for i in written.held if i.kind == "summary"]
    assert held and all(i.reason == "it names another of the pupil's providers" for i in held)
    # The family's letter covers both placements, so it may name both.
    parent = all_text(build_note(caseload, "pu-kai", "parent", TODAY))
    assert "Set a goal about getting to Sandford on time" in parent


def test_the_pupils_words_are_held_with_a_held_summary_of_the_same_call(tmp_path: Path) -> None:
    """On their own the words read fine, but beside a held account of the call they tell
    its story: in the automatic state they are held with it, and released only on purpose."""
    caseload = _with_everywhere("x")
    contact = caseload.contacts["con-x"].model_copy(deep=True)
    contact.summary = "Went missing from the site for two hours; police informed"
    contact.pupil_voice = "I just went to the shop."
    caseload.put(contact)
    for audience in SHARED:
        written = export_note(caseload, PUPIL, audience, tmp_path / f"{audience}.docx", TODAY)
        words = " ".join(w for _, _, w in _words(written.path))
        assert "I just went to the shop." not in words, audience
        assert "police informed" not in words, audience
        voice = next(i for i in written.held if i.kind == "pupil_voice")
        assert voice.reason.startswith("said on a call whose summary is held back, which ")
    # A summary the lead released, or one that reads fine, does not hold the words back.
    released = {("contacts", "con-x", "summary", None): "all"}
    copy = release(caseload, PUPIL, "parent", choices=released)  # type: ignore[arg-type]
    assert copy.caseload.contacts["con-x"].pupil_voice == "I just went to the shop."
    contact.summary = "Laid a straight course of bricks"
    caseload.put(contact)
    copy = release(caseload, PUPIL, "parent")
    assert copy.caseload.contacts["con-x"].pupil_voice == "I just went to the shop."
    # The lead may still release the words on their own.
    contact.summary = "Went missing from the site for two hours; police informed"
    caseload.put(contact)
    voice_out = {("contacts", "con-x", "pupil_voice", None): "all"}
    copy = release(caseload, PUPIL, "provider", choices=voice_out)  # type: ignore[arg-type]
    shown = copy.caseload.contacts["con-x"]
    assert (shown.summary, shown.pupil_voice) == (None, "I just went to the shop.")
