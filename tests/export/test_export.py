"""The Word review note, read back with python-docx: sections, the targets table, UK dates,
what each audience may see, page furniture and document properties."""

from __future__ import annotations

import getpass
import re
from datetime import date, timedelta

import pytest
from builders import (
    TODAY,
    make_caseload,
    make_concern,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
    sessions,
)
from docx.document import Document as DocxDocument
from export_fixtures import (
    CARER_EMAIL,
    CARER_PHONE,
    CONFIDENTIAL_WELLBEING_TEXT,
    ISO_DATE,
    OPEN_BEHAVIOUR_TEXT,
    SAFEGUARDING_TEXT,
    SCHOOL,
    SECOND_CARER_PHONE,
    UK_DATE,
    all_text,
    field_instructions,
    full_caseload,
    headings,
    table_with_header,
)

from alp_tui.caseload import Caseload
from alp_tui.models import RATING_WORDS, AttendanceSession, Progress
from alp_tui.rules import CODES, delivered_by_week, find_problems
from exports import ExportError, SeveralProvidersError, build_note, release
from exports.content import covered_placements
from exports.note import (
    PARENT_SECTIONS,
    PARENT_TARGET_COLUMNS,
    SCHOOL_SECTIONS,
    SECTIONS,
    TARGET_COLUMNS,
    sections_for,
)

PUPIL = "pup-jb"


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return full_caseload()


@pytest.fixture(scope="module")
def notes(caseload: Caseload) -> dict[str, DocxDocument]:
    return {a: build_note(caseload, PUPIL, a, TODAY) for a in ("school", "provider", "parent")}


# --- structure -------------------------------------------------------------------------------


def test_school_note_has_every_section_in_order(notes: dict[str, DocxDocument]) -> None:
    assert headings(notes["school"]) == list(SCHOOL_SECTIONS)


@pytest.mark.parametrize("audience", ["provider", "parent"])
def test_provider_and_parent_notes_have_every_section_but_problems(
    notes: dict[str, DocxDocument], audience: str
) -> None:
    assert headings(notes[audience]) == list(sections_for(audience))
    assert len(sections_for(audience)) == len(SECTIONS)
    assert "Current problems" not in all_text(notes[audience])
    assert "hold back" not in all_text(notes[audience])


def test_the_parents_letter_names_its_sections_in_plain_words(
    notes: dict[str, DocxDocument],
) -> None:
    assert headings(notes["parent"]) == list(PARENT_SECTIONS)
    assert "What we agreed to do" in PARENT_SECTIONS and "Actions agreed" not in PARENT_SECTIONS


def test_title_uses_word_styles(notes: dict[str, DocxDocument]) -> None:
    doc = notes["school"]
    style = doc.paragraphs[0].style
    assert style is not None and style.name == "Title"
    assert doc.paragraphs[0].text == "Review note: Jordan Brown"
    assert SCHOOL in doc.paragraphs[1].text


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_targets_table_has_one_row_per_active_target_with_rating_words(
    notes: dict[str, DocxDocument], audience: str
) -> None:
    columns = PARENT_TARGET_COLUMNS if audience == "parent" else TARGET_COLUMNS
    table = table_with_header(notes[audience], columns)
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    # Four active targets; the achieved one is not a row.
    assert [r[0].splitlines()[0] for r in rows] == [
        "Completes the bricklaying unit",
        "Attends 90% of sessions",
        "Uses the SENCo-agreed calm-down plan"
        if audience != "parent"
        else "Uses the special educational needs coordinator-agreed calm-down plan",
        "Keeps a weekly log book",
    ]
    assert rows[0][1].lower().startswith(RATING_WORDS[4])
    assert rows[1][1].lower().startswith(RATING_WORDS[3])
    assert rows[3][1] == "not yet rated"
    # Rated 2 before the review on 14/10/2026 and 4 since.
    if audience == "parent":
        assert rows[0][2] == "up from emerging to secure"
        assert rows[1][2] == "still developing"
    else:
        assert rows[0][2] == "up 2: emerging → secure"
        assert rows[1][2] == "no change: developing"
    assert rows[3][2] == "not yet rated"
    assert "Laid a course on 20/11" in rows[0][3]
    assert table.style.name == "Light Grid Accent 1"


