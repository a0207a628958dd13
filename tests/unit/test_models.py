"""The models' validators, reading the data file (validation.parse_tables) and the
caseload's look-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from builders import (
    TODAY,
    make_caseload,
    make_concern,
    make_contact,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
    make_transition,
    raw_tables,
    sessions,
)
from pydantic import ValidationError

from alp_tui.models import (
    SCHEMA_VERSION,
    AttendanceSession,
    AuditEntry,
    Check,
    Concern,
    Contact,
    Holiday,
    Meta,
    Placement,
    Progress,
    Provider,
    Pupil,
    Session,
    Target,
    upn_problem,
    upn_with_check_letter,
    weekly_hours,
)
from alp_tui.validation import (
    STAMPS,
    CaseloadError,
    NewerSchemaError,
    dump_record,
    integrity_errors,
    parse_tables,
)


def refused(model: type[Any], **fields: Any) -> str:
    """The one validation message for `fields`, without pydantic's prefix."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(fields)
    errors = caught.value.errors(include_url=False)
    assert len(errors) == 1, errors
    return str(errors[0]["msg"]).removeprefix("Value error, ")


PLACEMENT: dict[str, Any] = {
    "pupil_id": "p1",
    "provider_id": "v1",
    "start_date": "2026-11-02",
    "focus": "Re-engage",
}


# --- sessions and times --------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [("10:00", "09:00"), ("10:00", "10:00")])
def test_a_session_must_end_after_it_starts(start: str, end: str) -> None:
    assert refused(Session, day="wed", start=start, end=end) == (
        f"the session on Wednesday ends at {end}, not after it starts at {start}"
    )


@pytest.mark.parametrize("text", ["0930", "24:00", "09:60", "9.30", "", "nine"])
def test_times_are_hh_mm(text: str) -> None:
    assert refused(Session, day="mon", start=text, end="23:00") == (
        f"{text!r} is not a time: write it as HH:MM, e.g. 09:30"
    )


def test_times_are_normalised_and_hours_derived() -> None:
    session = Session(day="mon", start="9:00", end="12:30")
    assert session.start == "09:00"
    assert session.hours == 3.5
    assert weekly_hours([session, Session(day="tue", start="13:00", end="15:15")]) == 5.75


@pytest.mark.parametrize("model", [Placement, Pupil])
def test_sessions_may_not_overlap_on_one_day(model: type[Any]) -> None:
    schedule = [
        {"day": "mon", "start": "09:00", "end": "12:00"},
        {"day": "tue", "start": "09:00", "end": "12:00"},
        {"day": "mon", "start": "11:30", "end": "13:00"},
    ]
    fields = (
        {**PLACEMENT, "schedule": schedule}
        if model is Placement
        else {"first_name": "A", "last_name": "B", "school_schedule": schedule}
    )
    assert refused(model, **fields) == (
        "two sessions overlap on Monday: 09:00–12:00 and 11:30–13:00"
    )


def test_sessions_that_touch_do_not_overlap() -> None:
    placement = Placement.model_validate(
        {
            **PLACEMENT,
            "schedule": sessions(mon=("09:00", "12:00")) + sessions(mon=("12:00", "15:00")),
        }
    )
    assert placement.hours_per_week == 6


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("27/11/2026", "'27/11/2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-27"),
        (20261127, "20261127 is not a date: write it as YYYY-MM-DD, e.g. 2026-11-27"),
        (datetime(2026, 11, 27, 9, 0), "must be a date (YYYY-MM-DD), not a date and time"),
    ],
)
def test_dates_are_iso(value: Any, message: str) -> None:
    assert refused(Placement, **{**PLACEMENT, "start_date": value}) == message


def test_placement_end_before_start() -> None:
    assert refused(Placement, **{**PLACEMENT, "end_date": "2026-11-01"}) == (
        "the placement's end date is before its start date"
    )
    assert refused(Placement, **{**PLACEMENT, "ended_on": "2026-11-01"}) == (
        "the placement ended before it started"
    )
    same_day = Placement.model_validate({**PLACEMENT, "end_date": "2026-11-02"})
    assert same_day.end_date == date(2026, 11, 2)


