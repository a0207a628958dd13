"""Reading the school's spreadsheet of pupils and their placements (`alp-tui import`, and
the app's import screen): the CSV's bytes in, the records to add out, or one sentence per
bad line naming the line of the file where the row starts and the field.

Pure: nothing here opens a file or writes the store. The callers save `ImportPlan.records`
in one `store.apply` (all or nothing), with `conflicts` run again under the store's lock so
a pupil added meanwhile is not doubled.

Real spreadsheets are taken as Excel and LibreOffice write them: UTF-8 with or without a
BOM, commas or semicolons (and Excel's `sep=;` first line), quoted cells holding line
breaks, trailing empty rows, and column headings in their own case and spacing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import (
    DAY_NAMES,
    DAYS,
    Placement,
    Provider,
    Pupil,
    Record,
    Session,
    check_sessions,
    upn_problem,
    weekly_hours,
)
from alp_tui.rules import Problem, find_problems, format_hours
from alp_tui.validation import first_error

#: The columns a file may have, in the order the help lists them.
COLUMNS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "year_group",
    "upn",
    "ehcp",
    "looked_after",
    "sen_support",
    "school_lead",
    "provider",
    "start_date",
    "end_date",
    "focus",
    "schedule",
)
REQUIRED_COLUMNS = ("first_name", "last_name")
#: The headings a management information system exports under other names (SIMS, Arbor).
ALIASES: dict[str, str] = {
    "forename": "first_name",
    "legal_forename": "first_name",
    "surname": "last_name",
    "legal_surname": "last_name",
    "preferred_forename": "preferred_name",
    "dob": "date_of_birth",
    "year": "year_group",
}
PUPIL_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "year_group",
    "upn",
    "ehcp",
    "looked_after",
    "sen_support",
    "school_lead",
)
PLACEMENT_FIELDS = ("start_date", "end_date", "focus", "schedule")
BOOLEAN_FIELDS = ("ehcp", "looked_after", "sen_support")
DATE_FIELDS = ("date_of_birth", "start_date", "end_date")

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
SAVE_AS_UTF8 = (
    "in Excel choose Save As and 'CSV UTF-8 (Comma delimited)'; in LibreOffice tick "
    "'Edit filter settings' and choose Unicode (UTF-8)"
)

MakeId = Callable[[str], str]


class ImportRefused(ValueError):
    """The file cannot be imported as it is: one sentence per thing to mend."""

    def __init__(self, sentences: Sequence[str]) -> None:
        super().__init__(" ".join(sentences))
        self.sentences = list(sentences)


@dataclass(frozen=True)
class ImportedRow:
    """What one line of the file adds."""

    line: int
    pupil: Pupil
    placement: Placement | None
    provider_name: str = ""
    #: The line that first named this pupil, when this row is a further placement.
    same_pupil_as: int | None = None
    #: The provider is new: the import adds it (unregistered).
    new_provider: bool = False


@dataclass
class ImportPlan:
    """The records a file adds, row by row; saved together or not at all."""

    rows: list[ImportedRow] = field(default_factory=list)
    pupils: list[Pupil] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        """Providers first, then pupils, then placements: each refers only to those before."""
        return [*self.providers, *self.pupils, *self.placements]

    def summary(self) -> str:
        """`3 pupils and 4 placements, with 1 new provider (unregistered): Hillside Farm`."""
        text = (
            f"{_count(len(self.pupils), 'pupil')} and {_count(len(self.placements), 'placement')}"
        )
        if self.providers:
            names = _join([p.name for p in self.providers])
            text += (
                f", with {_count(len(self.providers), 'new provider')} "
                f"(added as unregistered, with no checks yet): {names}"
            )
        return text


def _q(text: str) -> str:
    """A cell as the sentence quotes it: `"Y9"`."""
    return f'"{text}"'


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


# --- the file as text ------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a BOM; anything else is refused, saying how
    to save the file as UTF-8."""
    if data.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            [
                "This is an Excel workbook (.xlsx), not a CSV file: save it as CSV first "
                f"({SAVE_AS_UTF8})."
            ]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(
            [f"The file is UTF-16 text (Excel's 'Unicode Text'), not a CSV: {SAVE_AS_UTF8}."]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [
                f"The file is not UTF-8 text (line {line} holds a character written another "
                f"way, as older Excel does): {SAVE_AS_UTF8}."
            ]
        ) from None
    if "\x00" in text:
        raise ImportRefused(["The file holds binary data, not CSV text: save it as CSV."])
    # A file saved twice by tools that each add one may carry a second BOM.
    return text.lstrip("\ufeff")


