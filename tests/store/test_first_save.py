"""The first save after the file is read: the tables it leaves alone are copied from the file
as read (not read into memory and written back), and the next document numbers come from
the reading. Whatever the path, the file written is the one `json.dumps` would give."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from store.storage import FileState, TableSpan, read_file

Tables = dict[str, dict[str, Any]]


def _tables() -> Tables:
    return {
        "meta": {"1": {"schema_version": 2, "school": "St Æthelred's"}},
        "pupils": {"1": {"id": "p1", "name": "Zoë"}, "2": {"id": "p2", "name": "Ali"}},
        "contacts": {"1": {"id": "c1", "n": 1}, "10": {"id": "c10", "n": 10}, "2": {"id": "c2"}},
        "empty": {},
    }


def _written(tmp_path: Path, tables: Tables, indent: int | None = None) -> tuple[Path, FileState]:
    path = tmp_path / "caseload.json"
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=indent), encoding="utf-8")
    state = FileState()
    state.remember(*read_file(path))
    return path, state


def _expected(tables: Tables) -> bytes:
    return json.dumps(tables, ensure_ascii=False).encode()


def test_untouched_tables_are_copied_from_the_file_read(tmp_path: Path) -> None:
    tables = _tables()
    _, state = _written(tmp_path, tables)
    assert state.tables is not None
    parts = state.encode(dict(state.tables))
    spans = [part for part in parts if isinstance(part, TableSpan)]
    # The pupils' and the contacts' members (the file's bulk) stay in the file until written.
    members = [json.dumps(docs, ensure_ascii=False)[1:-1].encode() for docs in tables.values()]
    assert sorted(span.read() for span in spans) == sorted(filter(None, members))


def test_first_and_later_saves_write_what_json_dumps_would(tmp_path: Path) -> None:
    tables = _tables()
    path, state = _written(tmp_path, tables)
    # Keys "1", "10", "2": the next number is 11, found when the file was read.
    state.write_changes(path, [("contacts", None, {"id": "c11"})], 0o600)
    tables["contacts"]["11"] = {"id": "c11"}
    assert path.read_bytes() == _expected(tables)
    assert os.stat(path).st_mode & 0o777 == 0o600

    # The second save copies the contacts' text from the version the first one replaced.
    state.write_changes(path, [("contacts", None, {"id": "c12"})], 0o600)
    tables["contacts"]["12"] = {"id": "c12"}
    state.write_changes(path, [("pupils", "p1", {"id": "p1", "name": "Zoë B"})], 0o600)
    del tables["pupils"]["1"]
    tables["pupils"]["1"] = {"id": "p1", "name": "Zoë B"}
    assert path.read_bytes() == _expected(tables)
    assert json.loads(path.read_text(encoding="utf-8")) == tables


def test_a_file_laid_out_with_blank_space_is_written_as_json_dumps_would(tmp_path: Path) -> None:
    tables = _tables()
    path, state = _written(tmp_path, tables, indent=2)
    state.write_changes(path, [("contacts", None, {"id": "c11"})], 0o600)
    tables["contacts"]["11"] = {"id": "c11"}
    assert json.loads(path.read_text(encoding="utf-8")) == tables
    # The tables left alone keep the file's own text (read and trimmed, not copied).
    assert '"name": "Zoë"' in path.read_text(encoding="utf-8")


def test_without_the_systems_copy_the_bytes_are_copied_the_ordinary_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any) -> int:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refused)
    tables = _tables()
    path, state = _written(tmp_path, tables)
    state.write_changes(path, [("contacts", None, {"id": "c11"})], 0o600)
    tables["contacts"]["11"] = {"id": "c11"}
    assert path.read_bytes() == _expected(tables)


def test_numbers_found_at_reading_are_dropped_for_another_version(tmp_path: Path) -> None:
    tables = _tables()
    path, state = _written(tmp_path, tables)
    # Another process adds contact 20; this one reads that version before its own save.
    tables["contacts"]["20"] = {"id": "c20"}
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    state.write_changes(path, [("contacts", None, {"id": "c21"})], 0o600)
    tables["contacts"]["21"] = {"id": "c21"}
    assert path.read_bytes() == _expected(tables)