def test_ratings_are_words_with_the_number_the_letter_explains(
    notes: dict[str, DocxDocument],
) -> None:
    parent = table_with_header(notes["parent"], PARENT_TARGET_COLUMNS).rows[1].cells[1].text
    school = table_with_header(notes["school"], TARGET_COLUMNS).rows[1].cells[1].text
    assert parent.splitlines() == ["Secure (4)", "rated on 20/11/2026"]
    assert school.splitlines() == ["secure (4 of 5)", "on 20/11/2026"]
    # The letter says what every number means, in words about the pupil.
    text = all_text(notes["parent"])
    for line in (
        "1 – Not started: work towards this target has not started yet.",
        "2 – Emerging: Jordan has made a start and shows it now and then, with a lot of help.",
        "3 – Developing: Jordan shows it some of the time, with some help.",
        "4 – Secure: Jordan shows it most of the time, with little help.",
        "5 – Achieved: Jordan has met the target.",
    ):
        assert line in text


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_dates_are_uk_and_never_iso(notes: dict[str, DocxDocument], audience: str) -> None:
    text = all_text(notes[audience])
    assert ISO_DATE.findall(text) == []
    assert "27/11/2026" in text
    if audience == "parent":
        assert "This letter covers\n14/10/2026 to 27/11/2026" in text
    else:
        assert "14/10/2026 to 27/11/2026 (since the last review on 14/10/2026)" in text
    assert len(UK_DATE.findall(text)) > 10


def test_attendance_counts_the_weeks_since_the_review(notes: dict[str, DocxDocument]) -> None:
    text = all_text(notes["school"])
    # Weeks of 12/10 (its Wednesday is the review day) to 16/11: six weeks of 12 planned
    # hours; the Thursday of 26/10 missed.
    assert "Attended 66 of 72 planned hours (91.7%) over 6 weeks." in text
    assert "10 present, 1 late, 1 absent (unexplained)" in text
    table = table_with_header(
        notes["school"], ("Week beginning", "Planned hours", "Attended hours", "Rate", "Sessions")
    )
    assert [row.cells[0].text for row in table.rows[1:]] == [
        "12/10/2026",
        "19/10/2026",
        "26/10/2026",
        "02/11/2026",
        "09/11/2026",
        "16/11/2026",
    ]


def test_weeks_option_reports_that_many_whole_weeks(caseload: Caseload) -> None:
    doc = build_note(caseload, PUPIL, "school", TODAY, weeks=4)
    text = all_text(doc)
    assert "30/10/2026 to 27/11/2026 (the last 4 weeks)" in text
    # The call on Friday 30/10 was about the week of 26/10, mostly before the period; the
    # week of 23/11 has no call yet.
    table = table_with_header(
        doc, ("Week beginning", "Planned hours", "Attended hours", "Rate", "Sessions")
    )
    assert [row.cells[0].text for row in table.rows[1:]] == [
        "02/11/2026",
        "09/11/2026",
        "16/11/2026",
    ]
    assert "Attended 36 of 36 planned hours (100%) over 3 weeks." in text


def test_engagement_average_and_latest(notes: dict[str, DocxDocument]) -> None:
    assert "Average 4 out of 5 (good) over 6 weekly reports." in all_text(notes["school"])
    assert "Latest 4 out of 5 (good) on 20/11/2026." in all_text(notes["school"])
    parent = all_text(notes["parent"])
    assert "Over 6 weekly reports, Jordan's involvement was good on average." in parent
    assert "out of 5 (" not in parent


def test_actions_with_owner_and_due_date(notes: dict[str, DocxDocument]) -> None:
    table = table_with_header(notes["provider"], ("Action", "Who", "By", "Progress"))
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    # The hearing test was agreed before the period and is not done, so it carries over.
    assert rows == [
        ["Book a hearing test", "Mr Patel", "09/10/2026", "to do (agreed 25/09/2026)"],
        ["Send the unit paperwork", "Dee Mason", "30/11/2026", "to do"],
    ]


