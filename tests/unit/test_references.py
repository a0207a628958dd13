"""The one reference check (`validation.reference_errors`): the whole caseload as reading a
file checks it, and a change as the store checks it, in the same sentences; and the small
helpers schema 2 brought to the models."""

from __future__ import annotations

from datetime import date

import pytest
from builders import (
    make_caseload,
    make_concern,
    make_contact,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
    make_transition,
)

from alp_tui.caseload import Caseload, pupil_id_of
from alp_tui.models import Concern, Meta, Placement, Progress, ReviewDecision, Staff
from alp_tui.validation import reference_errors


def _caseload() -> Caseload:
    farm = make_provider(id="prov-1", name="Hillside Farm")
    jordan, leah = make_pupil(id="pup-1"), make_pupil(id="pup-2", first_name="Leah")
    placement = make_placement(jordan, farm, id="plc-1")
    leahs = make_placement(leah, farm, id="plc-2")
    return make_caseload(
        farm,
        jordan,
        leah,
        placement,
        leahs,
        make_target(placement, id="tgt-1"),
        make_target(leahs, id="tgt-2"),
        make_contact(placement, id="con-1", progress=[Progress(target_id="tgt-1", rating=3)]),
        make_concern(jordan, id="cnc-1", placement_id="plc-1"),
        make_transition(placement, id="trn-1"),
        make_review(
            placement,
            id="rev-1",
            decisions=[ReviewDecision(target_id="tgt-1", decision="continue")],
        ),
    )


@pytest.mark.parametrize(
    ("table", "record_id", "change", "sentence"),
    [
        (
            "placements",
            "plc-1",
            {"provider_id": "prov-9"},
            "placements record 'plc-1', field provider_id: there is no provider with id 'prov-9'",
        ),
        (
            "contacts",
            "con-1",
            {"progress": [Progress(target_id="tgt-2", rating=3)]},
            "contacts record 'con-1', field progress.target_id: target 'tgt-2' is for "
            "placement 'plc-2', not this contact's placement 'plc-1'",
        ),
        (
            "reviews",
            "rev-1",
            {"decisions": [ReviewDecision(target_id="tgt-2", decision="achieved")]},
            "reviews record 'rev-1', field decisions.target_id: target 'tgt-2' is for "
            "placement 'plc-2', not this review's placement 'plc-1'",
        ),
        (
            "reviews",
            "rev-1",
            {"decisions": [ReviewDecision(target_id="tgt-9", decision="dropped")]},
            "reviews record 'rev-1', field decisions.target_id: there is no target with id 'tgt-9'",
        ),
        (
            "concerns",
            "cnc-1",
            {"placement_id": "plc-2"},
            "concerns record 'cnc-1', field placement_id: placement 'plc-2' is for pupil "
            "'pup-2', not this concern's pupil 'pup-1'",
        ),
        (
            "transitions",
            "trn-1",
            {"placement_id": "plc-9"},
            "transitions record 'trn-1', field placement_id: there is no placement with id 'plc-9'",
        ),
    ],
)
def test_reading_and_saving_give_the_same_sentence(
    table: str, record_id: str, change: dict[str, object], sentence: str
) -> None:
    caseload = _caseload()
    assert reference_errors(caseload) == []
    changed = caseload.table(table)[record_id].model_copy(update=change)
    before = _caseload()
    caseload.put(changed)
    assert reference_errors(caseload) == [sentence]
    assert reference_errors(caseload, [changed], before=before) == [sentence]


def test_a_moved_placement_or_target_checks_what_refers_to_it() -> None:
    before = _caseload()
    caseload = _caseload()
    moved = caseload.placements["plc-1"].model_copy(update={"pupil_id": "pup-2"})
    caseload.put(moved)
    # The concern was not changed, yet its placement now belongs to another pupil.
    assert reference_errors(caseload, [moved], before=before) == [
        "concerns record 'cnc-1', field placement_id: placement 'plc-1' is for pupil "
        "'pup-2', not this concern's pupil 'pup-1'"
    ]
    caseload = _caseload()
    target = caseload.targets["tgt-1"].model_copy(update={"placement_id": "plc-2"})
    caseload.put(target)
    assert reference_errors(caseload, [target], before=before) == [
        "contacts record 'con-1', field progress.target_id: target 'tgt-1' is for placement "
        "'plc-2', not this contact's placement 'plc-1'",
        "reviews record 'rev-1', field decisions.target_id: target 'tgt-1' is for placement "
        "'plc-2', not this review's placement 'plc-1'",
    ]
    # Unmoved, a save checks only the record itself.
    same = before.placements["plc-1"]
    assert reference_errors(before, [same], before=before) == []