def test_holiday_and_check_order() -> None:
    assert refused(Holiday, name="Half term", start="2026-10-30", end="2026-10-26") == (
        "the holiday 'Half term' ends before it starts"
    )
    assert Holiday(name="Inset", start=TODAY, end=TODAY).end == TODAY
    assert refused(Check, kind="insurance", received="2026-09-01", expires="2026-08-31") == (
        "the insurance check expires before it was received"
    )


def test_concern_closed_before_raised() -> None:
    assert refused(
        Concern, pupil_id="p1", raised_on="2026-11-20", closed_on="2026-11-19", description="x"
    ) == ("the concern was closed before it was raised")


# --- required text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (Provider, {"name": "   "}, "a provider needs a name"),
        (Pupil, {"first_name": " ", "last_name": "Bell"}, "a pupil needs a first and a last name"),
        (Pupil, {"first_name": "Jo", "last_name": ""}, "a pupil needs a first and a last name"),
        (Placement, {**PLACEMENT, "focus": " "}, "a placement needs a focus: what the work is for"),
        (Target, {"placement_id": "x", "description": ""}, "a target needs a description"),
    ],
)
def test_required_text_may_not_be_blank(
    model: type[Any], fields: dict[str, Any], message: str
) -> None:
    assert refused(model, **fields) == message


def test_names_are_trimmed() -> None:
    assert Provider(name="  Hillside Farm ").name == "Hillside Farm"
    pupil = Pupil(first_name=" Jordan ", last_name=" Bell", preferred_name="Jo")
    assert (pupil.first_name, pupil.last_name) == ("Jordan", "Bell")
    assert pupil.display_name == "Jo Bell"
    assert pupil.short_name == "Jo B"


# --- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [0, 14, -1])
def test_year_group_outside_1_to_13(year: int) -> None:
    assert refused(Pupil, first_name="A", last_name="B", year_group=year) == (
        f"year group {year} is outside 1–13"
    )


@pytest.mark.parametrize("year", [1, 13, None])
def test_year_group_inside_range(year: int | None) -> None:
    assert Pupil(first_name="A", last_name="B", year_group=year).year_group == year


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_outside_1_to_5(rating: int) -> None:
    assert refused(Progress, target_id="t1", rating=rating) == (
        f"rating {rating} is outside 1–5 (1 not started … 5 achieved)"
    )


@pytest.mark.parametrize("rating", [1, 5])
def test_rating_inside_range(rating: int) -> None:
    assert Progress(target_id="t1", rating=rating).rating == rating


@pytest.mark.parametrize("engagement", [0, 6])
def test_engagement_outside_1_to_5(engagement: int) -> None:
    assert refused(Contact, placement_id="x", date="2026-11-27", engagement=engagement) == (
        f"engagement {engagement} is outside 1–5"
    )


@pytest.mark.parametrize("engagement", [1, 5, None])
def test_engagement_inside_range(engagement: int | None) -> None:
    contact = Contact(placement_id="x", date=TODAY, engagement=engagement)
    assert contact.engagement == engagement


def test_week_start_is_a_monday() -> None:
    assert refused(Contact, placement_id="x", date="2026-11-27", week_start="2026-11-24") == (
        "week_start 2026-11-24 is not a Monday"
    )
    assert Contact(placement_id="x", date=TODAY, week_start=date(2026, 11, 23)).week_start


def test_contact_hours_are_summed() -> None:
    contact = Contact(
        placement_id="x",
        date=TODAY,
        sessions=[
            AttendanceSession(day="tue", planned_hours=6, attended_hours=6),
            AttendanceSession(
                day="thu", planned_hours=6, attended_hours=2.5, mark="absent_unauthorised"
            ),
        ],
    )
    assert (contact.planned_hours, contact.attended_hours) == (12, 8.5)


@pytest.mark.parametrize("hours", [-1, 24.5])
def test_attendance_hours_are_bounded(hours: float) -> None:
    with pytest.raises(ValidationError):
        AttendanceSession(day="mon", planned_hours=hours, attended_hours=0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hour_limit", 0),
        ("contact_interval_days", 0),
        ("review_interval_weeks", 0),
        ("check_warning_days", -1),
    ],
)
def test_meta_settings_are_bounded(field: str, value: int) -> None:
    with pytest.raises(ValidationError):
        Meta.model_validate({field: value})


