"""Recording a review meeting: when it was held, who came, what was said, a decision per
active target (continue, achieved, dropped, revised) and when the next one falls.

Prefilled so `ctrl+s` alone saves it: today, the usual people ticked, `continue` for every
target, the next review one interval on and off the holidays. The period's figures (since
the last review) show while writing. One save adds the review, applies `achieved` and
`dropped` to their targets and sets the placement's `next_review`.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static, TextArea

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import Placement, Record, Review, ReviewDecision, Target
from alp_tui.placement_life import (
    DECISION_WORDS,
    active_targets,
    decision_counts,
    decision_of,
    next_review_for,
    review_changes,
    suggested_attendees,
)
from alp_tui.rules import format_hours, review_interval_weeks
from exports import content
from screens.form_base import FormScreen
from screens.saving import FormInvalid, SaveDone, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput, field_row, section
from screens.widgets.text import say
from screens.widgets.tick_box import TickBox
from screens.workspace import workspace_of

REVIEW_LABELS: dict[str, str] = {
    "date": "Date",
    "attendees": "Attendees",
    "summary": "Summary",
    "next_review": "Next review",
    "decisions": "Decisions",
}
DECISION_CHOICES: list[tuple[str, str]] = [(words, key) for key, words in DECISION_WORDS.items()]


def period_figures(caseload: Caseload, placement: Placement, today: date) -> Text:
    """The period's attendance and engagement, as the note will report them."""
    period = content.period_for(caseload, placement, today)
    found = content.attendance(caseload, placement, period)
    engaged = content.engagement(caseload, placement, period)
    text = Text()
    text.append("Attendance: ", style="bold")
    if found.percent is None:
        text.append("none recorded")
    else:
        text.append(
            f"{found.percent:g}% ({format_hours(found.attended)} of "
            f"{format_hours(found.planned)} h planned, {len(found.weeks)} weeks)"
        )
    text.append(" · ")
    text.append("engagement: ", style="bold")
    if engaged.average is None:
        text.append("none recorded")
    else:
        calls = f"{engaged.count} call{'s' if engaged.count != 1 else ''}"
        text.append(
            f"{engaged.average:g} of 5 ({content.engagement_word(engaged.average)}) over {calls}"
        )
    return text


class DecisionRow(Vertical):
    """One active target: what it is, how it moved over the period, and the decision."""

    def __init__(self, number: int, target: Target, change: str) -> None:
        super().__init__(classes="decision-row")
        self.number = number
        self.target = target
        self.change = change

    def compose(self) -> ComposeResult:
        line = Text(f"{self.number}. ", style="bold")
        line.append(self.target.description, style="bold")
        line.append(f"\n   {self.change}")
        yield Static(line, classes="decision-target")
        yield Horizontal(
            Label(Text("Decision"), classes="form-label"),
            Select[str](
                DECISION_CHOICES,
                value="continue",
                allow_blank=False,
                compact=True,
                id=f"decision-{self.number}",
                classes="decision-choice",
            ),
            FieldInput(
                None,
                label=f"Note on target {self.number}",
                placeholder="why, or how it is revised",
                id=f"decision-note-{self.number}",
            ),
            classes="form-row",
        )

    def decision(self) -> ReviewDecision:
        choice = self.query_one(Select).value
        note = self.query_one(FieldInput).text
        return ReviewDecision(target_id=self.target.id, decision=decision_of(choice), note=note)


