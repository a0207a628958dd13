"""The review meetings in the Word note, read back: each review of the period with its
decisions target by target in every copy (the plan agreed with everyone), who came and what
was said in the school's copy only, plain words for the family."""

from __future__ import annotations

from datetime import date

import pytest
from builders import (
    TODAY,
    make_caseload,
    make_contact,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
)
from docx.document import Document as DocxDocument
from export_fixtures import all_text

from alp_tui.caseload import Caseload
from alp_tui.models import Carer, Progress, ReviewDecision
from exports import build_note
from exports.content import period_for


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    provider = make_provider(name="Hillside Farm", id="pr-farm")
    pupil = make_pupil(
        first_name="Millie",
        last_name="Clarke",
        id="pu-millie",
        carers=[Carer(name="Joanne Clarke", relationship="mother")],
    )
    placement = make_placement(pupil, provider, id="pl-farm", start_date=date(2026, 9, 7))
    goats = make_target(placement, id="tg-goats", description="Leads the feeding round", order=0)
    peers = make_target(placement, id="tg-peers", description="Talks with a peer", order=1)
    quiet = make_target(placement, id="tg-quiet", description="Uses her quiet space", order=2)
    rated = [
        make_contact(
            placement,
            on=day,
            progress=[Progress(target_id=t.id, rating=3) for t in (goats, peers, quiet)],
        )
        for day in (date(2026, 10, 8), date(2026, 11, 26))
    ]
    earlier = make_review(
        placement,
        on=date(2026, 10, 16),
        attendees=["R Patel"],
        summary="First review.",
        decisions=[ReviewDecision(target_id=goats.id, decision="revised", note="Old one")],
    )
    latest = make_review(
        placement,
        on=date(2026, 11, 20),
        attendees=["R Patel (SENCo)", "Joanne Clarke (mother)", "Sarah Pennington (Hillside)"],
        summary="Feeding round is hers now; mum worried about the bus.",
        next_review=date(2027, 1, 8),
        decisions=[
            ReviewDecision(target_id=goats.id, decision="achieved", note="Three weeks unaided"),
            ReviewDecision(target_id=peers.id, decision="continue"),
            ReviewDecision(target_id=quiet.id, decision="dropped", note="She no longer needs it"),
        ],
    )
    goats.status, quiet.status = "achieved", "dropped"
    return make_caseload(provider, pupil, placement, goats, peers, quiet, *rated, earlier, latest)


@pytest.fixture(scope="module")
def notes(caseload: Caseload) -> dict[str, DocxDocument]:
    return {
        a: build_note(caseload, "pu-millie", a, TODAY) for a in ("school", "provider", "parent")
    }


def test_the_note_covers_the_time_since_the_last_review(caseload: Caseload) -> None:
    period = period_for(caseload, caseload.placements["pl-farm"], TODAY)
    assert (period.start, period.basis) == (
        date(2026, 11, 20),
        "since the last review on 20/11/2026",
    )


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_every_copy_has_the_reviews_decisions_target_by_target(
    notes: dict[str, DocxDocument], audience: str
) -> None:
    text = all_text(notes[audience])
    assert "Review meeting on 20/11/2026" in text
    # The earlier review falls before the period: not repeated.
    assert "Review meeting on 16/10/2026" not in text and "Old one" not in text
    if audience == "parent":
        assert "Leads the feeding round: achieved: Three weeks unaided" in text
        assert "Talks with a peer: keep working on it" in text
        assert "Uses her quiet space: no longer a target: She no longer needs it" in text
    else:
        assert "Leads the feeding round: achieved: Three weeks unaided" in text
        assert "Talks with a peer: continue" in text
        assert "Uses her quiet space: dropped: She no longer needs it" in text
    assert "The next review was set for 08/01/2027." in text


def test_who_came_and_what_was_said_stay_in_the_schools_copy(
    notes: dict[str, DocxDocument],
) -> None:
    school = all_text(notes["school"])
    assert "Present: R Patel (SENCo), Joanne Clarke (mother), Sarah Pennington (Hillside)" in (
        school
    )
    assert "Summary: Feeding round is hers now; mum worried about the bus." in school
    for audience in ("provider", "parent"):
        text = all_text(notes[audience])
        assert "mum worried about the bus" not in text
        assert "Present:" not in text
