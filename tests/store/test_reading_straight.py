"""Reading a file straight from its bytes (store/reading.py), against reading it whole:
the same records, the same refusals in the same words, the same bytes written after a
save, and the parsed documents not kept."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from file_cases import lossy_files
from pinned import CLOCK, TODAY
from store_workers import make_large_module

from alp_tui.caseload import Caseload
from alp_tui.models import Contact, Progress, SharedFields
from alp_tui.validation import dump_record, parse_tables
from store import Store, UnusableFileError, storage
from store import reading as reading_module
from store import store as store_module


def _large(tmp_path: Path, pupils: int = 4, weeks: int = 6) -> Path:
    return Path(make_large_module().write(tmp_path / "caseload.json", pupils=pupils, weeks=weeks))


def _dumped(caseload: Caseload) -> dict[str, Any]:
    tables: dict[str, Any] = {
        name: {key: dump_record(record) for key, record in caseload.table(name).items()}
        for name in ("providers", "pupils", "placements", "targets", "contacts")
    }
    for name in ("concerns", "transitions", "reviews"):
        tables[name] = {key: dump_record(r) for key, r in caseload.table(name).items()}
    tables["meta"] = dump_record(caseload.meta)
    tables["audit"] = [dump_record(entry) for entry in caseload.audit]
    return tables


@pytest.fixture
def straight(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for each load, whether it was read straight from the bytes."""
    seen: list[bool] = []
    real = reading_module._straight

    def spy(data: bytes) -> Any:
        found = real(data)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(reading_module, "_straight", spy)
    return seen


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables cut into many pieces, so the cuts between documents are exercised."""
    monkeypatch.setattr(storage, "PIECE_BYTES", 2000)


def test_a_file_alp_tui_wrote_is_read_straight_into_the_same_records(
    tmp_path: Path, straight: list[bool], small_pieces: None
) -> None:
    path = _large(tmp_path)
    whole = parse_tables(json.loads(path.read_bytes()))
    read = Store(path, user="jsmith", clock=CLOCK).load()
    assert straight == [True]
    assert _dumped(read) == _dumped(whole)
    assert len(read.contacts) == 4 * 6


def test_an_indented_file_is_read_into_the_same_records(
    tmp_path: Path, straight: list[bool]
) -> None:
    path = _large(tmp_path)
    whole = parse_tables(json.loads(path.read_bytes()))
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2), encoding="utf-8")
    read = Store(path, user="jsmith", clock=CLOCK).load()
    assert straight == [False]  # a blank before a colon: the member count cannot count it
    assert _dumped(read) == _dumped(whole)


def test_records_read_with_the_same_fields_share_one_set_of_their_names(tmp_path: Path) -> None:
    path = _large(tmp_path)
    caseload = Store(path, user="jsmith", clock=CLOCK).load()
    contacts = list(caseload.contacts.values())
    first = contacts[0]
    second = next(c for c in contacts[1:] if c.model_fields_set == first.model_fields_set)
    assert type(first.model_fields_set) is SharedFields
    assert first.model_fields_set is second.model_fields_set
    # The days are shared too.
    same_day = [c for c in contacts if c.week_start == first.week_start]
    assert len(same_day) > 1 and all(c.week_start is first.week_start for c in same_day)
    # Setting a field gives the record a set of its own; the other keeps the shared one.
    before = set(second.model_fields_set)
    first.summary = "Changed here only"
    assert "summary" in first.model_fields_set
    assert second.model_fields_set == before
    changed = second.model_copy(update={"school_staff": "Mr T Ward"})
    assert "school_staff" in changed.model_fields_set
    assert "school_staff" not in second.model_fields_set
    assert changed.model_dump(exclude_unset=True)["school_staff"] == "Mr T Ward"


def test_the_store_keeps_no_parsed_documents_of_a_file_read_straight(tmp_path: Path) -> None:
    path = _large(tmp_path)
    store = Store(path, user="jsmith", clock=CLOCK)
    state = store._state.tables
    assert state is not None
    for name in ("pupils", "placements", "targets", "contacts", "audit"):
        assert state[name], name
        assert not any(type(doc) is dict for doc in state[name].values()), name


@pytest.mark.parametrize(
    "case",
    [
        "duplicate member",
        "duplicate document key",
        "keys of one number",
        "key not a number",
    ],
)
def test_a_file_that_would_lose_a_record_is_refused_in_the_same_words(
    tmp_path: Path, case: str, small_pieces: None
) -> None:
    seeded = _large(tmp_path)
    raw = json.loads(seeded.read_bytes())
    raw["pupils"]["1"]["first_name"] = "Jordan"  # as lossy_files expects
    good = json.dumps(raw, ensure_ascii=False).encode()
    bad, phrase = lossy_files(good)[case]
    seeded.write_bytes(bad)
    with pytest.raises(UnusableFileError) as refused:
        Store(seeded, user="jsmith", clock=CLOCK)
    assert phrase in str(refused.value)


def test_a_document_key_given_twice_in_two_pieces_is_refused(
    tmp_path: Path, small_pieces: None
) -> None:
    path = _large(tmp_path)
    raw = json.loads(path.read_bytes())
    text = path.read_bytes().decode()
    first = json.dumps(raw["contacts"]["1"], ensure_ascii=False)
    # The contact under "1" again at the end of the table, a few pieces after the first.
    end = text.index('}, "concerns": {')
    twice = text[:end] + f', "1": {first}' + text[end:]
    path.write_text(twice, encoding="utf-8")
    with pytest.raises(UnusableFileError, match="two members named '1'"):
        Store(path, user="jsmith", clock=CLOCK)


def _refusal(path: Path, reader: Callable[[Path], Any]) -> str:
    with pytest.raises(UnusableFileError) as refused:
        reader(path)
    return str(refused.value)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"rating": 2', b'"rating": 7'),
        (b'"rating": 2', b'"rating": 2.0'),
        (b'"planned_hours": 6.0', b'"planned_hours": NaN'),
        (b'"method": "phone"', b'"method": "fax"'),
        (b'"method": "phone"', b'"method": "phone", "audit": {"1": {}}'),
        (b'"summary": "', b'"summary": null, "pupil_voice": "'),
        (b'"engagement": ', b'"engagement": null, "sessions": null, "x": '),
    ],
)
def test_a_bad_record_is_refused_with_the_sentence_reading_it_whole_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: bytes, new: bytes
) -> None:
    path = _large(tmp_path)
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    straight = _refusal(path, lambda p: Store(p, user="jsmith", clock=CLOCK))
    monkeypatch.setattr(reading_module, "_straight", lambda data: None)
    whole = _refusal(path, lambda p: Store(p, user="jsmith", clock=CLOCK))
    assert straight == whole


def _saves(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A week's saves of every kind into the large file: add, change in the middle of a
    table, delete, and the settings (the new ids the same each time)."""
    monkeypatch.setattr(store_module.secrets, "choice", random.Random(7).choice)
    store = Store(path, user="jsmith", clock=CLOCK)
    caseload = store.load()
    contacts = list(caseload.contacts.values())
    placement = next(iter(caseload.placements.values()))
    store.add(Contact(placement_id=placement.id, date=TODAY, summary="Zoë settled"))
    middle = contacts[len(contacts) // 2]
    store.update(middle.model_copy(update={"summary": "Corrected after the call"}))
    target = next(t for t in caseload.targets.values() if t.placement_id == middle.placement_id)
    again = store.load().contacts[middle.id]
    store.update(again.model_copy(update={"progress": [Progress(target_id=target.id, rating=4)]}))
    store.delete("contacts", contacts[0].id, contacts[0].rev)
    meta = store.load().meta
    store.save_meta(meta.model_copy(update={"school_name": "Hillside Trust"}))


def test_saves_write_the_bytes_reading_the_file_whole_would_have_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_pieces: None
) -> None:
    (tmp_path / "straight").mkdir()
    path = _large(tmp_path / "straight")
    whole = tmp_path / "whole" / "caseload.json"
    whole.parent.mkdir()
    shutil.copyfile(path, whole)
    whole.chmod(0o600)
    reread: list[str] = []
    real = storage.FileState._fragments

    def spy(state: storage.FileState, name: str, cached: Any) -> dict[str, bytes]:
        reread.append(name)
        return real(state, name, cached)

    monkeypatch.setattr(storage.FileState, "_fragments", spy)
    _saves(path, monkeypatch)
    # The change in the middle of the contacts encoded them whole, from their text.
    assert reread == ["contacts"]
    monkeypatch.setattr(reading_module, "_straight", lambda data: None)
    _saves(whole, monkeypatch)
    assert path.read_bytes() == whole.read_bytes()
    backups = [p.name for p in (path.parent / "backups").iterdir()]
    assert backups == [p.name for p in (whole.parent / "backups").iterdir()]
    for name in backups:
        assert (path.parent / "backups" / name).read_bytes() == (
            whole.parent / "backups" / name
        ).read_bytes()