class ReviewFormScreen(FormScreen):
    """Record a review meeting held for one placement; dismisses with the review's id."""

    CSS_PATH = ["forms.tcss", "placement_life.tcss"]  # type: ignore[assignment]
    labels = REVIEW_LABELS
    none_text = "no problems for this pupil"

    def __init__(self, placement_id: str) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.placement: Placement | None = None
        #: The next review the form worked out itself (kept in step with the date until
        #: the user types their own).
        self._auto_next: date | None = None

    def load(self) -> None:
        self.placement = self.caseload.placements.get(self.placement_id)

    def editing(self) -> list[Record]:
        return [self.placement] if self.placement is not None else []

    def heading_text(self) -> str:
        placement = self.placement
        if placement is None:
            return "Review meeting"
        pupil = self.caseload.pupils.get(placement.pupil_id)
        provider = self.caseload.providers.get(placement.provider_id)
        return (
            f"Review meeting: {pupil.display_name if pupil else 'a pupil'} at "
            f"{provider.name if provider else 'a provider'}"
        )

    # --- layout ------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        placement = self.placement
        if placement is None:
            yield section("This placement is no longer in the caseload: press escape.")
            return
        caseload, today = self.caseload, self.today
        period = content.period_for(caseload, placement, today)
        yield section(f"Since {period.basis.removeprefix('since ')}")
        yield Static(period_figures(caseload, placement, today), classes="review-figures")
        yield from field_row("Date *", DateInput(today, label="Date", required=True, id="date"))
        ticks = [
            TickBox(a.name, a.usual, id=f"attendee-{n}")
            for n, a in enumerate(suggested_attendees(caseload, placement, self.user))
        ]
        yield Horizontal(
            Label(Text("Attendees"), classes="form-label"),
            Vertical(*ticks, id="attendees"),
            classes="form-row",
        )
        yield from field_row(
            "Others there",
            FieldInput(None, label="Others there", placeholder="names, separated by commas",
                       id="others"),
        )  # fmt: skip
        yield from field_row(
            "Summary",
            TextArea(
                "",
                soft_wrap=True,
                compact=True,
                placeholder="what was said and agreed",
                id="summary",
            ),
        )
        yield section("Decisions, target by target")
        targets = active_targets(caseload, placement.id)
        if not targets:
            yield Static(
                Text("No active targets to decide on: add them in the learning plan (t)."),
                classes="empty",
            )
        changes = {
            item.target.id: item.change
            for item in content.target_progress(caseload, placement, period)
        }
        for number, target in enumerate(targets, start=1):
            yield DecisionRow(number, target, changes.get(target.id, "not yet rated"))
        self._auto_next = next_review_for(caseload, placement, today)
        weeks = review_interval_weeks(placement, caseload.meta)
        yield from field_row(
            "Next review *",
            DateInput(self._auto_next, label="Next review", required=True, id="next_review"),
            note=f"{weeks} weeks on",
        )

    @property
    def user(self) -> str:
        return workspace_of(self).user

    # --- keeping the next review in step with the date -------------------------------------

    @on(DateInput.Changed, "#date")
    def _date_changed(self, event: DateInput.Changed) -> None:
        if self.placement is None or event.value is None:
            return
        next_review = self.query_one("#next_review", DateInput)
        if next_review.value != self._auto_next:
            return  # the user typed their own
        self._auto_next = next_review_for(self.caseload, self.placement, event.value)
        next_review.set_date(self._auto_next)

    # --- building ------------------------------------------------------------------------

    def attendees(self) -> list[str]:
        names = [str(t.label) for t in self.query(TickBox) if t.value]
        others = self.query_one("#others", FieldInput).text or ""
        names += [name.strip() for name in others.split(",") if name.strip()]
        return names

    def build(self, for_save: bool) -> SavePlan:
        placement = self.placement
        if placement is None:
            raise FormInvalid("There is nothing here to save: press escape.")
        held = self.query_one("#date", DateInput)
        if held.value is None:
            raise FormInvalid(held.problem(True) or "Date is required.", held)
        if held.value > self.today:
            raise FormInvalid(
                f"Date: {uk(held.value)} is still to come: record the meeting once it has "
                "been held (type today or an earlier date).",
                held,
            )
        following = self.query_one("#next_review", DateInput)
        if following.value is None:
            raise FormInvalid(following.problem(True) or "Next review is required.", following)
        if following.value <= held.value:
            raise FormInvalid(
                "Next review: it falls on or before this meeting: type a later date.", following
            )
        summary = self.query_one("#summary", TextArea).text.strip() or None
        try:
            review = Review.model_validate(
                {
                    "id": self.new_id("reviews"),
                    "placement_id": placement.id,
                    "date": held.value,
                    "attendees": self.attendees(),
                    "summary": summary,
                    "next_review": following.value,
                    "decisions": [row.decision() for row in self.query(DecisionRow)],
                }
            )
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, REVIEW_LABELS)) from None
        return SavePlan(
            add=[review],
            update=review_changes(self.caseload, review),
            result=review,
            pupil_id=placement.pupil_id,
        )

    def saved(self, message: SaveDone) -> None:
        review = message.result
        if isinstance(review, Review):
            decided = decision_counts(review.decisions)
            say(
                self.app,
                f"Review of {uk(review.date)} saved"
                + (f" ({decided})" if decided else "")
                + f"; the next review is due by {uk(review.next_review)}.",
                timeout=5,
            )
        super().saved(message)