def test_meta_defaults_are_the_designs() -> None:
    meta = Meta()
    assert meta.schema_version == SCHEMA_VERSION == 2
    assert (meta.hour_limit, meta.hour_warning_margin) == (18.0, 2.0)
    assert (meta.contact_interval_days, meta.review_interval_weeks) == (7, 6)
    assert (meta.check_warning_days, meta.transition_warning_weeks) == (30, 4)
    assert meta.holidays == []


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        Provider.model_validate({"name": "X", "colour": "blue"})


# --- UPN -----------------------------------------------------------------------------------


def test_the_published_example_upn_is_valid() -> None:
    # 8×2 + 1×4 + 2×5 + 1×10 + 1×13 = 53; 53 mod 23 = 7 → H
    assert upn_problem("H801200001001") is None
    assert upn_with_check_letter("801200001001") == "H801200001001"


@pytest.mark.parametrize(
    ("upn", "message"),
    [
        ("H80120000100", "the UPN 'H80120000100' has 12 characters, not 13"),
        ("H8012000010011", "the UPN 'H8012000010011' has 14 characters, not 13"),
        ("A801200001001", "the UPN 'A801200001001' fails its check letter (expected H): retype it"),
        ("H80120000100I", "the UPN 'H80120000100I' ends in 'I', which is not allowed"),
        (
            "H8012000X1001",
            "the UPN 'H8012000X1001' must be a check letter, 11 digits and a digit or letter",
        ),
        (
            "I801200001001",
            "the UPN 'I801200001001' must be a check letter, 11 digits and a digit or letter",
        ),
    ],
)
def test_bad_upns(upn: str, message: str) -> None:
    assert refused(Pupil, first_name="A", last_name="B", upn=upn) == message


def test_upn_ending_in_a_letter_and_typed_in_lower_case() -> None:
    upn = upn_with_check_letter("80120000100A")
    assert upn_problem(upn) is None
    assert Pupil(first_name="A", last_name="B", upn=f" {upn.lower()} ").upn == upn
    assert Pupil(first_name="A", last_name="B", upn="  ").upn is None


# --- defaults ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "given", "confidential"),
    [
        ("safeguarding", None, True),
        ("safeguarding", False, False),
        ("behaviour", None, False),
        ("behaviour", True, True),
    ],
)
def test_safeguarding_concerns_are_confidential_by_default(
    category: str, given: bool | None, confidential: bool
) -> None:
    fields: dict[str, Any] = {"pupil_id": "p1", "raised_on": TODAY, "description": "x"}
    if given is not None:
        fields["confidential"] = given
    concern = Concern.model_validate({**fields, "category": category})
    assert concern.confidential is confidential
    assert concern.is_confidential is confidential


@pytest.mark.parametrize(
    ("registration", "unregistered"),
    [(None, True), ("unregistered", True), ("registered_school", False), ("fe_college", False)],
)
def test_provider_registration(registration: str | None, unregistered: bool) -> None:
    provider = Provider.model_validate({"name": "X", "registration": registration})
    assert provider.is_unregistered is unregistered


# --- reading the data file -----------------------------------------------------------------


def _file() -> dict[str, Any]:
    provider = make_provider(id="prov-1", name="Hillside Farm")
    pupil = make_pupil(id="pup-1")
    placement = make_placement(pupil, provider, id="plc-1")
    target = make_target(placement, id="tgt-1")
    contact = make_contact(placement, id="con-1", progress=[Progress(target_id="tgt-1", rating=3)])
    concern = make_concern(pupil, id="cnc-1", placement_id="plc-1", category="safeguarding")
    transition = make_transition(placement, id="trn-1")
    review = make_review(placement, id="rev-1")
    caseload = make_caseload(
        provider, pupil, placement, target, contact, concern, transition, review
    )
    caseload.audit.append(
        AuditEntry(
            at="2026-11-27T10:00:00", user="tester", action="delete", table="x", record_id="gone"
        )
    )
    return raw_tables(caseload)


def unusable(tables: Any) -> str:
    with pytest.raises(CaseloadError) as caught:
        parse_tables(tables)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_good_file_reads_back_to_the_same_records() -> None:
    raw = _file()
    caseload = parse_tables(raw)
    assert sorted(caseload.pupils) == ["pup-1"]
    assert caseload.placements["plc-1"].start_date == date(2026, 11, 2)
    assert caseload.concerns["cnc-1"].confidential is True
    assert raw_tables(caseload) == raw
    assert caseload.audit[0].record_id == "gone"  # the audit may name deleted records


