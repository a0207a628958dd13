"""A placement's later life in the core: the next review moved off holidays, who a review
asks, what its decisions change, the transition checklist and what ending changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders import (
    make_caseload,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_review,
    make_target,
    make_transition,
)

from alp_tui.models import Carer, FollowUp, Holiday, Phase, ReviewDecision, Staff
from alp_tui.placement_life import (
    Ending,
    checklist_line,
    decision_counts,
    default_decisions,
    end_changes,
    next_review_after,
    next_review_for,
    review_changes,
    still_to_do,
    suggested_attendees,
    transition_checklist,
    usual_follow_ups,
)

CHRISTMAS = Holiday(name="Christmas", start=date(2026, 12, 21), end=date(2027, 1, 1))


@pytest.mark.parametrize(
    ("held", "weeks", "expected"),
    [
        (date(2026, 11, 27), 6, date(2027, 1, 8)),  # a Friday six weeks on, in term
        (date(2026, 11, 9), 6, date(2027, 1, 4)),  # 21/12 is in the holiday: the Monday after
        (date(2026, 11, 20), 6, date(2027, 1, 4)),  # 01/01 (a Friday, the last holiday day)
        (date(2026, 11, 14), 1, date(2026, 11, 23)),  # a Saturday meeting: on to Monday
        (date(2026, 12, 18), 2, date(2027, 1, 4)),
    ],
)
def test_the_next_review_is_one_interval_on_moved_off_holidays(
    held: date, weeks: int, expected: date
) -> None:
    assert next_review_after(held, weeks, [CHRISTMAS]) == expected


def test_the_placements_own_interval_wins_over_the_schools() -> None:
    pv, pu = make_provider(), make_pupil()
    own = make_placement(pu, pv, review_interval_weeks=4)
    school = make_placement(pu, pv)
    caseload = make_caseload(pv, pu, own, school, meta=make_meta(holidays=[CHRISTMAS]))
    assert next_review_for(caseload, own, date(2026, 11, 27)) == date(2027, 1, 4)
    assert next_review_for(caseload, school, date(2026, 11, 27)) == date(2027, 1, 8)


def test_suggested_attendees_name_the_lead_the_provider_the_carers_and_the_pupil() -> None:
    pv = make_provider(name="Cityline College Skills", contact_name="Priya Nair")
    pu = make_pupil(
        first_name="Ryan",
        last_name="Ahmed",
        school_lead="Mrs J Fletcher",
        carers=[Carer(name="Farah Ahmed", relationship="mother"), Carer(name="Sam Okoro")],
    )
    pl = make_placement(pu, pv)
    meta = make_meta(staff=[Staff(user="apatel", name="Mrs A Patel", role="ALP lead")])
    caseload = make_caseload(pv, pu, pl, meta=meta)
    found = suggested_attendees(caseload, pl, "apatel")
    assert [(a.name, a.usual) for a in found] == [
        ("Mrs A Patel (ALP lead)", True),
        ("Mrs J Fletcher (school lead)", True),
        ("Priya Nair (Cityline College Skills)", True),
        ("Farah Ahmed (mother)", True),
        ("Sam Okoro", True),
        ("Ryan Ahmed (pupil)", False),
    ]
    # A login the settings do not name is not offered as a person.
    first = suggested_attendees(caseload, pl, "someone")[0]
    assert first.name == "Mrs J Fletcher (school lead)"
    # The school lead using the app is named once.
    meta = make_meta(staff=[Staff(user="jf", name="Mrs J Fletcher", role="Head of Year 11")])
    caseload = make_caseload(pv, pu, pl, meta=meta)
    names = [a.name for a in suggested_attendees(caseload, pl, "jf")]
    assert names[:2] == ["Mrs J Fletcher (Head of Year 11)", "Priya Nair (Cityline College Skills)"]


def test_decisions_default_to_continue_and_achieved_or_dropped_are_applied() -> None:
    pv, pu = make_provider(), make_pupil()
    pl = make_placement(pu, pv, next_review=date(2026, 11, 20))
    one, two, three = (make_target(pl, order=n) for n in range(3))
    old = make_target(pl, order=3, status="dropped")
    caseload = make_caseload(pv, pu, pl, one, two, three, old)
    assert [(d.target_id, d.decision) for d in default_decisions(caseload, pl)] == [
        (one.id, "continue"),
        (two.id, "continue"),
        (three.id, "continue"),
    ]
    review = make_review(
        pl,
        next_review=date(2027, 1, 8),
        decisions=[
            ReviewDecision(target_id=one.id, decision="achieved"),
            ReviewDecision(target_id=two.id, decision="dropped", note="No longer fits"),
            ReviewDecision(target_id=three.id, decision="revised", note="Now 95%"),
        ],
    )
    changed = {r.id: r for r in review_changes(caseload, review)}
    assert changed[one.id].status == "achieved"  # type: ignore[attr-defined]
    assert changed[two.id].status == "dropped"  # type: ignore[attr-defined]
    assert three.id not in changed  # a revised target is edited in the plan, not here
    assert changed[pl.id].next_review == date(2027, 1, 8)  # type: ignore[attr-defined]
    assert decision_counts(review.decisions) == "1 achieved, 1 dropped, 1 revised"


def test_the_checklist_says_what_a_plan_still_lacks() -> None:
    assert [i.key for i in still_to_do(None)] == [
        "destination",
        "welcome",
        "strategies",
        "shared",
        "family",
        "follow_ups",
    ]
    pv, pu = make_provider(), make_pupil()
    pl = make_placement(pu, pv)
    phased = make_transition(pl, destination="phased_return")
    assert "phases" in [i.key for i in still_to_do(phased)]
    assert "destination" not in [i.key for i in still_to_do(phased)]
    setting = make_transition(pl, destination="new_setting")
    assert "destination" in [i.key for i in still_to_do(setting)]
    whole = make_transition(
        pl,
        destination="phased_return",
        destination_name="Kingsmead Academy",
        phases=[Phase(start=date(2027, 1, 4), school_hours=19.5, alp_hours=12)],
        welcome_plan="Welcome meeting",
        strategies=["One step at a time"],
        strategies_shared_on=date(2026, 11, 20),
        family_informed_on=date(2026, 11, 13),
        follow_ups=[FollowUp(date=date(2027, 2, 1))],
    )
    assert all(item.done for item in transition_checklist(whole))
    assert checklist_line(whole).startswith("✓ Nothing missing")
    assert checklist_line(setting) == (
        "Still to do: where the pupil goes next; a welcome plan; the provider's strategies "
        "written; the strategies shared with staff; the family told; follow-up visits or calls "
        "planned."
    )


def test_usual_follow_ups_are_a_visit_at_two_weeks_and_a_call_at_six() -> None:
    found = usual_follow_ups(date(2026, 12, 18), "H Lewis")
    assert [(f.date, f.kind, f.by, f.done) for f in found] == [
        (date(2027, 1, 1), "visit", "H Lewis", False),
        (date(2027, 1, 29), "call", "H Lewis", False),
    ]


def test_ending_sets_status_and_date_and_does_the_ticked_transition_items() -> None:
    pv, pu = make_provider(), make_pupil()
    pl = make_placement(pu, pv, end_date=date(2026, 12, 18))
    plan = make_transition(pl, strategies=["Praise quietly"])
    caseload = make_caseload(pv, pu, pl, plan)
    today = date(2026, 11, 27)
    adds, updates = end_changes(
        caseload, pl, Ending(ended_on=today), today=today, by="R Patel", new_plan_id="tr-x"
    )
    assert adds == [] and [u.id for u in updates] == [pl.id]
    assert updates[0].status == "ended" and updates[0].ended_on == today  # type: ignore[attr-defined]
    ending = Ending(
        ended_on=today - timedelta(days=1),
        share_strategies=True,
        tell_family=True,
        plan_follow_ups=True,
    )
    adds, updates = end_changes(caseload, pl, ending, today=today, by="R Patel", new_plan_id="x")
    ended, changed = updates
    assert ended.ended_on == today - timedelta(days=1)  # type: ignore[attr-defined]
    assert changed.strategies_shared_on == today  # type: ignore[attr-defined]
    assert changed.family_informed_on == today  # type: ignore[attr-defined]
    assert [f.date for f in changed.follow_ups] == [  # type: ignore[attr-defined]
        date(2026, 12, 10),
        date(2027, 1, 7),
    ]


def test_ending_with_no_plan_starts_one_only_when_something_is_ticked() -> None:
    pv, pu = make_provider(), make_pupil()
    pl = make_placement(pu, pv)
    caseload = make_caseload(pv, pu, pl)
    today = date(2026, 11, 27)
    # Strategies cannot be shared before they are written: nothing to start a plan with.
    adds, _ = end_changes(
        caseload,
        pl,
        Ending(ended_on=today, share_strategies=True),
        today=today,
        by=None,
        new_plan_id="tr-new",
    )
    assert adds == []
    adds, _ = end_changes(
        caseload,
        pl,
        Ending(ended_on=today, tell_family=True),
        today=today,
        by=None,
        new_plan_id="tr-new",
        destination="new_setting",
    )
    (plan,) = adds
    assert plan.id == "tr-new" and plan.placement_id == pl.id  # type: ignore[attr-defined]
    assert plan.destination == "new_setting"  # type: ignore[attr-defined]
    assert plan.family_informed_on == today  # type: ignore[attr-defined]