def test_transition_plan(notes: dict[str, DocxDocument]) -> None:
    text = all_text(notes["parent"])
    assert "Phased return to school: Oakfield Academy" in text
    assert "Give instructions one step at a time" in text
    assert "Welcome meeting with Mr Patel on the first morning" in text
    table = table_with_header(
        notes["parent"], ("From", "Hours in school", "Hours with provider", "Notes")
    )
    assert [c.text for c in table.rows[1].cells] == ["22/02/2027", "15", "12", "3 days in"]


def test_next_contact_and_review_dates_come_from_the_rules(
    notes: dict[str, DocxDocument],
) -> None:
    text = all_text(notes["school"])
    # Last contact Friday 20/11, weekly: due 27/11, and the review recorded for 02/12.
    assert "Next contact with Bright Futures Construction: due by 27/11/2026" in text
    assert "Next review meeting: by 02/12/2026" in text


def test_school_note_lists_the_pupils_current_problems(
    caseload: Caseload, notes: dict[str, DocxDocument]
) -> None:
    expected = [p for p in find_problems(caseload, TODAY) if p.pupil_id == PUPIL]
    assert expected, "the fixture should raise at least one problem"
    text = all_text(notes["school"])
    for problem in expected:
        assert f"{problem.marker} {problem.code}: {problem.message}" in text


# --- what each audience sees ------------------------------------------------------------------


def test_confidential_concerns_only_in_the_school_note(notes: dict[str, DocxDocument]) -> None:
    school = all_text(notes["school"])
    assert SAFEGUARDING_TEXT in school
    assert CONFIDENTIAL_WELLBEING_TEXT in school
    assert OPEN_BEHAVIOUR_TEXT in school
    for audience in ("provider", "parent"):
        text = all_text(notes[audience])
        # The safeguarding concern was never marked: confidential by default.
        assert SAFEGUARDING_TEXT not in text
        assert CONFIDENTIAL_WELLBEING_TEXT not in text
        # A concern reaches a shared copy only when shared with it on purpose.
        assert OPEN_BEHAVIOUR_TEXT not in text
        assert "Safeguarding" not in text
        assert "designated safeguarding lead (DSL)" not in text


def test_child_protection_flag_only_in_the_school_note(notes: dict[str, DocxDocument]) -> None:
    assert "child protection plan" in all_text(notes["school"])
    for audience in ("provider", "parent"):
        assert "child protection" not in all_text(notes[audience]).lower()


def test_carers_details_only_in_the_school_note(notes: dict[str, DocxDocument]) -> None:
    school = all_text(notes["school"])
    assert CARER_PHONE in school and CARER_EMAIL in school and SECOND_CARER_PHONE in school
    for audience in ("provider", "parent"):
        text = all_text(notes[audience])
        for detail in (CARER_PHONE, SECOND_CARER_PHONE, CARER_EMAIL, "07700"):
            assert detail not in text
    assert "Lee Brown" not in all_text(notes["provider"])
    assert "Sam Brown" not in all_text(notes["provider"])
    # The parent's note is addressed to the first carer, by name only.
    assert "Dear Sam Brown," in all_text(notes["parent"])
    assert "Lee Brown" not in all_text(notes["parent"])


def test_parent_note_has_plain_words(notes: dict[str, DocxDocument]) -> None:
    text = all_text(notes["parent"])
    for code in CODES:
        assert code not in text
    for jargon in ("EHCP", "DSL", "SEN support", "(4 of 5)", "!!"):
        assert jargon not in text
    assert "Education, Health and Care plan" in text
    assert "special educational needs coordinator-agreed calm-down plan" in text
    # The behaviour concern was not shared with the family on purpose.
    assert "Talked it through" not in text
    # Actions read as sentences: who will do what by when, never "to do".
    # The hearing test was agreed before this letter's time, for a day now past.
    assert (
        "Mr Patel will book a hearing test. This was agreed on 25/09/2026, due by 09/10/2026, "
        "and is not done yet." in text
    )
    assert "Dee Mason will send the unit paperwork by 30/11/2026." in text
    assert not re.search(r"(^|\n)to do\b|— to do", text)
    # Nothing reads like an internal file: no ids, no problem markers.
    for internal in ("pup-jb", "plc-jb", "prov-bfc", "tgt-", "cnc-", "Prepared for", "UPN"):
        assert internal not in text
    # It is a letter: addressed to the family and signed by the school.
    assert text.index("Dear Sam Brown,") < text.index(
        "Yours sincerely,\nMr Patel\nOakfield Academy"
    )