def test_dump_record_writes_iso_dates_and_leaves_out_nulls() -> None:
    doc = dump_record(make_placement("p", "v", end_date=date(2026, 12, 18)))
    assert doc["start_date"] == "2026-11-02"
    assert doc["end_date"] == "2026-12-18"
    assert "ended_on" not in doc and "next_review" not in doc


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ([], "the file does not hold a JSON object of tables"),
        ({"meta": {}}, "the meta table must hold exactly one settings record, but it holds 0"),
        ({}, "the meta table must hold exactly one settings record, but it holds 0"),
        (
            {"meta": {"1": {"schema_version": 1}, "2": {"schema_version": 1}}},
            "the meta table must hold exactly one settings record, but it holds 2",
        ),
        (
            {"meta": {"1": {}}},
            "the settings (meta) record, field schema_version: is required but missing",
        ),
    ],
)
def test_unusable_file_shapes(tables: Any, message: str) -> None:
    assert unusable(tables).startswith(message)


def test_unknown_table() -> None:
    raw = {**_file(), "people": {}}
    assert unusable(raw) == "the file has a table alp-tui does not know: 'people'"


def test_a_newer_schema_is_refused_with_its_own_error() -> None:
    raw = _file()
    raw["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(NewerSchemaError) as caught:
        parse_tables(raw)
    assert str(caught.value) == (
        "this file is schema version 3, written by a newer alp-tui "
        "(this one reads up to version 2): upgrade alp-tui to open it"
    )
    assert isinstance(caught.value, CaseloadError)


def test_bad_meta_setting_names_the_field() -> None:
    raw = _file()
    raw["meta"]["1"]["hour_limit"] = 0
    message = unusable(raw)
    assert message.startswith("the settings (meta) record, field hour_limit")
    assert "field hour_limit:" in message


@pytest.mark.parametrize("stamp", STAMPS)
@pytest.mark.parametrize("table", ["providers", "pupils", "placements", "contacts", "reviews"])
def test_missing_stamps(table: str, stamp: str) -> None:
    raw = _file()
    doc = raw[table]["1"]
    record_id = doc["id"] if stamp != "id" else "#1"
    del doc[stamp]
    assert unusable(raw) == f"{table} record {record_id!r}, field {stamp}: is required but missing"


def test_empty_stamp_counts_as_missing() -> None:
    raw = _file()
    raw["targets"]["1"]["updated_by"] = ""
    assert unusable(raw) == "targets record 'tgt-1', field updated_by: is required but missing"


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("pupils", "year_group", 14, "pupils record 'pup-1', field year_group: year group 14"),
        (
            "pupils",
            "last_name",
            None,
            "pupils record 'pup-1', field last_name: is required but missing",
        ),
        (
            "placements",
            "status",
            "done",
            "placements record 'plc-1', field status: must be 'planned', 'active' or 'ended'",
        ),
        (
            "placements",
            "start_date",
            "27/11/2026",
            "placements record 'plc-1', field start_date: '27/11/2026' is not a date",
        ),
        (
            "placements",
            "schedule",
            [{"day": "mon", "start": "10:00", "end": "09:00"}],
            "placements record 'plc-1', field schedule.0: the session on Monday ends at 09:00",
        ),
        (
            "contacts",
            "engagement",
            6,
            "contacts record 'con-1', field engagement: engagement 6 is outside 1–5",
        ),
        (
            "contacts",
            "progress",
            [{"target_id": "tgt-1", "rating": 0}],
            "contacts record 'con-1', field progress.0.rating: rating 0 is outside 1–5",
        ),
        (
            "providers",
            "checks",
            [{"kind": "dbs"}],
            "providers record 'prov-1', field checks.0.kind: must be 'dbs_training'",
        ),
        (
            "concerns",
            "colour",
            "red",
            "concerns record 'cnc-1', field colour: is not a field this table has",
        ),
    ],
)
def test_bad_field_names_table_record_and_field(
    table: str, field: str, value: Any, message: str
) -> None:
    raw = _file()
    raw[table]["1"][field] = value
    assert unusable(raw).startswith(message)


