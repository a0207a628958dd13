"""Reading a data file through the store, as strict as DESIGN.md §3: every kind of field
with good and bad values, nulls, schema versions, the settings' stamps, and paths that are
not regular files. Each case is a real TinyDB file in tmp_path, edited as another tool would."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from file_cases import meta_doc, read_raw, record, write_raw
from store_workers import fixed_clock, seed

from alp_tui.models import Action, Concern, Contact, Meta, Progress, Review, ReviewDecision
from store import NotAFileError, Store, StoreError, UnusableFileError
from store.drafts import read_draft, write_draft


@pytest.fixture
def ids(tmp_path: Path) -> dict[str, str]:
    """A file with a record of each table the cases below edit; returns their ids."""
    path = tmp_path / "caseload.json"
    ids = seed(path, clock=fixed_clock)
    store = Store(path, user="jsmith", clock=fixed_clock)
    contact = store.add(
        Contact(
            placement_id=ids["placement"],
            date=date(2026, 11, 26),
            progress=[Progress(target_id=ids["target"], rating=3)],
            actions=[Action(text="Send the timetable")],
        )
    )
    concern = store.add(
        Concern(pupil_id=ids["pupil"], raised_on=date(2026, 11, 26), description="Late twice")
    )
    review = store.add(
        Review(
            placement_id=ids["placement"],
            date=date(2026, 11, 20),
            decisions=[ReviewDecision(target_id=ids["target"], decision="continue")],
        )
    )
    return {**ids, "contact": contact.id, "concern": concern.id, "review": review.id}


@pytest.fixture
def path(tmp_path: Path, ids: dict[str, str]) -> Path:
    return tmp_path / "caseload.json"


def edit(raw: dict[str, Any], ids: dict[str, str], table: str, field: str, value: Any) -> None:
    """Set `field` (dotted into lists: `progress.0.rating`) of the table's record to `value`."""
    noun = {"pupils": "pupil", "providers": "provider", "placements": "placement"}
    doc: Any = (
        meta_doc(raw)
        if table == "meta"
        else next(iter(raw["audit"].values()))
        if table == "audit"
        else record(raw, table, ids[noun.get(table, table.rstrip("s"))])
    )
    *parents, last = field.split(".")
    for part in parents:
        doc = doc[int(part)] if part.isdigit() else doc[part]
    doc[int(last) if last.isdigit() else last] = value


def opened(path: Path) -> Store:
    return Store(path, user="jsmith", clock=fixed_clock)


def refusal(path: Path) -> str:
    """The reason the store gives for refusing the file, checking the file is untouched."""
    before = path.read_bytes()
    with pytest.raises(UnusableFileError) as refused:
        opened(path)
    assert path.read_bytes() == before
    assert "\n" not in str(refused.value)
    return refused.value.reason