def _delimiter(heading: str) -> str:
    """`;` when the heading row has more semicolons than commas outside quotes (Excel in
    locales with a decimal comma), else `,`."""
    outside = re.sub(r'"[^"]*"', "", heading)
    return ";" if outside.count(";") > outside.count(",") else ","


def _lines(text: str) -> tuple[str, str, int]:
    """The text from the heading row on, its delimiter and the heading's line number (an
    Excel `sep=;` line before it names the delimiter)."""
    first, _, rest = text.partition("\n")
    match = re.fullmatch(r'"?sep=(.)"?\r?', first.strip(" "))
    if match and match.group(1) in ",;":
        return rest, match.group(1), 2
    return text, _delimiter(first), 1


def normalise_heading(heading: str) -> str:
    """`First Name`, ` first-name ` and `FIRST_NAME` are all `first_name`."""
    # Invisible characters pasted into a heading (a BOM, a zero-width space) do not count.
    visible = re.sub("[\ufeff\u200b\u200c\u200d\u2060]", "", heading)
    name = re.sub(r"[\s\-_]+", "_", visible.strip().lower()).strip("_")
    return ALIASES.get(name, name)


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]


def _rows(text: str) -> Iterator[_Row]:
    """The file's rows as {column: cell}, each with the line it starts on; empty rows
    (as a spreadsheet writes below the data) are left out."""
    body, delimiter, heading_line = _lines(text)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        headings = next(reader)
    except StopIteration:
        raise ImportRefused(
            ["The file is empty: it needs a heading row naming the columns."]
        ) from None
    _no_controls(headings, heading_line, ["the heading"] * len(headings))
    columns = _columns(headings)
    offset = heading_line - 1
    unnamed: list[int] = [i for i, name in enumerate(columns) if name is None]
    while True:
        start = reader.line_num + 1 + offset
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportRefused(
                [f"Line {start} cannot be read as CSV ({error}): check its quotes."]
            ) from None
        values = [_clean(cell) for cell in cells]
        if not any(values):
            continue
        _no_controls(values, start, columns)
        extra = [v for v in values[len(columns) :] if v]
        if extra:
            raise ImportRefused(
                [
                    f"Line {start} has more cells than the heading row has columns "
                    f"({_q(extra[0])} is beyond the last one): give that column a heading, "
                    "or move the cell into its column."
                ]
            )
        for index in unnamed:
            if index < len(values) and values[index]:
                raise ImportRefused(
                    [
                        f"Column {index + 1} has no heading, but line {start} has "
                        f"{_q(values[index])} in it: give the column a heading "
                        f"({', '.join(COLUMNS)}) or delete it."
                    ]
                )
        row = {
            name: values[i] if i < len(values) else ""
            for i, name in enumerate(columns)
            if name is not None
        }
        yield _Row(start, row)


# Control characters (C0 but tab and line ends, DEL, C1) and bidirectional overrides: never
# a name or a date, and never to be echoed to a terminal, so a file holding one is refused
# naming only where it is.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _no_controls(cells: Sequence[str], line: int, names: Sequence[str | None]) -> None:
    for index, cell in enumerate(cells):
        found = _CONTROL.search(cell)
        if found:
            where = names[index] if index < len(names) and names[index] else f"column {index + 1}"
            raise ImportRefused(
                [
                    f"line {line}, {where}: holds an invisible control character "
                    f"(U+{ord(found.group()):04X}), as text pasted from another program can: "
                    "retype the cell."
                ]
            )


