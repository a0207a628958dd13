"""Data files edited by hand, as another tool or an older alp-tui would leave them: the raw
JSON of a file the store wrote, changed, and written back as bytes.

    raw = read_raw(path)
    record(raw, "pupils", pupil_id)["ehcp"] = "yes"
    write_raw(path, raw)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# What schema version 2 added, by table: a file without them is as alp-tui 0.1 wrote it.
SCHEMA_2_FIELDS: dict[str, tuple[str, ...]] = {
    "meta": (
        "id",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "rev",
        "registration_test",
        "notify_la",
        "staff",
        "export_folder",
    ),
    "placements": ("arranged_by", "online", "la_notified_on"),
    "concerns": ("share_with",),
    "reviews": ("decisions",),
    "contacts": ("shares",),
    "transitions": ("shares",),
    "audit": ("pupil_id",),
}


def read_raw(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def write_raw(path: Path, raw: Any) -> bytes:
    """Write `raw` as the file's bytes (as alp-tui writes them) and return those bytes."""
    data = json.dumps(raw, ensure_ascii=False).encode("utf-8")
    path.write_bytes(data)
    path.chmod(0o600)
    return data


def meta_doc(raw: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = next(iter(raw["meta"].values()))
    return doc


def record(raw: dict[str, Any], table: str, record_id: str) -> dict[str, Any]:
    """The document of one record, by its id."""
    for doc in raw[table].values():
        if doc.get("id") == record_id:
            return doc
    raise KeyError(f"{table} has no record {record_id!r}")


def as_version_1(raw: dict[str, Any]) -> dict[str, Any]:
    """The same caseload as alp-tui 0.1 wrote it: schema version 1, no schema-2 field."""
    for table, fields in SCHEMA_2_FIELDS.items():
        for doc in raw.get(table, {}).values():
            for field in fields:
                doc.pop(field, None)
            for item in doc.get("progress", []) + doc.get("actions", []):
                item.pop("share", None)
    meta_doc(raw)["schema_version"] = 1
    return raw


def lossy_files(good: bytes) -> dict[str, tuple[bytes, str]]:
    """Files JSON reads without complaint that would still lose a record or a character,
    each with a phrase of the sentence that refuses it. `good` is a file the store wrote
    with a pupil called Jordan as its first pupil document."""
    text = good.decode("utf-8")
    start = text.index('"pupils": {') + len('"pupils": {')
    pupil = json.loads(text)["pupils"]["1"]
    other = json.dumps({**pupil, "first_name": "Sam"}, ensure_ascii=False)
    return {
        "duplicate member": (
            good.replace(b'"first_name": "Jordan"', b'"first_name": "Jordan", "first_name": "J"'),
            f"two members named 'first_name' (in the record with id {pupil['id']!r})",
        ),
        "duplicate document key": (
            (text[:start] + f'"1": {other}, ' + text[start:]).encode(),
            "two members named '1'",
        ),
        "keys of one number": (
            (text[:start] + f'"01": {other}, ' + text[start:]).encode(),
            'the pupils table holds two records numbered 1 (under the keys "01" and "1")',
        ),
        "key not a number": (
            text.replace('"pupils": {"1": ', '"pupils": {"abc": ').encode(),
            'the pupils table holds a record under the key "abc", which is not a plain number',
        ),
        "negative key": (
            text.replace('"pupils": {"1": ', '"pupils": {"-1": ').encode(),
            'under the key "-1"',
        ),
        "spaced key": (
            text.replace('"pupils": {"1": ', '"pupils": {" 1": ').encode(),
            'under the key " 1"',
        ),
        "lone high surrogate": (
            good.replace(b'"Jordan"', b'"Jord\\ud800an"'),
            "the escape \\ud800 on line 1 is half of a pair",
        ),
        "lone low surrogate": (
            good.replace(b'"Jordan"', b'"Jord\\udc00an"'),
            "the escape \\udc00 on line 1 is half of a pair",
        ),
    }
