"""Schema version 2 in the store: a version-1 file opens as it is and its first save writes
version 2 after the day's backup; every new field round-trips; every audit row names the
pupil the change is about."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from file_cases import as_version_1, meta_doc, read_raw, write_raw
from store_workers import fixed_clock, seed

from alp_tui.models import (
    Action,
    Concern,
    Contact,
    ContactShares,
    Phase,
    Placement,
    Progress,
    Provider,
    Review,
    ReviewDecision,
    Staff,
    Target,
    Transition,
    TransitionShares,
)
from store import Store
from store.backups import backup_name

NEXT_DAY = datetime(2026, 11, 28, 9, 15)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "caseload.json"


@pytest.fixture
def ids(path: Path) -> dict[str, str]:
    return seed(path, clock=fixed_clock)


def test_a_version_1_file_opens_as_it_is_and_its_first_save_writes_version_2(
    path: Path, ids: dict[str, str]
) -> None:
    version_1 = write_raw(path, as_version_1(read_raw(path)))
    store = Store(path, user="akhan", clock=lambda: NEXT_DAY)
    caseload = store.load()
    assert caseload.meta.schema_version == 1 and not caseload.meta.is_stamped
    assert caseload.placements[ids["placement"]].online is False  # the default
    assert path.read_bytes() == version_1  # opening changes nothing

    contact = store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))

    backup = backup_name(path, NEXT_DAY.date())
    assert backup.read_bytes() == version_1
    meta = meta_doc(read_raw(path))
    assert meta["schema_version"] == 2
    assert {k: meta[k] for k in ("id", "created_by", "updated_by", "rev")} == {
        "id": "meta",
        "created_by": "akhan",
        "updated_by": "akhan",
        "rev": 1,
    }
    assert meta["created_at"] == meta["updated_at"] == NEXT_DAY.isoformat()
    audit = Store(path).load().audit
    assert [(row.table, row.record_id, row.pupil_id) for row in audit[-2:]] == [
        ("contacts", contact.id, ids["pupil"]),
        ("meta", "meta", None),
    ]
    assert audit[-1].summary == "settings: schema version 2"

    # The next save leaves the settings as they are: stamped once, not on every save.
    store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 28)))
    assert meta_doc(read_raw(path))["rev"] == 1


def test_a_version_2_file_whose_settings_lack_stamps_gains_them_on_its_next_save(
    path: Path, ids: dict[str, str]
) -> None:
    raw = read_raw(path)
    for stamp in ("id", "created_at", "created_by", "updated_at", "updated_by", "rev"):
        meta_doc(raw).pop(stamp)
    write_raw(path, raw)
    store = Store(path, user="akhan", clock=fixed_clock)
    assert store.load().meta.rev == 0
    saved = store.save_meta(store.load().meta.model_copy(update={"hour_limit": 15.0}))
    assert (saved.rev, saved.id, saved.hour_limit) == (1, "meta", 15.0)
    assert Store(path).load().audit[-1].summary == "settings: changed hour_limit"


def test_every_schema_2_field_round_trips(path: Path, ids: dict[str, str]) -> None:
    store = Store(path, user="jsmith", clock=fixed_clock)
    caseload = store.load()
    meta = caseload.meta.model_copy(
        update={
            "registration_test": "cwsa2026",
            "notify_la": True,
            "staff": [
                Staff(user="apatel", name="Mrs A Patel", role="ALP lead"),
                Staff(user="bjones", name="Mr B Jones"),
            ],
            "export_folder": "notes/shared",
        }
    )
    placement = caseload.placements[ids["placement"]].model_copy(
        update={
            "arranged_by": "local_authority",
            "online": True,
            "la_notified_on": date(2026, 9, 8),
        }
    )
    contact = Contact(
        placement_id=ids["placement"],
        date=date(2026, 11, 26),
        progress=[Progress(target_id=ids["target"], rating=4, note="Calm", share="all")],
        actions=[Action(text="Call home", share="school"), Action(text="Send work")],
        shares=ContactShares(summary="school", pupil_voice="all"),
        summary="Good week",
        pupil_voice="I liked the animals",
    )
    concern = Concern(
        pupil_id=ids["pupil"],
        raised_on=date(2026, 11, 26),
        category="attendance",
        description="Late twice",
        share_with=["provider", "parent"],
    )
    review = Review(
        placement_id=ids["placement"],
        date=date(2026, 11, 20),
        decisions=[ReviewDecision(target_id=ids["target"], decision="revised", note="Aim for 95%")],
    )
    transition = Transition(
        placement_id=ids["placement"],
        phases=[Phase(start=date(2027, 1, 4), school_hours=15, alp_hours=10)],
        welcome_plan="Meet the form tutor",
        strategies=["Movement breaks"],
        shares=TransitionShares(welcome_plan="all", strategies="school", phases="all"),
    )
    saved = store.apply(add=[contact, concern, review, transition], update=[placement], meta=meta)

    reread = Store(path).load()
    assert reread.meta == store.load().meta
    assert reread.meta.staff == meta.staff and reread.meta.registration_test == "cwsa2026"
    assert (reread.meta.notify_la, reread.meta.export_folder) == (True, "notes/shared")
    for record in saved:
        assert reread.table(record.TABLE)[record.id] == record
    again = reread.placements[ids["placement"]]
    assert (again.arranged_by, again.online, again.la_notified_on) == (
        "local_authority",
        True,
        date(2026, 9, 8),
    )
    assert reread.contacts[saved[0].id].share_of("summary") == "school"
    assert reread.transitions[saved[3].id].share_of("pupil_views") is None
    assert reread.meta.staff_name("apatel") == "Mrs A Patel (ALP lead)"
    assert reread.meta.staff_name("bjones") == "Mr B Jones"
    assert reread.meta.staff_name("cwhite") == "cwhite"


def test_every_audit_row_names_the_pupil_the_change_is_about(
    path: Path, ids: dict[str, str]
) -> None:
    store = Store(path, user="jsmith", clock=lambda: NEXT_DAY)
    provider = store.add(Provider(name="Northside Boxing"))
    placement = store.add(
        Placement(
            pupil_id=ids["pupil"],
            provider_id=provider.id,
            start_date=date(2026, 11, 30),
            focus="Confidence",
        )
    )
    target = store.add(Target(placement_id=placement.id, description="Joins in"))
    contact = store.add(Contact(placement_id=placement.id, date=date(2026, 11, 27)))
    store.add(Concern(pupil_id=ids["pupil"], raised_on=date(2026, 11, 27), description="Tired"))
    review = store.add(Review(placement_id=placement.id, date=date(2026, 11, 27)))
    transition = store.add(Transition(placement_id=placement.id))
    store.save_meta(store.load().meta.model_copy(update={"school_name": "Oak Academy"}))
    # Deleted together, the placement last: its pupil is still found for every row.
    store.apply(
        delete=[
            ("contacts", contact.id, None),
            ("targets", target.id, None),
            ("reviews", review.id, None),
            ("transitions", transition.id, None),
            ("placements", placement.id, None),
        ]
    )

    audit = Store(path).load().audit
    seeded = {row.record_id: row.pupil_id for row in audit if row.action == "create"}
    assert seeded[ids["provider"]] is None
    assert seeded[ids["pupil"]] == seeded[ids["placement"]] == seeded[ids["target"]]
    assert seeded[ids["pupil"]] == ids["pupil"]
    today = NEXT_DAY.isoformat()
    rows = [(row.action, row.table, row.pupil_id) for row in audit if row.at == today]
    pupil = ids["pupil"]
    assert rows == [
        ("create", "providers", None),
        ("create", "placements", pupil),
        ("create", "targets", pupil),
        ("create", "contacts", pupil),
        ("create", "concerns", pupil),
        ("create", "reviews", pupil),
        ("create", "transitions", pupil),
        ("update", "meta", None),
        ("delete", "contacts", pupil),
        ("delete", "targets", pupil),
        ("delete", "reviews", pupil),
        ("delete", "transitions", pupil),
        ("delete", "placements", pupil),
    ]


def test_a_new_file_names_the_pupil_on_its_first_audit_rows(tmp_path: Path) -> None:
    from alp_tui.demo import demo_caseload

    caseload = demo_caseload(date(2026, 11, 27))
    store = Store.create(
        tmp_path / "demo.json", caseload.meta, caseload=caseload, user="jsmith", clock=fixed_clock
    )
    for row in store.load().audit:
        if row.table in ("providers",):
            assert row.pupil_id is None
        else:
            assert row.pupil_id in caseload.pupils, row