def test_provider_note_has_no_problem_codes(notes: dict[str, DocxDocument]) -> None:
    text = all_text(notes["provider"])
    assert "Prepared for\nBright Futures Construction" in text
    for code in CODES:
        assert code not in text
    assert "School's private note about the provider" not in text


# --- page furniture and properties ------------------------------------------------------------


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_header_and_footer_say_whom_it_is_for_with_page_numbers(
    notes: dict[str, DocxDocument], audience: str
) -> None:
    section = notes[audience].sections[0]
    header = section.header.paragraphs[0].text
    footer_text = "\n".join(p.text for p in section.footer.paragraphs)
    if audience == "parent":
        # The family's letter is private to them, not marked like an internal file.
        assert header == "Oakfield Academy · a letter about Jordan"
        assert footer_text.startswith("Private to Jordan's family.")
        assert "onfidential" not in header + footer_text
    else:
        assert "CONFIDENTIAL" in header
        assert "Confidential" in footer_text
    assert "Page " in footer_text and " of " in footer_text
    assert field_instructions(section.footer)[:2] == [
        "PAGE \\* MERGEFORMAT",
        "NUMPAGES \\* MERGEFORMAT",
    ]


def test_page_is_a4_with_margins(notes: dict[str, DocxDocument]) -> None:
    section = notes["school"].sections[0]
    width, height = section.page_width, section.page_height
    left, right = section.left_margin, section.right_margin
    assert width is not None and height is not None and left is not None and right is not None
    assert (round(width.mm), round(height.mm)) == (210, 297)
    assert round(left.mm) == round(right.mm) == 20


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_document_properties_name_the_school_not_the_user(
    notes: dict[str, DocxDocument], audience: str
) -> None:
    props = notes[audience].core_properties
    assert props.author == SCHOOL
    assert props.last_modified_by == SCHOOL
    title = "Review note: Jordan Brown"
    if audience == "parent":
        title = "How Jordan is getting on at Bright Futures Construction"
    assert props.title == title
    assert props.comments == ""
    assert props.created is not None and props.created.date() == TODAY
    user = getpass.getuser()
    assert user not in (props.author, props.last_modified_by)
    assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}"


# --- quiet periods, several placements, refusals ---------------------------------------------


def _quiet_caseload() -> Caseload:
    provider = make_provider("Hillside Farm", id="prov-hf")
    pupil = make_pupil(id="pup-q", first_name="Amy", last_name="Khan", year_group=8)
    placement = make_placement(
        pupil,
        provider,
        id="plc-q",
        start_date=date(2026, 11, 2),
        schedule=sessions(mon=("09:00", "12:30")),
    )
    return make_caseload(provider, pupil, placement, meta=make_meta(school_name=SCHOOL))


def test_sections_with_nothing_recorded_say_so() -> None:
    text = all_text(build_note(_quiet_caseload(), "pup-q", "school", TODAY))
    for sentence in (
        "No attendance was recorded in this period.",
        "No active targets are recorded for this placement.",
        "No engagement was recorded in this period.",
        "No concerns were recorded in this period.",
        "No actions were agreed in this period.",
        "No transition plan has been recorded yet.",
    ):
        assert sentence in text
    assert "02/11/2026 to 27/11/2026 (since the placement started on 02/11/2026)" in text


MOTOR_PHONE = "0117 496 0101"
BOXING_PHONE = "0117 496 0202"
BOXING_EMAIL = "coach@boxing-mentors.example.org"
ABOUT_BOXING = "Coach at Boxing Mentors left Kai alone in the gym"
NAMES_BOXING = "Kai said Boxing Mentors is the best part of his week"
NEUTRAL = "Kai's asthma inhaler must go with him"


