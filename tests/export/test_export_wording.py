"""The parents' letter in plain words: actions as sentences (who will do what by when),
owners named as people, abbreviations and hours spelt out."""

from __future__ import annotations

from datetime import date

import pytest
from builders import TODAY as PINNED
from export_fixtures import all_text, full_caseload, table_with_header

from alp_tui.models import Action, Staff
from exports import build_note
from exports.wording import action_sentence, owner_words, plain_words

TODAY = date(2026, 11, 27)
AGREED = date(2026, 11, 20)
SCHOOL = "Kingsmead Academy"


@pytest.mark.parametrize(
    ("action", "carried_over", "sentence"),
    [
        (Action(text="Ring mum about Thursday", owner="Mrs Patel", due=date(2026, 12, 4)), False,
         "Mrs Patel will ring mum about Thursday by 04/12/2026."),
        (Action(text="Send the strategies", owner="H Lewis", done=True), False,
         "H Lewis agreed to send the strategies, and has done so."),
        (Action(text="Home visit about the absences", owner="J Fletcher",
                due=date(2026, 12, 1)), False,
         "Home visit about the absences: J Fletcher will see to this by 01/12/2026."),
        (Action(text="Bring his boots on Tuesday", owner="mum", due=date(2026, 12, 1)), False,
         "You will bring his boots on Tuesday by 01/12/2026."),
        (Action(text="Book the hearing test", owner="apatel", due=date(2026, 11, 20)), True,
         "Someone at Kingsmead Academy will book the hearing test. This was agreed on "
         "20/11/2026, due by 20/11/2026, and is not done yet."),
        (Action(text="Check the bus pass", due=date(2026, 12, 10)), True,
         "Someone at Kingsmead Academy will check the bus pass by 10/12/2026. This was agreed "
         "on 20/11/2026 and is not done yet."),
    ],
)  # fmt: skip
def test_actions_read_as_sentences(action: Action, carried_over: bool, sentence: str) -> None:
    said = action_sentence(action, SCHOOL, AGREED, carried_over, action.text, TODAY)
    assert said == sentence
    assert "to do" not in said and "—" not in said


@pytest.mark.parametrize(
    ("owner", "words"),
    [("Gary Whitmore", "Gary Whitmore"), ("Dad", "You"), ("r.patel2", "Someone at X"),
     (None, "Someone at X"), ("  ", "Someone at X")],
)  # fmt: skip
def test_owners_are_named_as_people_never_by_login(owner: str | None, words: str) -> None:
    assert owner_words(owner, "X") == words


def test_abbreviations_and_hours_are_spelt_out() -> None:
    assert plain_words("SENCo and the LA agreed 12h a week, not 24.5 hrs") == (
        "special educational needs coordinator and the local authority agreed 12 hours a week, "
        "not 24.5 hours"
    )


STAFF = [Staff(user="dmason", name="Ms D Mason", role="Provider link")]


def test_a_login_the_settings_know_is_named_as_the_person() -> None:
    assert owner_words("dmason", "X", STAFF) == "Ms D Mason"
    assert owner_words("DMason ", "X", STAFF) == "Ms D Mason"
    assert owner_words("r.patel2", "X", STAFF) == "Someone at X"


def test_the_letter_and_the_schools_table_name_an_owner_typed_as_a_login() -> None:
    caseload = full_caseload()
    caseload.meta = caseload.meta.model_copy(update={"staff": STAFF})
    for contact in list(caseload.contacts.values()):
        if any(a.owner == "Dee Mason" for a in contact.actions):
            actions = [a.model_copy(update={"owner": "dmason"}) for a in contact.actions]
            caseload.contacts[contact.id] = contact.model_copy(update={"actions": actions})
    caseload.invalidate()
    letter = all_text(build_note(caseload, "pup-jb", "parent", PINNED))
    assert "Ms D Mason will send the unit paperwork by 30/11/2026." in letter
    assert "dmason" not in letter and "Provider link" not in letter
    school = build_note(caseload, "pup-jb", "school", PINNED)
    table = table_with_header(school, ("Action", "Who", "By", "Progress"))
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert ["Send the unit paperwork", "Ms D Mason (Provider link)", "30/11/2026", "to do"] in rows
