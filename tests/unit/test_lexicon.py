"""The safeguarding lexicon, measured from both sides: what a provider might say on the phone
about harm must be held (every category, every phrase), and ordinary progress talk must pass
(every phrase). The rates are printed with `-s` and asserted exactly."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from lexicon_cases import MUST_HOLD, MUST_PASS

from alp_tui.lexicon import (
    LexiconError,
    categories,
    first_harm,
    load,
    normalise,
    reads_like_harm,
)


def test_every_category_has_phrases_to_catch() -> None:
    names = [c.name for c in categories()]
    assert names == list(MUST_HOLD)
    # The categories the guidance names are all there.
    for needed in (
        "physical abuse", "emotional abuse", "sexual abuse", "neglect", "child-on-child abuse",
        "domestic abuse", "exploitation", "going missing", "self-harm and suicide",
        "substance misuse", "FGM", "forced marriage and honour-based abuse", "radicalisation",
        "online harm", "safeguarding agencies and processes",
    ):  # fmt: skip
        assert needed in names
    assert all(len(phrases) >= 4 for phrases in MUST_HOLD.values())


def _catch_rates() -> dict[str, tuple[int, int, list[str]]]:
    rates = {}
    for category, phrases in MUST_HOLD.items():
        missed = [p for p in phrases if (m := reads_like_harm(p)) is None or m.category != category]
        rates[category] = (len(phrases) - len(missed), len(phrases), missed)
    return rates


def test_each_category_is_fully_caught(capsys: pytest.CaptureFixture[str]) -> None:
    rates = _catch_rates()
    caught = sum(c for c, _, _ in rates.values())
    total = sum(n for _, n, _ in rates.values())
    with capsys.disabled():
        print(f"\nlexicon catch rate: {caught}/{total} = {caught / total:.1%}")
    assert {k: missed for k, (_, _, missed) in rates.items() if missed} == {}


def test_the_benign_list_fully_passes(capsys: pytest.CaptureFixture[str]) -> None:
    held = {p: m.reason for p in MUST_PASS if (m := reads_like_harm(p)) is not None}
    with capsys.disabled():
        print(f"\nlexicon false-hold rate: {len(held)}/{len(MUST_PASS)} = "
              f"{len(held) / len(MUST_PASS):.1%}")  # fmt: skip
    assert held == {}


# --- what the match says ---------------------------------------------------------------------


def test_the_match_names_its_category_and_the_words_as_written() -> None:
    found = reads_like_harm("Ongoing Domestic Violence at home")
    assert found is not None
    assert (found.category, found.phrase) == ("domestic abuse", "Domestic Violence")
    assert found.reason == 'mentions domestic abuse ("Domestic Violence")'
    hit = reads_like_harm("mum's boyfriend hits her; children's services informed")
    assert hit is not None and hit.phrase == "hits her"
    assert hit.reason == 'mentions physical abuse ("hits her")'


def test_the_first_match_in_the_text_is_the_one_reported() -> None:
    found = reads_like_harm("bruises on her arms; mum's boyfriend hits her; children's services")
    assert found is not None and (found.category, found.phrase) == ("physical abuse", "bruises")
    # Where two entries begin at one word, the longer wins: domestic abuse, not abuse.
    longer = reads_like_harm("Domestic abuse")
    assert longer is not None and longer.category == "domestic abuse"


@pytest.mark.parametrize(
    "text",
    [
        "self harm",
        "self-harm",
        "selfharm",
        "Self - Harm",
        "SELF  HARM",
        "self-harming",
        "self‐harm",
    ],
)
def test_spacing_hyphens_and_case_do_not_matter(text: str) -> None:
    found = reads_like_harm(text)
    assert found is not None and found.category == "self-harm and suicide"


@pytest.mark.parametrize(
    "text",
    ["children's services", "children’s services", "childrens services", "CHILDREN'S SERVICES"],
)
def test_apostrophes_do_not_matter(text: str) -> None:
    found = reads_like_harm(text)
    assert found is not None and found.category == "safeguarding agencies and processes"


@pytest.mark.parametrize("word", ["bruise", "bruises", "bruised", "bruising", "bruses", "brusing"])
def test_word_forms_and_misspellings(word: str) -> None:
    found = reads_like_harm(f"A {word} on his leg")
    assert found is not None and found.phrase == word


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("hit him", True),
        ("hits her;", True),
        ("hits her when he's drunk", True),
        ("hit her sister", True),
        ("hit her with a lead", True),
        ("dad hits", True),
        ("hit one of the younger children", True),
        ("hit his target", False),
        ("hit her target", False),
        ("hit the target. Her mum was pleased", False),  # a sentence ends between
        ("hit it off", False),
    ],
)
def test_hit_needs_a_person_hit(text: str, held: bool) -> None:
    assert (reads_like_harm(text) is not None) is held


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("cuts on her arms", True),
        ("her arms had cuts", True),
        ("cutting herself", True),
        ("cut the timber to length", False),
        ("cut his hand on the saw", False),
        ("cut back on the hours", False),
    ],
)
def test_cut_needs_a_place_on_the_body(text: str, held: bool) -> None:
    assert (reads_like_harm(text) is not None) is held


def test_nothing_or_blank_reads_like_nothing() -> None:
    assert reads_like_harm(None) is None
    assert reads_like_harm("") is None
    assert reads_like_harm("   \n") is None
    assert first_harm([None, "", "Good week"]) is None
    found = first_harm(["Good week", "Spoke to the DSL"])
    assert found is not None and found.phrase == "DSL"


def test_normalised_words() -> None:
    assert normalise("Self-Harm’s marks; s.47 (CP)") == ["self", "harms", "marks", "s47", "cp"]


# --- the data file -----------------------------------------------------------------------------


def _data() -> dict:
    text = resources.files("alp_tui").joinpath("lexicon.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_the_data_file_says_for_each_entry_its_category() -> None:
    data = _data()
    for category in data["categories"]:
        assert category["name"] and category["mentions"] and category["entries"]
    assert sum(c.entries for c in categories()) == sum(
        len(c["entries"]) for c in data["categories"]
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda d: d["categories"][0]["entries"].append({"match": "x", "object": ["@nobody"]}),
            "no class 'nobody'",
        ),
        (
            lambda d: d["categories"][0]["entries"].append({"match": "x", "colour": "red"}),
            "unknown ['colour']",
        ),
        (lambda d: d["categories"][0]["entries"].append("(maybe) word"), "cannot begin"),
        (lambda d: d["classes"].pop("skip"), "lacks the classes skip"),
        (lambda d: d["categories"][0].pop("mentions"), "needs a name"),
    ],
)
def test_a_broken_data_file_is_refused_saying_where(change, words: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(LexiconError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load(data)


# --- the demo caseload's own free text ---------------------------------------------------------

# Read one by one: the demo's free texts that are about harm. Everything else the demo staff
# typed (a term of summaries, progress notes, the pupils' words, actions, welcome plans,
# strategies, phase notes) is ordinary, and holding any of it is a false hold. Mason's
# safety plan ("Keep Mason on site at lunch with a named adult") is what the provider runs,
# and reads as no harm in itself.
DEMO_ABOUT_HARM = {
    "DSL to update Leon after the strategy meeting",
    "Left site at lunch this week",
    "Mason left site at lunchtime on Tuesday without permission. Reported to the DSL the same "
    "day (see concerns).",
}


def _demo_free_texts() -> list[str]:
    from pinned import TODAY

    from alp_tui.demo import demo_caseload

    caseload = demo_caseload(TODAY)
    texts: list[str | None] = []
    for contact in caseload.contacts.values():
        texts += [contact.summary, contact.pupil_voice]
        texts += [p.note for p in contact.progress] + [a.text for a in contact.actions]
    for plan in caseload.transitions.values():
        texts += [plan.welcome_plan, plan.pupil_views, *plan.strategies]
        texts += [phase.note for phase in plan.phases]
    return [t for t in texts if t]


def test_the_demo_caseloads_free_text(capsys: pytest.CaptureFixture[str]) -> None:
    texts = _demo_free_texts()
    assert set(texts) >= DEMO_ABOUT_HARM  # the list names texts the demo really holds
    held = [t for t in texts if reads_like_harm(t) is not None]
    benign = [t for t in texts if t not in DEMO_ABOUT_HARM]
    false_holds = [t for t in held if t not in DEMO_ABOUT_HARM]
    missed = {t for t in texts if t in DEMO_ABOUT_HARM and t not in held}
    with capsys.disabled():
        rate = len(false_holds) / len(benign)
        print(
            f"\ndemo free texts: {len(texts)} ({len(set(texts))} different); about harm "
            f"{len(texts) - len(benign)}, held {len(held)}; false-hold rate "
            f"{len(false_holds)}/{len(benign)} = {rate:.1%}"
        )
    assert false_holds == []
    assert missed == set()
