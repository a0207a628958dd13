"""The store with real files in one process: refusing unusable files untouched, stale edits,
references, audit rows, backups, permissions, and the file format TinyDB itself reads."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from file_cases import lossy_files
from store_workers import make_large_module, seed
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from alp_tui.caseload import Caseload
from alp_tui.models import (
    Concern,
    Contact,
    Meta,
    Placement,
    Progress,
    Provider,
    Pupil,
    Transition,
)
from alp_tui.validation import parse_tables
from store import (
    FileMissingError,
    StaleEditError,
    Store,
    StoreError,
    UnusableFileError,
    current_user,
    default_data_path,
)
from store.backups import KEEP
from store.storage import FileState, segment_bytes

NOW = datetime(2026, 11, 27, 14, 32, 5)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def seeded(tmp_path: Path, clock: Clock) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "caseload.json"
    return path, seed(path, clock=clock)


def store_of(path: Path, clock: Callable[[], datetime], user: str = "jsmith") -> Store:
    return Store(path, user=user, clock=clock)


def temp_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# --- creating and opening -----------------------------------------------------------------


def test_create_writes_an_owner_only_tinydb_file(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "new" / "caseload.json"
    store = Store.create(path, Meta(school_name="Oak Academy"), user="jsmith", clock=clock)

    assert store.load().meta.school_name == "Oak Academy"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"] == {"1": raw["meta"]["1"]} and raw["meta"]["1"]["schema_version"] == 2
    assert {k: raw["meta"]["1"][k] for k in ("id", "created_by", "rev")} == {
        "id": "meta",
        "created_by": "jsmith",
        "rev": 1,
    }
    assert Store(path, user="other").load().meta.school_name == "Oak Academy"


def test_create_keeps_a_caseloads_records_and_stamps_what_is_missing(
    tmp_path: Path, clock: Clock
) -> None:
    pupil = Pupil(id="pu-aaaaaa", first_name="Amira", last_name="Khan")
    unnamed = Pupil(first_name="Kai", last_name="Lee")
    caseload = Caseload(pupils={pupil.id: pupil, "x": unnamed})
    store = Store.create(tmp_path / "c.json", Meta(), user="jsmith", caseload=caseload, clock=clock)

    pupils = store.load().pupils
    assert set(pupils) >= {"pu-aaaaaa"} and len(pupils) == 2
    for saved in pupils.values():
        assert saved.rev == 1 and saved.created_by == "jsmith"
        assert saved.created_at == NOW.isoformat()
    assert {entry.record_id for entry in store.load().audit} == set(pupils)


@pytest.mark.parametrize("content", [b"", b"{}", b'{"meta": {}}'])
def test_create_refuses_any_existing_file_and_leaves_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "caseload.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="already exists"):
        Store.create(path, Meta())
    assert path.read_bytes() == content


def test_opening_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match="there is no caseload file at"):
        Store(tmp_path / "nothing.json")
    assert not (tmp_path / "nothing.json").exists()


# --- unusable files are refused and never changed ----------------------------------------


def _unusable_cases(good: bytes) -> dict[str, tuple[bytes, str]]:
    raw = json.loads(good)
    bad_date = json.loads(good)
    next(iter(bad_date["pupils"].values()))["date_of_birth"] = "31/02/2012"
    newer = json.loads(good)
    newer["meta"]["1"]["schema_version"] = 3
    no_stamp = json.loads(good)
    del next(iter(no_stamp["targets"].values()))["created_by"]
    dangling = json.loads(good)
    next(iter(dangling["placements"].values()))["provider_id"] = "pr-gone00"
    return {
        "empty": (b"", "empty (0 bytes)"),
        "blank": (b"  \n", "only blank space"),
        "truncated": (good[: len(good) // 2], "stops part-way through"),
        "corrupt": (good.replace(b":", b";", 3), "not valid JSON (line 1"),
        "not utf-8": (good.replace(b"Jordan", b"J\xf6rdan"), "not UTF-8"),
        "not tables": (b"[1, 2]", "JSON object of tables"),
        "bad date": (json.dumps(bad_date).encode(), "field date_of_birth"),
        "missing stamp": (json.dumps(no_stamp).encode(), "field created_by"),
        "dangling": (json.dumps(dangling).encode(), "no provider with id 'pr-gone00'"),
        "newer": (json.dumps(newer).encode(), "schema version 3, written by a newer alp-tui"),
        "unknown table": (json.dumps({**raw, "extras": {}}).encode(), "'extras'"),
        "wrong kind": (
            good.replace(b'"ehcp": false', b'"ehcp": "yes"'),
            'field ehcp: must be true or false, not "yes"',
        ),
        **lossy_files(good),
    }


def test_unusable_files_are_refused_with_a_reason_and_left_byte_for_byte(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    good = path.read_bytes()
    backup = path.parent / "backups" / "caseload-2026-11-27.json"
    assert backup.exists()  # made by the seeding's first write of the day
    open_store = store_of(path, clock)
    clock.now += timedelta(days=1)  # a write now would also make a new backup

    for name, (content, reason) in _unusable_cases(good).items():
        path.write_bytes(content)
        before = path.stat()
        with pytest.raises(UnusableFileError) as refused:
            Store(path, user="jsmith", clock=clock)
        message = str(refused.value)
        assert reason in message, name
        assert message.startswith(f"{path} cannot be used: "), name
        assert f"the newest backup is {backup}" in message, name
        assert refused.value.newer == (name == "newer")
        # A store that opened the file while it was good refuses to write over it too.
        with pytest.raises(UnusableFileError):
            open_store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
        after = path.stat()
        assert path.read_bytes() == content, name
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), name
        assert temp_files(path.parent) == [], name
    assert sorted(os.listdir(path.parent / "backups")) == [backup.name]


def test_a_refusal_without_backups_says_there_are_none(tmp_path: Path) -> None:
    path = tmp_path / "caseload.json"
    path.write_bytes(b"")
    with pytest.raises(UnusableFileError, match="there is no backup of it yet"):
        Store(path)


def test_nan_is_not_json(seeded: tuple[Path, dict[str, str]]) -> None:
    path, _ = seeded
    path.write_bytes(path.read_bytes().replace(b'"hour_limit": 18.0', b'"hour_limit": NaN'))
    with pytest.raises(UnusableFileError, match="NaN"):
        Store(path)


# --- saving ---------------------------------------------------------------------------


def test_add_stamps_the_record_and_appends_an_audit_row(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock, user="akhan")
    saved = store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 26)))

    assert saved.id.startswith("co-") and len(saved.id) == 9
    assert (saved.rev, saved.created_by, saved.updated_by) == (1, "akhan", "akhan")
    assert saved.created_at == saved.updated_at == NOW.isoformat()
    row = store.load().audit[-1]
    assert (row.user, row.action, row.table, row.record_id) == (
        "akhan",
        "create",
        "contacts",
        saved.id,
    )
    assert row.summary == "contact on 26/11/2026 for Jordan Brown"
    assert Store(path).load().contacts[saved.id] == saved


def test_update_bumps_rev_keeps_created_stamps_and_audits_the_fields(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock, user="akhan")
    pupil = store.load().pupils[ids["pupil"]]
    clock.now += timedelta(hours=1)
    saved = store.update(pupil.model_copy(update={"year_group": 11, "notes": "keen"}))

    assert saved.rev == pupil.rev + 1
    assert (saved.created_by, saved.created_at) == (pupil.created_by, pupil.created_at)
    assert (saved.updated_by, saved.updated_at) == ("akhan", "2026-11-27T15:32:05")
    row = store.load().audit[-1]
    assert (row.action, row.record_id) == ("update", pupil.id)
    assert row.summary == "Jordan Brown: changed notes, year_group"


def test_a_stale_edit_is_refused_naming_who_and_when(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    mine = store_of(path, clock, user="akhan")
    theirs = store_of(path, Clock(datetime(2026, 11, 27, 14, 32)), user="Jo Smith")
    opened = mine.load().pupils[ids["pupil"]]
    theirs.update(opened.model_copy(update={"year_group": 11}))
    before = path.read_bytes()

    with pytest.raises(StaleEditError) as refused:
        mine.update(opened.model_copy(update={"notes": "mine"}))
    assert str(refused.value).startswith(
        "Jo Smith changed this pupil at 14:32 on 27/11/2026 since you opened it"
    )
    current = refused.value.current
    assert isinstance(current, Pupil) and current.year_group == 11
    with pytest.raises(StaleEditError, match="Jo Smith changed this pupil"):
        mine.delete("pupils", opened.id, rev=opened.rev)
    assert path.read_bytes() == before


def test_editing_a_record_someone_deleted_says_who_deleted_it(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    mine = store_of(path, clock)
    target = mine.load().targets[ids["target"]]
    store_of(path, clock, user="bwilliams").delete("targets", target.id, rev=target.rev)

    with pytest.raises(StaleEditError, match="bwilliams deleted this target at 14:32"):
        mine.update(target.model_copy(update={"description": "Attends every session"}))


def test_apply_saves_several_changes_in_one_write_or_none(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    pupil = store.load().pupils[ids["pupil"]]
    contact = Contact(placement_id=ids["placement"], date=date(2026, 11, 27))
    concern = Concern(
        pupil_id=ids["pupil"],
        placement_id=ids["placement"],
        raised_on=date(2026, 11, 27),
        category="safeguarding",
        description="Left site at lunch",
    )
    before = path.read_bytes()
    with pytest.raises(StaleEditError):
        store.apply(add=[contact, concern], update=[pupil.model_copy(update={"rev": 7})])
    assert path.read_bytes() == before
    assert store.load().contacts == {}

    saved = store.apply(add=[contact, concern])
    assert [type(record) for record in saved] == [Contact, Concern]
    assert isinstance(saved[1], Concern) and saved[1].confidential is True  # the default
    reread = Store(path).load()
    assert set(reread.contacts) == {saved[0].id} and set(reread.concerns) == {saved[1].id}


def test_records_added_together_can_refer_to_each_other(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    pupil = Pupil(id=store.new_id("pupils"), first_name="Leah", last_name="Patel")
    placement = Placement(
        pupil_id=pupil.id,
        provider_id=ids["provider"],
        start_date=date(2026, 11, 30),
        focus="Confidence",
    )
    saved = store.apply(add=[pupil, placement])
    assert isinstance(saved[1], Placement) and saved[1].pupil_id == saved[0].id == pupil.id
    with pytest.raises(StoreError, match="already a pupil with the id"):
        store.add(Pupil(id=pupil.id, first_name="Other", last_name="Pupil"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda ids: Contact(placement_id="pl-nope00", date=date(2026, 11, 27)),
            "field placement_id: there is no placement with id 'pl-nope00'",
        ),
        (
            lambda ids: Contact(
                placement_id=ids["placement"],
                date=date(2026, 11, 27),
                progress=[Progress(target_id="tg-nope00", rating=3)],
            ),
            "field progress.target_id: there is no target with id 'tg-nope00'",
        ),
        (
            lambda ids: Provider(name="HILLSIDE farm"),
            "the name 'HILLSIDE farm' is already used by provider",
        ),
        (
            lambda ids: Placement(
                pupil_id="pu-nope00",
                provider_id=ids["provider"],
                start_date=date(2026, 9, 1),
                focus="x",
            ),
            "field pupil_id: there is no pupil with id 'pu-nope00'",
        ),
    ],
)
def test_broken_references_are_refused(
    seeded: tuple[Path, dict[str, str]], clock: Clock, make: Callable, message: str
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        store.add(make(ids))
    assert str(refused.value).startswith("nothing was saved: ")
    assert message in str(refused.value)
    assert path.read_bytes() == before
    store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))  # still works


def _second_pupils_placement(store: Store, ids: dict[str, str]) -> tuple[Pupil, Placement]:
    pupil = store.add(Pupil(first_name="Leah", last_name="Patel"))
    placement = store.add(
        Placement(
            pupil_id=pupil.id,
            provider_id=ids["provider"],
            start_date=date(2026, 9, 7),
            focus="Confidence",
        )
    )
    return pupil, placement


def test_references_to_another_pupils_placement_are_refused(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    leah, leahs = _second_pupils_placement(store, ids)
    before = path.read_bytes()

    concern = Concern(
        id="cn-aaaaaa",
        pupil_id=ids["pupil"],
        placement_id=leahs.id,
        raised_on=date(2026, 11, 27),
        category="attendance",
        description="Missed two sessions",
    )
    with pytest.raises(StoreError) as refused:
        store.add(concern)
    assert str(refused.value) == (
        f"nothing was saved: concerns record 'cn-aaaaaa', field placement_id: placement "
        f"{leahs.id!r} is for pupil {leah.id!r}, not this concern's pupil {ids['pupil']!r}"
    )
    contact = Contact(
        id="co-aaaaaa",
        placement_id=leahs.id,
        date=date(2026, 11, 27),
        progress=[Progress(target_id=ids["target"], rating=3)],
    )
    with pytest.raises(StoreError) as refused:
        store.add(contact)
    assert str(refused.value) == (
        f"nothing was saved: contacts record 'co-aaaaaa', field progress.target_id: target "
        f"{ids['target']!r} is for placement {ids['placement']!r}, not this contact's "
        f"placement {leahs.id!r}"
    )
    assert path.read_bytes() == before

    # The same records pointing at their own pupil's placement are fine.
    store.add(concern.model_copy(update={"pupil_id": leah.id}))
    store.add(contact.model_copy(update={"placement_id": ids["placement"]}))


def test_moving_a_record_away_from_what_refers_to_it_is_refused(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    _, leahs = _second_pupils_placement(store, ids)
    concern = store.add(
        Concern(
            pupil_id=ids["pupil"],
            placement_id=ids["placement"],
            raised_on=date(2026, 11, 27),
            category="attendance",
            description="Missed two sessions",
        )
    )
    store.add(
        Contact(
            placement_id=ids["placement"],
            date=date(2026, 11, 27),
            progress=[Progress(target_id=ids["target"], rating=3)],
        )
    )
    caseload = store.load()
    placement, target = caseload.placements[ids["placement"]], caseload.targets[ids["target"]]
    before = path.read_bytes()

    with pytest.raises(StoreError) as refused:
        store.update(placement.model_copy(update={"pupil_id": leahs.pupil_id}))
    assert str(refused.value) == (
        f"nothing was saved: concerns record {concern.id!r}, field placement_id: placement "
        f"{placement.id!r} is for pupil {leahs.pupil_id!r}, not this concern's pupil "
        f"{ids['pupil']!r}"
    )
    with pytest.raises(StoreError, match=r"field progress\.target_id: target .* is for placement"):
        store.update(target.model_copy(update={"placement_id": leahs.id}))
    assert path.read_bytes() == before
    # Moved together, in one write, they are consistent and saved.
    store.apply(
        update=[
            placement.model_copy(update={"pupil_id": leahs.pupil_id}),
            concern.model_copy(update={"pupil_id": leahs.pupil_id}),
        ]
    )
    assert parse_tables(json.loads(path.read_bytes())).concerns[concern.id].pupil_id == (
        leahs.pupil_id
    )


def test_a_second_transition_plan_for_a_placement_is_refused(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    store.add(Transition(placement_id=ids["placement"]))
    with pytest.raises(StoreError, match=f"placement {ids['placement']!r} already has transition"):
        store.add(Transition(placement_id=ids["placement"], destination="post16"))


def test_deleting_a_record_others_refer_to_is_refused_unless_they_go_too(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    contact = store.add(
        Contact(
            placement_id=ids["placement"],
            date=date(2026, 11, 27),
            progress=[Progress(target_id=ids["target"], rating=2)],
        )
    )
    with pytest.raises(StoreError) as refused:
        store.delete("pupils", ids["pupil"])
    assert str(refused.value) == (
        f"nothing was saved: pupils record {ids['pupil']!r} cannot be deleted: 1 placement "
        "still refers to it (delete those first)"
    )
    with pytest.raises(StoreError, match="1 contact still refers to it"):
        store.delete("targets", ids["target"])

    store.apply(
        delete=[
            ("contacts", contact.id, None),
            ("targets", ids["target"], None),
            ("placements", ids["placement"], None),
            ("pupils", ids["pupil"], None),
        ]
    )
    caseload = Store(path).load()
    assert caseload.pupils == {} and caseload.placements == {} and caseload.contacts == {}
    assert [row.action for row in caseload.audit[-4:]] == ["delete"] * 4
    with pytest.raises(StoreError, match="no table called 'pupil'"):
        store.delete("pupil", "x")


def test_an_invalid_record_is_refused_with_its_field(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    pupil = store.load().pupils[ids["pupil"]].model_copy()
    pupil.year_group = 20  # models do not validate assignment; the store does on save
    before = path.read_bytes()
    with pytest.raises(StoreError, match="the pupil was not saved: year_group: year group 20"):
        store.update(pupil)
    assert path.read_bytes() == before


def test_save_meta_keeps_one_settings_document(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, _ = seeded
    store = store_of(path, clock)
    meta = store.load().meta.model_copy(update={"hour_limit": 15.0})
    assert store.save_meta(meta).hour_limit == 15.0
    raw = json.loads(path.read_bytes())
    assert len(raw["meta"]) == 1 and next(iter(raw["meta"].values()))["hour_limit"] == 15.0
    assert Store(path).load().meta.hour_limit == 15.0
    assert store.load().audit[-1].summary == "settings: changed hour_limit"


def test_a_stale_settings_save_is_refused_by_rev_naming_who_and_when(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, _ = seeded
    mine, colleague = store_of(path, clock), store_of(path, clock, user="akhan")
    opened = mine.load().meta
    clock.now = datetime(2026, 11, 27, 15, 5)
    colleague.save_meta(colleague.load().meta.model_copy(update={"check_warning_days": 20}))
    assert colleague.load().meta.rev == opened.rev + 1
    before = path.read_bytes()

    with pytest.raises(StaleEditError) as refused:
        mine.save_meta(opened.model_copy(update={"hour_limit": 12.0}))
    assert str(refused.value) == (
        "akhan changed the settings at 15:05 on 27/11/2026 since you opened them: "
        "reopen the settings to see the change"
    )
    assert isinstance(refused.value.current, Meta)
    assert refused.value.current.check_warning_days == 20
    with pytest.raises(StaleEditError, match="since you opened them"):
        mine.apply(meta=opened, add=[Pupil(first_name="Leah", last_name="Patel")])
    assert path.read_bytes() == before

    current = mine.load().meta
    saved = mine.save_meta(current.model_copy(update={"hour_limit": 12.0}))
    assert (saved.hour_limit, saved.check_warning_days, saved.rev) == (12.0, 20, current.rev + 1)
    assert (saved.updated_by, saved.created_by) == ("jsmith", current.created_by)
    with pytest.raises(StaleEditError, match=r"^jsmith changed the settings at 15:05"):
        colleague.save_meta(current)
    with pytest.raises(StaleEditError, match=r"^jsmith \(you, in another window\) changed"):
        store_of(path, clock).save_meta(current)


def test_settings_and_records_save_in_one_write(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, _ = seeded
    store = store_of(path, clock)
    meta = store.load().meta.model_copy(update={"notify_la": True})
    saved = store.apply(add=[Pupil(first_name="Leah", last_name="Patel")], meta=meta)
    reread = Store(path).load()
    assert reread.meta.notify_la is True and saved[0].id in reread.pupils
    assert [(row.table, row.record_id) for row in reread.audit[-2:]] == [
        ("meta", "meta"),
        ("pupils", saved[0].id),
    ]
    # All or none: a refused record leaves the settings unsaved too.
    before = path.read_bytes()
    meta = reread.meta.model_copy(update={"notify_la": False})
    with pytest.raises(StoreError):
        store.apply(add=[Contact(placement_id="pl-nope00", date=date(2026, 11, 27))], meta=meta)
    assert path.read_bytes() == before


def test_settings_without_stamps_are_saved_only_from_settings_without_stamps(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "caseload.json"
    Store.create(path, Meta(school_name="Oak Academy"), user="jsmith", clock=clock)
    store = store_of(path, clock)
    with pytest.raises(StaleEditError):
        store.save_meta(Meta(school_name="Elm Academy"))  # rev 0: the stored settings have 1
    assert store.load().meta.school_name == "Oak Academy"


def test_group_access_widens_the_file_to_the_group(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, _ = seeded
    store = store_of(path, clock)
    store.save_meta(store.load().meta.model_copy(update={"group_access": True}))
    assert stat.S_IMODE(path.stat().st_mode) == 0o660
    store.save_meta(store.load().meta.model_copy(update={"group_access": False}))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("group_access", "before"),
    [
        (False, 0o400),  # a file kept read-only is never widened
        (True, 0o640),  # a group kept read-only stays so
        (True, 0o600),  # a member who narrowed it to themselves keeps it so
    ],
)
def test_a_write_keeps_the_files_mode_and_never_widens_it(
    seeded: tuple[Path, dict[str, str]], clock: Clock, group_access: bool, before: int
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    if group_access:
        store.save_meta(store.load().meta.model_copy(update={"group_access": True}))
    path.chmod(before)
    store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
    assert stat.S_IMODE(path.stat().st_mode) == before


# --- snapshots and caching -----------------------------------------------------------------


def test_a_snapshot_is_never_changed_by_later_writes(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    first = store.load()
    contacts, audit = dict(first.contacts), list(first.audit)
    pupil = first.pupils[ids["pupil"]]

    store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
    store.update(pupil.model_copy(update={"notes": "changed"}))

    assert first.contacts == contacts and first.audit == audit
    assert first.pupils[ids["pupil"]].notes is None
    second = store.load()
    assert second is not first and len(second.contacts) == 1
    assert second.pupils[ids["pupil"]].notes == "changed"
    assert store.load() is second  # unchanged file: the same snapshot, no re-read


def test_the_written_file_is_exactly_what_json_dumps_gives(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    store = store_of(path, clock)
    contact = store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
    store.update(contact.model_copy(update={"summary": "Café visit — “good”"}))
    store.add(Pupil(first_name="Zoë", last_name="Ørsted"))
    store.delete("contacts", contact.id)
    store.save_meta(store.load().meta.model_copy(update={"school_name": "St Æthelred's"}))

    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False)
    assert "Zoë" in text  # UTF-8, not \u escapes
    parse_tables(json.loads(text))


def test_plain_tinydb_reads_the_file(seeded: tuple[Path, dict[str, str]]) -> None:
    path, ids = seeded
    db = TinyDB(path, storage=JSONStorage, access_mode="r")
    try:
        assert [doc["id"] for doc in db.table("pupils").all()] == [ids["pupil"]]
        assert db.table("meta").all()[0]["schema_version"] == 2
    finally:
        db.close()


def test_fragment_cache_encodes_like_json_dumps() -> None:
    tables: dict[str, dict[str, Any]] = {
        "meta": {"1": {"a": 1.5, "b": None}},
        "pupils": {},
        "t": {"2": {"x": ["é", {}]}},
    }
    state = FileState()
    assert (
        b"".join(map(segment_bytes, state.encode(tables)))
        == json.dumps(tables, ensure_ascii=False).encode()
    )
    tables["t"] = {**tables["t"], "3": {"y": True}}
    assert (
        b"".join(map(segment_bytes, state.encode(tables)))
        == json.dumps(tables, ensure_ascii=False).encode()
    )


def test_stale_temporary_files_are_removed_by_the_next_write(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    leftover = path.parent / ".caseload.json.k2j3h4.tmp"
    leftover.write_bytes(b'{"half a fi')
    unrelated = path.parent / "notes.tmp"
    unrelated.write_text("mine")
    store_of(path, clock).add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
    assert not leftover.exists() and unrelated.exists()


# --- backups -----------------------------------------------------------------------------


def test_the_first_write_of_each_day_makes_one_backup_and_14_are_kept(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    backups = path.parent / "backups"
    store = store_of(path, clock)
    assert os.listdir(backups) == ["caseload-2026-11-27.json"]

    start = clock.now
    for day in range(1, 20):
        clock.now = start + timedelta(days=day)
        before = path.read_bytes()
        store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
        todays = backups / f"caseload-{clock.now.date().isoformat()}.json"
        assert todays.read_bytes() == before  # the file as it was before the day's first write
        store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
        assert todays.read_bytes() == before  # not again on the same day
        assert stat.S_IMODE(todays.stat().st_mode) == 0o600

    names = sorted(os.listdir(backups))
    assert len(names) == KEEP
    assert names[0] == "caseload-2026-12-03.json" and names[-1] == "caseload-2026-12-16.json"
    assert store.newest_backup() == backups / names[-1]
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700


def test_no_backup_folder_means_no_newest_backup(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "c.json", Meta())
    assert store.newest_backup() is None


# --- paths -------------------------------------------------------------------------------


def test_default_data_path_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert default_data_path().name == "caseload.json"
    assert "alp-tui" in default_data_path().parts
    monkeypatch.setenv("ALP_TUI_DATA", str(tmp_path / "x.json"))
    assert default_data_path() == tmp_path / "x.json"


def test_current_user_is_the_os_account() -> None:
    import pwd

    assert current_user() == pwd.getpwuid(os.getuid()).pw_name


# --- the large-file generator --------------------------------------------------------------


def test_the_benchmark_caseload_is_valid_and_opens(tmp_path: Path) -> None:
    make_large = make_large_module()
    path = make_large.write(tmp_path / "large.json", pupils=25, weeks=52)
    caseload = Store(path).load()
    assert len(caseload.pupils) == 25 and len(caseload.contacts) == 25 * 52
    assert len(caseload.providers) == 2
    assert all(len(contact.progress) == 3 for contact in caseload.contacts.values())


# --- within one process ----------------------------------------------------------------------


def test_a_save_waits_for_the_lock_and_then_gives_up_with_a_sentence(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    from filelock import FileLock

    path, ids = seeded
    store = Store(path, user="jsmith", clock=clock, lock_timeout=0.2)
    before = path.read_bytes()
    with (
        FileLock(str(store.lock_path)),
        pytest.raises(
            StoreError, match=r"someone else is still saving caseload\.json after 0\.2 seconds"
        ),
    ):
        store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
    assert path.read_bytes() == before
    store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))


def test_threads_saving_through_one_store_keep_every_record(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    import threading

    path, ids = seeded
    store = store_of(path, clock)
    errors: list[BaseException] = []

    def add_many() -> None:
        try:
            for _ in range(25):
                store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
                store.load()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add_many) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.load().contacts) == 75
    assert len(Store(path).load().contacts) == 75


def test_after_another_stores_write_the_next_write_keeps_both_and_encodes_right(
    seeded: tuple[Path, dict[str, str]], clock: Clock
) -> None:
    path, ids = seeded
    mine, theirs = store_of(path, clock), store_of(path, clock, user="akhan")
    mine.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 20)))
    pupil = theirs.load().pupils[ids["pupil"]]
    theirs.update(pupil.model_copy(update={"notes": "from akhan"}))
    mine.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))

    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False)
    caseload = Store(path).load()
    assert caseload.pupils[ids["pupil"]].notes == "from akhan"
    assert len(caseload.contacts) == 2
