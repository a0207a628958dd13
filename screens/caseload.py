"""The home screen: every pupil on the caseload, worst problems first, with what is due.

One row per pupil; `a` adds archived pupils and those with no active placement. The row
data is built by `caseload_rows` (no Textual), so it can be tested and sorted alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import Pupil
from alp_tui.problems_delta import touched_pupils
from alp_tui.rules import Problem, contact_status, format_hours, next_review_date
from alp_tui.terminal import shown
from screens.contact_start import start_contact
from screens.export import ExportScreen
from screens.import_sheet import ImportScreen
from screens.messages import CaseloadChanged
from screens.providers import ProvidersScreen
from screens.pupil_form import PupilFormScreen
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.problems import (
    ProblemList,
    counts,
    problems_by_pupil,
    row_text,
    severity_style,
    summary_text,
)
from screens.widgets.text import plain, safe_cell, say
from screens.widgets.title_header import TitleHeader
from screens.workspace import alp_app, workspace_of

#: Rows put in the table before its first paint (more than a tall terminal shows); the
#: rest follow straight after, so a large caseload shows as soon as its worst rows do.
FIRST_ROWS = 100

SortKey = Literal["worst", "name", "year", "provider", "due"]
SORT_KEYS: tuple[SortKey, ...] = ("worst", "name", "year", "provider", "due")
SORT_LABELS: dict[str, str] = {
    "worst": "worst first",
    "name": "by name",
    "year": "by year",
    "provider": "by provider",
    "due": "by next contact due",
}


@dataclass
class CaseloadRow:
    """What one pupil's row shows, worked out once per snapshot."""

    pupil: Pupil
    providers: list[str]
    hours: float | None
    last_contact: date | None
    contact_due: date | None
    open_concerns: int
    next_review: date | None
    problems: list[Problem] = field(default_factory=list)
    active: bool = True
    note: str = ""  # for rows without an active placement: "planned from 05/01/2027"
    # The rules' contact clock for the placement due first: overdue, or due by tomorrow.
    contact_overdue: bool = False
    contact_due_soon: bool = False

    @property
    def red(self) -> int:
        return counts(self.problems)[0]

    @property
    def amber(self) -> int:
        return counts(self.problems)[1]

    @property
    def name(self) -> str:
        return self.pupil.display_name

    def matches(self, text: str) -> bool:
        """Every word typed appears in the name, a provider or the year (`10`, `y10`)."""
        pupil = self.pupil
        year = f"year {pupil.year_group} y{pupil.year_group}" if pupil.year_group else ""
        haystack = " ".join(
            [
                pupil.first_name,
                pupil.preferred_name or "",
                pupil.last_name,
                *self.providers,
                year,
            ]
        ).casefold()
        return all(word in haystack for word in text.casefold().split())


def caseload_rows(
    caseload: Caseload, problems: Sequence[Problem], today: date, *, show_all: bool = False
) -> list[CaseloadRow]:
    """A row per pupil on the caseload (active placement, not archived), and per pupil
    with a problem still to act on (strategies not shared after a placement ended); with
    `show_all` also archived pupils and pupils whose placements are only planned or ended."""
    by_pupil = problems_by_pupil(problems, caseload)
    rows = [
        row
        for pupil in caseload.pupils.values()
        if (row := caseload_row(caseload, pupil, by_pupil, today, show_all=show_all))
    ]
    return sort_rows(rows, "worst")


def caseload_row(
    caseload: Caseload,
    pupil: Pupil,
    by_pupil: Mapping[str, list[Problem]],
    today: date,
    *,
    show_all: bool = False,
) -> CaseloadRow | None:
    """One pupil's row (`by_pupil`: `problems_by_pupil`), or None when it is not shown."""
    active = caseload.active_placements_of(pupil.id)
    # Every screen shows the problems `check` shows: a pupil with one stays in view.
    is_current = (bool(active) or bool(by_pupil.get(pupil.id))) and not pupil.archived
    if not is_current and not show_all:
        return None
    placements = active or caseload.placements_of(pupil.id)
    providers: list[str] = []
    for placement in placements:
        provider = caseload.provider_of(placement)
        name = provider.name if provider else "(unknown provider)"
        if name not in providers:
            providers.append(name)
    last: date | None = None
    due: date | None = None
    overdue = due_soon = False
    review: date | None = None
    if not active:
        # No contact clock runs without an active placement; the last call still counts.
        contacts = [c for p in placements for c in caseload.contacts_of(p.id)]
        last = max((c.date for c in contacts if c.date <= today), default=None)
    for placement in active:
        status = contact_status(caseload, placement, today)
        if status.last_contact and (last is None or status.last_contact > last):
            last = status.last_contact
        if due is None or status.due < due:
            due = status.due
        overdue = overdue or status.overdue
        due_soon = due_soon or status.due_soon
        when = next_review_date(caseload, placement)
        if review is None or when < review:
            review = when
    note = ""
    if pupil.archived:
        note = "archived"
    elif not active:
        planned = [p for p in placements if p.status == "planned"]
        if planned:
            note = f"planned from {uk(planned[0].start_date)}"
        elif placements:
            note = "placement ended"
        else:
            note = "no placement"
    return CaseloadRow(
        pupil=pupil,
        providers=providers,
        hours=sum(p.hours_per_week for p in active) if active else None,
        last_contact=last,
        contact_due=due,
        open_concerns=sum(1 for c in caseload.concerns_of(pupil.id) if c.status != "closed"),
        next_review=review,
        problems=by_pupil.get(pupil.id, []) if is_current else [],
        active=is_current,
        note=note,
        contact_overdue=overdue,
        contact_due_soon=due_soon and not overdue,
    )


