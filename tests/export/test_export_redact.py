"""Redaction on the data, before anything is rendered: what each audience's copy holds."""

from __future__ import annotations

import pytest
from builders import make_concern, make_placement, make_provider, make_pupil
from export_fixtures import full_caseload

from alp_tui.caseload import Caseload
from exports import ExportError, SeveralProvidersError, redact, release

PUPIL = "pup-jb"


@pytest.fixture
def caseload() -> Caseload:
    caseload = full_caseload()
    # Another pupil at the same provider: never part of Jordan's note.
    other = make_pupil(id="pup-other", first_name="Riley", last_name="Stone")
    caseload.put(other)
    caseload.put(make_placement(other, "prov-bfc", id="plc-other"))
    caseload.put(make_concern(other, id="cnc-other", description="Riley's concern"))
    return caseload


def test_school_copy_keeps_everything_about_the_pupil_only(caseload: Caseload) -> None:
    data = redact(caseload, PUPIL, "school")
    assert set(data.pupils) == {PUPIL}
    assert set(data.placements) == {"plc-jb"}
    assert set(data.concerns) == {"cnc-safe", "cnc-well", "cnc-beh"}
    assert data.pupils[PUPIL].child_protection is True
    assert [c.phone for c in data.pupils[PUPIL].carers] == ["07700 900123", "07700 900456"]
    assert data.providers["prov-bfc"].notes == "School's private note about the provider"
    assert data.audit == []


@pytest.mark.parametrize("audience", ["provider", "parent"])
def test_provider_and_parent_copies_hold_nothing_confidential(
    caseload: Caseload, audience: str
) -> None:
    data = redact(caseload, PUPIL, audience)
    assert set(data.pupils) == {PUPIL}
    # No concern was shared on purpose: none comes along.
    assert data.concerns == {}
    # Shared on purpose, a concern comes without the school's own marks; a confidential or
    # safeguarding one never does.
    shared = {c: (audience,) for c in ("cnc-safe", "cnc-well", "cnc-beh")}
    data = release(caseload, PUPIL, audience, shared_concerns=shared).caseload
    assert set(data.concerns) == {"cnc-beh"}
    assert all(not c.referred_to_dsl and c.raised_by is None for c in data.concerns.values())
    # Shared with the other audience only, it stays out.
    other = "parent" if audience == "provider" else "provider"
    elsewhere = {c: (other,) for c in shared}
    assert release(caseload, PUPIL, audience, shared_concerns=elsewhere).caseload.concerns == {}
    pupil = data.pupils[PUPIL]
    assert pupil.child_protection is False
    assert pupil.notes is None
    assert all(c.phone is None and c.email is None for c in pupil.carers)
    provider = data.providers["prov-bfc"]
    assert provider.notes is None and provider.checks == []


def test_provider_copy_has_no_carers_and_parent_copy_only_their_names(
    caseload: Caseload,
) -> None:
    assert redact(caseload, PUPIL, "provider").pupils[PUPIL].carers == []
    carers = redact(caseload, PUPIL, "parent").pupils[PUPIL].carers
    assert [(c.name, c.relationship) for c in carers] == [
        ("Sam Brown", "mother"),
        ("Lee Brown", "father"),
    ]


def test_redaction_leaves_the_caseload_untouched(caseload: Caseload) -> None:
    before = {cid: c.model_dump() for cid, c in caseload.concerns.items()}
    pupil_before = caseload.pupils[PUPIL].model_dump()
    redact(caseload, PUPIL, "parent")
    assert {cid: c.model_dump() for cid, c in caseload.concerns.items()} == before
    assert caseload.pupils[PUPIL].model_dump() == pupil_before


def test_an_unmarked_safeguarding_concern_is_confidential_even_unvalidated(
    caseload: Caseload,
) -> None:
    built = make_concern(PUPIL, id="cnc-raw", category="safeguarding", description="x")
    assert built.confidential is True  # the model's default
    # A record whose flag was cleared after validation still counts as confidential.
    caseload.put(built.model_copy(update={"confidential": None}))
    assert "cnc-raw" in redact(caseload, PUPIL, "school").concerns
    assert "cnc-raw" not in redact(caseload, PUPIL, "provider").concerns
    assert "cnc-raw" not in redact(caseload, PUPIL, "parent").concerns


def test_concerns_about_another_placement_of_the_pupil_stay_with_it(caseload: Caseload) -> None:
    elsewhere = make_provider("Elsewhere Skills", id="prov-else", phone="0117 496 0999")
    caseload.put(elsewhere)
    caseload.put(make_placement(PUPIL, elsewhere, id="plc-else"))
    caseload.put(
        make_concern(PUPIL, id="cnc-else", placement_id="plc-else", category="behaviour",
                     description="Argued with the Elsewhere tutor")
    )  # fmt: skip
    caseload.put(
        make_concern(PUPIL, id="cnc-bfc", placement_id="plc-jb", category="provider_quality",
                     description="Bright Futures sent him home early")
    )  # fmt: skip
    caseload.put(
        make_concern(PUPIL, id="cnc-dangling", placement_id="plc-missing",
                     description="about a placement not in this caseload")
    )  # fmt: skip

    # The school's copy has both placements, each with its own concerns.
    school = redact(caseload, PUPIL, "school")
    assert set(school.placements) == {"plc-jb", "plc-else"}
    assert school.concerns["cnc-else"].placement_id == "plc-else"
    assert school.concerns["cnc-bfc"].placement_id == "plc-jb"
    assert "cnc-dangling" not in school.concerns

    # Each provider's copy holds its own placement and the concerns shared with it, nothing
    # of the other's.
    shared = {c.id: ("provider",) for c in caseload.concerns.values()}
    ours = release(caseload, PUPIL, "provider", provider_id="prov-bfc",
                   shared_concerns=shared).caseload  # fmt: skip
    assert set(ours.placements) == {"plc-jb"} and set(ours.providers) == {"prov-bfc"}
    assert "cnc-bfc" in ours.concerns and "cnc-else" not in ours.concerns
    theirs = release(caseload, PUPIL, "provider", provider_id="prov-else",
                     shared_concerns=shared).caseload  # fmt: skip
    assert set(theirs.placements) == {"plc-else"} and set(theirs.providers) == {"prov-else"}
    assert "cnc-else" in theirs.concerns and "cnc-bfc" not in theirs.concerns
    # A concern about the pupil rather than a placement goes to both.
    assert "cnc-beh" in ours.concerns and "cnc-beh" in theirs.concerns

    # Without a choice, a provider's copy of a pupil at two providers is refused.
    with pytest.raises(SeveralProvidersError, match="Bright Futures Construction and Elsewhere"):
        redact(caseload, PUPIL, "provider")


def test_unknown_pupil_or_audience_is_refused(caseload: Caseload) -> None:
    with pytest.raises(ExportError, match="no pupil"):
        redact(caseload, "nobody", "school")
    with pytest.raises(ExportError, match="choose school, provider or parent"):
        redact(caseload, PUPIL, "everyone")