# table, field, value, the sentence (after the record's name) or None when it reads, and
# what the record then holds when it reads.
KINDS: list[tuple[str, str, Any, str | None, Any]] = [
    # booleans
    ("pupils", "child_protection", "yes", 'must be true or false, not "yes"', None),
    ("pupils", "child_protection", 1, "must be true or false, not 1", None),
    ("pupils", "child_protection", True, None, True),
    ("pupils", "child_protection", None, None, False),
    ("contacts", "actions.0.done", "no", 'must be true or false, not "no"', None),
    ("meta", "group_access", 0, "must be true or false, not 0", None),
    # integers
    ("pupils", "year_group", 9.0, "must be a whole number, not 9.0", None),
    ("pupils", "year_group", "9", 'must be a whole number, not "9"', None),
    ("pupils", "year_group", True, "must be a whole number, not true", None),
    ("pupils", "year_group", 9, None, 9),
    ("pupils", "year_group", 14, "year group 14 is outside 1–13", None),
    ("pupils", "rev", "3", 'must be a whole number, not "3"', None),
    ("contacts", "progress.0.rating", "3", 'must be a whole number, not "3"', None),
    ("meta", "contact_interval_days", 7.0, "must be a whole number, not 7.0", None),
    ("meta", "contact_interval_days", 0, "must be at least 1, not 0", None),
    # numbers
    ("meta", "hour_limit", 18, None, 18.0),
    ("meta", "hour_limit", 18.5, None, 18.5),
    ("meta", "hour_limit", "18", 'must be a number, not "18"', None),
    ("meta", "hour_limit", True, "must be a number, not true", None),
    ("meta", "hour_limit", None, None, 18.0),
    # strings
    ("pupils", "first_name", 5, "must be text, not 5", None),
    ("pupils", "preferred_name", ["Jo"], 'must be text, not ["Jo"]', None),
    ("pupils", "preferred_name", "Jo", None, "Jo"),
    ("pupils", "created_by", 7, "must be text, not 7", None),
    # dates
    ("placements", "start_date", "27/11/2026", "'27/11/2026' is not a date", None),
    ("placements", "start_date", "20261127", "'20261127' is not a date", None),
    ("placements", "start_date", 20261127, "20261127 is not a date", None),
    ("placements", "start_date", "2026-02-30", "'2026-02-30' is not a real date", None),
    ("placements", "start_date", "2026-11-02", None, date(2026, 11, 2)),
    ("placements", "la_notified_on", "2026-11-03", None, date(2026, 11, 3)),
    # allowed values
    ("placements", "status", "done", "must be 'planned', 'active' or 'ended', not \"done\"", None),
    ("placements", "arranged_by", "local_authority", None, "local_authority"),
    ("placements", "arranged_by", "la", "must be 'school' or 'local_authority', not", None),
    ("placements", "arranged_by", None, None, None),
    ("meta", "registration_test", "cwsa2026", None, "cwsa2026"),
    ("meta", "registration_test", "2026", "must be 'esa2008' or 'cwsa2026', not \"2026\"", None),
    ("contacts", "progress.0.share", "everyone", "must be 'school' or 'all'", None),
    ("reviews", "decisions.0.decision", "stop", "must be 'continue', 'achieved'", None),
    # lists
    ("providers", "specialisms", "farming", 'must be a list, not "farming"', None),
    ("providers", "specialisms", None, None, []),
    ("concerns", "share_with", None, None, []),
    ("concerns", "share_with", ["parent"], None, ["parent"]),
    ("concerns", "share_with", ["school"], "must be 'provider' or 'parent'", None),
    ("meta", "staff", None, None, []),
    ("meta", "staff", {"user": "apatel"}, "must be a list", None),
    # objects
    ("contacts", "shares", "school", 'must be a JSON object, not "school"', None),
    ("contacts", "shares", {"summary": "all"}, None, {"summary": "all"}),
    ("contacts", "shares", {"voice": "all"}, "is not a field this table has", None),
    # the audit
    ("audit", "pupil_id", 5, "must be text, not 5", None),
]


@pytest.mark.parametrize(("table", "field", "value", "sentence", "reads_as"), KINDS)
def test_every_kind_of_field_is_read_strictly(
    path: Path,
    ids: dict[str, str],
    table: str,
    field: str,
    value: Any,
    sentence: str | None,
    reads_as: Any,
) -> None:
    raw = read_raw(path)
    edit(raw, ids, table, field, value)
    write_raw(path, raw)
    if sentence is not None:
        reason = refusal(path)
        if table == "meta":
            where = "the settings (meta) record"
        elif table == "audit":
            where = "audit record '#1'"
        else:
            noun = {"pupils": "pupil", "providers": "provider", "placements": "placement"}
            where = f"{table} record {ids[noun.get(table, table.rstrip('s'))]!r}"
        # A member of a list or object is named too: `share_with.0`, `shares.voice`.
        assert reason.startswith(f"{where}, field {field}"), reason
        assert f": {sentence}" in reason, reason
        return
    caseload = opened(path).load()
    if table == "meta":
        holder: Any = caseload.meta
    else:
        noun = {"pupils": "pupil", "providers": "provider", "placements": "placement"}
        holder = caseload.table(table)[ids[noun.get(table, table.rstrip("s"))]]
    read = getattr(holder, field)
    if hasattr(read, "model_dump"):
        read = read.model_dump(exclude_none=True)
    assert read == reads_as


