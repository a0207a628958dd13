"""A placement's learning plan: its targets in order, to add, change, reorder or drop.

An active placement with no active target is a problem (NO_TARGETS), shown here as the
rules report it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Label, Static

from alp_tui.contact_form import latest_ratings
from alp_tui.dates import uk
from alp_tui.models import RATING_WORDS, Placement, Record, Target
from screens.messages import CaseloadChanged
from screens.saving import SaveDone, SaveFailed, SavePlan, SavingScreen
from screens.target_form import TargetFormScreen
from screens.widgets.form_fields import ProblemPreview
from screens.workspace import workspace_of


class LearningPlanScreen(SavingScreen[None]):
    """The targets of one placement."""

    CSS_PATH = "forms.tcss"

    BINDINGS = [
        Binding("a", "add", "Add target", tooltip="Add a target to the plan", id="plan.add"),
        Binding("enter", "edit", "Edit", tooltip="Change the highlighted target", id="plan.edit"),
        Binding(
            "u",
            "move(-1)",
            "Move up",
            tooltip="Move the highlighted target up the plan",
            id="plan.up",
        ),
        Binding(
            "d",
            "move(1)",
            "Move down",
            tooltip="Move the highlighted target down the plan",
            id="plan.down",
        ),
        Binding(
            "x",
            "drop",
            "Drop",
            tooltip="Mark the highlighted target dropped (edit it to make it active again)",
            id="plan.drop",
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
        table: DataTable[Text] = DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="plan-detail")
        yield ProblemPreview(title="Problems now", id="plan-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", DataTable)
        table.add_column("#", key="n", width=2)
        table.add_column("Status", key="status", width=10)
        table.add_column("Target", key="target", width=33)
        table.add_column("Due", key="due", width=10)
        table.add_column("Latest", key="latest", width=12)
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
        if keep is None and table.row_count:
            keep = self._highlighted_id()
        ratings = latest_ratings(caseload, placement.id)
        table.clear()
        for number, target in enumerate(self.targets(), start=1):
            rating = ratings.get(target.id)
            marker = {"active": "", "achieved": "✓ ", "dropped": "✗ "}[target.status]
            table.add_row(
                Text(str(number)),
                Text(f"{marker}{target.status}"),
                Text(target.description),
                Text(uk(target.due, "")),
                Text(f"{rating[0]} {RATING_WORDS[rating[0]]}" if rating else "not rated"),
                key=target.id,
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
            ("Target", target.description),
            ("Outcome", target.outcome),
            ("Success criteria", target.success_criteria),
            ("Baseline", target.baseline),
            ("Set on", uk(target.set_on, "")),
        ]
        text = Text()
        for label, value in lines:
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(f"{value}\n")
        detail.update(text if text.plain else Text("(no more detail)"))

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    @on(CaseloadChanged)
    def _changed(self) -> None:
        self.refresh_plan()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_plan()

    # --- actions -----------------------------------------------------------------------

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

    def action_drop(self) -> None:
        target = self._highlighted()
        if target is None or target.status == "dropped":
            return
        self._keep = target.id
        self.start_save(SavePlan(update=[target.model_copy(update={"status": "dropped"})]))

    def action_back(self) -> None:
        self.dismiss(None)

    def saved(self, message: SaveDone) -> None:
        self.refresh_plan(keep=self._keep)

    def save_failed(self, message: SaveFailed) -> None:
        self.say_not_saved(message.error)
        self.refresh_plan(keep=self._keep)
