"""What the local authority hears about a placement: the attendance register code it
implies, who arranged it, whether the authority was told, and the list of every active and
planned placement (`alp-tui placements`) as rows, as a CSV a spreadsheet opens cleanly.

The authority keeps a register of children not in school that includes pupils a school has
arranged to be educated elsewhere part of the time (Children's Wellbeing and Schools Act
2026, s.38); this is the school's side of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import ARRANGED_BY_WORDS, REGISTRATION_WORDS, Placement, Provider
from alp_tui.rules import format_hours

#: The register code for each kind of arrangement, with what it stands for.
REGISTER_CODE_WORDS: dict[str, str] = {
    "B": "B (supervised off-site education, arranged by the school)",
    "K": "K (education arranged by the local authority)",
}
#: Online provision has no code of its own (never B).
ONLINE_CODE_WORDS = "not B: online provision, recorded as the attendance policy says"


def register_code_words(placement: Placement) -> str:
    """The code the provider's sessions take in the register, in words."""
    return code_words(placement.register_code)


def code_words(code: str | None) -> str:
    """`B (supervised off-site education, …)`, `K (…)`, or for online provision (no code)
    what to do instead."""
    return REGISTER_CODE_WORDS[code] if code else ONLINE_CODE_WORDS


def arranged_by_words(placement: Placement) -> str:
    """`the school` (also when not recorded) or `the local authority`."""
    return ARRANGED_BY_WORDS[placement.arranged_by or "school"]


def told_words(placement: Placement) -> str:
    """When the local authority was told of the placement, or why there is nothing to tell."""
    if placement.la_notified_on is not None:
        return uk(placement.la_notified_on)
    if not placement.arranged_by_school:
        return "arranged by the local authority"
    return "not yet"


# --- the placements list ---------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorityRow:
    """One active or planned placement as the authority's list gives it (all text)."""

    upn: str
    last_name: str
    first_name: str
    date_of_birth: str
    year_group: str
    provider: str
    urn: str
    ukprn: str
    registration: str
    arranged_by: str
    online: str
    register_code: str
    status: str
    start_date: str
    end_date: str
    hours_a_week: str
    days_a_week: str
    la_told_on: str


#: The column headings, in the order of `AuthorityRow`'s fields.
AUTHORITY_COLUMNS: dict[str, str] = {
    "upn": "UPN",
    "last_name": "Last name",
    "first_name": "First name",
    "date_of_birth": "Date of birth",
    "year_group": "Year group",
    "provider": "Provider",
    "urn": "URN",
    "ukprn": "UKPRN",
    "registration": "Registration",
    "arranged_by": "Arranged by",
    "online": "Online",
    "register_code": "Register code",
    "status": "Status",
    "start_date": "Start date",
    "end_date": "End date",
    "hours_a_week": "Hours a week",
    "days_a_week": "Days a week",
    "la_told_on": "Told the authority on",
}

LISTED_STATUSES = ("active", "planned")


def _row(placement: Placement, caseload: Caseload) -> AuthorityRow:
    pupil = caseload.pupils[placement.pupil_id]
    provider: Provider | None = caseload.provider_of(placement)
    registration = provider.registration if provider is not None else None
    return AuthorityRow(
        upn=pupil.upn or "",
        last_name=pupil.last_name,
        first_name=pupil.first_name,
        date_of_birth=uk(pupil.date_of_birth, ""),
        year_group=str(pupil.year_group) if pupil.year_group else "",
        provider=provider.name if provider is not None else placement.provider_id,
        urn=(provider.urn or "") if provider is not None else "",
        ukprn=(provider.ukprn or "") if provider is not None else "",
        registration=REGISTRATION_WORDS[registration or "unregistered"],
        arranged_by="local authority" if not placement.arranged_by_school else "school",
        online="yes" if placement.online else "no",
        register_code=placement.register_code or "not B (online)",
        status=placement.status,
        start_date=uk(placement.start_date, ""),
        end_date=uk(placement.end_date, ""),
        hours_a_week=format_hours(placement.hours_per_week),
        days_a_week=str(len({s.day for s in placement.schedule})),
        la_told_on=uk(placement.la_notified_on, ""),
    )


def authority_rows(caseload: Caseload) -> list[AuthorityRow]:
    """Every active and planned placement of a pupil on the caseload (not archived), by the
    pupil's last and first name, then start date."""
    listed = [
        p
        for p in caseload.placements.values()
        if p.status in LISTED_STATUSES
        and p.pupil_id in caseload.pupils
        and not caseload.pupils[p.pupil_id].archived
    ]

    def order(placement: Placement) -> tuple[str, str, str, str]:
        pupil = caseload.pupils[placement.pupil_id]
        return (
            pupil.last_name.casefold(),
            pupil.first_name.casefold(),
            placement.start_date.isoformat(),
            placement.id,
        )

    return [_row(p, caseload) for p in sorted(listed, key=order)]


# A cell a spreadsheet would read as a formula (`=HYPERLINK(...)` typed as a provider's
# name) is written as text: the list goes to another organisation's computers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Written by the app, never a formula: dates, numbers and the fixed words.
_TRUSTED = {"date_of_birth", "year_group", "start_date", "end_date", "hours_a_week", "days_a_week"}


def _cell(name: str, value: str) -> str:
    if name not in _TRUSTED and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def authority_csv(rows: Iterable[AuthorityRow]) -> bytes:
    """The list as a CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), a heading row,
    DD/MM/YYYY dates, CRLF line ends as spreadsheets write them."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(AUTHORITY_COLUMNS.values())
    names = tuple(AUTHORITY_COLUMNS)
    for row in rows:
        writer.writerow(_cell(name, value) for name, value in zip(names, astuple(row), strict=True))
    return out.getvalue().encode("utf-8-sig")
