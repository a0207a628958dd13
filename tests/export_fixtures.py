"""A full caseload for the export tests: one pupil with a term of contacts, a review, targets,
concerns of every confidentiality, a transition plan; and read-back helpers for .docx files."""

from __future__ import annotations

import html
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from builders import (
    make_caseload,
    make_concern,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
    make_transition,
    sessions,
)
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from alp_tui.caseload import Caseload
from alp_tui.models import Action, AttendanceSession, Carer, FollowUp, Phase, Progress

SCHOOL = "Oakfield Academy"
CARER_PHONE = "07700 900123"
CARER_EMAIL = "sam.brown@example.org"
SECOND_CARER_PHONE = "07700 900456"
SAFEGUARDING_TEXT = "Seen leaving site at lunch with older youths"
CONFIDENTIAL_WELLBEING_TEXT = "Disclosed a family bereavement in confidence"
OPEN_BEHAVIOUR_TEXT = "Refused to wear safety boots on site"
REVIEW_DAY = date(2026, 10, 14)  # a Wednesday


def full_caseload() -> Caseload:
    """Jordan Brown, Year 10, at Bright Futures Construction since 01/09/2026."""
    provider = make_provider(
        "Bright Futures Construction",
        id="prov-bfc",
        contact_name="Dee Mason",
        phone="0117 496 0000",
        notes="School's private note about the provider",
    )
    pupil = make_pupil(
        id="pup-jb",
        first_name="Jordan",
        last_name="Brown",
        year_group=10,
        ehcp=True,
        child_protection=True,
        school_lead="Mr Patel",
        carers=[
            Carer(name="Sam Brown", relationship="mother", phone=CARER_PHONE, email=CARER_EMAIL),
            Carer(name="Lee Brown", relationship="father", phone=SECOND_CARER_PHONE),
        ],
    )
    placement = make_placement(
        pupil,
        provider,
        id="plc-jb",
        start_date=date(2026, 9, 1),
        end_date=date(2027, 3, 19),
        focus="Re-engage with learning through a practical CSCS unit",
        schedule=sessions(tue=("09:00", "15:00"), thu=("09:00", "15:00")),
    )
    unit = make_target(
        placement,
        id="tgt-unit",
        description="Completes the bricklaying unit",
        success_criteria="Unit signed off by the assessor",
        order=1,
    )
    attend = make_target(placement, id="tgt-attend", description="Attends 90% of sessions", order=2)
    calm = make_target(
        placement, id="tgt-calm", description="Uses the SENCo-agreed calm-down plan", order=3
    )
    unrated = make_target(placement, id="tgt-new", description="Keeps a weekly log book", order=4)
    achieved = make_target(
        placement, id="tgt-done", description="Gets the site induction card", status="achieved"
    )
    records: list = [provider, pupil, placement, unit, attend, calm, unrated, achieved]

    # Weekly calls on Fridays about that week's Tuesday and Thursday, 04/09 to 20/11.
    day = date(2026, 9, 4)
    week = 0
    while day <= date(2026, 11, 20):
        late = week % 4 == 1
        absent = week % 5 == 3
        week_sessions = [
            AttendanceSession(
                day="tue", planned_hours=6, attended_hours=6, mark="late" if late else "present"
            ),
            AttendanceSession(
                day="thu",
                planned_hours=6,
                attended_hours=0 if absent else 6,
                mark="absent_unauthorised" if absent else "present",
            ),
        ]
        before_review = day < REVIEW_DAY
        progress = [
            Progress(
                target_id="tgt-unit",
                rating=2 if before_review else 4,
                note=None if before_review else f"Laid a course on {day.day}/{day.month}",
            ),
            Progress(target_id="tgt-attend", rating=3, note=None),
        ]
        if not before_review and week % 2 == 0:
            progress.append(Progress(target_id="tgt-calm", rating=3, note="Used the plan twice"))
        actions = []
        if day == date(2026, 11, 13):
            actions = [
                Action(text="Send the unit paperwork", owner="Dee Mason", due=date(2026, 11, 30))
            ]
        if day == date(2026, 9, 25):
            actions = [Action(text="Book a hearing test", owner="Mr Patel", due=date(2026, 10, 9))]
        records.append(
            make_contact(
                placement,
                on=day,
                week_start=day - timedelta(days=4),
                sessions=week_sessions,
                engagement=4 if not before_review else 2,
                progress=progress,
                actions=actions,
                summary="Weekly call",
                next_contact=day + timedelta(days=7),
            )
        )
        day += timedelta(days=7)
        week += 1

    records.append(make_review(placement, on=REVIEW_DAY, next_review=date(2026, 12, 2)))
    records.append(
        make_concern(
            pupil,
            id="cnc-safe",
            category="safeguarding",
            placement_id=placement.id,
            raised_on=date(2026, 11, 10),
            description=SAFEGUARDING_TEXT,
            referred_to_dsl=True,
            severity="high",
        )
    )
    records.append(
        make_concern(
            pupil,
            id="cnc-well",
            category="wellbeing",
            confidential=True,
            raised_on=date(2026, 11, 3),
            description=CONFIDENTIAL_WELLBEING_TEXT,
        )
    )
    records.append(
        make_concern(
            pupil,
            id="cnc-beh",
            category="behaviour",
            raised_on=date(2026, 10, 20),
            description=OPEN_BEHAVIOUR_TEXT,
            action_taken="Talked it through with the DSL",
            status="monitoring",
            referred_to_dsl=True,
        )
    )
    records.append(
        make_transition(
            placement,
            destination="phased_return",
            destination_name="Oakfield Academy",
            phases=[
                Phase(start=date(2027, 2, 22), school_hours=15, alp_hours=12, note="3 days in"),
                Phase(start=date(2027, 3, 8), school_hours=20, alp_hours=6),
            ],
            welcome_plan="Welcome meeting with Mr Patel on the first morning",
            strategies=["Give instructions one step at a time", "Let him stand to work"],
            follow_ups=[FollowUp(date=date(2027, 4, 2), kind="visit", by="Mr Patel")],
        )
    )
    return make_caseload(*records, meta=make_meta(school_name=SCHOOL))


# --- reading a .docx back --------------------------------------------------------------------

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
UK_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def body_paragraph_texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def table_texts(doc: DocxDocument) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def header_footer_texts(doc: DocxDocument) -> list[str]:
    out: list[str] = []
    for section in doc.sections:
        for part in (section.header, section.footer):
            out.extend(p.text for p in part.paragraphs)
    return out


def all_text(doc: DocxDocument) -> str:
    return "\n".join(body_paragraph_texts(doc) + table_texts(doc) + header_footer_texts(doc))


def headings(doc: DocxDocument, level: int = 1) -> list[str]:
    return [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == f"Heading {level}"
    ]


def table_with_header(doc: DocxDocument, header: tuple[str, ...]) -> Any:
    for table in doc.tables:
        if tuple(c.text for c in table.rows[0].cells) == header:
            return table
    raise AssertionError(f"no table headed {header}")


def field_instructions(part: Any) -> list[str]:
    return [el.text.strip() for el in part._element.iter(qn("w:instrText"))]


def reopen(path: Path) -> DocxDocument:
    return Document(str(path))


def package_parts(path: Path) -> dict[str, tuple[str, str]]:
    """Every XML part of a saved .docx (body, headers, footers, properties, relationships)
    as (raw XML, its words): the words with the tags taken out and entities decoded, so a
    phrase split over runs is still found."""
    parts = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                raw = package.read(name).decode("utf-8")
                parts[name] = (raw, html.unescape(re.sub(r"<[^>]+>", "", raw)))
    return parts
