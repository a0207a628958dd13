"""The actions on one of a pupil's placements, shared by the pupil record's keys and the
command palette: the learning plan, a review meeting, the transition plan, editing and
ending the placement. Each asks which placement when the pupil has several."""

from __future__ import annotations

from typing import Any

from screens.end_placement import EndPlacementScreen
from screens.placement_form import PlacementFormScreen
from screens.placement_picker import with_placement
from screens.review_form import ReviewFormScreen
from screens.targets import LearningPlanScreen
from screens.transition_form import TransitionFormScreen


def open_learning_plan(screen: Any, pupil_id: str) -> None:
    """The progress and targets of the active placement (else the latest one)."""
    with_placement(
        screen,
        pupil_id,
        lambda placement_id: screen.app.push_screen(LearningPlanScreen(placement_id)),
        question="Whose learning plan: which of {name}'s placements?",
        latest_otherwise=True,
        none_text="There is no placement yet, so no learning plan: press l to add one.",
    )


def record_review(screen: Any, pupil_id: str) -> None:
    """A review meeting for an active placement."""
    with_placement(
        screen,
        pupil_id,
        lambda placement_id: screen.app.push_screen(ReviewFormScreen(placement_id)),
        question="Which of {name}'s placements was reviewed?",
        none_text="There is no active placement to review.",
    )


def open_transition(screen: Any, pupil_id: str) -> None:
    """The transition plan of a placement that is on now, planned, or has ended."""
    with_placement(
        screen,
        pupil_id,
        lambda placement_id: screen.app.push_screen(TransitionFormScreen(placement_id)),
        statuses=("active", "planned"),
        question="The transition from which of {name}'s placements?",
        latest_otherwise=True,
        none_text="There is no placement yet, so no transition to plan.",
    )


def edit_placement(screen: Any, pupil_id: str) -> None:
    """Dates, schedule, focus, reason, intervals and status of a placement."""
    with_placement(
        screen,
        pupil_id,
        lambda placement_id: screen.app.push_screen(PlacementFormScreen(pupil_id, placement_id)),
        statuses=("active", "planned"),
        question="Edit which of {name}'s placements?",
        latest_otherwise=True,
        none_text="There is no placement yet: press l to add one.",
    )


def end_placement(screen: Any, pupil_id: str) -> None:
    """End an active (or planned) placement, with what its transition still needs."""
    with_placement(
        screen,
        pupil_id,
        lambda placement_id: screen.app.push_screen(EndPlacementScreen(placement_id)),
        statuses=("active", "planned"),
        question="End which of {name}'s placements?",
        none_text="There is no active or planned placement to end.",
    )
