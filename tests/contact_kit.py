"""A small caseload for the weekly-contact tests, and opening the contact form on it.

Jordan Bell at Forge Construction (Tue + Thu, weekly contacts since September), Mia Khan at a
hair studio and a college (two active placements), Noah Dale whose placement ended.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from data_files import caseload_file
from pinned import TODAY
from textual.pilot import Pilot
from ui_kit import wait_until

from alp_tui.caseload import Caseload
from alp_tui.models import (
    AttendanceSession,
    Contact,
    Holiday,
    Meta,
    Placement,
    Progress,
    Provider,
    Pupil,
    Session,
    Target,
)

__all__ = ["TODAY"]

HALF_TERM = Holiday(name="Half term", start=date(2026, 10, 26), end=date(2026, 10, 30))


CHRISTMAS = Holiday(name="Christmas", start=date(2026, 12, 21), end=date(2027, 1, 1))


JORDAN_TARGETS = [
    "Completes a practical bricklaying unit",
    "Attends 90% of sessions",
    "No suspensions this term",
    "Follows safety instructions first time",
]


def contact_caseload() -> Caseload:
    caseload = Caseload(meta=Meta(school_name="Test School", holidays=[HALF_TERM, CHRISTMAS]))
    put = caseload.put
    put(Provider(id="prv-forge", name="Forge Construction", contact_name="Sam Reed"))
    put(Provider(id="prv-hair", name="Hair Studio", contact_name="Lee Kay"))
    put(Provider(id="prv-college", name="City College", registration="fe_college"))
    put(Pupil(id="pup-jordan", first_name="Jordan", last_name="Bell", year_group=10))
    put(Pupil(id="pup-mia", first_name="Mia", last_name="Khan", year_group=9))
    put(Pupil(id="pup-noah", first_name="Noah", last_name="Dale", year_group=8))
    put(
        Placement(
            id="pl-jordan",
            pupil_id="pup-jordan",
            provider_id="prv-forge",
            status="active",
            start_date=date(2026, 9, 7),
            focus="Re-engage through construction skills",
            schedule=[
                Session(day="tue", start="09:00", end="15:00"),
                Session(day="thu", start="09:00", end="15:00"),
            ],
        )
    )
    for number, text in enumerate(JORDAN_TARGETS, start=1):
        put(Target(id=f"tg-j{number}", placement_id="pl-jordan", description=text, order=number))
    put(
        Target(
            id="tg-j0",
            placement_id="pl-jordan",
            description="Gets to the bus on time",
            status="achieved",
        )
    )
    day, week = date(2026, 9, 11), 0
    while day <= date(2026, 11, 13):
        if not HALF_TERM.start <= day <= HALF_TERM.end:
            week += 1
            put(
                Contact(
                    id=f"ct-j{week}",
                    placement_id="pl-jordan",
                    date=day,
                    week_start=day - timedelta(days=4),
                    sessions=[
                        AttendanceSession(day="tue", planned_hours=6, attended_hours=6),
                        AttendanceSession(day="thu", planned_hours=6, attended_hours=6),
                    ],
                    engagement=3,
                    # The last contact (13/11) rates every target 4.
                    progress=[
                        Progress(target_id=f"tg-j{n}", rating=4 if day.day == 13 else 3)
                        for n in range(1, 5)
                    ],
                    summary=f"Week {week}",
                )
            )
        day += timedelta(days=7)
    put(
        Placement(
            id="pl-mia-hair",
            pupil_id="pup-mia",
            provider_id="prv-hair",
            status="active",
            start_date=date(2026, 9, 7),
            focus="Vocational hair and beauty",
            schedule=[
                Session(day=day_, start="09:00", end="13:30")
                for day_ in ("mon", "tue", "wed", "thu")
            ],
        )
    )
    put(Target(id="tg-m1", placement_id="pl-mia-hair", description="Completes a level 1 unit"))
    put(
        Placement(
            id="pl-mia-college",
            pupil_id="pup-mia",
            provider_id="prv-college",
            status="active",
            start_date=date(2026, 9, 7),
            focus="Functional skills English",
            schedule=[Session(day="fri", start="09:00", end="12:00")],
        )
    )
    put(
        Placement(
            id="pl-noah",
            pupil_id="pup-noah",
            provider_id="prv-forge",
            status="ended",
            start_date=date(2026, 1, 5),
            end_date=date(2026, 7, 17),
            ended_on=date(2026, 7, 17),
            focus="Finished last year",
        )
    )
    return caseload


def write_contact_file(folder: Path) -> Path:
    return caseload_file(folder, "contact", contact_caseload, user="lead")


async def open_contact(pilot: Pilot[Any], pupil_id: str) -> Any:
    """Wait for the caseload, then open the contact for a pupil the way other screens do."""
    from screens.caseload import CaseloadScreen
    from screens.contact_start import start_contact

    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")
    await pilot.pause()
    await start_contact(app.screen, pupil_id)
    await pilot.pause()
    return app.screen


def state_of(app: Any) -> dict[str, Any]:
    """The contact form as typed now, as its draft file would hold it."""
    from screens.contact import ContactScreen

    screen = app.screen
    assert isinstance(screen, ContactScreen)
    return screen.collect_draft().to_json()