def test_the_named_sentence_in_full(path: Path, ids: dict[str, str]) -> None:
    raw = read_raw(path)
    record(raw, "pupils", ids["pupil"])["child_protection"] = "yes"
    write_raw(path, raw)
    assert refusal(path) == (
        f'pupils record {ids["pupil"]!r}, field child_protection: must be true or false, not "yes"'
    )


def test_a_null_required_field_is_missing(path: Path, ids: dict[str, str]) -> None:
    raw = read_raw(path)
    record(raw, "placements", ids["placement"])["focus"] = None
    write_raw(path, raw)
    assert refusal(path) == (
        f"placements record {ids['placement']!r}, field focus: is required but missing"
    )


def test_a_null_document_is_not_a_record(path: Path) -> None:
    raw = read_raw(path)
    raw["targets"]["1"] = None
    write_raw(path, raw)
    assert refusal(path) == "targets record #1 is not a JSON object"


# --- schema versions ------------------------------------------------------------------------


@pytest.mark.parametrize("version", [0, -1, "2", 2.0, True, [2]])
def test_schema_version_must_be_a_positive_whole_number(path: Path, version: Any) -> None:
    raw = read_raw(path)
    meta_doc(raw)["schema_version"] = version
    write_raw(path, raw)
    reason = refusal(path)
    assert reason.startswith(
        "the settings (meta) record, field schema_version: must be a positive whole number "
        "(this alp-tui reads 1 to 2), not "
    ), reason


def test_a_newer_schema_is_refused_and_never_rewritten(path: Path, ids: dict[str, str]) -> None:
    store = opened(path)
    raw = read_raw(path)
    meta_doc(raw)["schema_version"] = 3
    data = write_raw(path, raw)
    with pytest.raises(UnusableFileError) as refused:
        opened(path)
    assert refused.value.newer
    assert "this file is schema version 3, written by a newer alp-tui" in str(refused.value)
    with pytest.raises(UnusableFileError):
        store.add(Contact(placement_id=ids["placement"], date=date(2026, 11, 27)))
    with pytest.raises(UnusableFileError):
        store.save_meta(Meta(school_name="Somewhere"))
    assert path.read_bytes() == data


# --- the settings' stamps -------------------------------------------------------------------


def test_settings_stamped_by_another_tool_open(path: Path) -> None:
    raw = read_raw(path)
    meta = meta_doc(raw)
    meta.update(
        id="meta",
        created_at="2026-09-01T08:00:00",
        created_by="sims-export",
        updated_at="2026-11-20T16:45:00",
        updated_by="apatel",
        rev=7,
    )
    write_raw(path, raw)
    read = opened(path).load().meta
    assert (read.id, read.rev, read.updated_by) == ("meta", 7, "apatel")


@pytest.mark.parametrize("only", ["id", "created_at", "rev"])
def test_settings_stamps_come_all_together_or_not_at_all(path: Path, only: str) -> None:
    raw = read_raw(path)
    meta = meta_doc(raw)
    for stamp in ("id", "created_at", "created_by", "updated_at", "updated_by", "rev"):
        if stamp != only:
            meta.pop(stamp)
    write_raw(path, raw)
    reason = refusal(path)
    assert reason.startswith("the settings (meta) record, field "), reason
    assert f"all together or none of them, and this one has {only})" in reason


def test_the_settings_id_is_meta(path: Path) -> None:
    raw = read_raw(path)
    meta_doc(raw)["id"] = "settings"
    write_raw(path, raw)
    assert refusal(path) == ('the settings (meta) record, field id: must be "meta", not "settings"')


def test_settings_rev_is_a_whole_number(path: Path) -> None:
    raw = read_raw(path)
    meta_doc(raw)["rev"] = "3"
    write_raw(path, raw)
    assert refusal(path) == 'the settings (meta) record, field rev: must be a whole number, not "3"'


# --- a review's decisions -------------------------------------------------------------------


