"""The sharing state saved on each piece of free text: read and set in one place, a concern
shared with one audience on purpose (never a safeguarding one; a confidential one only once
Confidential is taken off), a release lapsing when its words change, and the question a
concern that reads like harm asks."""

from __future__ import annotations

from datetime import date

import pytest
from builders import make_concern, make_contact, make_transition

from alp_tui.models import (
    Action,
    Contact,
    ContactShares,
    Phase,
    Progress,
    Share,
    Transition,
    TransitionShares,
)
from alp_tui.sharing import (
    NEVER_SHARED,
    SharingError,
    lapsed_releases,
    released_for_the_same_words,
    safeguarding_question,
    share_of,
    with_concern_shared,
    with_share,
)


def _contact() -> Contact:
    return make_contact(
        "plc-1",
        id="con-1",
        progress=[Progress(target_id="tgt-1", rating=3, note="Laid bricks")],
        actions=[Action(text="Order boots"), Action(text="Ring home")],
        summary="Good week",
        pupil_voice="I liked it",
    )


@pytest.mark.parametrize(
    ("field", "index"),
    [("progress", 0), ("actions", 1), ("summary", None), ("pupil_voice", None)],
)
def test_each_kind_of_contact_text_keeps_its_own_state(field: str, index: int | None) -> None:
    contact = _contact()
    assert share_of(contact, field, index) is None
    kept = with_share(contact, field, index, "school")
    assert share_of(kept, field, index) == "school"
    assert contact == _contact()  # a copy: the record read from the store is untouched
    every = [("progress", 0), ("actions", 0), ("actions", 1), ("summary", None),
             ("pupil_voice", None)]  # fmt: skip
    others = [(f, i) for f, i in every if (f, i) != (field, index)]
    assert all(share_of(kept, f, i) is None for f, i in others)
    back = with_share(kept, field, index, None)
    assert share_of(back, field, index) is None
    assert back.shares is None  # no empty shares object left behind
    assert back == contact


def test_a_transition_list_is_one_item() -> None:
    plan = make_transition(
        "plc-1", id="tr-1", strategies=["Short steps", "A quiet room"],
        phases=[Phase(start=date(2027, 1, 4), school_hours=15, alp_hours=10, note="Mornings")],
    )  # fmt: skip
    released = with_share(plan, "strategies", None, "all")
    assert isinstance(released, Transition)
    assert released.share_of("strategies") == "all"
    assert released.share_of("phases") is None
    assert with_share(released, "strategies", None, None).shares is None


def test_a_text_without_a_state_of_its_own_is_refused_in_a_sentence() -> None:
    with pytest.raises(SharingError, match="no sharing state"):
        with_share(_contact(), "provider_staff", None, "school")
    with pytest.raises(SharingError, match="no longer in the contact"):
        with_share(_contact(), "actions", 5, "school")


def test_a_concern_is_shared_with_one_audience_at_a_time() -> None:
    concern = make_concern("pu-1", category="attendance", description="Late twice")
    to_parents = with_concern_shared(concern, "parent", True)
    assert to_parents.share_with == ["parent"]
    assert to_parents.is_shared_with("parent") and not to_parents.is_shared_with("provider")
    both = with_concern_shared(to_parents, "provider", True)
    assert both.share_with == ["provider", "parent"]
    assert with_concern_shared(both, "parent", False).share_with == ["provider"]
    with pytest.raises(SharingError, match="provider or the parents"):
        with_concern_shared(concern, "school", True)


def test_a_safeguarding_concern_is_never_shared() -> None:
    concern = make_concern("pu-1", category="safeguarding", description="Left site")
    with pytest.raises(SharingError) as refused:
        with_concern_shared(concern, "parent", True, confidential_off=True)
    assert str(refused.value) == NEVER_SHARED


def test_a_confidential_concern_is_shared_only_once_confidential_comes_off() -> None:
    concern = make_concern("pu-1", category="wellbeing", description="Low", confidential=True)
    with pytest.raises(SharingError, match="take Confidential off"):
        with_concern_shared(concern, "provider", True)
    shared = with_concern_shared(concern, "provider", True, confidential_off=True)
    assert shared.confidential is False and shared.is_shared_with("provider")


def test_a_release_is_for_the_words_the_lead_read() -> None:
    before: list[tuple[str | None, Share | None]] = [("Seen by the police", "all")]
    assert released_for_the_same_words("all", "Seen by the police", before) == "all"
    assert released_for_the_same_words("all", "  Seen by  the police ", before) == "all"
    assert released_for_the_same_words("all", "Seen by the police again", before) is None
    assert released_for_the_same_words("all", "Seen by the police", [("x", None)]) is None
    # Keeping in school always stands, whatever the words become.
    assert released_for_the_same_words("school", "anything", []) == "school"
    assert released_for_the_same_words(None, "anything", before) is None


def test_a_concern_that_reads_like_harm_asks_whether_it_is_safeguarding() -> None:
    question = safeguarding_question("wellbeing", "Bruises on her arms", None)
    assert question is not None
    assert question.startswith("This concern mentions physical abuse")
    assert "Is it a safeguarding concern?" in question
    assert safeguarding_question("safeguarding", "Bruises on her arms") is None
    assert safeguarding_question("behaviour", "Lost his temper in sparring") is None


def test_shares_saved_on_the_models_read_back() -> None:
    contact = _contact().model_copy(update={"shares": ContactShares(pupil_voice="school")})
    assert share_of(contact, "pupil_voice") == "school"
    assert share_of(contact, "summary") is None


def test_a_transition_release_lapses_when_its_words_change() -> None:
    plan = make_transition(
        "plc-1", id="tr-1", welcome_plan="Police liaison meets him", strategies=["Short steps"],
        shares=TransitionShares(welcome_plan="all", strategies="all", pupil_views="school"),
    )  # fmt: skip
    assert lapsed_releases(plan, plan) == plan
    edited = plan.model_copy(update={"welcome_plan": "Police liaison meets him at the gate"})
    after = lapsed_releases(plan, edited)
    assert after.share_of("welcome_plan") is None  # new words: the lexicon decides again
    assert after.share_of("strategies") == "all"  # unchanged words keep the release
    assert after.share_of("pupil_views") == "school"
    assert lapsed_releases(None, plan).share_of("strategies") is None  # a new plan