def _two_providers() -> Caseload:
    """Kai at Motor Works (Mondays) and Boxing Mentors (Thursdays)."""
    mechanics = make_provider("Motor Works", id="prov-m", contact_name="Mo Reed", phone=MOTOR_PHONE)
    boxing = make_provider(
        "Boxing Mentors",
        id="prov-b",
        contact_name="Bea Coach",
        phone=BOXING_PHONE,
        email=BOXING_EMAIL,
    )
    pupil = make_pupil(id="pup-2", first_name="Kai", last_name="Ross", year_group=11)
    first = make_placement(pupil, mechanics, id="plc-m", schedule=sessions(mon=("09:00", "14:30")))
    second = make_placement(pupil, boxing, id="plc-b", schedule=sessions(thu=("09:00", "13:00")))
    target = make_target(first, description="Changes a tyre safely")
    contact = make_contact(
        second,
        on=date(2026, 11, 26),
        sessions=[AttendanceSession(day="thu", planned_hours=4, attended_hours=4)],
        progress=[],
        engagement=5,
    )
    quality = make_concern(
        pupil,
        id="cnc-q",
        category="provider_quality",
        placement_id="plc-b",
        raised_on=date(2026, 11, 20),
        description=ABOUT_BOXING,
    )
    named = make_concern(
        pupil,
        id="cnc-n",
        category="wellbeing",
        raised_on=date(2026, 11, 21),
        description=NAMES_BOXING,
    )
    neutral = make_concern(
        pupil, id="cnc-h", category="health", raised_on=date(2026, 11, 22), description=NEUTRAL
    )
    records = (mechanics, boxing, pupil, first, second, target, contact, quality, named, neutral)
    return make_caseload(*records)


def test_a_provider_note_covers_that_provider_only() -> None:
    caseload = _two_providers()
    doc = build_note(caseload, "pup-2", "provider", TODAY, provider_id="prov-m")
    text = all_text(doc)
    assert "Changes a tyre safely" in text and MOTOR_PHONE in text
    assert "Prepared for\nMotor Works" in text
    assert NEUTRAL not in text  # no concern was shared with the provider on purpose
    for other in ("Boxing Mentors", "Bea Coach", BOXING_PHONE, BOXING_EMAIL, ABOUT_BOXING,
                  NAMES_BOXING, "Attended 4 of 4"):  # fmt: skip
        assert other not in text, other
    assert headings(doc, 2) == []  # one placement: no part per provider
    # Choosing the placement does the same, from the other side.
    boxing = all_text(build_note(caseload, "pup-2", "provider", TODAY, placement_id="plc-b"))
    assert "Attended 4 of 4 planned hours (100%) over 1 week." in boxing
    assert "Motor Works" not in boxing and MOTOR_PHONE not in boxing and "tyre" not in boxing

    # Shared with the providers on purpose, a concern about the pupil goes to each, one about
    # a placement to that provider only, and none that names another provider.
    everything = {c: ("provider",) for c in ("cnc-q", "cnc-n", "cnc-h")}
    ours = release(caseload, "pup-2", "provider", provider_id="prov-m",
                   shared_concerns=everything).caseload  # fmt: skip
    assert set(ours.concerns) == {"cnc-h"}
    theirs = release(caseload, "pup-2", "provider", provider_id="prov-b",
                     shared_concerns=everything).caseload  # fmt: skip
    assert set(theirs.concerns) == {"cnc-q", "cnc-n", "cnc-h"}


def test_a_provider_note_for_a_pupil_at_two_providers_must_name_one() -> None:
    with pytest.raises(SeveralProvidersError) as refused:
        build_note(_two_providers(), "pup-2", "provider", TODAY)
    assert refused.value.provider_names == ("Boxing Mentors", "Motor Works")
    assert "Boxing Mentors and Motor Works" in str(refused.value)
    with pytest.raises(ExportError, match="no placement at"):
        build_note(_two_providers(), "pup-2", "provider", TODAY, provider_id="prov-x")


@pytest.mark.parametrize("audience", ["school", "parent"])
def test_school_and_parent_notes_cover_every_placement(audience: str) -> None:
    doc = build_note(_two_providers(), "pup-2", audience, TODAY)
    # A part for each provider under every heading but the first and Concerns.
    assert headings(doc, 2).count("At Motor Works") == len(SECTIONS) - 2
    assert headings(doc, 2).count("At Boxing Mentors") == len(SECTIONS) - 2
    text = all_text(doc)
    assert "Changes a tyre safely" in text
    if audience == "parent":
        assert "Kai attended 4 of the 4 hours planned (100%) over 1 week." in text
        assert ABOUT_BOXING not in text and NEUTRAL not in text  # not shared on purpose
    else:
        assert "Attended 4 of 4 planned hours (100%) over 1 week." in text
        assert ABOUT_BOXING in text and NEUTRAL in text


