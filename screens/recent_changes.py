"""Recent changes (the audit): who, when and what, newest first, for one pupil or for all.

Opened from the palette (`Recent changes`, every pupil) or from the pupil record (that
pupil's only); `/` filters by a pupil's name (or who, or what) as you type, `a` shows
every pupil's again.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from alp_tui.changes import SHOWN, ChangeRow, recent_changes
from screens.messages import CaseloadChanged
from screens.widgets.keys_footer import KeysFooter
from screens.workspace import workspace_of


class RecentChangesScreen(Screen[None]):
    """The audit as a table; the highlighted row in full below it."""

    CSS_PATH = "recent_changes.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back", id="changes.back"),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter by a pupil's name, who, or what changed",
            id="changes.filter",
            # Priority, as on the caseload: the letters typed straight after it are the
            # filter's, not this screen's keys (the `a` of a name: all pupils).
            priority=True,
        ),
        Binding(
            "a", "all", "All pupils", tooltip="Every pupil's changes, not one's", id="changes.all"
        ),
    ]

    def __init__(self, pupil_id: str | None = None) -> None:
        super().__init__()
        #: Only this pupil's changes, when set.
        self.pupil_id = pupil_id
        self._rows: list[ChangeRow] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="changes-title")
        with Horizontal(id="changes-filter-row"):
            yield Label("Filter (/):")
            yield Input(
                placeholder="a pupil's name, who, or what changed",
                id="changes-filter",
                compact=True,
            )
        table: DataTable[Text] = DataTable(
            id="changes-table", cursor_type="row", zebra_stripes=True
        )
        table.add_column("When", key="when", width=16)
        table.add_column("Who", key="who", width=16)
        table.add_column("Pupil", key="pupil", width=14)
        table.add_column("What", key="what", width=60)
        yield table
        yield Static("", id="changes-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(DataTable).focus()

    @property
    def rows(self) -> list[ChangeRow]:
        """The rows shown now, newest first."""
        return list(self._rows)

    def refresh_rows(self) -> None:
        caseload = workspace_of(self).caseload
        typed = self.query_one("#changes-filter", Input).value
        rows, matched = recent_changes(caseload, pupil_id=self.pupil_id, text=typed)
        self._rows = rows
        table = self.query_one("#changes-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                Text(row.when), Text(row.who), Text(row.pupil), Text(row.what), key=str(row.number)
            )
        pupil = caseload.pupils.get(self.pupil_id or "")
        whose = (
            (pupil.display_name if pupil else "a pupil no longer on file")
            if self.pupil_id
            else "every pupil"
        )
        count = f"{matched} changes" if matched != 1 else "1 change"
        more = f", the newest {SHOWN} shown" if matched > len(rows) else ""
        self.query_one("#changes-title", Static).update(
            Text(f"Recent changes · {whose} · {count}{more}")
        )
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#changes-detail", Static)
        table = self.query_one("#changes-table", DataTable)
        if not self._rows:
            detail.update(Text("No changes to show."))
            return
        row = self._rows[min(max(table.cursor_row, 0), len(self._rows) - 1)]
        who = f"{row.who} ({row.entry.user})" if row.who != row.entry.user else row.who
        pupil = f" · {row.pupil}" if row.pupil else ""
        detail.update(Text(f"{row.when} · {who}{pupil}\n{row.what}"))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(Input.Changed, "#changes-filter")
    def _filtered(self) -> None:
        self.refresh_rows()

    @on(Input.Submitted, "#changes-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(CaseloadChanged)
    def _caseload_changed(self) -> None:
        self.refresh_rows()

    def action_filter(self) -> None:
        field = self.query_one("#changes-filter", Input)
        if field.has_focus:  # a `/` typed in the filter is part of it
            field.insert_text_at_cursor("/")
            return
        self.set_focus(field)  # at once, for the letters typed straight after the `/`

    def action_all(self) -> None:
        self.pupil_id = None
        self.refresh_rows()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.value:
            focused.value = ""
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
