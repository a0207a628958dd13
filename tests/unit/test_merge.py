"""Merging a stale edit field by field against the version it was made from."""

from __future__ import annotations

from datetime import date

from alp_tui.merge import describe, field_words, merge_fields
from alp_tui.models import Carer, Pupil


def pupil(**changes: object) -> Pupil:
    base = Pupil(id="pu-1", first_name="Jordan", last_name="Brown", rev=3, year_group=9)
    return base.model_copy(update=changes)


def test_one_sided_changes_combine_and_both_sided_ones_conflict() -> None:
    base = pupil()
    mine = pupil(preferred_name="Jay", year_group=10, notes="Mine")
    theirs = pupil(rev=4, school_lead="Mr Patel", year_group=10, notes="Theirs")
    merge = merge_fields(base, mine, theirs)
    assert merge.kept == ["preferred_name"]
    assert merge.came_in == ["school_lead"]
    assert [(c.name, c.mine, c.theirs) for c in merge.conflicts] == [("notes", "Mine", "Theirs")]
    kept_mine = merge.resolved()
    assert (kept_mine.preferred_name, kept_mine.school_lead) == ("Jay", "Mr Patel")
    assert (kept_mine.notes, kept_mine.year_group, kept_mine.rev) == ("Mine", 10, 4)
    assert merge.resolved({"notes": "theirs"}).notes == "Theirs"


def test_stamps_are_never_merged() -> None:
    merge = merge_fields(pupil(), pupil(), pupil(rev=9, updated_by="ms.khan"))
    assert merge.came_in == [] and merge.kept == [] and merge.conflicts == []


def test_values_and_fields_in_words() -> None:
    assert describe(None) == describe("") == describe([]) == "(empty)"
    assert describe(True) == "yes"
    assert describe(date(2026, 11, 27)) == "27/11/2026"
    assert describe(18.0) == "18"
    assert describe([Carer(name="Ann Brown", relationship="mother")]) == "Ann Brown, mother"
    assert field_words("date_of_birth") == "date of birth"
    assert field_words("upn") == "UPN"
    assert field_words("upn", {"upn": "Unique pupil number"}) == "Unique pupil number"