@pytest.mark.parametrize("system_copy", [True, False])
def test_the_days_backup_is_the_file_as_it_was_before_the_first_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system_copy: bool
) -> None:
    if not system_copy:
        # A system without a copy of its own, half-way through: the rest read and written.
        calls: list[int] = []
        real = storage.os.copy_file_range

        def refuse(*args: Any) -> int:
            calls.append(1)
            if len(calls) > 1:
                raise OSError(38, "Function not implemented")
            return real(args[0], args[1], 1000, *args[3:])

        monkeypatch.setattr(storage.os, "copy_file_range", refuse)
    path = _large(tmp_path)
    before = path.read_bytes()
    store = Store(path, user="jsmith", clock=CLOCK)
    placement = next(iter(store.load().placements.values()))
    store.add(Contact(placement_id=placement.id, date=date(2026, 11, 27)))
    (backup,) = (path.parent / "backups").iterdir()
    assert backup.read_bytes() == before
    assert path.read_bytes() != before


def test_notes_quoting_a_word_are_still_read_straight(tmp_path: Path, straight: list[bool]) -> None:
    path = _large(tmp_path)
    raw = json.loads(path.read_bytes())
    first = raw["contacts"]["1"]
    first["summary"] = 'He said "no" to the task, then "yes" after break; 10:30 "ok"'
    first["pupil_voice"] = "Ends with a backslash \\"
    path.write_bytes(json.dumps(raw, ensure_ascii=False).encode())
    whole = parse_tables(json.loads(path.read_bytes()))
    read = Store(path, user="jsmith", clock=CLOCK).load()
    assert straight == [True]
    assert _dumped(read) == _dumped(whole)
    assert read.contacts[first["id"]].summary == first["summary"]


def test_a_member_given_twice_and_spaced_from_its_colon_is_refused(
    tmp_path: Path, straight: list[bool]
) -> None:
    path = _large(tmp_path)
    # After a text ending in a backslash, a member given twice, the second spaced from its
    # colon: hidden from the count, it would balance the one the count lacks.
    raw = json.loads(path.read_bytes())
    raw["contacts"]["1"]["summary"] = "ends \\"
    text = json.dumps(raw, ensure_ascii=False)
    marker = '"summary": "ends \\\\"'
    assert marker in text
    text = text.replace(marker, marker + ', "summary" : "again"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnusableFileError, match="two members named 'summary'"):
        Store(path, user="jsmith", clock=CLOCK)
    assert straight == [False]