def _clean(cell: str) -> str:
    # A line break inside a quoted cell is kept, written as the app writes one.
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _columns(headings: list[str]) -> list[str | None]:
    """Each heading's column name (None for an empty heading), or the file is refused."""
    problems: list[str] = []
    columns: list[str | None] = []
    seen: dict[str, str] = {}
    for heading in headings:
        raw = heading.strip()
        if not raw:
            columns.append(None)
            continue
        name = normalise_heading(raw)
        if name not in COLUMNS:
            problems.append(
                f"The column {_q(raw)} is not one alp-tui knows: rename it to one of "
                f"{', '.join(COLUMNS)}, or delete it."
            )
        elif name in seen:
            problems.append(
                f"The columns {_q(seen[name])} and {_q(raw)} are both {name}: keep one of them."
            )
        seen.setdefault(name, raw)
        columns.append(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(f"The file has no {name} column: every pupil needs one.")
    if problems:
        raise ImportRefused(problems)
    return columns


# --- cells ---------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_SHORT_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})")
_ANY_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# A spreadsheet may add midnight to a date cell formatted as a date and time.
_MIDNIGHT = re.compile(r"\s+00:00(:00)?$")


class CellError(ValueError):
    """What is wrong with one cell, in words (the caller names the line and field)."""


def file_date(text: str) -> date:
    """A date as a file holds it: `27/11/2026` (or with dots or dashes) or `2026-11-27`.
    A file has no today, so `today`, `+7` or a date without its year are refused."""
    raw = _MIDNIGHT.sub("", text.strip())
    dmy = _DMY.fullmatch(raw)
    ymd = _YMD.fullmatch(raw)
    if dmy:
        day, month, year = (int(g) for g in dmy.groups())
    elif ymd:
        year, month, day = (int(g) for g in ymd.groups())
    elif _SHORT_YEAR.fullmatch(raw):
        raise CellError(
            f"{_q(text)} has a two-digit year: write dates as DD/MM/YYYY (in the spreadsheet, "
            "format the column as a date with the year in full before saving)"
        )
    else:
        raise CellError(f"{_q(text)} is not a date: write it as DD/MM/YYYY, e.g. 27/11/2026")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(
            f"{_q(text)} is not a real date (day {day}, month {month}): write it as DD/MM/YYYY"
        ) from None


def _year(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 13:
        return int(text)
    raise CellError(f"{_q(text)} is not a year from 1 to 13 (write the number alone, e.g. 9)")


def _boolean(text: str) -> bool:
    word = text.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(f"{_q(text)} is not yes or no (write yes, no, y, n, true, false, 1 or 0)")


def _upn(text: str) -> str:
    upn = text.replace(" ", "").upper()
    problem = upn_problem(upn)
    if problem:
        raise CellError(problem)
    return upn


_DAY_WORDS = {
    **{day: day for day in DAYS},
    **{name.lower(): day for day, name in DAY_NAMES.items()},
    "tues": "tue",
    "weds": "wed",
    "thur": "thu",
    "thurs": "thu",
}
_SESSION = re.compile(
    r"(?P<day>[a-z]+)\.?\s+(?P<start>\d{1,2}[:.]\d{2})\s*(?:-|–|to)\s*(?P<end>\d{1,2}[:.]\d{2})"
)


def schedule_from_text(text: str) -> list[Session]:
    """`mon 09:00-15:00; thu 09:00-12:30` (semicolons, commas or line breaks between the
    sessions; `Monday 9:00 - 15:00` and `thu 09.00-12.30` too)."""
    sessions: list[Session] = []
    for part in re.split(r"[;,\n]", text):
        piece = part.strip().lower()
        if not piece:
            continue
        match = _SESSION.fullmatch(piece)
        day = _DAY_WORDS.get(match.group("day")) if match else None
        if match is None or day is None:
            raise CellError(
                f"{_q(part.strip())} is not a session: write each as mon 09:00-15:00, "
                "with ; between them"
            )
        try:
            sessions.append(
                Session(
                    day=day,
                    start=match.group("start").replace(".", ":"),
                    end=match.group("end").replace(".", ":"),
                )
            )
        except ValidationError as error:
            raise CellError(first_error(error)[1]) from None
    try:
        return check_sessions(sessions)
    except ValueError as error:
        raise CellError(str(error)) from None


_READERS: dict[str, Callable[[str], Any]] = {
    **{name: file_date for name in DATE_FIELDS},
    **{name: _boolean for name in BOOLEAN_FIELDS},
    "year_group": _year,
    "upn": _upn,
    "schedule": schedule_from_text,
}


def _month_first(rows: Sequence[_Row]) -> str | None:
    """A sentence refusing the file when one of its dates can only be read month first
    (`03/14/2011`), as a spreadsheet with US settings writes them: then every date in it,
    `02/11/2026` too, would be misread, so none is read."""
    for row in rows:
        for name in DATE_FIELDS:
            match = _ANY_DMY.fullmatch(_MIDNIGHT.sub("", row.cells.get(name, "")))
            if match and int(match.group(1)) <= 12 < int(match.group(2)):
                return (
                    f"The dates in this file are written month first (line {row.line}, "
                    f"{name}: {_q(row.cells[name])}), as a spreadsheet with US settings "
                    "saves them, so every date in it would be misread: format the date "
                    "columns as DD/MM/YYYY and save the file again."
                )
    return None


def _parse_cells(row: _Row) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's non-empty cells as values, and (field, what is wrong) for each bad one."""
    values: dict[str, Any] = {}
    wrong: list[tuple[str, str]] = []
    for name, text in row.cells.items():
        if not text:
            continue
        reader = _READERS.get(name)
        try:
            values[name] = reader(text) if reader else text
        except CellError as error:
            wrong.append((name, str(error)))
    return values, wrong


# --- who is who ------------------------------------------------------------------------------


def _name_key(first: str, last: str, born: date | None) -> tuple[str, str, date | None]:
    return (" ".join(first.split()).casefold(), " ".join(last.split()).casefold(), born)


def provider_key(name: str) -> str:
    """A provider's name as it is matched: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def _shown(first: str, last: str, born: date | None) -> str:
    return f"{first} {last}" + (f" (born {uk(born)})" if born else "")


@dataclass
class _Index:
    """The caseload's pupils by UPN and by names and date of birth, and providers by name."""

    by_upn: dict[str, Pupil]
    by_name: dict[tuple[str, str, date | None], Pupil]
    providers: dict[str, Provider]

    @classmethod
    def of(cls, caseload: Caseload) -> _Index:
        return cls(
            by_upn={p.upn: p for p in caseload.pupils.values() if p.upn},
            by_name={
                _name_key(p.first_name, p.last_name, p.date_of_birth): p
                for p in caseload.pupils.values()
            },
            providers={provider_key(p.name): p for p in caseload.providers.values()},
        )

    def already(self, values: dict[str, Any]) -> tuple[str, Pupil] | None:
        """The pupil on the caseload these values name, and the field that matched."""
        upn = values.get("upn")
        if upn and upn in self.by_upn:
            return "upn", self.by_upn[upn]
        key = _name_key(
            values.get("first_name", ""), values.get("last_name", ""), values.get("date_of_birth")
        )
        if key in self.by_name:
            return "first_name, last_name and date_of_birth", self.by_name[key]
        return None


def _already_sentence(line: int, fields: str, pupil: Pupil) -> str:
    who = _shown(pupil.first_name, pupil.last_name, pupil.date_of_birth)
    upn = f", UPN {pupil.upn}" if pupil.upn and fields == "upn" else ""
    return (
        f"line {line}, {fields}: {who}{upn} is already on the caseload; an import adds "
        "new pupils only, so take the row out of the file."
    )


@dataclass
class _Pupil:
    """A pupil being gathered from one or more rows."""

    line: int
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    pupil: Pupil | None = None


def _sentence(line: int, wrong: list[tuple[str, str]]) -> str:
    parts = "; ".join(f"{name}: {text}" for name, text in wrong)
    return f"line {line}, {parts}" + ("" if parts.endswith(".") else ".")


# --- the whole file --------------------------------------------------------------------------


def _placement_problems(
    row: _Row, provider: str | None, where: dict[str, Any], index: _Index
) -> list[tuple[str, str]]:
    """What is missing or wrong about the row's placement (its cells already read)."""
    if provider is None:
        given = [k for k in PLACEMENT_FIELDS if row.cells.get(k)]
        if not given:
            return []
        return [
            (
                "provider",
                f"is empty, but the row gives {_join(given)}: name the provider, or clear them",
            )
        ]
    wrong: list[tuple[str, str]] = []
    if not row.cells.get("start_date"):
        wrong.append(("start_date", "is empty: a placement needs its start date"))
    if not row.cells.get("focus"):
        wrong.append(("focus", "is empty: a placement needs its focus (what it is for)"))
    known = index.providers.get(provider_key(provider))
    if known is not None and known.retired:
        wrong.append(
            (
                "provider",
                f"{known.name} is retired and takes no new placements: choose another provider",
            )
        )
    start, end = where.get("start_date"), where.get("end_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        wrong.append(("end_date", f"{uk(end)} is before the start date {uk(start)}"))
    return wrong


@dataclass
class _Staged:
    """A good row, waiting for its pupil to be built."""

    line: int
    pupil: _Pupil
    where: dict[str, Any] | None
    provider: str | None


def read_spreadsheet(data: bytes, caseload: Caseload, make_id: MakeId) -> ImportPlan:
    """The records the file adds to `caseload`, or `ImportRefused` with one sentence per bad
    line (or one for a file that cannot be read at all). `make_id(table)` gives each new
    record its id."""
    index = _Index.of(caseload)
    errors: list[str] = []
    gathered: list[_Pupil] = []
    by_upn: dict[str, _Pupil] = {}
    by_name: dict[tuple[str, str, date | None], _Pupil] = {}
    staged: list[_Staged] = []

    rows = list(_rows(decode(data)))
    if not rows:
        raise ImportRefused(["The file has a heading row but no pupils under it."])
    month_first = _month_first(rows)
    if month_first:
        raise ImportRefused([month_first])
    for row in rows:
        values, wrong = _parse_cells(row)
        for name in REQUIRED_COLUMNS:
            if not row.cells.get(name):
                wrong.append((name, "is empty: every pupil needs a first and a last name"))
        provider = values.pop("provider", None)
        where = {k: values.pop(k) for k in PLACEMENT_FIELDS if k in values}
        wrong += _placement_problems(row, provider, where, index)
        if wrong:
            errors.append(_sentence(row.line, wrong))
            continue
        found = index.already(values)
        if found is not None:
            errors.append(_already_sentence(row.line, *found))
            continue
        gathering = _gather(row.line, values, by_upn, by_name, gathered, errors)
        if gathering is not None:
            staged.append(_Staged(row.line, gathering, where if provider else None, provider))

    for gathering in gathered:
        try:
            gathering.pupil = Pupil.model_validate({"id": make_id("pupils"), **gathering.values})
        except ValidationError as error:
            name, text = first_error(error)
            errors.append(_sentence(gathering.line, [(name or "first_name", text)]))
    if errors:
        raise ImportRefused(errors)
    return _plan(staged, gathered, index, make_id)


def _plan(
    staged: list[_Staged], gathered: list[_Pupil], index: _Index, make_id: MakeId
) -> ImportPlan:
    """The records of good rows: one pupil per person, a placement per row with a provider,
    each provider the file names for the first time added once."""
    plan = ImportPlan(pupils=[g.pupil for g in gathered if g.pupil is not None])
    errors: list[str] = []
    new_providers: dict[str, Provider] = {}
    first_line: dict[int, int] = {}
    for item in staged:
        pupil = item.pupil.pupil
        assert pupil is not None
        first = first_line.setdefault(id(item.pupil), item.line)
        same_as = first if first != item.line else None
        if item.where is None or item.provider is None:
            if same_as is None:
                plan.rows.append(ImportedRow(item.line, pupil, None))
            continue
        key = provider_key(item.provider)
        provider = index.providers.get(key) or new_providers.get(key)
        if provider is None:
            provider = Provider(id=make_id("providers"), name=" ".join(item.provider.split()))
            new_providers[key] = provider
        try:
            placement = Placement.model_validate(
                {
                    "id": make_id("placements"),
                    "pupil_id": pupil.id,
                    "provider_id": provider.id,
                    "status": "active",
                    **item.where,
                }
            )
        except ValidationError as error:
            name, text = first_error(error)
            errors.append(_sentence(item.line, [(name or "start_date", text)]))
            continue
        plan.placements.append(placement)
        plan.rows.append(
            ImportedRow(item.line, pupil, placement, provider.name, same_as, key in new_providers)
        )
    if errors:
        raise ImportRefused(errors)
    plan.providers = list(new_providers.values())
    return plan


def _gather(
    line: int,
    values: dict[str, Any],
    by_upn: dict[str, _Pupil],
    by_name: dict[tuple[str, str, date | None], _Pupil],
    gathered: list[_Pupil],
    errors: list[str],
) -> _Pupil | None:
    """The pupil this row is about: one named before in the file (same UPN, or same names
    and date of birth) gaining a placement, or a new one. Rows about one pupil must agree."""
    upn = values.get("upn")
    key = _name_key(values["first_name"], values["last_name"], values.get("date_of_birth"))
    by_u = by_upn.get(upn) if upn else None
    by_n = by_name.get(key)
    if by_u is not None and by_n is not None and by_u is not by_n:
        errors.append(
            f"line {line}, upn: {upn} is the pupil on line {by_u.line}, but the names and "
            f"date of birth are the pupil's on line {by_n.line}: correct one of them."
        )
        return None
    earlier = by_u or by_n
    if earlier is None:
        gathering = _Pupil(line, dict(values), {name: line for name in values})
        gathered.append(gathering)
    else:
        wrong = [
            (
                name,
                f"{_cell_words(value)}, but line {earlier.lines[name]} gives "
                f"{_cell_words(earlier.values[name])} for the same pupil: make the rows agree",
            )
            for name, value in values.items()
            if name in earlier.values and _differs(earlier.values[name], value)
        ]
        if wrong:
            errors.append(_sentence(line, wrong))
            return None
        for name, value in values.items():
            earlier.values.setdefault(name, value)
            earlier.lines.setdefault(name, line)
        gathering = earlier
    if gathering.values.get("upn"):
        by_upn.setdefault(gathering.values["upn"], gathering)
    by_name.setdefault(key, gathering)
    return gathering


def _differs(first: Any, second: Any) -> bool:
    if isinstance(first, str) and isinstance(second, str):
        return " ".join(first.split()).casefold() != " ".join(second.split()).casefold()
    return bool(first != second)


def _cell_words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return uk(value)
    return _q(value) if isinstance(value, str) else str(value)


# --- after reading ---------------------------------------------------------------------------


def conflicts(plan: ImportPlan, caseload: Caseload) -> list[str]:
    """Why the plan can no longer be saved into `caseload` as it now is (another user added
    one of its pupils or providers, or retired or removed a provider it places pupils with);
    empty when it still can. Run under the store's lock, just before the write."""
    index = _Index.of(caseload)
    found: list[str] = []
    for row in plan.rows:
        if row.same_pupil_as is not None:
            continue
        pupil = row.pupil
        already = index.already(pupil.model_dump())
        if already is not None:
            found.append(_already_sentence(row.line, *already))
    for provider in plan.providers:
        if provider_key(provider.name) in index.providers:
            found.append(
                f"The provider {provider.name} was added by someone else since the file was "
                "read: read the file again."
            )
    new_ids = {p.id for p in plan.providers}
    for row in plan.rows:
        placement = row.placement
        if placement is None or placement.provider_id in new_ids:
            continue
        current = caseload.providers.get(placement.provider_id)
        if current is None or current.retired:
            found.append(
                f"line {row.line}, provider: the provider was removed or retired since the "
                "file was read: read the file again."
            )
    return found


def row_words(row: ImportedRow) -> str:
    """`line 2: Jordan Bell, Year 10 — Hillside Farm (new), from 02/11/2026, Tue, Thu, 12 h a
    week` — what one line adds, for the preview."""
    pupil = row.pupil
    who = f"{pupil.first_name} {pupil.last_name}"
    if row.same_pupil_as is not None:
        who += f" (as on line {row.same_pupil_as})"
    elif pupil.year_group:
        who += f", Year {pupil.year_group}"
    placement = row.placement
    if placement is None:
        return f"line {row.line}: {who} — no placement"
    where = placement_words(placement, row.provider_name, row.new_provider)
    return f"line {row.line}: {who} — {where}"


def placement_words(placement: Placement, provider_name: str, new_provider: bool = False) -> str:
    """`Hillside Farm (new provider), from 02/11/2026, Tue, Thu, 12 h a week`."""
    ordered = sorted(placement.schedule, key=lambda s: (DAYS.index(s.day), s.start))
    days = ", ".join(DAY_NAMES[s.day][:3] for s in ordered)
    when = f"from {uk(placement.start_date)}"
    if placement.end_date:
        when += f" to {uk(placement.end_date)}"
    hours = (
        f"{days}, {format_hours(weekly_hours(placement.schedule))} h a week"
        if days
        else "no sessions yet"
    )
    return f"{provider_name}{' (new provider)' if new_provider else ''}, {when}, {hours}"


#: The problems an import itself can cause, shown before it is confirmed. (Every imported
#: placement has no contact or targets yet: the caseload shows those once it is saved.)
LIMIT_CODES = ("HOURS_OVER_LIMIT", "HOURS_NEAR_LIMIT", "AP_TOTAL_OVER_LIMIT", "REGISTRATION_RISK")


def problems_after(plan: ImportPlan, caseload: Caseload, today: date) -> list[Problem]:
    """The hours and registration problems (`LIMIT_CODES`) the imported pupils and their
    providers would have once saved: an import that puts a pupil over the hour limit, or a
    provider at risk of having to register, says so before it is confirmed."""
    after = Caseload(
        meta=caseload.meta,
        providers={**caseload.providers, **{p.id: p for p in plan.providers}},
        pupils={**caseload.pupils, **{p.id: p for p in plan.pupils}},
        placements={**caseload.placements, **{p.id: p for p in plan.placements}},
        targets=caseload.targets,
        contacts=caseload.contacts,
        concerns=caseload.concerns,
        transitions=caseload.transitions,
        reviews=caseload.reviews,
    )
    problems = find_problems(after, today)
    providers = {p.provider_id for p in plan.placements}
    pupils = {p.id for p in plan.pupils}
    return [
        p
        for p in problems
        if p.code in LIMIT_CODES
        and (p.pupil_id in pupils or (p.pupil_id is None and p.provider_id in providers))
    ]