def test_two_calls_about_one_week_are_summed_in_the_note_and_the_rules() -> None:
    provider = make_provider("Hillside Farm")  # unregistered: the hour limit applies
    pupil = make_pupil(id="pup-w")
    placement = make_placement(pupil, provider)
    monday = date(2026, 11, 16)
    # Wednesday's call reports Monday and Tuesday; Friday's call Wednesday to Friday.
    calls = [
        make_contact(
            placement,
            on=day,
            week_start=monday,
            sessions=[
                AttendanceSession(day=d, planned_hours=4, attended_hours=4, mark="present")
                for d in days
            ],
        )
        for day, days in ((date(2026, 11, 18), ("mon", "tue")),
                          (date(2026, 11, 20), ("wed", "thu", "fri")))
    ]  # fmt: skip
    caseload = make_caseload(provider, pupil, placement, *calls)
    assert delivered_by_week(calls) == {monday: 20}
    text = all_text(build_note(caseload, "pup-w", "school", TODAY))
    assert "Attended 20 of 20 planned hours (100%) over 1 week." in text
    assert "Sessions: 5 present." in text
    over = [p for p in find_problems(caseload, TODAY) if p.code == "HOURS_DELIVERED_OVER_LIMIT"]
    assert [p.message.split(" h ")[0] for p in over] == ["20"]


def test_a_safeguarding_concern_is_withheld_from_the_provider_even_if_marked_shareable() -> None:
    caseload = _quiet_caseload()
    caseload.put(
        make_concern(
            "pup-q",
            category="safeguarding",
            confidential=False,
            description="Agreed to share: needs collecting at 12:30",
        )
    )
    for audience in ("provider", "parent"):
        text = all_text(build_note(caseload, "pup-q", audience, TODAY))
        assert "needs collecting at 12:30" not in text
        assert (
            "There are no concerns to report in this letter."
            if audience == "parent"
            else "No concerns to report in this note."
        ) in text
        assert "No concerns were recorded" not in text
    school = all_text(build_note(caseload, "pup-q", "school", TODAY))
    assert "Agreed to share: needs collecting at 12:30" in school


def test_concerns_closed_before_the_period_are_left_out() -> None:
    caseload = _quiet_caseload()
    caseload.put(
        make_concern(
            "pup-q",
            raised_on=date(2026, 11, 2),
            status="closed",
            closed_on=date(2026, 11, 3),
            description="Old matter",
        )
    )
    text = all_text(build_note(caseload, "pup-q", "school", TODAY, weeks=2))
    assert "Old matter" not in text
    assert "No concerns were recorded in this period." in text


def test_progress_first_rated_in_the_period() -> None:
    caseload = _quiet_caseload()
    target = make_target("plc-q", description="Feeds the goats")
    caseload.put(target)
    caseload.put(
        make_contact(
            "plc-q",
            on=date(2026, 11, 23),
            progress=[Progress(target_id=target.id, rating=2, note="Keen")],
        )
    )
    parent = build_note(caseload, "pup-q", "parent", TODAY)
    table = table_with_header(parent, PARENT_TARGET_COLUMNS)
    assert [c.text for c in table.rows[1].cells] == [
        "Feeds the goats",
        "Emerging (2)\nrated on 23/11/2026",
        "first rated in this time",
        "23/11/2026: Keen",
    ]
    school = table_with_header(build_note(caseload, "pup-q", "school", TODAY), TARGET_COLUMNS)
    assert [c.text for c in school.rows[1].cells][1:3] == [
        "emerging (2 of 5)\non 23/11/2026",
        "first rated in this period",
    ]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"pupil_id": "nobody"}, "no pupil with the id 'nobody'"),
        ({"audience": "press"}, "choose school, provider or parent"),
        ({"weeks": 0}, "1 or more"),
        ({"placement_id": "plc-x"}, "no placement with the id 'plc-x'"),
    ],
)
def test_bad_requests_are_refused_in_a_sentence(kwargs: dict[str, object], words: str) -> None:
    args: dict[str, object] = {"pupil_id": "pup-q", "audience": "school", "today": TODAY}
    args.update(kwargs)
    with pytest.raises(ExportError, match=re.escape(words)):
        build_note(_quiet_caseload(), **args)  # type: ignore[arg-type]