def sort_rows(rows: list[CaseloadRow], key: str) -> list[CaseloadRow]:
    def by_name(row: CaseloadRow) -> tuple[str, str, str]:
        pupil = row.pupil
        return (pupil.last_name.casefold(), pupil.first_name.casefold(), pupil.id)

    rows = sorted(rows, key=by_name)
    if key == "worst":
        return sorted(rows, key=lambda r: (not r.active, -r.red, -r.amber))
    if key == "year":
        return sorted(rows, key=lambda r: (r.pupil.year_group is None, r.pupil.year_group or 0))
    if key == "provider":
        return sorted(rows, key=lambda r: (not r.providers, [p.casefold() for p in r.providers]))
    if key == "due":
        return sorted(rows, key=lambda r: (r.contact_due is None, r.contact_due or date.max))
    return rows


class CaseloadTable(DataTable[Text]):
    """The caseload's table; enter opens the highlighted pupil (shown in the footer)."""

    BINDINGS = [
        Binding(
            "enter", "select_cursor", "Open", tooltip="Open the pupil's record", id="caseload.open"
        ),
    ]


class CaseloadScreen(Screen[None]):
    """Every pupil, worst first; enter opens one."""

    BINDINGS = [
        Binding(
            "enter",
            "open_pupil",
            "Open",
            show=False,
            tooltip="Open the pupil's record",
            id="caseload.open_pupil",
        ),
        Binding("c", "contact", "Contact", tooltip="Log the weekly contact", id="caseload.contact"),
        Binding("n", "new_pupil", "New", tooltip="Add a pupil and placement", id="caseload.new"),
        Binding(
            "p", "providers", "Providers", tooltip="Providers and checks", id="caseload.providers"
        ),
        Binding("e", "export", "Export", tooltip="Export the review note", id="caseload.export"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            tooltip="Filter as you type",
            id="caseload.filter",
            # Priority: handled as the app reads it, so the letters typed straight after it
            # go to the filter, not to the caseload's keys (the `n` of "Mason": new pupil).
            priority=True,
        ),
        # Quit before the less used keys, so an 80-column footer still shows it.
        Binding("q", "app.quit", "Quit", tooltip="Quit alp-tui", id="caseload.quit"),
        Binding(
            "a",
            "toggle_archived",
            "All",
            tooltip="Show or hide archived and non-active pupils",
            id="caseload.archived",
        ),
        Binding("s", "cycle_sort", "Sort", tooltip="Change the order", id="caseload.sort"),
        Binding(
            "f2",
            "settings",
            "Settings",
            tooltip="School settings and holidays",
            id="caseload.settings",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="caseload.clear_filter"),
        Binding(
            "i",
            "import_sheet",
            "Import",
            show=False,
            tooltip="Add pupils and placements from a spreadsheet (CSV)",
            id="caseload.import",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key: str = "worst"
        self.show_all = False
        self._rows: list[CaseloadRow] = []
        self._shown: list[CaseloadRow] = []
        self._snapshot: Caseload | None = None
        self._cells: dict[str, tuple[Text, ...]] = {}
        #: The rows still to put in the table after its first paint (`_fill_table`).
        self._later: list[CaseloadRow] = []

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        yield Static(id="caseload-summary")
        yield Input(
            placeholder="Filter: name, provider or year", id="caseload-filter", compact=True
        )
        yield Static(id="caseload-empty", classes="empty")
        yield CaseloadTable(id="caseload-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="caseload-detail"):
            yield Static(id="caseload-facts")
            yield ProblemList(id="caseload-problems", empty="No problems for this pupil.")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#caseload-table", DataTable)
        # The columns a call needs first come first, so they fit 80 columns; the panel
        # below the table repeats every figure of the highlighted row in full.
        table.add_column("Pupil", key="name")
        table.add_column("Problems", key="problems", width=26)
        table.add_column("Yr", key="year")
        table.add_column("h/wk", key="hours")
        table.add_column("Due", key="due")
        table.add_column("Provider", key="provider", width=22)
        table.add_column("Last", key="contact")
        table.add_column("Concerns", key="concerns")
        table.add_column("Review", key="review")
        self.query_one("#caseload-filter", Input).display = False
        self.refresh_rows(first=True)
        table.focus()

    # --- data --------------------------------------------------------------------------------

    @property
    def colours(self) -> Mapping[str, str]:
        return self.app.theme_variables

    def refresh_rows(self, *, first: bool = False) -> None:
        """Rebuild the rows from the newest snapshot, keeping the highlighted pupil (`first`:
        the screen's first paint, which puts in a screenful of rows and the rest after)."""
        workspace = workspace_of(self)
        caseload = workspace.caseload
        self._snapshot = caseload
        self._cells = {}
        self._rows = caseload_rows(
            caseload, workspace.problems, workspace.today, show_all=self.show_all
        )
        self._fill_table(first=first)

    def follow_snapshot(self) -> None:
        """Show the newest snapshot: only the rows of the pupils it changed are built again
        (all of them after a change to the settings or to many pupils)."""
        workspace = workspace_of(self)
        caseload = workspace.caseload
        if caseload is self._snapshot:
            return
        touched = touched_pupils(self._snapshot, caseload) if self._snapshot else None
        if touched is None:
            self.refresh_rows()
            return
        self._snapshot = caseload
        by_pupil = problems_by_pupil(workspace.problems, caseload, touched)
        rows = [row for row in self._rows if row.pupil.id not in touched]
        for pupil_id in touched:
            self._cells.pop(pupil_id, None)
            pupil = caseload.pupils.get(pupil_id)
            row = pupil and caseload_row(
                caseload, pupil, by_pupil, workspace.today, show_all=self.show_all
            )
            if row:
                rows.append(row)
        self._rows = rows
        self._fill_table(touched)

    def _fill_table(self, touched: set[str] | None = None, *, first: bool = False) -> None:
        """Show the rows, sorted and filtered; with `touched`, the table keeps every other
        row as it is and only these pupils' rows are put in, taken out or redrawn. With
        `first`, the rows below the first screenful are put in once it has been painted."""
        table = self.query_one("#caseload-table", DataTable)
        if touched is None:
            self._later = []  # refilled whole below
        else:
            self._add_later()
        keep = self.highlighted_pupil_id
        text = self.query_one("#caseload-filter", Input).value.strip()
        rows = sort_rows(self._rows, self.sort_key)
        shown = [row for row in rows if row.matches(text)] if text else rows
        if touched is None or table.row_count != len(self._shown):
            table.clear()
            ids = [row.pupil.id for row in shown[:FIRST_ROWS]] if first else []
            # Only when the cursor's row is among the first (as it is on opening).
            now = shown[:FIRST_ROWS] if first and (keep is None or keep in ids) else shown
            for row in now:
                table.add_row(*self._cells_of(row), key=row.pupil.id)
            if len(now) < len(shown):
                self._later = shown[len(now) :]
                # After the paint, and by a timer: the first screenful goes out first.
                self.call_after_refresh(self.set_timer, 0.01, self._add_later)
        else:
            self._mend_table(table, shown, touched)
        self._shown = shown
        if keep is not None and any(r.pupil.id == keep for r in shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self._show_summary(text)
        self._show_detail()

    def _add_later(self) -> None:
        """Put in the rows left for after the first paint (at once, if a change comes
        before they are in)."""
        later, self._later = self._later, []
        if later:
            table = self.query_one("#caseload-table", DataTable)
            for row in later:
                table.add_row(*self._cells_of(row), key=row.pupil.id)

    def _mend_table(
        self, table: DataTable[Text], shown: list[CaseloadRow], touched: set[str]
    ) -> None:
        """Put the touched rows in (or take them out), then the table in `shown`'s order."""
        was = {row.pupil.id for row in self._shown}
        now = {row.pupil.id for row in shown}
        for pupil_id in (was - now) & touched:
            table.remove_row(pupil_id)
        columns = table.ordered_columns
        for row in shown:
            pupil_id = row.pupil.id
            if pupil_id not in touched:
                continue
            cells = self._cells_of(row)
            if pupil_id not in was:
                table.add_row(*cells, key=pupil_id)
                continue
            for column, cell in zip(columns, cells, strict=True):
                # A wider cell widens its column; a narrower one leaves it as it is.
                wider = cell.cell_len > column.content_width
                table.update_cell(pupil_id, column.key, cell, update_width=wider)
        order = [row.pupil.id for row in shown]
        if [row.key.value for row in table.ordered_rows] != order:
            # Every row's name cell is its own object: the new order by that cell.
            place = {id(self._cells_of(row)[0]): n for n, row in enumerate(shown)}
            table.sort("name", key=lambda cell: place[id(cell)])

    def _cells_of(self, row: CaseloadRow) -> tuple[Text, ...]:
        """A row's cells, worked out once per snapshot (filtering only re-adds them)."""
        cells = self._cells.get(row.pupil.id)
        if cells is not None:
            return cells
        workspace = workspace_of(self)
        caseload = workspace.caseload
        today = workspace.today
        colours = self.colours
        # A row off the caseload raises no problems, so its note ("planned from …") goes
        # there rather than widening the name column past 80 columns.
        problems = (
            row_text(row.problems, caseload, today, colours)
            if row.problems or not row.note
            else Text(f"({row.note})", style="italic")
        )
        due = due_text(row, colours)
        cells = (
            Text(shown(row.name)),
            problems,
            Text(str(row.pupil.year_group or "—")),
            Text(format_hours(row.hours) if row.hours is not None else "—"),
            due,
            Text(shown(", ".join(row.providers)) or "—"),
            Text(uk(row.last_contact)),
            Text(str(row.open_concerns) if row.open_concerns else "—"),
            Text(uk(row.next_review)),
        )
        cells = tuple(safe_cell(cell) for cell in cells)
        self._cells[row.pupil.id] = cells
        return cells

    def _show_summary(self, text: str) -> None:
        current = [row for row in self._rows if row.active]
        red = sum(1 for row in current if row.red)
        amber = sum(1 for row in current if not row.red and row.amber)
        extra = [SORT_LABELS[self.sort_key]]
        if self.show_all:
            extra.append("showing all")
        if text:
            extra.append(f"{len(self._shown)} match")
        summary = summary_text(len(current), red, amber, self.colours, extra=" · ".join(extra))
        self.query_one("#caseload-summary", Static).update(summary)

    @property
    def highlighted_pupil_id(self) -> str | None:
        table = self.query_one("#caseload-table", DataTable)
        if not self._shown or table.row_count == 0:
            return None
        row = table.cursor_row
        if 0 <= row < len(self._shown):
            return self._shown[row].pupil.id
        return None

    def _empty_sentence(self) -> str:
        if self._shown:
            return ""
        if self.query_one("#caseload-filter", Input).value.strip():
            return "No pupil matches the filter: press escape to clear it."
        if not self._rows:
            if not workspace_of(self).caseload.pupils:
                return (
                    "No pupils yet: press n to add the first pupil and their placement, or i "
                    "to import the school's spreadsheet (CSV)."
                )
            return (
                "No pupil has an active placement: press n to add one, "
                "or a to show archived and not yet started pupils."
            )
        return ""

    def _show_detail(self) -> None:
        empty = self.query_one("#caseload-empty", Static)
        sentence = self._empty_sentence()
        empty.update(Text(sentence))
        empty.display = bool(sentence)
        pupil_id = self.highlighted_pupil_id
        problems: list[Problem] = []
        title = ""
        facts = ""
        for row in self._shown:
            if row.pupil.id == pupil_id:
                problems = row.problems
                title = f"{row.name}: {_count_phrase(len(problems), 'problem')}"
                facts = row_facts(row)
        detail = self.query_one("#caseload-detail", Vertical)
        detail.border_title = plain(title)
        detail.display = pupil_id is not None
        self.query_one("#caseload-facts", Static).update(plain(facts))
        self.query_one(ProblemList).show(problems)

    @on(DataTable.RowHighlighted, "#caseload-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#caseload-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            alp_app(self).open_pupil(event.row_key.value)

    @on(CaseloadChanged)
    def _changed(self) -> None:
        self.follow_snapshot()

    def on_screen_resume(self) -> None:
        # Another screen may have saved; only rebuild if the snapshot moved.
        if self.is_mounted:
            self.follow_snapshot()

    # --- filter ----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        field_ = self.query_one("#caseload-filter", Input)
        if field_.has_focus:  # a `/` typed in the filter is part of it
            field_.insert_text_at_cursor("/")
            return
        field_.display = True
        self.set_focus(field_)  # at once, for the letters typed straight after the `/`

    def action_clear_filter(self) -> None:
        field_ = self.query_one("#caseload-filter", Input)
        if field_.value or field_.display:
            field_.value = ""
            field_.display = False
            self._fill_table()
        self.query_one("#caseload-table", DataTable).focus()

    @on(Input.Changed, "#caseload-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # At once, on every key; a key already followed by another refills once, for the
        # last (its own change message comes next), so fast typing never queues refills.
        if event.value == event.input.value:
            self._fill_table()

    @on(Input.Submitted, "#caseload-filter")
    def _filter_done(self) -> None:
        self.query_one("#caseload-table", DataTable).focus()

    # --- actions ---------------------------------------------------------------------------------

    def action_toggle_archived(self) -> None:
        self.show_all = not self.show_all
        self.refresh_rows()
        say(
            self,
            "Showing every pupil, including archived and not yet started."
            if self.show_all
            else "Showing pupils with an active placement.",
            timeout=3,
        )

    def action_cycle_sort(self) -> None:
        index = SORT_KEYS.index(self.sort_key) if self.sort_key in SORT_KEYS else 0
        self.sort_by(SORT_KEYS[(index + 1) % len(SORT_KEYS)])

    def sort_by(self, key: str) -> None:
        self.sort_key = key
        self._fill_table()

    def _need_pupil(self) -> str | None:
        pupil_id = self.highlighted_pupil_id
        if pupil_id is None:
            say(self, "There is no pupil highlighted.", severity="warning", timeout=3)
        return pupil_id

    def action_open_pupil(self) -> None:
        pupil_id = self._need_pupil()
        if pupil_id:
            alp_app(self).open_pupil(pupil_id)

    async def action_contact(self) -> None:
        pupil_id = self._need_pupil()
        if pupil_id:
            await start_contact(self, pupil_id)

    def action_new_pupil(self) -> None:
        self.app.push_screen(PupilFormScreen())

    def action_providers(self) -> None:
        self.app.push_screen(ProvidersScreen())

    def action_import_sheet(self) -> None:
        self.app.push_screen(ImportScreen())

    def action_export(self) -> None:
        pupil_id = self._need_pupil()
        if pupil_id:
            self.app.push_screen(ExportScreen(pupil_id))

    def action_settings(self) -> None:
        alp_app(self).open_settings()

    def show_pupil_row(self, pupil_id: str) -> None:
        """Highlight a pupil's row (clearing a filter that hides it)."""
        self._add_later()
        if not any(row.pupil.id == pupil_id for row in self._shown):
            self.action_clear_filter()
        table = self.query_one("#caseload-table", DataTable)
        if any(row.pupil.id == pupil_id for row in self._shown):
            table.move_cursor(row=table.get_row_index(pupil_id), animate=False)


def row_facts(row: CaseloadRow) -> str:
    """Every figure of a row in full, for the panel under the table."""
    parts = [", ".join(row.providers) or "no provider"]
    if row.hours is not None:
        parts.append(f"{format_hours(row.hours)} h a week")
    parts.append(f"last contact {uk(row.last_contact, 'none yet')}")
    if row.contact_due:
        late = " (overdue)" if row.contact_overdue else ""
        parts.append(f"next due {uk(row.contact_due)}{late}")
    parts.append(_count_phrase(row.open_concerns, "open concern"))
    if row.next_review:
        parts.append(f"review {uk(row.next_review)}")
    return " · ".join(parts)


def due_text(row: CaseloadRow, colours: Mapping[str, str] | None = None) -> Text:
    """The Due cell: `!! 07/12/2026` overdue, `! 20/12/2026` due by tomorrow, as the rules
    judge it (holidays do not count); right-aligned so the dates line up."""
    if row.contact_due is None:
        return Text("—", justify="right")
    if row.contact_overdue:
        return Text(f"!! {uk(row.contact_due)}", severity_style("red", colours), justify="right")
    if row.contact_due_soon:
        return Text(f"! {uk(row.contact_due)}", severity_style("amber", colours), justify="right")
    return Text(uk(row.contact_due), justify="right")


def _count_phrase(n: int, word: str) -> str:
    if n == 0:
        return f"no {word}s"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


__all__ = ["CaseloadRow", "CaseloadScreen", "caseload_rows", "sort_rows", "uk"]
