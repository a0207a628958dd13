"""One target's record, week by week: every rating and note given at a weekly contact, in
order, with who recorded it (the contact's school staff, or its author as the staff list
names them), under the target's own detail and its strip."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import RATING_WORDS, Contact
from alp_tui.rules import week_of
from alp_tui.weeks import rating_strip
from screens.messages import CaseloadChanged
from screens.target_form import TargetFormScreen
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.strip import strip_text
from screens.workspace import workspace_of

STATUS_WORDS = {"active": "active", "achieved": "✓ achieved", "dropped": "✗ dropped"}


@dataclass(frozen=True)
class RatingEntry:
    """One rating of the target: the contact that gave it and who recorded it."""

    contact: Contact
    rating: int
    note: str | None
    by: str


def recorded_by(caseload: Caseload, contact: Contact) -> str:
    """Who recorded a contact: its school staff as typed, else its author's name."""
    if contact.school_staff:
        return contact.school_staff
    return caseload.meta.staff_name(contact.created_by) or "—"


def rating_entries(caseload: Caseload, placement_id: str, target_id: str) -> list[RatingEntry]:
    """Every rating of the target, oldest first."""
    return [
        RatingEntry(contact, item.rating, item.note, recorded_by(caseload, contact))
        for contact in caseload.contacts_of(placement_id)
        for item in contact.progress
        if item.target_id == target_id
    ]


class TargetHistoryScreen(Screen[None]):
    """Every week's rating and note for one target."""

    CSS_PATH = ["forms.tcss", "placement_life.tcss"]

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the learning plan", id="history.back"),
        Binding("e", "edit", "Edit target", tooltip="Change this target", id="history.edit"),
    ]

    def __init__(self, target_id: str) -> None:
        super().__init__()
        self.target_id = target_id

    def compose(self) -> ComposeResult:
        yield Label("", id="form-heading")
        yield Static("", id="history-detail")
        table: DataTable[Text] = DataTable(id="history-table", cursor_type="row")
        yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_column("Week of", key="week", width=10)
        table.add_column("Rating", key="rating", width=13)
        table.add_column("Note", key="note", width=34)
        table.add_column("By", key="by", width=13)
        self.show()

    def show(self) -> None:
        workspace = workspace_of(self)
        caseload = workspace.caseload
        target = caseload.targets.get(self.target_id)
        placement = caseload.placements.get(target.placement_id) if target else None
        heading = self.query_one("#form-heading", Label)
        detail = self.query_one("#history-detail", Static)
        table = self.query_one("#history-table", DataTable)
        table.clear()
        if target is None or placement is None:
            heading.update(Text("Target"))
            detail.update(Text("This target is no longer in the caseload: press escape."))
            return
        pupil = caseload.pupils.get(placement.pupil_id)
        heading.update(Text(f"{pupil.display_name if pupil else 'Pupil'}: {target.description}"))
        text = Text()
        facts = [
            ("Status", STATUS_WORDS[target.status]),
            ("Outcome", target.outcome),
            ("Success criteria", target.success_criteria),
            ("Baseline", target.baseline),
            ("Set on", uk(target.set_on, "")),
            ("Due", uk(target.due, "")),
        ]
        for label, value in facts:
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(f"{value}\n")
        ended = placement.ended_on if placement.status == "ended" else None
        end = min(workspace.today, ended) if ended else workspace.today
        cells = rating_strip(caseload, placement, target.id, placement.start_date, end)
        text.append("Week by week: ", style="bold")
        text.append_text(strip_text(cells, self.app.theme_variables, per_line=20))
        detail.update(text)
        entries = rating_entries(caseload, placement.id, target.id)
        for entry in entries:
            table.add_row(
                Text(uk(week_of(entry.contact))),
                Text(f"{entry.rating} {RATING_WORDS[entry.rating]}"),
                Text(entry.note or "—"),
                Text(entry.by),
                key=f"{entry.contact.id}",
                height=None,
            )
        if not entries:
            table.add_row(Text("—"), Text("not rated yet"), Text(""), Text(""))

    def rows(self) -> list[list[str]]:
        """The table as plain text (for tests and screen readers)."""
        table = self.query_one("#history-table", DataTable)
        return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

    @on(CaseloadChanged)
    def _changed(self) -> None:
        self.show()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.show()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        target = workspace_of(self).caseload.targets.get(self.target_id)
        if target is not None:
            self.app.push_screen(TargetFormScreen(target.placement_id, target.id))