def test_missing_required_field() -> None:
    raw = _file()
    del raw["placements"]["1"]["focus"]
    assert unusable(raw) == "placements record 'plc-1', field focus: is required but missing"


def test_a_record_that_is_not_an_object() -> None:
    raw = _file()
    raw["targets"]["1"] = "tgt-1"
    assert unusable(raw) == "targets record #1 is not a JSON object"
    raw = _file()
    raw["targets"] = ["tgt-1"]
    assert unusable(raw) == "the targets table is not a JSON object"


def test_duplicate_ids() -> None:
    raw = _file()
    raw["pupils"]["2"] = {**raw["pupils"]["1"], "first_name": "Sam"}
    assert unusable(raw) == "pupils has two records with the id 'pup-1'"


@pytest.mark.parametrize(
    ("table", "field", "message"),
    [
        ("placements", "pupil_id", "placements record 'plc-1', field pupil_id: there is no pupil"),
        (
            "placements",
            "provider_id",
            "placements record 'plc-1', field provider_id: there is no provider",
        ),
        ("targets", "placement_id", "targets record 'tgt-1', field placement_id: there is no"),
        ("contacts", "placement_id", "contacts record 'con-1', field placement_id: there is no"),
        ("concerns", "pupil_id", "concerns record 'cnc-1', field pupil_id: there is no pupil"),
        ("concerns", "placement_id", "concerns record 'cnc-1', field placement_id: there is no"),
        ("transitions", "placement_id", "transitions record 'trn-1', field placement_id:"),
        ("reviews", "placement_id", "reviews record 'rev-1', field placement_id: there is no"),
    ],
)
def test_dangling_references(table: str, field: str, message: str) -> None:
    raw = _file()
    raw[table]["1"][field] = "nobody"
    text = unusable(raw)
    assert text.startswith(message)
    assert text.endswith("with id 'nobody'")


def test_dangling_progress_target() -> None:
    raw = _file()
    raw["contacts"]["1"]["progress"] = [{"target_id": "tgt-9", "rating": 2}]
    assert unusable(raw) == (
        "contacts record 'con-1', field progress.target_id: there is no target with id 'tgt-9'"
    )


def _with_a_second_pupils_placement() -> dict[str, Any]:
    raw = _file()
    raw["pupils"]["2"] = dump_record(make_pupil(id="pup-2", first_name="Leah"))
    raw["placements"]["2"] = dump_record(make_placement("pup-2", "prov-1", id="plc-2"))
    raw["targets"]["2"] = dump_record(make_target("plc-2", id="tgt-2"))
    parse_tables(raw)  # consistent so far
    return raw


def test_a_concern_on_another_pupils_placement() -> None:
    raw = _with_a_second_pupils_placement()
    raw["concerns"]["1"]["placement_id"] = "plc-2"
    assert unusable(raw) == (
        "concerns record 'cnc-1', field placement_id: placement 'plc-2' is for pupil 'pup-2', "
        "not this concern's pupil 'pup-1'"
    )


def test_contact_progress_on_another_placements_target() -> None:
    raw = _with_a_second_pupils_placement()
    raw["contacts"]["1"]["progress"].append({"target_id": "tgt-2", "rating": 2})
    assert unusable(raw) == (
        "contacts record 'con-1', field progress.target_id: target 'tgt-2' is for placement "
        "'plc-2', not this contact's placement 'plc-1'"
    )


@pytest.mark.parametrize("second", ["Hillside Farm", "hillside farm", "HILLSIDE FARM"])
def test_duplicate_provider_names_ignoring_case(second: str) -> None:
    raw = _file()
    raw["providers"]["2"] = dump_record(make_provider(id="prov-2", name=second))
    assert unusable(raw) == (
        f"providers record 'prov-2': the name {second!r} is already used by provider "
        "'prov-1' (provider names must be unique)"
    )


def test_different_provider_names_are_fine() -> None:
    raw = _file()
    raw["providers"]["2"] = dump_record(make_provider(id="prov-2", name="Hillside Farm Two"))
    assert len(parse_tables(raw).providers) == 2


def test_one_transition_per_placement() -> None:
    raw = _file()
    raw["transitions"]["2"] = dump_record(make_transition("plc-1", id="trn-2"))
    assert unusable(raw) == (
        "transitions record 'trn-2': placement 'plc-1' already has transition 'trn-1' "
        "(one per placement)"
    )


