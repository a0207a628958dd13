"""Reading the data file into a `Caseload`: straight from its bytes when its text is laid
out as alp-tui writes it, else parsed whole and then validated (which also says exactly
what is wrong with a file that cannot be used).

Straight from the bytes, no document is ever built as a dict: each table's documents are
validated in runs of about a megabyte by pydantic's own JSON reader, so the peak memory of
a load is the records themselves, not the records and the parsed file at once.
"""

from __future__ import annotations

from typing import Any

from alp_tui.caseload import Caseload
from alp_tui.models import ALL_TABLES
from alp_tui.validation import parse_tables, parse_texts
from store.storage import (
    FileVersion,
    Tables,
    gc_paused,
    member_count,
    parse_with_spans,
    split_tables,
)


def read_caseload(data: bytes, version: FileVersion) -> tuple[Caseload, Tables]:
    """The caseload the file's bytes hold and its tables by document key (each document,
    or the record read from it), with where each table lies noted on `version`.

    Raises `FileFormatError` for bytes that are not a JSON object of tables and
    `CaseloadError` (or `NewerSchemaError`) for one that fails validation.
    """
    with gc_paused():
        quick = _straight(data)
        if quick is not None:
            caseload, tables, spans = quick
        else:
            tables, spans = parse_with_spans(data)
            caseload = parse_tables(tables)
    version.spans = spans
    return caseload, tables


def _straight(data: bytes) -> tuple[Caseload, Tables, dict[str, tuple[int, int]]] | None:
    texts = split_tables(data, ALL_TABLES)
    if texts is None:
        return None
    found = parse_texts({name: text.pieces for name, text in texts.items()}, member_count(data))
    if found is None:
        return None
    caseload, records = found
    tables: dict[str, dict[str, Any]] = records
    return caseload, tables, {name: text.span for name, text in texts.items()}