def test_a_decision_on_another_placements_target_is_refused(
    path: Path, ids: dict[str, str]
) -> None:
    store = opened(path)
    placement = store.load().placements[ids["placement"]]
    other = store.add(placement.model_copy(update={"id": "", "rev": 0, "status": "ended"}))
    review = Review(
        placement_id=other.id,
        date=date(2026, 11, 20),
        decisions=[ReviewDecision(target_id=ids["target"], decision="achieved")],
    )
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        store.add(review)
    sentence = (
        f"field decisions.target_id: target {ids['target']!r} is for placement "
        f"{ids['placement']!r}, not this review's placement {other.id!r}"
    )
    assert sentence in str(refused.value)
    assert path.read_bytes() == before

    raw = read_raw(path)
    record(raw, "reviews", ids["review"])["placement_id"] = other.id
    write_raw(path, raw)
    assert refusal(path) == (
        f"reviews record {ids['review']!r}, field decisions.target_id: target "
        f"{ids['target']!r} is for placement {ids['placement']!r}, not this review's "
        f"placement {other.id!r}"
    )


def test_a_decision_on_a_target_that_does_not_exist_is_refused(
    path: Path, ids: dict[str, str]
) -> None:
    raw = read_raw(path)
    record(raw, "reviews", ids["review"])["decisions"][0]["target_id"] = "tg-gone00"
    write_raw(path, raw)
    assert refusal(path) == (
        f"reviews record {ids['review']!r}, field decisions.target_id: there is no target "
        "with id 'tg-gone00'"
    )


# --- paths that are not regular files -------------------------------------------------------


@contextmanager
def at_once(seconds: int = 10) -> Iterator[None]:
    """Fail (instead of hanging the run) if the body blocks."""

    def hung(signum: int, frame: Any) -> None:
        raise TimeoutError("blocked: the store opened a file it should have refused")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "caseload.json")
    return folder / "caseload.json"


def _folder(folder: Path) -> Path:
    (folder / "caseload.json").mkdir()
    return folder / "caseload.json"


def _socket(folder: Path) -> Path:
    target = folder / "c.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(target))
    server.close()
    return target


SPECIAL: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "a FIFO"),
    "folder": (_folder, "a folder"),
    "socket": (_socket, "a socket"),
    "device": (lambda folder: Path("/dev/null"), "a character device"),
}


@pytest.mark.parametrize("kind", SPECIAL)
def test_a_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    make, words = SPECIAL[kind]
    folder = tmp_path / "data"
    folder.mkdir()
    target = make(folder)
    with at_once(), pytest.raises(NotAFileError) as refused:
        Store(target)
    assert str(refused.value) == (
        f"{target} is not a regular file (it is {words}): point --data at the caseload's .json file"
    )


def test_a_fifo_in_the_drafts_folder_is_no_draft(path: Path) -> None:
    draft = write_draft(path, "pl-x", {"summary": "typed"})
    draft.unlink()
    os.mkfifo(draft)
    with at_once():
        assert read_draft(path, "pl-x") is None


def test_text_no_file_can_hold_is_refused_when_saved_not_written(
    path: Path, ids: dict[str, str]
) -> None:
    """Half a surrogate pair (a broken paste) would fail to encode mid-save: it is refused
    with a sentence first, and the file is as it was."""
    from alp_tui.models import Pupil

    store = opened(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        store.add(Pupil(first_name="Jo\ud800", last_name="Brown"))
    assert str(refused.value) == (
        "the pupil was not saved: its text holds a broken character (half of a surrogate "
        "pair): retype the text that was pasted in"
    )
    meta = store.load().meta.model_copy(update={"school_name": "Oak\udc00"})
    with pytest.raises(StoreError, match=r"^the settings were not saved: their text holds"):
        store.save_meta(meta)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("escaped", "name"),
    [
        (b"Jo\\ud83d\\ude00", "Jo\U0001f600"),  # a whole pair, as ensure_ascii writes it
        (b"Jo\\\\ud800", "Jo\\ud800"),  # an escaped backslash and the letters ud800
    ],
)
def test_escapes_that_are_whole_characters_are_read(
    path: Path, ids: dict[str, str], escaped: bytes, name: str
) -> None:
    path.write_bytes(path.read_bytes().replace(b'"Jordan"', b'"' + escaped + b'"'))
    assert opened(path).load().pupils[ids["pupil"]].first_name == name