def test_integrity_errors_lists_every_problem() -> None:
    caseload = parse_tables(_file())
    assert integrity_errors(caseload) == []
    caseload.put(make_placement("ghost", "prov-1", id="plc-9"))
    caseload.put(make_provider(id="prov-2", name="HILLSIDE farm"))
    errors = integrity_errors(caseload)
    assert len(errors) == 2
    assert any("there is no pupil with id 'ghost'" in e for e in errors)


def test_bad_audit_entry() -> None:
    raw = _file()
    raw["audit"]["1"]["action"] = "rename"
    assert unusable(raw).startswith("audit record")


# --- caseload look-ups ---------------------------------------------------------------------


def test_look_ups() -> None:
    farm = make_provider(name="Hillside Farm")
    gym = make_provider(name="Boxing Gym")
    jordan = make_pupil(first_name="Jordan", last_name="Bell", preferred_name="JJ")
    sam = make_pupil(first_name="Sam", last_name="Okafor")
    later = make_placement(jordan, farm, start_date=date(2026, 11, 2))
    earlier = make_placement(jordan, gym, status="ended", start_date=date(2026, 4, 13))
    sams = make_placement(sam, farm, status="planned", start_date=date(2027, 1, 4))
    t2 = make_target(later, order=2)
    t1 = make_target(later, order=1)
    c_new = make_contact(later, on=date(2026, 11, 26))
    c_old = make_contact(later, on=date(2026, 11, 19))
    k_new = make_concern(jordan, raised_on=date(2026, 11, 20))
    k_old = make_concern(jordan, raised_on=date(2026, 10, 1))
    transition = make_transition(earlier)
    r_new = make_review(later, on=date(2026, 11, 20))
    r_old = make_review(later, on=date(2026, 11, 6))
    caseload = make_caseload(
        farm, gym, jordan, sam, later, earlier, sams, t2, t1, c_new, c_old, k_new, k_old,
        transition, r_new, r_old,
    )  # fmt: skip

    assert caseload.placements_of(jordan.id) == [earlier, later]
    assert caseload.active_placements_of(jordan.id) == [later]
    assert caseload.active_placements_of(sam.id) == []
    assert sorted(p.id for p in caseload.placements_at(farm.id)) == sorted([later.id, sams.id])
    assert caseload.targets_of(later.id) == [t1, t2]
    assert caseload.contacts_of(later.id) == [c_old, c_new]
    assert caseload.contacts_of(earlier.id) == []
    assert caseload.concerns_of(jordan.id) == [k_old, k_new]
    assert caseload.transition_of(earlier.id) == transition
    assert caseload.transition_of(later.id) is None
    assert caseload.reviews_of(later.id) == [r_old, r_new]
    assert caseload.provider_of(later) == farm
    assert caseload.provider_of(make_placement(jordan, "nowhere")) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("jordan", ["Jordan"]),
        ("BELL", ["Jordan"]),
        ("jj bell", ["Jordan"]),
        ("o", ["Jordan", "Sam"]),
        ("sam bell", []),
        ("", []),
    ],
)
def test_find_pupils(text: str, names: list[str]) -> None:
    caseload = make_caseload(
        make_pupil(first_name="Jordan", last_name="Bell", preferred_name="JJ"),
        make_pupil(first_name="Sam", last_name="Okafor"),
    )
    assert sorted(p.first_name for p in caseload.find_pupils(text)) == names


def test_find_pupils_by_id() -> None:
    pupil = make_pupil(id="pup-x")
    assert make_caseload(pupil).find_pupils("pup-x") == [pupil]


def test_put_and_remove_refresh_the_look_ups() -> None:
    pupil = make_pupil()
    placement = make_placement(pupil, "v1")
    caseload = make_caseload(pupil, placement)
    assert caseload.contacts_of(placement.id) == []
    contact = make_contact(placement)
    caseload.put(contact)
    assert caseload.contacts_of(placement.id) == [contact]
    edited = contact.model_copy(update={"date": date(2026, 11, 20)})
    caseload.put(edited)
    assert caseload.contacts_of(placement.id) == [edited]
    caseload.remove("contacts", contact.id)
    assert caseload.contacts_of(placement.id) == []
    caseload.remove("contacts", "not-there")  # removing twice is harmless
