"""Reading the school's spreadsheet (`alp_tui.spreadsheet`): CSV files as Excel and
LibreOffice write them, every bad line named by the line of the file it starts on."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from builders import TODAY, make_caseload, make_meta, make_provider, make_pupil
from spreadsheet_files import GOOD_ROWS, HEADINGS, UPN_JORDAN, sheet

from alp_tui.caseload import Caseload
from alp_tui.spreadsheet import (
    COLUMNS,
    CellError,
    ImportPlan,
    ImportRefused,
    conflicts,
    file_date,
    normalise_heading,
    problems_after,
    read_spreadsheet,
    row_words,
    schedule_from_text,
)


def ids() -> object:
    counter = itertools.count(1)
    return lambda table: f"{table[:2]}-{next(counter)}"


def read(data: bytes, caseload: Caseload | None = None) -> ImportPlan:
    return read_spreadsheet(data, caseload or make_caseload(), ids())  # type: ignore[arg-type]


def refused(data: bytes, caseload: Caseload | None = None) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read(data, caseload)
    return caught.value.sentences


def one_row(**cells: str) -> bytes:
    """A sheet of one pupil with the cells given (by column name), the rest empty."""
    headings = list(cells)
    return sheet([list(cells.values())], headings)


# --- a good file -----------------------------------------------------------------------------


def test_a_good_file_gives_pupils_placements_and_new_providers() -> None:
    plan = read(sheet(GOOD_ROWS))
    assert [(p.first_name, p.last_name) for p in plan.pupils] == [
        ("Jordan", "Bell"),
        ("Amy", "Adams"),
    ]
    jordan, amy = plan.pupils
    assert jordan.date_of_birth == date(2011, 3, 14)
    assert (jordan.year_group, jordan.upn, jordan.sen_support, jordan.ehcp) == (
        10,
        UPN_JORDAN,
        True,
        False,
    )
    assert amy.looked_after is True and amy.upn is None
    assert [p.name for p in plan.providers] == ["Hillside Farm", "Northside Boxing"]
    farm, boxing = plan.placements
    assert farm.pupil_id == boxing.pupil_id == jordan.id
    assert farm.provider_id == plan.providers[0].id
    assert farm.status == "active"
    assert (farm.start_date, farm.end_date) == (date(2026, 11, 2), date(2027, 3, 19))
    assert farm.hours_per_week == 12
    assert [s.day for s in farm.schedule] == ["tue", "thu"]
    # The line break inside the quoted cell is kept.
    assert farm.focus == "Re-engage with learning\nthrough practical work"
    assert boxing.start_date == date(2026, 11, 4) and boxing.end_date is None
    assert all(p.registration == "unregistered" for p in plan.providers)
    # Providers first, then pupils, then placements: each refers only to those before it.
    assert plan.records == [*plan.providers, *plan.pupils, *plan.placements]
    assert len({r.id for r in plan.records}) == 6


def test_the_preview_says_what_each_line_adds() -> None:
    plan = read(sheet(GOOD_ROWS))
    assert [row_words(r) for r in plan.rows] == [
        "line 2: Jordan Bell, Year 10 — Hillside Farm (new provider), from 02/11/2026 to "
        "19/03/2027, Tue, Thu, 12 h a week",
        # The first row's focus holds a line break, so the second row starts on line 4.
        "line 4: Jordan Bell (as on line 2) — Northside Boxing (new provider), from "
        "04/11/2026, Fri, 3 h a week",
        "line 5: Amy Adams, Year 8 — no placement",
    ]
    assert plan.summary() == (
        "2 pupils and 2 placements, with 2 new providers (added as unregistered, with no "
        "checks yet): Hillside Farm and Northside Boxing"
    )


def test_a_provider_already_known_is_matched_ignoring_case_and_spacing() -> None:
    farm = make_provider(name="Hillside Farm")
    plan = read(
        one_row(
            first_name="Kai",
            last_name="Morgan",
            provider="  hillside   FARM ",
            start_date="02/11/2026",
            focus="Animal care",
        ),
        make_caseload(farm),
    )
    assert plan.providers == []
    assert plan.placements[0].provider_id == farm.id
    assert row_words(plan.rows[0]).startswith("line 2: Kai Morgan — Hillside Farm, from")


# --- what real spreadsheets hold -------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";", "bom": True},  # Excel, CSV UTF-8, in a decimal-comma locale
        {"delimiter": ";", "bom": True, "sep_line": True},  # ... with Excel's sep= line
        {"delimiter": ",", "bom": False, "crlf": False},  # LibreOffice
        {"delimiter": ",", "bom": True},  # Excel, CSV UTF-8
        {"delimiter": ";", "bom": False, "crlf": False, "sep_line": True},
    ],
    ids=["excel-semicolon", "excel-sep-line", "libreoffice", "excel-comma", "sep-no-bom"],
)
def test_bom_semicolons_and_line_ends_as_spreadsheets_write_them(
    options: dict[str, object],
) -> None:
    plan = read(sheet(GOOD_ROWS, **options))  # type: ignore[arg-type]
    assert [p.first_name for p in plan.pupils] == ["Jordan", "Amy"]
    assert plan.placements[0].focus == "Re-engage with learning\nthrough practical work"
    assert plan.placements[0].hours_per_week == 12
    # Bad lines are still numbered as the file has them (the sep= line counts).
    bad = [*GOOD_ROWS, ["Zoe", "Ward", "", "Y9", *[""] * 9]]
    first = 2 if options.get("sep_line") else 1
    assert refused(sheet(bad, **options)) == [  # type: ignore[arg-type]
        f'line {first + 5}, year_group: "Y9" is not a year from 1 to 13 (write the number '
        "alone, e.g. 9)."
    ]


def test_a_cr_only_file_and_a_bom_written_twice() -> None:
    data = sheet(GOOD_ROWS, crlf=False).replace(b"\n", b"\r")
    assert len(read(data).pupils) == 2
    assert len(read(b"\xef\xbb\xbf" + sheet(GOOD_ROWS)).pupils) == 2


def test_trailing_empty_rows_and_blank_lines_are_left_out() -> None:
    data = sheet(GOOD_ROWS, empty_rows=40) + b"\r\n\r\n  \r\n"
    plan = read(data)
    assert len(plan.rows) == 3
    semicolons = sheet(GOOD_ROWS, delimiter=";", empty_rows=5)
    assert len(read(semicolons).rows) == 3


def test_a_quoted_cell_with_line_breaks_moves_the_line_numbers_on() -> None:
    rows = [
        [
            *["Ava", "Stone", "", "", "", "", "", "", "Hillside Farm", "02/11/2026", ""],
            *["Line one\nline two\nline three", ""],
        ],
        ["Ben", "Cole", "", "14", *[""] * 9],
    ]  # fmt: skip
    assert refused(sheet(rows)) == [
        'line 5, year_group: "14" is not a year from 1 to 13 (write the number alone, e.g. 9).'
    ]


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("First Name", "first_name"),
        ("  first name  ", "first_name"),
        ("FIRST-NAME", "first_name"),
        ("First_Name", "first_name"),
        ("Date Of Birth", "date_of_birth"),
        ("\ufeffUPN", "upn"),
        ("Sen support", "sen_support"),
        ("Looked-After", "looked_after"),
        ("Surname", "last_name"),
        ("Legal Forename", "first_name"),
        ("DOB", "date_of_birth"),
        ("Year", "year_group"),
        ("School Lead", "school_lead"),
    ],
)
def test_column_names_in_their_own_case_and_spacing(heading: str, column: str) -> None:
    assert normalise_heading(heading) == column


def test_columns_in_any_order_and_only_the_names_required() -> None:
    plan = read(sheet([["Adams", "Amy"]], ["Last Name", "First Name"]))
    assert (plan.pupils[0].first_name, plan.pupils[0].last_name) == ("Amy", "Adams")


def test_an_empty_column_without_a_heading_is_ignored() -> None:
    data = sheet([["Amy", "Adams", "", ""]], ["First Name", "Last Name", "", ""])
    assert len(read(data).pupils) == 1


# --- refused files ---------------------------------------------------------------------------


def test_month_first_dates_from_a_spreadsheet_with_us_settings_refuse_the_file() -> None:
    """LibreOffice and Excel with US settings save 14/03/2011 as 03/14/11: one date that can
    only be month first means 02/11/2026 in the same file is 11 February, not 2 November."""
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][2], rows[0][9], rows[0][10] = "11/02/2026", "11/02/2026", "03/19/2027"
    assert refused(sheet(rows)) == [
        'The dates in this file are written month first (line 2, end_date: "03/19/2027"), '
        "as a spreadsheet with US settings saves them, so every date in it would be "
        "misread: format the date columns as DD/MM/YYYY and save the file again."
    ]
    rows[0][2], rows[0][9], rows[0][10] = "03/14/11", "11/02/26", ""
    (sentence,) = refused(sheet(rows))
    assert sentence.startswith("The dates in this file are written month first (line 2, ")


def test_an_unknown_column_refuses_the_whole_file() -> None:
    data = sheet([[*row, "10X"] for row in GOOD_ROWS], [*HEADINGS, "Tutor Group"])
    assert refused(data) == [
        'The column "Tutor Group" is not one alp-tui knows: rename it to one of '
        f"{', '.join(COLUMNS)}, or delete it."
    ]


def test_a_column_twice_and_a_required_column_missing() -> None:
    sentences = refused(sheet([["Amy", "Amy"]], ["First Name", "first_name"]))
    assert sentences == [
        'The columns "First Name" and "first_name" are both first_name: keep one of them.',
        "The file has no last_name column: every pupil needs one.",
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("First Name,Last Name\r\nZoë,Ward\r\n".encode("cp1252"), "line 2 holds a character"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook (.xlsx)"),
        ("First Name\tLast Name\r\n".encode("utf-16"), "UTF-16"),
        (b"", "The file is empty"),
        (b"First Name,Last Name\r\n,\r\n", "no pupils under it"),
    ],
    ids=["windows-1252", "xlsx", "utf-16", "empty", "headings-only"],
)
def test_a_file_that_is_not_a_utf8_csv_is_refused_saying_how_to_save_it(
    data: bytes, words: str
) -> None:
    (sentence,) = refused(data)
    assert words in sentence


@pytest.mark.parametrize("character", ["\x1b", "\x07", "\u202e", "\x9b"])
def test_a_control_character_refuses_the_file_without_being_echoed(character: str) -> None:
    data = sheet([["Amy", f"Ad{character}[2Jams"]], ["First Name", "Last Name"])
    (sentence,) = refused(data)
    assert sentence.startswith("line 2, last_name: holds an invisible control character (U+")
    assert character not in sentence
    heading = sheet([["Amy", "Adams"]], ["First Name", f"Last{character}Name"])
    (sentence,) = refused(heading)
    assert sentence.startswith("line 1, the heading: holds") and character not in sentence


def test_tabs_and_line_breaks_in_a_cell_are_text() -> None:
    plan = read(
        sheet(
            [["Amy", "Adams", "Line one\r\n\tline two"]], ["First Name", "Last Name", "School Lead"]
        )
    )
    assert plan.pupils[0].school_lead == "Line one\n\tline two"


def test_a_cell_beyond_the_last_column_or_under_no_heading() -> None:
    data = b"First Name,Last Name\r\nAmy,Adams,stray\r\n"
    assert refused(data) == [
        'Line 2 has more cells than the heading row has columns ("stray" is beyond the last '
        "one): give that column a heading, or move the cell into its column."
    ]
    data = b"First Name,,Last Name\r\nAmy,,Adams\r\nBen,x,Cole\r\n"
    (sentence,) = refused(data)
    assert sentence.startswith('Column 2 has no heading, but line 3 has "x" in it')


YEAR_HINT = "is not a year from 1 to 13 (write the number alone, e.g. 9)"
DATE_HINT = "is not a date: write it as DD/MM/YYYY, e.g. 27/11/2026"
PLACED = {"provider": "Hillside Farm", "start_date": "02/11/2026", "focus": "Care"}
BAD_LINES: list[tuple[dict[str, str], str]] = [
    ({"year_group": "Y9"}, f'year_group: "Y9" {YEAR_HINT}'),
    ({"year_group": "0"}, f'year_group: "0" {YEAR_HINT}'),
    (
        {"date_of_birth": "31/02/2012"},
        'date_of_birth: "31/02/2012" is not a real date (day 31, month 2): write it as DD/MM/YYYY',
    ),
    ({"date_of_birth": "today"}, f'date_of_birth: "today" {DATE_HINT}'),
    (
        {"date_of_birth": "14/03/11"},
        'date_of_birth: "14/03/11" has a two-digit year: write dates as DD/MM/YYYY (in the '
        "spreadsheet, format the column as a date with the year in full before saving)",
    ),
    (
        {"ehcp": "maybe"},
        'ehcp: "maybe" is not yes or no (write yes, no, y, n, true, false, 1 or 0)',
    ),
    (
        {"upn": "H801200001002"},
        "upn: the UPN 'H801200001002' fails its check letter (expected X): retype it",
    ),
    ({"upn": "A12"}, "upn: the UPN 'A12' has 3 characters, not 13"),
    ({"first_name": ""}, "first_name: is empty: every pupil needs a first and a last name"),
    (
        {"start_date": "02/11/2026"},
        "provider: is empty, but the row gives start_date: name the provider, or clear them",
    ),
    (
        {"provider": "Hillside Farm"},
        "start_date: is empty: a placement needs its start date; focus: is empty: a "
        "placement needs its focus (what it is for)",
    ),
    ({**PLACED, "start_date": "+7"}, f'start_date: "+7" {DATE_HINT}'),
    (
        {**PLACED, "end_date": "01/09/2026"},
        "end_date: 01/09/2026 is before the start date 02/11/2026",
    ),
    (
        {**PLACED, "schedule": "mon 9-3"},
        'schedule: "mon 9-3" is not a session: write each as mon 09:00-15:00, with ; between them',
    ),
    (
        {**PLACED, "schedule": "mon 09:00-12:00; mon 11:00-15:00"},
        "schedule: two sessions overlap on Monday: 09:00–12:00 and 11:00–15:00",
    ),
    (
        {**PLACED, "schedule": "mon 15:00-09:00"},
        "schedule: the session on Monday ends at 09:00, not after it starts at 15:00",
    ),
]


@pytest.mark.parametrize(
    ("cells", "sentence"), BAD_LINES, ids=[s.split(":")[0] for _, s in BAD_LINES]
)
def test_each_bad_line_is_named_by_its_line_and_field(cells: dict[str, str], sentence: str) -> None:
    good = {"first_name": "Amy", "last_name": "Adams"}
    first = ["Ben", "Cole", *[""] * (len(COLUMNS) - 2)]
    data = sheet([first, [{**good, **cells}.get(c, "") for c in COLUMNS]], COLUMNS)
    assert refused(data) == [f"line 3, {sentence}."]


def test_every_bad_line_is_listed_not_only_the_first() -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][3] = "Y10"
    rows[2][2] = "32/01/2013"
    rows.append(["", "Nobody", *[""] * 11])
    assert refused(sheet(rows)) == [
        'line 2, year_group: "Y10" is not a year from 1 to 13 (write the number alone, e.g. 9).',
        'line 5, date_of_birth: "32/01/2013" is not a real date (day 32, month 1): write it '
        "as DD/MM/YYYY.",
        "line 6, first_name: is empty: every pupil needs a first and a last name.",
    ]


def test_a_retired_provider_takes_no_placements() -> None:
    old = make_provider(name="Old Mill", retired=True)
    data = one_row(
        first_name="Amy",
        last_name="Adams",
        provider="old mill",
        start_date="02/11/2026",
        focus="Art",
    )
    assert refused(data, make_caseload(old)) == [
        "line 2, provider: Old Mill is retired and takes no new placements: choose another "
        "provider."
    ]


# --- pupils already known --------------------------------------------------------------------


def test_a_pupil_already_on_the_caseload_is_refused_not_doubled() -> None:
    jordan = make_pupil(first_name="Jordan", last_name="Bell", upn=UPN_JORDAN)
    amy = make_pupil(first_name="amy", last_name="ADAMS", date_of_birth=date(2013, 9, 1))
    assert refused(sheet(GOOD_ROWS), make_caseload(jordan, amy)) == [
        f"line 2, upn: Jordan Bell, UPN {UPN_JORDAN} is already on the caseload; an import "
        "adds new pupils only, so take the row out of the file.",
        f"line 4, upn: Jordan Bell, UPN {UPN_JORDAN} is already on the caseload; an import "
        "adds new pupils only, so take the row out of the file.",
        "line 5, first_name, last_name and date_of_birth: amy ADAMS (born 01/09/2013) is "
        "already on the caseload; an import adds new pupils only, so take the row out of "
        "the file.",
    ]


def test_same_names_born_on_another_day_are_another_pupil() -> None:
    amy = make_pupil(first_name="Amy", last_name="Adams", date_of_birth=date(2012, 1, 5))
    assert len(read(sheet(GOOD_ROWS), make_caseload(amy)).pupils) == 2


def test_rows_about_one_pupil_by_names_and_birth_give_one_pupil_two_placements() -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][4] = ""  # the second row has no UPN: the names and date of birth say who
    rows[1][3] = ""
    plan = read(sheet(rows))
    assert len(plan.pupils) == 2 and len(plan.placements) == 2
    assert plan.pupils[0].year_group == 10


def test_rows_about_one_pupil_must_agree() -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][3] = "11"
    rows[1][7] = "no"
    assert refused(sheet(rows)) == [
        "line 4, year_group: 11, but line 2 gives 10 for the same pupil: make the rows "
        "agree; sen_support: no, but line 2 gives yes for the same pupil: make the rows agree."
    ]


def test_a_upn_of_one_pupil_beside_the_names_of_another() -> None:
    rows = [
        ["Ava", "Stone", "01/01/2012", "", UPN_JORDAN, *[""] * 8],
        ["Ben", "Cole", "02/02/2012", "", "", *[""] * 8],
        ["Ben", "Cole", "02/02/2012", "", UPN_JORDAN, *[""] * 8],
    ]
    assert refused(sheet(rows)) == [
        f"line 4, upn: {UPN_JORDAN} is the pupil on line 2, but the names and date of birth "
        "are the pupil's on line 3: correct one of them."
    ]


# --- after reading ---------------------------------------------------------------------------


def test_conflicts_when_someone_added_a_pupil_or_provider_meanwhile() -> None:
    empty = make_caseload()
    plan = read(sheet(GOOD_ROWS), empty)
    assert conflicts(plan, empty) == []
    later = make_caseload(
        make_pupil(first_name="Amy", last_name="Adams", date_of_birth=date(2013, 9, 1)),
        make_provider(name="HILLSIDE FARM"),
    )
    assert conflicts(plan, later) == [
        "line 5, first_name, last_name and date_of_birth: Amy Adams (born 01/09/2013) is "
        "already on the caseload; an import adds new pupils only, so take the row out of "
        "the file.",
        "The provider Hillside Farm was added by someone else since the file was read: read "
        "the file again.",
    ]


def test_conflicts_when_a_provider_was_retired_meanwhile() -> None:
    farm = make_provider(name="Hillside Farm")
    data = one_row(first_name="Amy", last_name="Adams", **PLACED)
    plan = read(data, make_caseload(farm))
    retired = make_caseload(farm.model_copy(update={"retired": True}))
    assert conflicts(plan, retired) == [
        "line 2, provider: the provider was removed or retired since the file was read: "
        "read the file again."
    ]


def test_problems_after_name_an_import_over_the_hour_limit() -> None:
    data = one_row(
        first_name="Chloe",
        last_name="Hughes",
        year_group="9",
        looked_after="yes",
        provider="Studio Hair",
        start_date="09/11/2026",
        focus="Level 1 hair",
        schedule="mon 09:00-14:00; tue 09:00-14:00; wed 09:00-14:00; thu 09:00-13:30",
    )
    caseload = make_caseload(meta=make_meta(registration_test="cwsa2026"))
    plan = read(data, caseload)
    found = problems_after(plan, caseload, TODAY)
    assert [p.code for p in found] == ["HOURS_OVER_LIMIT", "REGISTRATION_RISK"]
    assert found[0].message == "19.5 h/week at Studio Hair — over the 18 h limit"


# --- cells -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27/11/2026", date(2026, 11, 27)),
        ("7/3/2011", date(2011, 3, 7)),
        ("27.11.2026", date(2026, 11, 27)),
        ("27-11-2026", date(2026, 11, 27)),
        ("2026-11-27", date(2026, 11, 27)),
        ("27/11/2026 00:00", date(2026, 11, 27)),
        ("27/11/2026 00:00:00", date(2026, 11, 27)),
    ],
)
def test_file_dates(text: str, expected: date) -> None:
    assert file_date(text) == expected


@pytest.mark.parametrize(
    "text", ["today", "+7", "27/11", "27/11/26", "2026/11/27", "mon", "11/27/2026"]
)
def test_file_dates_refused(text: str) -> None:
    with pytest.raises(CellError):
        file_date(text)


MON_THU = [("mon", "09:00", "15:00"), ("thu", "09:00", "12:30")]


@pytest.mark.parametrize(
    ("text", "sessions"),
    [
        ("mon 09:00-15:00; thu 09:00-12:30", MON_THU),
        ("Monday 9:00 - 15:00, Thursday 09.00-12.30", MON_THU),
        (
            "tues 09:00 to 12:00\nweds 13:00–15:00",
            [("tue", "09:00", "12:00"), ("wed", "13:00", "15:00")],
        ),
        ("Fri. 09:00-12:00;", [("fri", "09:00", "12:00")]),
    ],
)
def test_schedules(text: str, sessions: list[tuple[str, str, str]]) -> None:
    assert [(s.day, s.start, s.end) for s in schedule_from_text(text)] == sessions
