"""A pupil's past weekly contacts, newest first: attendance %, engagement and ratings at a
glance, the highlighted one in full below. `enter` opens one to correct it (the store's
rev check refuses an edit if someone else changed it meanwhile); `n` logs a new one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from alp_tui.caseload import Caseload
from alp_tui.dates import uk
from alp_tui.models import DAY_NAMES, ENGAGEMENT_WORDS, MARK_LABELS, RATING_WORDS, Contact
from alp_tui.rules import format_hours
from screens.contact import ContactScreen
from screens.contact_start import start_contact
from screens.messages import CaseloadChanged
from screens.stale_merge import when_shown
from screens.widgets.attendance import MARK_SYMBOLS
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.text import say
from screens.workspace import workspace_of


def attendance_cell(contact: Contact) -> Text:
    """`83% 10/12 h`, with `!` when a session was missed without explanation."""
    planned = contact.planned_hours
    if not contact.sessions or not planned:
        return Text("—")
    percent = round(100 * contact.attended_hours / planned)
    marker = "!" if any(s.mark == "absent_unauthorised" for s in contact.sessions) else " "
    return Text(
        f"{marker}{percent:>3}% {format_hours(contact.attended_hours)}/{format_hours(planned)} h"
    )


def ratings_cell(caseload: Caseload, contact: Contact) -> Text:
    """The ratings in learning-plan order: `4 3 3 2`."""
    order = {t.id: n for n, t in enumerate(caseload.targets_of(contact.placement_id))}
    items = sorted(contact.progress, key=lambda p: order.get(p.target_id, len(order)))
    return Text(" ".join(str(p.rating) for p in items) or "—")


def contact_detail(caseload: Caseload, contact: Contact) -> Text:
    """Everything a contact holds, as plain text for the panel under the table."""
    placement = caseload.placements.get(contact.placement_id)
    provider = caseload.provider_of(placement) if placement else None
    lines = [
        f"{uk(contact.date)} by {contact.method} with "
        f"{contact.provider_staff or 'the provider'} ({provider.name if provider else '?'}), "
        f"logged by {contact.school_staff or '?'}",
    ]
    if contact.sessions:
        week = f"week of {uk(contact.week_start)}: " if contact.week_start else ""
        marks = ", ".join(
            f"{DAY_NAMES[s.day][:3]} {MARK_SYMBOLS.get(s.mark, '')} {MARK_LABELS[s.mark]}"
            f" {format_hours(s.attended_hours)}/{format_hours(s.planned_hours)} h"
            for s in contact.sessions
        )
        lines.append(f"Attendance {week}{marks}")
    if contact.engagement:
        lines.append(f"Engagement {contact.engagement} {ENGAGEMENT_WORDS[contact.engagement]}")
    for number, item in enumerate(contact.progress, start=1):
        target = caseload.targets.get(item.target_id)
        name = target.description if target else item.target_id
        note = f" — {item.note}" if item.note else ""
        lines.append(f"Target {number}: {item.rating} {RATING_WORDS[item.rating]} · {name}{note}")
    if contact.summary:
        lines.append(f"Summary: {contact.summary}")
    if contact.pupil_voice:
        lines.append(f"Pupil voice: {contact.pupil_voice}")
    for action in contact.actions:
        who = f" ({action.owner})" if action.owner else ""
        due = f" by {uk(action.due)}" if action.due else ""
        done = " ✓ done" if action.done else ""
        lines.append(f"Action: {action.text}{who}{due}{done}")
    if contact.next_contact:
        lines.append(f"Next contact {uk(contact.next_contact)}")
    changed = caseload.meta.staff_name(contact.updated_by or contact.created_by)
    if contact.rev > 1 and changed:
        lines.append(f"Last changed by {changed} at {when_shown(contact.updated_at)}")
    return Text("\n".join(lines))


class ContactHistoryScreen(Screen[None]):
    """Past contacts for one pupil, across their placements."""

    CSS_PATH = "contact.tcss"

    BINDINGS = [
        # Priority, so the form opens (and takes the keys typed next) before the table
        # sees the key.
        Binding(
            "enter,e",
            "edit",
            "Edit",
            tooltip="Correct the highlighted contact",
            id="history.edit",
            priority=True,
        ),
        Binding("n", "new", "New contact", tooltip="Log this week's contact", id="history.new"),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    def __init__(self, pupil_id: str) -> None:
        super().__init__()
        self.pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        yield Static("", id="history-title")
        table: DataTable[Text] = DataTable(
            id="history-table", cursor_type="row", zebra_stripes=True
        )
        table.add_column("Date", key="date", width=10)
        table.add_column("Provider", key="provider", width=18)
        table.add_column("Attendance", key="attendance", width=14)
        table.add_column("Eng", key="engagement", width=3)
        table.add_column("Ratings", key="ratings", width=11)
        table.add_column("Actions", key="actions", width=7)
        yield table
        with VerticalScroll(id="history-detail-box"):
            yield Static("", id="history-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(DataTable).focus()

    def contacts(self) -> list[Contact]:
        caseload = workspace_of(self).caseload
        found = [
            contact
            for placement in caseload.placements_of(self.pupil_id)
            for contact in caseload.contacts_of(placement.id)
        ]
        return sorted(found, key=lambda c: (c.date, c.created_at or ""), reverse=True)

    def refresh_rows(self) -> None:
        caseload = workspace_of(self).caseload
        pupil = caseload.pupils.get(self.pupil_id)
        table = self.query_one("#history-table", DataTable)
        keep = table.cursor_row
        current = self._highlighted_id()
        table.clear()
        contacts = self.contacts() if pupil else []
        name = pupil.display_name if pupil else "(pupil removed)"
        self.query_one("#history-title", Static).update(
            Text(f"Contacts · {name} · {len(contacts)} logged")
        )
        for contact in contacts:
            placement = caseload.placements.get(contact.placement_id)
            provider = caseload.provider_of(placement) if placement else None
            table.add_row(
                Text(uk(contact.date)),
                Text(provider.name if provider else "?"),
                attendance_cell(contact),
                Text(str(contact.engagement or "—")),
                ratings_cell(caseload, contact),
                Text(str(len(contact.actions)) if contact.actions else "—"),
                key=contact.id,
            )
        if not contacts:
            self.query_one("#history-detail", Static).update(
                Text("No contacts logged yet: press n to log this week's.")
            )
            return
        ids = [c.id for c in contacts]
        row = ids.index(current) if current in ids else min(keep, len(ids) - 1)
        table.move_cursor(row=max(row, 0))
        self._show_detail()

    def _highlighted_id(self) -> str | None:
        table = self.query_one("#history-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def _show_detail(self) -> None:
        contact_id = self._highlighted_id()
        caseload = workspace_of(self).caseload
        contact = caseload.contacts.get(contact_id or "")
        if contact is not None:
            self.query_one("#history-detail", Static).update(contact_detail(caseload, contact))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    async def _selected(self) -> None:
        await self.action_edit()

    async def action_edit(self) -> None:
        contact_id = self._highlighted_id()
        contact = workspace_of(self).caseload.contacts.get(contact_id or "")
        if contact is None:
            say(self, "There is no contact to open yet: press n to log one.")
            return
        # Awaited, so keys typed straight after enter land in the form's first field.
        await self.app.push_screen(ContactScreen(contact.placement_id, contact.id))

    async def action_new(self) -> None:
        await start_contact(self, self.pupil_id)

    def action_back(self) -> None:
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_rows()

    def on_caseload_changed(self, message: CaseloadChanged) -> None:
        self.refresh_rows()
