"""The audit's rows in words, as Recent changes lists them."""

from __future__ import annotations

from alp_tui.caseload import Caseload
from alp_tui.changes import recent_changes, what_changed, when_uk
from alp_tui.models import AuditEntry, Meta, Pupil, Staff


def entry(
    action: str,
    table: str,
    summary: str,
    *,
    at: str = "2026-11-27T10:30:00",
    pupil_id: str | None = None,
    user: str = "apatel",
) -> AuditEntry:
    return AuditEntry(
        at=at,
        user=user,
        action=action,
        table=table,
        record_id="x",
        summary=summary,
        pupil_id=pupil_id,
    )


def test_what_changed_reads_as_words() -> None:
    assert what_changed(entry("update", "pupils", "Jordan Bell: changed date_of_birth, upn")) == (
        "Changed the pupil: date of birth, UPN · Jordan Bell"
    )
    assert what_changed(entry("update", "meta", "settings: changed hour_limit")) == (
        "Changed the settings: hour limit"
    )
    assert what_changed(entry("create", "contacts", "contact on 27/11/2026 for Jordan Bell")) == (
        "Added a contact: contact on 27/11/2026 for Jordan Bell"
    )
    assert what_changed(entry("create", "providers", "new provider")) == "Added a provider"
    assert what_changed(entry("delete", "targets", "target for Jordan Bell: Reads")) == (
        "Deleted the target: target for Jordan Bell: Reads"
    )
    assert when_uk("2026-11-27T09:05:00") == "27/11/2026 09:05"


def test_newest_first_for_one_pupil_by_staff_name() -> None:
    caseload = Caseload(
        meta=Meta(staff=[Staff(user="apatel", name="Mrs A Patel", role="ALP lead")]),
        pupils={"pu-1": Pupil(id="pu-1", first_name="Jordan", last_name="Bell")},
        audit=[
            entry("create", "pupils", "Jordan Bell", at="2026-11-20T09:00:00", pupil_id="pu-1"),
            entry("update", "providers", "Forge: changed phone", at="2026-11-21T09:00:00"),
            entry("update", "pupils", "Jordan Bell: changed notes", pupil_id="pu-1", user="x"),
        ],
    )
    rows, matched = recent_changes(caseload, pupil_id="pu-1")
    assert matched == 2
    assert [(r.when, r.who) for r in rows] == [
        ("27/11/2026 10:30", "x"),
        ("20/11/2026 09:00", "Mrs A Patel (ALP lead)"),
    ]
    rows, matched = recent_changes(caseload, text="forge")
    assert matched == 1 and rows[0].pupil == ""
    assert recent_changes(caseload, limit=1)[0][0].what.startswith("Changed the pupil")
