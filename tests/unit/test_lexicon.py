"""The safeguarding lexicon, measured from both sides: what a provider might say on the phone
about harm must be held (every category, every phrase), and ordinary progress talk must pass
(every phrase). The rates are printed with `-s` and asserted exactly."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from alp_tui.lexicon import (
    LexiconError,
    categories,
    first_harm,
    load,
    normalise,
    reads_like_harm,
)

# What a provider, a parent or a pupil might say, as staff would type it, by the category it
# must be held under.
MUST_HOLD: dict[str, list[str]] = {
    "physical abuse": [
        "bruises on her arms",
        "Came in with bruising on his upper arm",
        "Fingertip brusing on her wrist",
        "mum's boyfriend hits her",
        "Said his dad hit him with a belt",
        "was punched by his stepdad at the weekend",
        "Has a black eye and won't say how",
        "Marks on his neck he would not explain",
        "Says she gets smacked at home",
        "Cigarette burns on his forearm",
        "Grabbed her by the throat",
        "beat him up on the way home",
        "non-accidental injury queried by the nurse",
    ],
    "emotional abuse": [
        "Dad calls him worthless",
        "She is terrified of her stepdad",
        "Says she is scared of her mum's boyfriend",
        "Constantly belittled at home",
        "Locked in his bedroom as a punishment",
        "Emotionally abusive relationship with his father",
        "Her dad threatened her last night",
    ],
    "sexual abuse": [
        "Her uncle touched her",
        "Inappropriate touching by an older cousin",
        "Sexually assaulted at a party",
        "An older man has been grooming him",
        "Said she was raped",
        "Sexualised behaviour in the group",
        "Has been having sex with a 19-year-old",
    ],
    "neglect": [
        "No food in the house again",
        "Wearing the same clothes all week",
        "Often left home alone overnight",
        "Comes in hungry every morning",
        "Head lice untreated for weeks",
        "Signs of neglect",
        "Poor hygiene noticed by staff",
        "Untreated toothache for a month",
    ],
    "child-on-child abuse": [
        "Being bullied by older pupils",
        "Cyber-bullying on Snapchat",
        "Upskirting in the changing rooms",
        "Ganged up on at the bus stop",
        "Got jumped after school",
        "Sexual harassment from boys in his class",
        "Racist comments from another pupil",
    ],
    "domestic abuse": [
        "domestic violence at home",
        "Mum has a non-molestation order",
        "DV at home over the weekend",
        "Mum and the children are in a refuge",
        "Coercive control by dad",
        "Witnessed violence between mum and her partner",
        "MARAC next week",
        "Operation Encompass notification this morning",
        "Mum has a non mol order against dad",
    ],
    "exploitation": [
        "Possible county lines involvement",
        "Seen getting into cars with older youths",
        "At risk of CSE",
        "Criminal exploitation screening done",
        "Turned up with unexplained cash",
        "Cuckooing at the flat",
        "Owes a drug debt",
        "Thinks he is being exploited",
    ],
    "serious violence": [
        "Was carrying a knife",
        "Threatened with a machete",
        "His cousin was stabbed near the shops",
        "Brought a blade into the workshop",
        "Found a knife in his bag",
    ],
    "going missing": [
        "Went missing overnight",
        "Reported missing by his mum",
        "Ran away from home on Saturday",
        "Absconded from his foster placement",
        "Missing from care since Friday",
        "Did not come home until 3am",
        "Would not say where he had been",
        "Left site at lunchtime on Tuesday without permission",
    ],
    "self-harm and suicide": [
        "self-harm marks seen",
        "self harm",
        "Selfharm again",
        "Cuts on her arms",
        "Talked about suicide",
        "Said he wants to kill himself",
        "Overdosed last week",
        "Has been having suicidal thoughts",
        "She has been cutting herself",
        "sucidal",
        "Says she wants to die",
    ],
    "substance misuse": [
        "Smelt of weed when he arrived",
        "Smoking cannabis at lunch",
        "Came in drunk",
        "Drinking vodka in the park",
        "Under the influence on Monday",
        "Taking ket with friends",
        "Said he takes drugs at weekends",
    ],
    "FGM": [
        "FGM risk flagged",
        "Female genital mutilation",
        "Worried about female circumcision on the trip",
        "Breast ironing mentioned",
    ],
    "forced marriage and honour-based abuse": [
        "Worried about a forced marriage",
        "Being forced to marry her cousin",
        "Honour-based violence",
        "So-called honour",
        "Family honour is at stake",
        "HBA risk",
        "To be married off in the summer",
    ],
    "radicalisation": [
        "Prevent referral made",
        "Extremist views in class",
        "Watching far-right videos",
        "Radicalised online",
        "Talk of joining a neo-Nazi group",
        "Channel panel next month",
        "Sharing ISIS propaganda",
    ],
    "online harm": [
        "Sextortion",
        "Sent nudes to a boy",
        "Talking to strangers online",
        "An older man online asked for photos",
        "Met someone online",
        "Gambling on his phone",
        "Watching porn in the toilets",
        "Was catfished",
    ],
    "safeguarding agencies and processes": [
        "Police attended",
        "Police were called to the house",
        "His social worker visited",
        "Call Children's Services about the bruising",
        "children’s social care informed",
        "Childrens Services",
        "MASH referral made",
        "Strategy meeting on Monday",
        "LADO consulted",
        "On a child protection plan",
        "Child in need plan review",
        "Early help assessment started",
        "s47 started",
        "section 47 enquiry",
        "Care proceedings have begun",
        "Arrested on Friday",
        "Youth offending team involved",
        "CP conference next week",
        "Socail worker rang",
    ],
    "safeguarding": [
        "Safeguarding lead told",
        "Spoke to the DSL",
        "the designated safeguarding lead",
        "Disclosed something at lunch",
        "made a disclosure to a coach",
        "alleged abuse",
        "Doesn't want to go home",
        "Scared to go home",
        "At risk of significant harm",
        "Safegaurding concern raised",
    ],
}

# What providers say on the phone every week that is no safeguarding matter.
MUST_PASS: list[str] = [
    "had a tough round",
    "hit his target",
    "Hit her target for the week",
    "Hit every target this week",
    "ran the session",
    "missed the bus",
    "Missed the bus twice",
    "cut the timber to length",
    "Cut the placement to under 18 h (drop Thursday) and tell the virtual school",
    "Cut back on phone use in sessions",
    "Cut his hand on the saw, first aid given",
    "knocked it out of the park",
    "a fight for the ball in the match",
    "the police officer gave a careers talk",
    "Wants to join the police",
    "I want to be a police officer",
    "Punched the pads with real focus",
    "Hitting the bag well",
    "Threw good punches at the pads",
    "Kicked the ball to his team-mate",
    "Kicked off when asked to tidy up, calm after ten minutes",
    "Beat his personal best on the bench press",
    "I beat him at pool",
    "Hit it off with his mentor",
    "Attacked the task with energy",
    "Used the Stanley knife safely to cut the plasterboard",
    "Brought his own tools",
    "Safe with the nail gun now",
    "Used the glue gun",
    "Pulled up weeds in the veg patch",
    "Groomed the ponies and cleaned the tack",
    "Dog grooming unit: bathed and brushed two dogs",
    "Learnt about oilseed rape on the farm walk",
    "Made bran mash for the horses",
    "Mum picked him up early for the dentist",
    "Shook hands with the assessor",
    "Talked about his social life",
    "Got full marks on the health and safety quiz",
    "Got high marks in the mock",
    "Missing some lessons",
    "Missing his friends from home",
    "Has been missing lessons on Fridays",
    "Lost his temper once in sparring and took himself out to calm down",
    "Boxing helps me get it out.",
    "Stayed calm after a tough round",
    "Swore at a mechanic when asked to tidy his bay",
    "Manages frustration in sparring without walking away",
    "Give her notice before any lesson that touches on loss or family.",
    "Touched on his family history in the art piece",
    "Alcohol gel at the sink after handling the animals",
    "A drugs awareness session with the youth worker",
    "Exploited the space down the wing",
    "Took a shot from outside the box",
    "Had a stab at the long division",
    "Did the assault course in the rain",
    "First aid training: burns and scalds, and a cardiac arrest",
    "Burnt the toast in the cafe kitchen",
    "Slapped on sun cream before going outside",
    "Got hit by the ball in cricket and carried on",
    "Hurt his knee in football",
    "Learnt about the Nazis in history",
    "Online lessons went well",
    "Met his tutor online for the first time",
    "Mortise and tenon joint finished",
    "Cleared the scrub and treated the untreated timber",
    "Anti-bullying week assembly",
    "Sex education on Tuesday",
    "Strategies: give instructions one step at a time",
    "Enjoyed herself on the trip",
    "Pushed himself hard in the fitness test",
    "Used his phone without permission",
    "Tired on Monday after contact with birth family; settled by Tuesday.",
    "Very anxious about using the bus",
    "Home visit about the absences",
    "Mum said he overslept",
    "A wobble on Monday after a change of staff",
    "Took refuge from the rain in the barn",
    "Mum kicked off at the review",
    "Dad hurt his back lifting",
    "Scored a hat-trick",
    "Worked in a team to build a shelter and light a fire safely",
    "DBS disclosure received for the new coach",
    "Swept up and put the tools away",
    "Is good with the younger children",
    "Wants to study social work at college",
    "Work experience at a care home",
    "Tried to prevent the spill spreading",
    "Happy, chatty, proud of her work",
    "Had a panic attack on the bus and calmed down with his key worker",
]


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
def test_a_broken_data_file_is_refused_saying_where(change, words: str) -> None:  # type: ignore[no-untyped-def]
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
