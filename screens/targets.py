"""A placement's learning plan and its progress, target by target: each target with its
outcome, baseline and due date, every weekly rating as a strip of numbered cells, the
latest rating in words, the change since the last review and the latest note.

Targets are added, edited, reordered, marked achieved or dropped here; none is ever
deleted, so the history stays. Enter opens a target's week-by-week record. An active
placement with no active target is a problem (NO_TARGETS), shown as the rules report it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import RATING_WORDS, Placement, Record, Target
from alp_tui.weeks import StripCell, rating_strip
from exports import content
from screens.messages import CaseloadChanged
from screens.saving import SaveDone, SaveFailed, SavePlan, SavingScreen
from screens.target_form import TargetFormScreen
from screens.target_history import TargetHistoryScreen
from screens.widgets.form_fields import ProblemPreview
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.strip import CELL_WIDTH, CELLS_PER_LINE, strip_text
from screens.workspace import workspace_of

STATUS_MARKS: dict[str, str] = {
    "active": "active",
    "achieved": "✓ achieved",
    "dropped": "✗ dropped",
}
TARGET_WIDTH = 34
STRIP_WIDTH = CELL_WIDTH * CELLS_PER_LINE


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def strip_end(placement: Placement, today: date) -> date:
    """The last day a placement's strips run to: today, or the day it ended."""
    ended = placement.ended_on if placement.status == "ended" else None
    return min(today, ended) if ended else today


@dataclass(frozen=True)
class TargetRow:
    """What the progress view shows of one target."""

    target: Target
    cells: list[StripCell]
    progress: content.TargetProgress | None


def progress_rows(caseload: Caseload, placement: Placement, today: date) -> list[TargetRow]:
    """Every target of the plan (achieved and dropped too), with its weekly strip from the
    start and its progress since the last review."""
    period = content.period_for(caseload, placement, today)
    found = {
        item.target.id: item
        for item in content.target_progress(
            caseload, placement, period, statuses=("active", "achieved", "dropped")
        )
    }
    end = strip_end(placement, today)
    return [
        TargetRow(
            target,
            rating_strip(caseload, placement, target.id, placement.start_date, end),
            found.get(target.id),
        )
        for target in caseload.targets_of(placement.id)
    ]


def target_cell(target: Target) -> Text:
    """Description (on two lines at most); status and due date; outcome; baseline (each
    cut to the column)."""
    lines = textwrap.wrap(target.description, TARGET_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], _cut(" ".join(lines[1:]), TARGET_WIDTH)]
    text = Text("\n".join(lines), style="bold")
    status = STATUS_MARKS[target.status]
    text.append(f"\n{status}" + (f" · due {uk(target.due)}" if target.due else ""))
    if target.outcome:
        text.append("\n" + _cut(f"outcome: {target.outcome}", TARGET_WIDTH))
    if target.baseline:
        text.append("\n" + _cut(f"from: {target.baseline}", TARGET_WIDTH))
    return text


def ratings_cell(row: TargetRow, colours: Mapping[str, str]) -> Text:
    """The strip; the latest rating in words; the change since the last review; the note."""
    text = strip_text(row.cells, colours)
    progress = row.progress
    if progress is None or progress.latest is None:
        text.append("\nnot rated yet")
        return text
    latest = progress.latest
    text.append(f"\nlatest {latest.rating} {RATING_WORDS[latest.rating]} ({uk(latest.day)})")
    text.append("\n" + _cut(progress.change, STRIP_WIDTH))
    if latest.note:
        text.append("\n" + _cut(f"“{latest.note}”", STRIP_WIDTH), style="italic")
    return text


