"""A placement's life after it starts: review meetings (who is asked, what is decided, when
the next one falls), the transition plan's checklist, and what ending a placement changes.

Pure functions of the caseload and the dates given, shared by the review, transition and
end-of-placement screens and their tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from alp_tui.caseload import Caseload
from alp_tui.dates import in_holiday
from alp_tui.models import (
    Decision,
    FollowUp,
    Holiday,
    Placement,
    Record,
    Review,
    ReviewDecision,
    Target,
    Transition,
)
from alp_tui.rules import review_interval_weeks

#: Where a pupil goes after a placement, in words.
DESTINATION_WORDS: dict[str, str] = {
    "full_return": "full return to school",
    "phased_return": "phased return to school",
    "new_setting": "a new setting",
    "post16": "post-16",
    "other": "other",
}
#: What each review decision does to its target, in words for the form.
DECISION_WORDS: dict[str, str] = {
    "continue": "continue",
    "achieved": "achieved",
    "dropped": "dropped",
    "revised": "revised",
}
#: The decisions a review applies to the target's own status.
APPLIED: dict[str, str] = {"achieved": "achieved", "dropped": "dropped"}

#: The follow-ups a transition usually plans (DOMAIN.md case 9): weeks after the end.
FOLLOW_UP_WEEKS: tuple[tuple[int, str], ...] = ((2, "visit"), (6, "call"))


# --- review meetings ---------------------------------------------------------------------------


def next_school_day(day: date, holidays: Iterable[Holiday]) -> date:
    """`day`, or the first weekday after it that is not in a school holiday."""
    closures = list(holidays)
    while day.weekday() >= 5 or in_holiday(day, closures):
        day += timedelta(days=1)
    return day


def next_review_after(day: date, weeks: int, holidays: Iterable[Holiday]) -> date:
    """One review interval after `day`, moved on past a weekend or a school holiday."""
    return next_school_day(day + timedelta(weeks=weeks), holidays)


def next_review_for(caseload: Caseload, placement: Placement, held_on: date) -> date:
    """The next review after one held on `held_on`, at the placement's own interval."""
    weeks = review_interval_weeks(placement, caseload.meta)
    return next_review_after(held_on, weeks, caseload.meta.holidays)


@dataclass(frozen=True)
class Attendee:
    """Someone usually at a review: as recorded in `attendees`, and whether they are ticked
    at first."""

    name: str
    usual: bool = True


def suggested_attendees(caseload: Caseload, placement: Placement, user: str) -> list[Attendee]:
    """Who a review usually brings together: the user (when the settings name them), the
    pupil's school lead, the provider's contact and the carers; the pupil too, unticked."""
    pupil = caseload.pupils.get(placement.pupil_id)
    provider = caseload.providers.get(placement.provider_id)
    found: list[Attendee] = []

    def add(name: str, usual: bool = True) -> None:
        if name.strip() and all(a.name.casefold() != name.casefold() for a in found):
            found.append(Attendee(name, usual))

    me = caseload.meta.staff_name(user)
    if me != user:  # a login the settings do not name is no one's name
        add(me)
    if pupil is not None and pupil.school_lead:
        lead = pupil.school_lead
        if all(lead.casefold() not in a.name.casefold() for a in found):
            add(f"{lead} (school lead)")
    if provider is not None and provider.contact_name:
        add(f"{provider.contact_name} ({provider.name})")
    if pupil is not None:
        for carer in pupil.carers:
            add(f"{carer.name} ({carer.relationship})" if carer.relationship else carer.name)
        add(f"{pupil.first_name} {pupil.last_name} (pupil)", usual=False)
    return found


def active_targets(caseload: Caseload, placement_id: str) -> list[Target]:
    """The targets a review decides on: the active ones, in the plan's order."""
    return [t for t in caseload.targets_of(placement_id) if t.status == "active"]


def default_decisions(caseload: Caseload, placement: Placement) -> list[ReviewDecision]:
    """`continue` for every active target: what saving the form untouched records."""
    return [
        ReviewDecision(target_id=t.id, decision="continue")
        for t in active_targets(caseload, placement.id)
    ]


def review_changes(caseload: Caseload, review: Review) -> list[Record]:
    """The records a saved review changes besides itself: each target decided `achieved`
    or `dropped` takes that status, and the placement takes the review's `next_review`."""
    changed: list[Record] = []
    for decision in review.decisions:
        target = caseload.targets.get(decision.target_id)
        status = APPLIED.get(decision.decision)
        if target is not None and status is not None and target.status != status:
            changed.append(target.model_copy(update={"status": status}))
    placement = caseload.placements.get(review.placement_id)
    if placement is not None and placement.next_review != review.next_review:
        changed.append(placement.model_copy(update={"next_review": review.next_review}))
    return changed


