"""CSV files as a school office's spreadsheets really write them, for the import tests:
Excel's `CSV UTF-8` (a BOM, CRLF), Excel in a decimal-comma locale (semicolons, often a
`sep=;` line), LibreOffice (no BOM, LF), quoted cells holding line breaks, and the empty
rows a formatted sheet leaves under its data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

#: A good sheet: two pupils, one with two placements (one row each), one provider new.
HEADINGS = [
    "First Name",
    "Last Name",
    "Date of Birth",
    "Year Group",
    "UPN",
    "EHCP",
    "Looked After",
    "SEN Support",
    "Provider",
    "Start Date",
    "End Date",
    "Focus",
    "Schedule",
]
GOOD_ROWS: list[list[str]] = [
    [
        "Jordan",
        "Bell",
        "14/03/2011",
        "10",
        "H801200001001",
        "no",
        "no",
        "yes",
        "Hillside Farm",
        "02/11/2026",
        "19/03/2027",
        "Re-engage with learning\nthrough practical work",
        "tue 09:00-15:00; thu 09:00-15:00",
    ],
    [
        "Jordan",
        "Bell",
        "14/03/2011",
        "10",
        "H801200001001",
        "",
        "",
        "",
        "Northside Boxing",
        "2026-11-04",
        "",
        "Mentoring",
        "fri 09:00-12:00",
    ],
    ["Amy", "Adams", "01/09/2013", "8", "", "", "yes", "", "", "", "", "", ""],
]
#: Upper-case letter + 11 digits + check: valid UPNs for the tests (see models.upn_problem).
UPN_JORDAN = "H801200001001"


def sheet(
    rows: Sequence[Sequence[str]],
    headings: Sequence[str] = HEADINGS,
    *,
    delimiter: str = ",",
    bom: bool = True,
    crlf: bool = True,
    sep_line: bool = False,
    empty_rows: int = 0,
) -> bytes:
    """The bytes a spreadsheet writes for `rows` under `headings`."""
    out = io.StringIO(newline="")
    ending = "\r\n" if crlf else "\n"
    writer = csv.writer(out, delimiter=delimiter, lineterminator=ending)
    if sep_line:
        out.write(f"sep={delimiter}{ending}")
    writer.writerow(headings)
    for row in rows:
        writer.writerow(row)
    for _ in range(empty_rows):
        out.write(delimiter * (len(headings) - 1) + ending)
    text = out.getvalue()
    return text.encode("utf-8-sig" if bom else "utf-8")


def write_sheet(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