class LearningPlanScreen(SavingScreen[None]):
    """The targets of one placement and how each is going."""

    CSS_PATH = ["forms.tcss", "placement_life.tcss"]

    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Every week's rating and note for the highlighted target",
            id="plan.open",
        ),
        Binding("a", "add", "Add", tooltip="Add a target to the plan", id="plan.add"),
        Binding("e", "edit", "Edit", tooltip="Change the highlighted target", id="plan.edit"),
        Binding(
            "m",
            "achieved",
            "Achieved",
            tooltip="Mark the highlighted target achieved (met)",
            id="plan.achieved",
        ),
        Binding(
            "x",
            "drop",
            "Drop",
            tooltip="Mark the highlighted target dropped (edit it to make it active again)",
            id="plan.drop",
        ),
        Binding(
            "u",
            "move(-1)",
            "Up",
            tooltip="Move the highlighted target up the plan",
            id="plan.up",
        ),
        Binding(
            "d",
            "move(1)",
            "Down",
            tooltip="Move the highlighted target down the plan",
            id="plan.down",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the previous screen", id="plan.back"),
    ]

    def __init__(self, placement_id: str) -> None:
        super().__init__()
        self.placement_id = placement_id
        #: The target to keep highlighted once a change is saved.
        self._keep: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="form-heading")
        yield Static("", id="plan-period")
        table: DataTable[Text] = DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="plan-detail")
        yield ProblemPreview(title="Problems now", id="plan-problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", DataTable)
        table.add_column("#", key="n", width=2)
        table.add_column("Target", key="target", width=TARGET_WIDTH)
        table.add_column("Ratings week by week", key="ratings", width=STRIP_WIDTH)
        self.refresh_plan()

    # --- showing -----------------------------------------------------------------------

    @property
    def placement(self) -> Placement | None:
        return workspace_of(self).caseload.placements.get(self.placement_id)

    def targets(self) -> list[Target]:
        return workspace_of(self).caseload.targets_of(self.placement_id)

    def refresh_plan(self, keep: str | None = None) -> None:
        workspace = workspace_of(self)
        caseload = workspace.caseload
        placement = caseload.placements.get(self.placement_id)
        heading = self.query_one("#form-heading", Label)
        table = self.query_one("#plan-table", DataTable)
        if placement is None:
            heading.update(Text("Learning plan"))
            table.clear()
            self.query_one("#plan-detail", Static).update(
                Text("This placement is no longer in the caseload: press escape.")
            )
            return
        pupil = caseload.pupils.get(placement.pupil_id)
        provider = caseload.providers.get(placement.provider_id)
        heading.update(
            Text(
                f"Learning plan: {pupil.display_name if pupil else 'pupil'} at "
                f"{provider.name if provider else 'provider'} — {placement.focus}"
            )
        )
        period = content.period_for(caseload, placement, workspace.today)
        self.query_one("#plan-period", Static).update(
            Text(
                f"Weeks from {uk(placement.start_date)} · 1 not started … 5 achieved · "
                f"change {period.basis}"
            )
        )
        if keep is None and table.row_count:
            keep = self._highlighted_id()
        colours = self.app.theme_variables
        table.clear()
        for number, row in enumerate(progress_rows(caseload, placement, workspace.today), 1):
            table.add_row(
                Text(str(number)),
                target_cell(row.target),
                ratings_cell(row, colours),
                key=row.target.id,
                height=None,
            )
        if keep is not None:
            for index, target in enumerate(self.targets()):
                if target.id == keep:
                    table.move_cursor(row=index)
        self._show_detail()
        problems = [p for p in workspace.problems if p.placement_id == placement.id]
        self.query_one("#plan-problems", ProblemPreview).show_problems(
            problems, none_text="no problems with this placement"
        )

    def _highlighted_id(self) -> str | None:
        table = self.query_one("#plan-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value) if row_key.value is not None else None

    def _highlighted(self) -> Target | None:
        target_id = self._highlighted_id()
        return workspace_of(self).caseload.targets.get(target_id) if target_id else None

    def _show_detail(self) -> None:
        detail = self.query_one("#plan-detail", Static)
        target = self._highlighted()
        if target is None:
            detail.update(Text("No targets yet: press a to add the first one."))
            return
        lines = [
            ("Success criteria", target.success_criteria),
            ("Baseline", target.baseline),
            ("Set on", uk(target.set_on, "")),
        ]
        text = Text()
        for label, value in lines:
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(f"{value}\n")
        text.append("enter: every week's rating and note", style="italic")
        detail.update(text)

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    @on(CaseloadChanged)
    def _changed(self) -> None:
        self.refresh_plan()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_plan()

    # --- actions -----------------------------------------------------------------------

    def action_open(self) -> None:
        target = self._highlighted()
        if target is not None:
            self.app.push_screen(TargetHistoryScreen(target.id))

    def action_add(self) -> None:
        if self.placement is None:
            return
        self.app.push_screen(TargetFormScreen(self.placement_id), self._edited)

    def action_edit(self) -> None:
        target = self._highlighted()
        if target is not None:
            self.app.push_screen(TargetFormScreen(self.placement_id, target.id), self._edited)

    def _edited(self, target_id: str | None) -> None:
        if target_id:
            self.refresh_plan(keep=target_id)

    def action_move(self, step: int) -> None:
        targets = self.targets()
        target = self._highlighted()
        if target is None:
            return
        index = targets.index(target)
        other = index + step
        if not 0 <= other < len(targets):
            return
        targets[index], targets[other] = targets[other], targets[index]
        # Number the whole plan afresh: older plans may share one order value.
        changed: list[Record] = [
            t.model_copy(update={"order": n}) for n, t in enumerate(targets) if t.order != n
        ]
        self._keep = target.id
        self.start_save(SavePlan(update=changed))

    def _set_status(self, status: str) -> None:
        target = self._highlighted()
        if target is None or target.status == status:
            return
        self._keep = target.id
        self.start_save(SavePlan(update=[target.model_copy(update={"status": status})]))

    def action_achieved(self) -> None:
        self._set_status("achieved")

    def action_drop(self) -> None:
        self._set_status("dropped")

    def action_back(self) -> None:
        self.dismiss(None)

    def saved(self, message: SaveDone) -> None:
        self.refresh_plan(keep=self._keep)

    def save_failed(self, message: SaveFailed) -> None:
        self.say_not_saved(message.error)
        self.refresh_plan(keep=self._keep)