def decision_counts(decisions: Iterable[ReviewDecision]) -> str:
    """`2 continue, 1 achieved` in the order of the decisions' word list."""
    counts: dict[str, int] = {}
    for item in decisions:
        counts[item.decision] = counts.get(item.decision, 0) + 1
    return ", ".join(f"{counts[d]} {DECISION_WORDS[d]}" for d in DECISION_WORDS if d in counts)


def decision_of(text: Any) -> Decision:
    """A decision as a form's Select holds it (anything else is `continue`)."""
    return text if text in DECISION_WORDS else "continue"


# --- the transition plan -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a transition plan needs, and whether it has it."""

    key: str
    words: str
    done: bool


def transition_checklist(plan: Transition | None) -> list[ChecklistItem]:
    """What a transition plan needs (DOMAIN.md, "The end of a placement"): where the pupil
    goes (named, for a new setting or post-16), phases for a phased return, a welcome plan,
    the provider's strategies written and shared with staff, the family told, follow-ups
    planned."""
    if plan is None:
        plan = Transition(placement_id="", destination="full_return")
        named = False
    else:
        named = plan.destination in ("full_return", "phased_return") or bool(
            (plan.destination_name or "").strip()
        )
    items = [ChecklistItem("destination", "where the pupil goes next", named)]
    if plan.destination == "phased_return":
        items.append(ChecklistItem("phases", "the phases of the return", bool(plan.phases)))
    items += [
        ChecklistItem("welcome", "a welcome plan", bool((plan.welcome_plan or "").strip())),
        ChecklistItem("strategies", "the provider's strategies written", bool(plan.strategies)),
        ChecklistItem(
            "shared", "the strategies shared with staff", plan.strategies_shared_on is not None
        ),
        ChecklistItem("family", "the family told", plan.family_informed_on is not None),
        ChecklistItem("follow_ups", "follow-up visits or calls planned", bool(plan.follow_ups)),
    ]
    return items


def still_to_do(plan: Transition | None) -> list[ChecklistItem]:
    return [item for item in transition_checklist(plan) if not item.done]


def checklist_line(plan: Transition | None) -> str:
    """`Still to do: a welcome plan; the family told.` or that the plan is complete."""
    missing = still_to_do(plan)
    if not missing:
        return "✓ Nothing missing: destination, welcome, strategies shared, family, follow-ups."
    return "Still to do: " + "; ".join(item.words for item in missing) + "."


def follow_up_by(caseload: Caseload, placement: Placement, user: str) -> str:
    """Who follows a pupil up after a placement: their school lead, else the user (as the
    staff list names them)."""
    pupil = caseload.pupils.get(placement.pupil_id)
    if pupil is not None and pupil.school_lead:
        return pupil.school_lead
    return caseload.meta.staff_name(user)


def usual_follow_ups(end: date, by: str | None) -> list[FollowUp]:
    """A visit two weeks and a call six weeks after the end, by `by`."""
    return [
        FollowUp(date=end + timedelta(weeks=weeks), kind=kind, by=by)
        for weeks, kind in FOLLOW_UP_WEEKS
    ]


def phase_total(school_hours: float | None, alp_hours: float | None) -> float:
    """A phase's week in all (school and provider), for information only."""
    return round((school_hours or 0.0) + (alp_hours or 0.0), 2)


# --- ending a placement ------------------------------------------------------------------------


@dataclass(frozen=True)
class Ending:
    """What ending a placement does now: the date, and the transition items done with it."""

    ended_on: date
    share_strategies: bool = False
    tell_family: bool = False
    plan_follow_ups: bool = False


def end_changes(
    caseload: Caseload,
    placement: Placement,
    ending: Ending,
    *,
    today: date,
    by: str | None,
    new_plan_id: str,
    destination: str = "full_return",
) -> tuple[list[Record], list[Record]]:
    """(records to add, records to update) for ending `placement` as `ending` says: the
    placement `ended` on its date, and the transition items ticked done today (a plan is
    started, with `destination`, when there is none and something is ticked)."""
    ended = placement.model_copy(update={"status": "ended", "ended_on": ending.ended_on})
    plan = caseload.transition_of(placement.id)
    updates: dict[str, Any] = {}
    shareable = plan is not None and bool(plan.strategies) and plan.strategies_shared_on is None
    if ending.share_strategies and shareable:
        updates["strategies_shared_on"] = today
    if ending.tell_family and (plan is None or plan.family_informed_on is None):
        updates["family_informed_on"] = today
    if ending.plan_follow_ups and (plan is None or not plan.follow_ups):
        updates["follow_ups"] = usual_follow_ups(ending.ended_on, by)
    if not updates:
        return [], [ended]
    if plan is None:
        fresh = Transition.model_validate(
            {
                "id": new_plan_id,
                "placement_id": placement.id,
                "destination": destination,
                **updates,
            }
        )
        return [fresh], [ended]
    return [], [ended, plan.model_copy(update=updates)]