def test_a_pupil_with_no_placement_is_refused() -> None:
    caseload = make_caseload(make_pupil(id="pup-n"))
    with pytest.raises(ExportError, match="no placement to report on"):
        build_note(caseload, "pup-n", "school", TODAY)


def test_an_ended_placement_says_no_more_contacts_are_due() -> None:
    caseload = _quiet_caseload()
    placement = caseload.placements["plc-q"].model_copy(
        update={"status": "ended", "ended_on": TODAY - timedelta(days=3)}
    )
    caseload.put(placement)
    text = all_text(build_note(caseload, "pup-q", "parent", TODAY))
    assert "The placement ended on 24/11/2026; no further contacts or reviews are due." in text


# --- every demo pupil, every audience ---------------------------------------------------------


def test_every_demo_pupil_gets_a_note_for_every_audience() -> None:
    from alp_tui.demo import demo_caseload

    caseload = demo_caseload(TODAY)
    # The demo must hold something to hide, or this test could not fail.
    assert any(c.is_confidential for c in caseload.concerns.values())
    assert any(p.child_protection for p in caseload.pupils.values())
    for pupil in caseload.pupils.values():
        secrets = [c.description for c in caseload.concerns_of(pupil.id) if c.is_confidential]
        phones = [c.phone for c in pupil.carers if c.phone]
        # A provider's note is about one provider: one note each.
        providers = sorted({p.provider_id for p in covered_placements(caseload, pupil.id)})
        scopes = [("school", None), ("parent", None)] + [("provider", p) for p in providers]
        for audience, provider_id in scopes:
            text = all_text(
                build_note(caseload, pupil.id, audience, TODAY, provider_id=provider_id)
            )
            assert ISO_DATE.findall(text) == [], (pupil.id, audience)
            if audience == "school":
                assert all(secret in text for secret in secrets)
            else:
                assert not any(secret in text for secret in secrets), (pupil.id, audience)
                assert not any(phone in text for phone in phones), (pupil.id, audience)
                assert "child protection" not in text.lower()


def test_a_note_repeated_week_after_week_is_given_once_with_its_span() -> None:
    caseload = _quiet_caseload()
    target = make_target("plc-q", description="Arrives on time")
    caseload.put(target)
    for day, note in ((3, "On time"), (10, "On time"), (17, "Late once"), (24, "On time")):
        caseload.put(
            make_contact("plc-q", on=date(2026, 11, day),
                         progress=[Progress(target_id=target.id, rating=3, note=note)])
        )  # fmt: skip
    table = table_with_header(build_note(caseload, "pup-q", "school", TODAY), TARGET_COLUMNS)
    assert table.rows[1].cells[3].text.splitlines() == [
        "03/11/2026 to 10/11/2026: On time",
        "17/11/2026: Late once",
        "24/11/2026: On time",
    ]


def test_an_ended_placement_sums_up_since_the_review_before_it_ended() -> None:
    caseload = _quiet_caseload()
    ended = date(2026, 11, 20)
    placement = caseload.placements["plc-q"].model_copy(
        update={"status": "ended", "ended_on": ended}
    )
    caseload.put(placement)
    caseload.put(make_review("plc-q", on=date(2026, 11, 9)))
    caseload.put(make_review("plc-q", on=ended))  # the closing review
    caseload.put(make_target("plc-q", description="Feeds the goats", status="achieved"))
    caseload.put(make_target("plc-q", description="Dropped idea", status="dropped"))
    doc = build_note(caseload, "pup-q", "school", TODAY)
    text = all_text(doc)
    assert "09/11/2026 to 27/11/2026 (since the last review on 09/11/2026)" in text
    rows = table_with_header(doc, TARGET_COLUMNS).rows[1:]
    assert [r.cells[0].text.splitlines()[:2] for r in rows] == [["Feeds the goats", "Achieved"]]
