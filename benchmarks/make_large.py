"""Write a local-authority-sized caseload file for benchmarks: 2,000 pupils at 120 providers,
a year of weekly contacts each (about 80 MB).

The documents are built directly as JSON-ready dicts (not through the models) so that making
the file takes seconds; the result passes the same validation as any other file.

    python benchmarks/make_large.py OUT.json [--pupils N] [--weeks N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 27)
USERS = ("jsmith", "akhan", "bwilliams", "cjones")
FIRST = [
    "Jordan",
    "Amira",
    "Kai",
    "Leah",
    "Tyler",
    "Maisie",
    "Reece",
    "Chloe",
    "Connor",
    "Ellie",
    "Mason",
    "Jade",
    "Lewis",
    "Aisha",
    "Ryan",
    "Freya",
    "Callum",
    "Zara",
    "Liam",
    "Holly",
    "Dylan",
    "Megan",
    "Kyle",
    "Ruby",
    "Jayden",
    "Skye",
    "Harvey",
    "Nia",
    "Owen",
    "Poppy",
]
LAST = [
    "Brown",
    "Patel",
    "Smith",
    "Jones",
    "Taylor",
    "Ahmed",
    "Evans",
    "Walker",
    "Wright",
    "Khan",
    "Hughes",
    "Green",
    "Hall",
    "Wood",
    "Lewis",
    "Clarke",
    "Young",
    "King",
    "Hill",
    "Scott",
    "Moore",
    "Ali",
    "Price",
    "Bell",
    "Ward",
    "Cox",
    "Reid",
    "Shaw",
    "Lloyd",
    "Begum",
]
TRADES = (
    "Farm",
    "Boxing Gym",
    "Construction Skills",
    "Motor Mechanics",
    "Hair and Beauty",
    "Art Therapy",
    "Outdoor Learning",
    "Sports Coaching",
    "Animal Care",
    "Tutoring",
    "Music Studio",
    "Catering Academy",
)
PLACES = [
    "Hillside",
    "Northgate",
    "Riverside",
    "Oakfield",
    "Meadowbank",
    "Brookside",
    "Ashgrove",
    "Fairview",
    "Kingsway",
    "Westfield",
]
CHECK_KINDS = (
    "dbs_training",
    "insurance",
    "risk_assessment",
    "safeguarding_policy",
    "attendance_reporting",
)
DAYS = ("mon", "tue", "wed", "thu", "fri")
MARKS = ("present", "present", "present", "present", "late", "absent_authorised")
SUMMARIES = (
    "Settled quickly; worked well on the task.",
    "Late twice; group work hard, unit done.",
    "Good focus; calm when work went wrong.",
)
NOTES = (
    "Needed prompts at the start.",
    "Now does this unprompted.",
    "Better one to one than in a group.",
)
VOICES = (
    "Likes the hands-on work.",
    "Mornings are hard but enjoys it.",
)


class _Ids:
    """Record ids in the store's style (a table prefix and six base-32 characters)."""

    ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self, prefix: str) -> str:
        while True:
            value = prefix + "".join(self.rng.choice(self.ALPHABET) for _ in range(6))
            if value not in self.used:
                self.used.add(value)
                return value


