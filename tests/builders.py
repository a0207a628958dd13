"""Small builders of test records, shared by the test files.

Each `make_*` returns a validated model with an id, the audit stamps and `rev=1`, so it could
be written to a data file as it is. Only the fields a table requires have defaults; pass any
other field as a keyword. Ids default to a fresh `<prefix>-<n>`; pass `id=` to fix one.

    provider = make_provider(name="Hillside Farm")
    pupil = make_pupil(year_group=9, looked_after=True)
    placement = make_placement(pupil, provider, schedule=sessions(mon=("09:00", "15:00")))
    caseload = make_caseload(provider, pupil, placement)
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from alp_tui.caseload import Caseload
from alp_tui.models import (
    CHECK_KINDS,
    TABLES,
    Check,
    Concern,
    Contact,
    Meta,
    Placement,
    Provider,
    Pupil,
    Record,
    Review,
    Session,
    Target,
    Transition,
)
from alp_tui.validation import dump_record

TODAY = date(2026, 11, 27)  # a Friday
STAMP = "2026-09-01T09:00:00"
USER = "tester"

_counter = itertools.count(1)


def _stamps(prefix: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{prefix}-{next(_counter)}",
        "created_at": STAMP,
        "created_by": USER,
        "updated_at": STAMP,
        "updated_by": USER,
        "rev": 1,
        **fields,
    }


def _id(record: Record | str) -> str:
    return record if isinstance(record, str) else record.id


def make_meta(**fields: Any) -> Meta:
    return Meta.model_validate({"school_name": "Test School", **fields})


def all_checks(expires: date | None = None, received: date | None = None) -> list[Check]:
    """One check of every kind, all received (on `received`) and expiring on `expires`."""
    return [
        Check(kind=kind, received=received or date(2026, 9, 1), expires=expires)
        for kind in CHECK_KINDS
    ]


def make_provider(name: str | None = None, **fields: Any) -> Provider:
    """An unregistered provider with every check in place (none expiring) unless told."""
    data = _stamps("prov", fields)
    data.setdefault("name", name or f"Provider {data['id']}")
    data.setdefault("checks", all_checks())
    return Provider.model_validate(data)


def make_pupil(**fields: Any) -> Pupil:
    data = _stamps("pup", fields)
    data.setdefault("first_name", "Jordan")
    data.setdefault("last_name", f"Pupil {data['id']}")
    data.setdefault("year_group", 10)
    return Pupil.model_validate(data)


def sessions(**days: tuple[str, str]) -> list[Session]:
    """`sessions(mon=("09:00", "12:00"), wed=("09:00", "15:30"))`: one session per day."""
    return [Session(day=day, start=start, end=end) for day, (start, end) in days.items()]


def hours_schedule(hours: float, day: str = "mon") -> list[Session]:
    """Sessions totalling `hours` (whole minutes), as full 10-hour days from `day` on."""
    total = round(hours * 60)
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    out: list[Session] = []
    for name in days[days.index(day) :]:
        if total <= 0:
            break
        chunk = min(total, 600)
        out.append(Session(day=name, start="08:00", end=f"{8 + chunk // 60:02d}:{chunk % 60:02d}"))
        total -= chunk
    assert total == 0, "hours_schedule ran out of days"
    return out


def make_placement(pupil: Pupil | str, provider: Provider | str, **fields: Any) -> Placement:
    """An active placement that started on Monday 02/11/2026 (first review 14/12/2026),
    with no schedule unless told."""
    data = _stamps("plc", fields)
    data.update(pupil_id=_id(pupil), provider_id=_id(provider))
    data.setdefault("status", "active")
    data.setdefault("start_date", date(2026, 11, 2))
    data.setdefault("focus", "Re-engage with learning")
    return Placement.model_validate(data)


def make_target(placement: Placement | str, **fields: Any) -> Target:
    data = _stamps("tgt", fields)
    data["placement_id"] = _id(placement)
    data.setdefault("description", "Attends every session on time")
    return Target.model_validate(data)


def make_contact(placement: Placement | str, on: date = TODAY, **fields: Any) -> Contact:
    data = _stamps("con", fields)
    data.update(placement_id=_id(placement), date=on)
    return Contact.model_validate(data)


def make_concern(pupil: Pupil | str, **fields: Any) -> Concern:
    data = _stamps("cnc", fields)
    data["pupil_id"] = _id(pupil)
    data.setdefault("raised_on", TODAY)
    data.setdefault("description", "Left site at lunch")
    return Concern.model_validate(data)


def make_transition(placement: Placement | str, **fields: Any) -> Transition:
    data = _stamps("trn", fields)
    data["placement_id"] = _id(placement)
    return Transition.model_validate(data)


def make_review(placement: Placement | str, on: date = TODAY, **fields: Any) -> Review:
    data = _stamps("rev", fields)
    data.update(placement_id=_id(placement), date=on)
    return Review.model_validate(data)


def make_caseload(*records: Record, meta: Meta | None = None) -> Caseload:
    caseload = Caseload(meta=meta or make_meta())
    for record in records:
        caseload.put(record)
    return caseload


def raw_tables(caseload: Caseload) -> dict[str, dict[str, dict[str, Any]]]:
    """The caseload as the TinyDB document tree `validation.parse_tables` reads."""
    tables: dict[str, dict[str, dict[str, Any]]] = {"meta": {"1": dump_record(caseload.meta)}}
    for name in TABLES:
        records = caseload.table(name).values()
        tables[name] = {str(n): dump_record(r) for n, r in enumerate(records, start=1)}
    if caseload.audit:
        tables["audit"] = {
            str(n): dump_record(entry) for n, entry in enumerate(caseload.audit, start=1)
        }
    return tables