def test_removing_what_others_refer_to() -> None:
    caseload = _caseload()
    target = caseload.targets["tgt-1"]
    caseload.remove("targets", "tgt-1")
    assert reference_errors(caseload, [], removed=[target]) == [
        "targets record 'tgt-1' cannot be deleted: 1 contact, 1 review still refer to it "
        "(delete those first)"
    ]


def test_duplicate_provider_names_and_second_transitions() -> None:
    caseload = _caseload()
    twin = make_provider(id="prov-2", name="HILLSIDE FARM")
    second = make_transition("plc-1", id="trn-2")
    caseload.put(twin)
    caseload.put(second)
    whole = reference_errors(caseload)
    assert whole == [
        "providers record 'prov-2': the name 'HILLSIDE FARM' is already used by provider "
        "'prov-1' (provider names must be unique)",
        "transitions record 'trn-2': placement 'plc-1' already has transition 'trn-1' "
        "(one per placement)",
    ]
    assert reference_errors(caseload, [twin, second]) == whole


# --- schema 2 helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arranged_by", "online", "code"),
    [
        (None, False, "B"),
        ("school", False, "B"),
        ("local_authority", False, "K"),
        ("school", True, None),
    ],
)
def test_register_code(arranged_by: str | None, online: bool, code: str | None) -> None:
    placement = Placement.model_validate(
        {
            "pupil_id": "p",
            "provider_id": "v",
            "start_date": "2026-11-02",
            "focus": "x",
            "arranged_by": arranged_by,
            "online": online,
        }
    )
    assert placement.register_code == code


@pytest.mark.parametrize(
    ("category", "confidential", "share_with", "provider", "parent"),
    [
        ("attendance", None, [], False, False),
        ("attendance", None, ["provider"], True, False),
        ("attendance", None, ["provider", "parent"], True, True),
        ("attendance", True, ["provider", "parent"], False, False),
        ("safeguarding", False, ["provider", "parent"], False, False),
    ],
)
def test_a_concern_is_shared_only_on_purpose_and_never_if_confidential(
    category: str, confidential: bool | None, share_with: list[str], provider: bool, parent: bool
) -> None:
    concern = Concern.model_validate(
        {
            "pupil_id": "p",
            "raised_on": date(2026, 11, 27),
            "description": "x",
            "category": category,
            "confidential": confidential,
            "share_with": share_with,
        }
    )
    assert (concern.is_shared_with("provider"), concern.is_shared_with("parent")) == (
        provider,
        parent,
    )


def test_staff_names_and_schema_2_defaults() -> None:
    meta = Meta(staff=[Staff(user="apatel", name="Mrs A Patel", role="ALP lead")])
    assert meta.staff_name("apatel") == "Mrs A Patel (ALP lead)"
    assert meta.staff_name("jsmith") == "jsmith"
    assert (meta.registration_test, meta.notify_la, meta.export_folder) == (
        "esa2008",
        False,
        None,
    )
    assert not meta.is_stamped and meta.rev == 0


def test_pupil_id_of_every_kind_of_record() -> None:
    caseload = _caseload()
    placements = caseload.placements
    assert pupil_id_of(caseload.pupils["pup-2"], placements) == "pup-2"
    assert pupil_id_of(caseload.placements["plc-2"], placements) == "pup-2"
    for table, record_id in [
        ("targets", "tgt-1"),
        ("contacts", "con-1"),
        ("concerns", "cnc-1"),
        ("transitions", "trn-1"),
        ("reviews", "rev-1"),
    ]:
        assert pupil_id_of(caseload.table(table)[record_id], placements) == "pup-1"
    assert pupil_id_of(caseload.providers["prov-1"], placements) is None
    assert pupil_id_of(make_target("plc-gone"), placements) is None