def _stamp(rng: random.Random, record_id: str, when: date, rev: int = 1) -> dict[str, Any]:
    at = datetime.combine(when, time(9 + rng.randrange(7), rng.randrange(60), rng.randrange(60)))
    user = rng.choice(USERS)
    return {
        "id": record_id,
        "created_at": at.isoformat(),
        "created_by": user,
        "updated_at": at.isoformat(),
        "updated_by": user,
        "rev": rev,
    }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build(pupils: int = 2000, weeks: int = 52, today: date = TODAY, seed: int = 1) -> dict:
    """The caseload as TinyDB tables (table -> doc id string -> document)."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    tables: dict[str, dict[str, dict[str, Any]]] = {
        name: {}
        for name in (
            "meta",
            "providers",
            "pupils",
            "placements",
            "targets",
            "contacts",
            "concerns",
            "transitions",
            "reviews",
            "audit",
        )
    }

    def put(table: str, doc: dict[str, Any]) -> dict[str, Any]:
        docs = tables[table]
        docs[str(len(docs) + 1)] = doc
        return doc

    start = today - timedelta(weeks=weeks)
    put(
        "meta",
        {
            "schema_version": 1,
            "school_name": "County Inclusion Service",
            "hour_limit": 18.0,
            "hour_warning_margin": 2.0,
            "contact_interval_days": 7,
            "review_interval_weeks": 6,
            "check_warning_days": 30,
            "transition_warning_weeks": 4,
            "holidays": [
                {"name": "Christmas", "start": "2025-12-22", "end": "2026-01-02"},
                {"name": "Easter", "start": "2026-03-30", "end": "2026-04-10"},
                {"name": "Summer", "start": "2026-07-23", "end": "2026-09-01"},
                {"name": "Christmas", "start": "2026-12-21", "end": "2027-01-01"},
            ],
        },
    )

    providers: list[dict[str, Any]] = []
    for number in range(max(1, round(pupils * 6 / 100))):
        place = PLACES[number % len(PLACES)]
        trade = TRADES[number % len(TRADES)]
        received = start - timedelta(days=rng.randrange(200))
        doc = {
            **_stamp(rng, ids.new("pr-"), start - timedelta(days=30)),
            "name": f"{place} {trade} {number + 1}",
            "contact_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "phone": f"01632 {rng.randrange(100000, 999999)}",
            "email": f"office{number + 1}@provider.example",
            "on_framework": rng.random() < 0.7,
            "registration": rng.choice(("unregistered", "unregistered", "registered_school")),
            "specialisms": [trade.lower()],
            "age_range": "11-16",
            "checks": [
                {
                    "kind": kind,
                    "received": received.isoformat(),
                    "expires": (received + timedelta(days=365 + rng.randrange(400))).isoformat(),
                }
                for kind in CHECK_KINDS
                if rng.random() < 0.95
            ],
        }
        providers.append(put("providers", doc))

    for number in range(pupils):
        year = rng.randrange(7, 12)
        pupil = put(
            "pupils",
            {
                **_stamp(rng, ids.new("pu-"), start),
                "first_name": rng.choice(FIRST),
                "last_name": rng.choice(LAST),
                "date_of_birth": date(
                    2026 - year - 5, 1 + number % 12, 1 + number % 28
                ).isoformat(),
                "year_group": year,
                "ehcp": rng.random() < 0.2,
                "looked_after": rng.random() < 0.05,
                "sen_support": rng.random() < 0.3,
                "school_lead": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "carers": [
                    {
                        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "relationship": "parent",
                        "phone": f"07700 {rng.randrange(100000, 999999)}",
                    }
                ],
                "school_schedule": [
                    {"day": "mon", "start": "08:45", "end": "15:15"},
                    {"day": "fri", "start": "08:45", "end": "15:15"},
                ],
            },
        )
        provider = rng.choice(providers)
        days = rng.sample(DAYS[1:4], 2)
        placement = put(
            "placements",
            {
                **_stamp(rng, ids.new("pl-"), start),
                "pupil_id": pupil["id"],
                "provider_id": provider["id"],
                "status": "active",
                "start_date": start.isoformat(),
                "end_date": (today + timedelta(days=rng.randrange(10, 200))).isoformat(),
                "focus": "Re-engage with learning through practical work and build routines.",
                "reason": "at risk of exclusion",
                "schedule": [
                    {"day": day, "start": "09:00", "end": "15:00", "label": "workshop"}
                    for day in sorted(days, key=DAYS.index)
                ],
            },
        )
        targets = [
            put(
                "targets",
                {
                    **_stamp(rng, ids.new("tg-"), start),
                    "placement_id": placement["id"],
                    "outcome": "Attendance and engagement",
                    "description": description,
                    "success_criteria": "Seen in three consecutive weekly reports.",
                    "set_on": start.isoformat(),
                    "status": "active",
                    "order": order,
                },
            )
            for order, description in enumerate(
                (
                    "Completes the practical unit to the provider's standard",
                    "Attends 90% of the planned sessions",
                    "Uses the agreed strategy when frustrated instead of leaving",
                )
            )
        ]
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=(4 - start.weekday()) % 7)
            if day > today:
                break
            sessions = []
            for session_day in days:
                mark = rng.choice(MARKS)
                sessions.append(
                    {
                        "day": session_day,
                        "planned_hours": 6.0,
                        "attended_hours": 0.0 if mark.startswith("absent") else 6.0,
                        "mark": mark,
                    }
                )
            contact = _stamp(rng, ids.new("co-"), day)
            contact.update(
                {
                    "placement_id": placement["id"],
                    "date": day.isoformat(),
                    "method": "phone",
                    "provider_staff": provider["contact_name"],
                    "week_start": _monday(day).isoformat(),
                    "sessions": sessions,
                    "engagement": rng.randrange(1, 6),
                    "progress": [
                        {
                            "target_id": target["id"],
                            "rating": min(5, 1 + week // 12 + rng.randrange(2)),
                        }
                        for target in targets
                    ],
                    "summary": rng.choice(SUMMARIES),
                }
            )
            # Some weeks carry a note on a target, the pupil's words or an action.
            if rng.random() < 0.4:
                contact["progress"][rng.randrange(3)]["note"] = rng.choice(NOTES)
            if rng.random() < 0.2:
                contact["next_contact"] = (day + timedelta(days=7)).isoformat()
            if rng.random() < 0.3:
                contact["pupil_voice"] = rng.choice(VOICES)
            if rng.random() < 0.25:
                contact["actions"] = [
                    {
                        "text": "Send the attendance summary to the tutor",
                        "owner": pupil["school_lead"],
                        "due": (day + timedelta(days=3)).isoformat(),
                        "done": day + timedelta(days=3) < today,
                    }
                ]
            put("contacts", contact)
            if week < weeks - 8:
                continue  # audit rows for the latest weeks only, as if the log was trimmed
            put(
                "audit",
                {
                    "at": contact["created_at"],
                    "user": contact["created_by"],
                    "action": "create",
                    "table": "contacts",
                    "record_id": contact["id"],
                    "summary": "weekly contact",
                },
            )
        for week in range(6, weeks, 6):
            day = start + timedelta(weeks=week)
            put(
                "reviews",
                {
                    **_stamp(rng, ids.new("rv-"), day),
                    "placement_id": placement["id"],
                    "date": day.isoformat(),
                    "attendees": [pupil["school_lead"], provider["contact_name"], "parent"],
                    "summary": "Reviewed the learning plan; targets kept, attendance improving.",
                    "next_review": (day + timedelta(weeks=6)).isoformat(),
                },
            )
        if rng.random() < 0.25:
            raised = start + timedelta(days=rng.randrange(max(1, (today - start).days)))
            put(
                "concerns",
                {
                    **_stamp(rng, ids.new("cn-"), raised),
                    "pupil_id": pupil["id"],
                    "placement_id": placement["id"],
                    "raised_on": raised.isoformat(),
                    "raised_by": provider["contact_name"],
                    "category": rng.choice(("attendance", "behaviour", "wellbeing")),
                    "severity": "medium",
                    "description": "Left the session early without telling staff.",
                    "status": "closed",
                    "closed_on": raised.isoformat(),
                    "outcome": "Spoke with the family; no repeat.",
                },
            )
        if rng.random() < 0.1:
            put(
                "transitions",
                {
                    **_stamp(rng, ids.new("tr-"), today - timedelta(days=14)),
                    "placement_id": placement["id"],
                    "destination": "phased_return",
                    "phases": [
                        {"start": (today + timedelta(weeks=2)).isoformat(), "school_hours": 15},
                        {"start": (today + timedelta(weeks=4)).isoformat(), "school_hours": 25},
                    ],
                    "welcome_plan": "Meet the head of year on the first morning.",
                    "strategies": ["Short tasks with a clear end", "A named adult to go to"],
                },
            )
    return tables


def write(path: Path, pupils: int = 2000, weeks: int = 52, today: date = TODAY) -> Path:
    """Write the caseload to `path` (as compact UTF-8 JSON, like the store writes)."""
    text = json.dumps(build(pupils, weeks, today), ensure_ascii=False)
    path.write_bytes(text.encode("utf-8"))
    path.chmod(0o600)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} already exists: choose another name", file=sys.stderr)
        return 2
    write(args.out, args.pupils, args.weeks)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
