"""Recent changes, from the audit: who (by staff name), when, and what, in words.

The audit's rows say `Jordan Brown: changed preferred_name, school_lead`; here they read
`Changed the pupil: preferred name, school lead`, newest first, for one pupil or for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.merge import field_words
from alp_tui.models import NOUNS, AuditEntry

#: How many rows a list shows at most (a large caseload's audit runs to many thousands).
SHOWN = 500
ACTIONS = {"create": "Added", "update": "Changed", "delete": "Deleted"}


@dataclass(frozen=True)
class ChangeRow:
    """One audit row as the Recent changes list shows it."""

    number: int
    when: str
    who: str
    pupil: str
    what: str
    entry: AuditEntry


def when_uk(timestamp: str) -> str:
    """`27/11/2026 10:30` from an ISO timestamp (the stamp itself if it is not one)."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    return f"{uk(moment.date())} {moment:%H:%M}"


def what_changed(entry: AuditEntry) -> str:
    """`Changed the pupil: preferred name, school lead · Jordan Brown`, `Added a contact:
    contact on 27/11/2026 for Jordan Brown`, `Changed the settings: hour limit`."""
    noun = "settings" if entry.table == "meta" else NOUNS.get(entry.table, entry.table)
    action = ACTIONS.get(entry.action, entry.action)
    summary = entry.summary or ""
    label, _, detail = summary.rpartition(": ")
    about = f" · {label}" if label and label != "settings" else ""
    if entry.action == "update" and detail.startswith("changed "):
        fields = [field_words(name.strip()) for name in detail.removeprefix("changed ").split(",")]
        return f"{action} the {noun}: {', '.join(fields)}{about}"
    if entry.action == "update" and detail == "saved without changes":
        return f"Saved the {noun} without changes{about}"
    described = summary if summary and summary != f"new {noun}" else ""
    article = "the" if entry.action != "create" or noun == "settings" else _a(noun)
    return f"{action} {article} {noun}" + (f": {described}" if described else "")


def _a(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def recent_changes(
    caseload: Caseload, *, pupil_id: str | None = None, text: str = "", limit: int = SHOWN
) -> tuple[list[ChangeRow], int]:
    """The audit's rows, newest first: only `pupil_id`'s, or those whose pupil's name, who
    or what holds `text`; at most `limit` of them, and how many matched in all."""
    meta = caseload.meta
    wanted = text.strip().casefold()
    names: dict[str, str] = {}

    def pupil_name(found: str | None) -> str:
        if not found:
            return ""
        if found not in names:
            pupil = caseload.pupils.get(found)
            names[found] = f"{pupil.display_name}" if pupil is not None else "(no longer on file)"
        return names[found]

    rows: list[ChangeRow] = []
    matched = 0
    entries = sorted(
        enumerate(caseload.audit), key=lambda pair: (pair[1].at, pair[0]), reverse=True
    )
    for number, entry in entries:
        if pupil_id is not None and entry.pupil_id != pupil_id:
            continue
        pupil = pupil_name(entry.pupil_id)
        who = meta.staff_name(entry.user)
        what = what_changed(entry)
        if wanted and not any(wanted in part.casefold() for part in (pupil, who, what)):
            continue
        matched += 1
        if len(rows) < limit:
            rows.append(ChangeRow(number, when_uk(entry.at), who, pupil, what, entry))
    return rows, matched
