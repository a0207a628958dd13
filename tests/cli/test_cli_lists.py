"""`alp-tui import` and `alp-tui placements`, run as real `python -m alp_tui` processes on
real files: a spreadsheet saved as Excel and LibreOffice save it, all or nothing, the data
file byte-for-byte unchanged when an import is refused; the local authority's list."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from builders import make_caseload, make_placement, make_provider, make_pupil
from pinned import CLOCK
from spreadsheet_files import GOOD_ROWS, HEADINGS, UPN_JORDAN, sheet, write_sheet

from alp_tui.authority import AUTHORITY_COLUMNS
from store import Store

ON = ["--today", "2026-11-27"]


def alp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alp_tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def new_caseload(path: Path, *records: object) -> Path:
    caseload = make_caseload(*records)  # type: ignore[arg-type]
    Store.create(path, caseload.meta, caseload=caseload, user="tester", clock=CLOCK)
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return new_caseload(tmp_path / "caseload.json")


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes and modification time, and what sits beside it (backups included)."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


# --- import ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";", "bom": True, "sep_line": True},
        {"delimiter": ",", "bom": False, "crlf": False},
    ],
    ids=["excel-semicolons-bom", "libreoffice-commas"],
)
def test_a_good_file_is_added_in_one_save(
    data: Path, tmp_path: Path, options: dict[str, object]
) -> None:
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(GOOD_ROWS, **options))  # type: ignore[arg-type]
    done = alp("import", str(csv_file), "--data", str(data), *ON, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    first = 3 if options.get("sep_line") else 2  # Excel's sep= line is line 1
    assert f"line {first}: Jordan Bell, Year 10 — Hillside Farm (new provider)" in done.stdout
    assert "Added 2 pupils and 2 placements, with 2 new providers" in done.stdout
    caseload = Store(data).load()
    assert sorted(p.first_name for p in caseload.pupils.values()) == ["Amy", "Jordan"]
    assert sorted(p.name for p in caseload.providers.values()) == [
        "Hillside Farm",
        "Northside Boxing",
    ]
    jordan = next(p for p in caseload.pupils.values() if p.upn == UPN_JORDAN)
    assert len(caseload.placements_of(jordan.id)) == 2
    # One write: every record carries the same stamp, and each is in the audit.
    stamps = {
        r.created_at
        for t in ("pupils", "placements", "providers")
        for r in caseload.table(t).values()
    }
    assert len(stamps) == 1
    assert len([a for a in caseload.audit if a.action == "create"]) == 6


def test_bad_lines_are_each_named_and_the_file_is_byte_for_byte_unchanged(
    data: Path, tmp_path: Path
) -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][3] = "Y10"
    rows[2][2] = "31/02/2013"
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(rows))
    before = snapshot(data)
    done = alp("import", str(csv_file), "--data", str(data), *ON, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "alp-tui: pupils.csv was not imported and nothing was written; 2 things to mend:",
        '  line 2, year_group: "Y10" is not a year from 1 to 13 (write the number alone, e.g. 9).',
        '  line 5, date_of_birth: "31/02/2013" is not a real date (day 31, month 2): write it '
        "as DD/MM/YYYY.",
    ]
    assert done.stdout == ""
    assert snapshot(data) == before


def test_an_unknown_column_refuses_the_file(data: Path, tmp_path: Path) -> None:
    csv_file = write_sheet(
        tmp_path, "pupils.csv", sheet([[*r, "7B"] for r in GOOD_ROWS], [*HEADINGS, "Form"])
    )
    before = snapshot(data)
    done = alp("import", str(csv_file), "--data", str(data), *ON, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0] == "alp-tui: pupils.csv was not imported and nothing was written:"
    assert lines[1].startswith('  The column "Form" is not one alp-tui knows: rename it to')
    assert snapshot(data) == before


def test_a_pupil_already_on_the_caseload_refuses_the_file(tmp_path: Path) -> None:
    data = new_caseload(
        tmp_path / "caseload.json",
        make_pupil(first_name="Jordan", last_name="Bell", upn=UPN_JORDAN),
    )
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(GOOD_ROWS))
    before = snapshot(data)
    done = alp("import", str(csv_file), "--data", str(data), *ON, cwd=tmp_path)
    assert done.returncode == 2
    assert f"line 2, upn: Jordan Bell, UPN {UPN_JORDAN} is already on the caseload" in done.stderr
    assert snapshot(data) == before
    assert len(Store(data).load().pupils) == 1


def test_importing_the_same_file_twice_adds_it_once(data: Path, tmp_path: Path) -> None:
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(GOOD_ROWS))
    assert alp("import", str(csv_file), "--data", str(data), *ON, cwd=tmp_path).returncode == 0
    again = alp("import", str(csv_file), "--data", str(data), *ON, cwd=tmp_path)
    assert again.returncode == 2
    assert "is already on the caseload" in again.stderr
    assert len(Store(data).load().pupils) == 2


def test_dry_run_prints_what_it_would_add_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(GOOD_ROWS, delimiter=";"))
    before = snapshot(data)
    done = alp("import", str(csv_file), "--data", str(data), "--dry-run", *ON, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == [
        "Would add:",
        "  line 2: Jordan Bell, Year 10 — Hillside Farm (new provider), from 02/11/2026 to "
        "19/03/2027, Tue, Thu, 12 h a week",
        "  line 4: Jordan Bell (as on line 2) — Northside Boxing (new provider), from "
        "04/11/2026, Fri, 3 h a week",
        "  line 5: Amy Adams, Year 8 — no placement",
    ]
    assert "Nothing was written (--dry-run)" in done.stdout
    assert snapshot(data) == before


def test_an_import_over_the_hour_limit_says_so(data: Path, tmp_path: Path) -> None:
    rows = [list(GOOD_ROWS[0])]
    rows[0][12] = "mon 08:00-14:00; tue 08:00-14:00; wed 08:00-14:00; thu 08:00-09:30"
    csv_file = write_sheet(tmp_path, "pupils.csv", sheet(rows))
    done = alp("import", str(csv_file), "--data", str(data), "--dry-run", *ON, cwd=tmp_path)
    assert "Once imported, these would be flagged:" in done.stdout
    assert "!! 19.5 h/week at Hillside Farm — over the 18 h limit" in done.stdout


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_no_file_to_import_is_one_sentence(data: Path, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "nothing.csv"
    if kind == "folder":
        target.mkdir()
    done = alp("import", str(target), "--data", str(data), *ON, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("alp-tui: ")
    assert "give the CSV file to import" in done.stderr


def test_a_pupil_added_by_someone_else_before_the_write_is_not_doubled(tmp_path: Path) -> None:
    """The check runs again under the store's lock: what another user saved between the
    file being read and the write refuses the import, and nothing is written."""
    from alp_tui.spreadsheet import conflicts, read_spreadsheet
    from store import StoreError, id_maker

    data = new_caseload(tmp_path / "caseload.json")
    mine = Store(data, user="apatel", clock=CLOCK)
    plan = read_spreadsheet(sheet(GOOD_ROWS), mine.load(), id_maker(mine.load()))
    # A colleague adds Amy from the app meanwhile.
    Store(data, user="jsmith", clock=CLOCK).add(
        make_pupil(id="", first_name="Amy", last_name="Adams", date_of_birth=date(2013, 9, 1))
    )
    before = data.read_bytes()
    with pytest.raises(StoreError, match=r"nothing was saved: line 5, .* Amy Adams"):
        mine.apply(add=plan.records, guard=lambda now: " ".join(conflicts(plan, now)) or None)
    assert data.read_bytes() == before
    assert [p.first_name for p in Store(data).load().pupils.values()] == ["Amy"]


# --- placements ------------------------------------------------------------------------------


@pytest.fixture
def placed(tmp_path: Path) -> Path:
    farm = make_provider(name="Hillside Farm", urn="123456", ukprn="10012345")
    tutors = make_provider(name='=HYPERLINK("http://x")', registration="other")
    jordan = make_pupil(first_name="Jordan", last_name="Bell", upn=UPN_JORDAN, year_group=10,
                        date_of_birth=date(2011, 3, 14))  # fmt: skip
    amy = make_pupil(first_name="Amy", last_name="Adams", year_group=8)
    gone = make_pupil(first_name="Old", last_name="Leaver", archived=True)
    return new_caseload(
        tmp_path / "caseload.json",
        farm,
        tutors,
        jordan,
        amy,
        gone,
        make_placement(
            jordan,
            farm,
            start_date=date(2026, 11, 2),
            end_date=date(2027, 3, 19),
            la_notified_on=date(2026, 11, 3),
        ),
        make_placement(amy, tutors, status="planned", start_date=date(2027, 1, 6), online=True),
        make_placement(amy, farm, arranged_by="local_authority", start_date=date(2026, 9, 7)),
        make_placement(
            jordan, farm, status="ended", start_date=date(2026, 3, 2), ended_on=date(2026, 7, 17)
        ),
        make_placement(gone, farm, start_date=date(2026, 9, 7)),
    )


def read_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    assert b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_placements_csv_to_standard_output(placed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alp_tui", "placements", "--csv", "--data", str(placed), *ON],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = read_csv(done.stdout)
    assert rows[0] == list(AUTHORITY_COLUMNS.values())
    assert rows[1:] == [
        ["", "Adams", "Amy", "", "8", "Hillside Farm", "123456", "10012345", "unregistered",
         "local authority", "no", "K", "active", "07/09/2026", "", "0", "0", ""],
        ["", "Adams", "Amy", "", "8", "'=HYPERLINK(\"http://x\")", "", "", "other", "school",
         "yes", "not B (online)", "planned", "06/01/2027", "", "0", "0", ""],
        [UPN_JORDAN, "Bell", "Jordan", "14/03/2011", "10", "Hillside Farm", "123456",
         "10012345", "unregistered", "school", "no", "B", "active", "02/11/2026",
         "19/03/2027", "0", "0", "03/11/2026"],
    ]  # fmt: skip


def test_placements_csv_to_a_file_or_folder_is_owner_only(placed: Path, tmp_path: Path) -> None:
    out = tmp_path / "la.csv"
    done = alp("placements", "--data", str(placed), "--out", str(out), *ON, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [str(out), "3 placements listed."]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(read_csv(out.read_bytes())) == 4
    folder = tmp_path / "for-la"
    folder.mkdir()
    done = alp(
        "placements", "--csv", "--data", str(placed), "--out", str(folder), *ON, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (folder / "2026-11-27 placements.csv").read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("out", "words"),
    [("la.xlsx", "give a name ending in .csv"), ("caseload.json", "ending in .csv"),
     ("missing/la.csv", "does not exist")],
)  # fmt: skip
def test_placements_out_refused(placed: Path, tmp_path: Path, out: str, words: str) -> None:
    before = placed.read_bytes()
    done = alp("placements", "--data", str(placed), "--out", out, *ON, cwd=tmp_path)
    assert done.returncode == 2
    assert words in done.stderr and done.stderr.count("\n") == 1
    assert placed.read_bytes() == before


def test_placements_table(placed: Path, tmp_path: Path) -> None:
    done = alp("placements", "--data", str(placed), *ON, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Test School: active and planned placements, 27/11/2026"
    assert lines[1].split() == ["Pupil", "Yr", "UPN", "Provider", "Code", "Arranged", "Status",
                                "Start", "End", "h/wk", "Days", "LA", "told"]  # fmt: skip
    assert lines[2].startswith("Adams, Amy")
    assert " K " in lines[2] and " LA " in lines[2]
    assert " not B " in lines[3] and "not yet" in lines[3]
    assert lines[4].startswith("Bell, Jordan") and lines[4].endswith("03/11/2026")
    assert lines[-1] == "3 placements; 1 not yet told to the local authority."


def test_placements_table_fits_a_narrow_terminal() -> None:
    from alp_tui.authority import authority_rows
    from alp_tui.cli_lists import placements_table

    farm = make_provider(name="Forge Construction Skills")
    pupil = make_pupil(first_name="Jordan", last_name="Bennett", upn=UPN_JORDAN)
    rows = authority_rows(make_caseload(farm, pupil, make_placement(pupil, farm)))
    wide = placements_table(rows, None)
    narrow = placements_table(rows, 80)
    assert max(len(line) for line in wide) > 80
    assert all(len(line) <= 80 for line in narrow)
    assert narrow[-1].startswith("(not shown, to fit: UPN")
