"""The providers: registration, pupils placed now, hours a week, and what the rules say
about their checks; add or change one (and its checks) from here."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from alp_tui.caseload import Caseload
from alp_tui.models import Provider
from alp_tui.rules import Problem, format_hours
from screens.messages import CaseloadChanged
from screens.provider_form import ProviderFormScreen, check_line
from screens.widgets.form_fields import ProblemPreview
from screens.widgets.keys_footer import KeysFooter
from screens.workspace import workspace_of

SHORT_REGISTRATION = {
    "unregistered": "unregistered",
    "registered_school": "school",
    "la_provision": "LA provision",
    "fe_college": "FE college",
    "other": "other",
}

# A few words per provider problem for the table; the full sentences show underneath.
SHORT_WORDS = {
    "CHECK_MISSING": "checks missing",
    "CHECK_EXPIRED": "check expired",
    "CHECK_EXPIRING": "check expiring",
    "REGISTRATION_RISK": "registration risk",
}


@dataclass
class ProviderRow:
    provider: Provider
    pupils: int
    hours: float
    problems: list[Problem]

    @property
    def status(self) -> str:
        """The provider's problems in a few words, each with its marker."""
        if not self.problems:
            return "✓ in order" if self.pupils else "— none placed"
        return ", ".join(
            f"{p.marker} {SHORT_WORDS.get(p.code, p.code.lower())}" for p in self.problems
        )


def provider_rows(
    caseload: Caseload, problems: list[Problem], *, retired: bool
) -> list[ProviderRow]:
    rows = []
    for provider in caseload.providers.values():
        if provider.retired and not retired:
            continue
        active = [
            p
            for p in caseload.placements_at(provider.id)
            if p.status == "active"
            and p.pupil_id in caseload.pupils
            and not caseload.pupils[p.pupil_id].archived
        ]
        mine = [p for p in problems if p.pupil_id is None and p.provider_id == provider.id]
        mine.sort(key=lambda p: p.severity != "red")
        rows.append(
            ProviderRow(
                provider=provider,
                pupils=len({p.pupil_id for p in active}),
                hours=round(sum(p.hours_per_week for p in active), 2),
                problems=mine,
            )
        )
    # Providers with red problems first, then by name.
    rows.sort(
        key=lambda r: (
            not any(p.severity == "red" for p in r.problems),
            not r.problems,
            r.provider.name.casefold(),
        )
    )
    return rows


class ProvidersScreen(Screen[None]):
    """Every provider, worst first; enter opens one, a adds one."""

    CSS_PATH = "forms.tcss"

    BINDINGS = [
        Binding("a", "add", "Add provider", tooltip="Add a provider", id="providers.add"),
        Binding(
            "enter",
            "edit",
            "Open",
            tooltip="Change the highlighted provider and its checks",
            id="providers.edit",
        ),
        Binding(
            "r",
            "toggle_retired",
            "Show retired",
            tooltip="Show or hide retired providers",
            id="providers.retired",
        ),
        Binding("escape", "back", "Back", tooltip="Back to the caseload", id="providers.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_retired = False
        self._rows: list[ProviderRow] = []

    def compose(self) -> ComposeResult:
        yield Label(Text("Providers"), id="form-heading")
        table: DataTable[Text] = DataTable(
            id="providers-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static("", id="provider-detail")
        yield ProblemPreview(title="Problems", id="provider-problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#providers-table", DataTable)
        table.add_column("Provider", key="name", width=22)
        table.add_column("Registration", key="registration", width=12)
        table.add_column("Pupils", key="pupils", width=6)
        table.add_column("Hours", key="hours", width=5)
        table.add_column("Checks, registration", key="status")
        self.refresh_list()

    def refresh_list(self, keep: str | None = None) -> None:
        workspace = workspace_of(self)
        caseload = workspace.caseload
        table = self.query_one("#providers-table", DataTable)
        if keep is None:
            keep = self._highlighted_id()
        self._rows = provider_rows(caseload, workspace.problems, retired=self.show_retired)
        table.clear()
        for row in self._rows:
            provider = row.provider
            name = provider.name + (" (retired)" if provider.retired else "")
            reg = SHORT_REGISTRATION.get(provider.registration or "unregistered", "")
            table.add_row(
                # A name too long for its column ends in "…": cut, and seen to be cut (the
                # detail below names it in full).
                Text(name, no_wrap=True, overflow="ellipsis"),
                Text(reg),
                Text(str(row.pupils)),
                Text(format_hours(row.hours) if row.pupils else "—"),
                Text(row.status),
                key=provider.id,
            )
        for index, row in enumerate(self._rows):
            if row.provider.id == keep:
                table.move_cursor(row=index)
        shown = len(self._rows)
        retired = sum(1 for p in caseload.providers.values() if p.retired)
        heading = f"Providers: {shown}"
        if retired and not self.show_retired:
            heading += f" (and {retired} retired: r shows them)"
        self.query_one("#form-heading", Label).update(Text(heading))
        self._show_detail()

    def _highlighted_id(self) -> str | None:
        table = self.query_one("#providers-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value) if row_key.value is not None else None

    def _highlighted(self) -> ProviderRow | None:
        provider_id = self._highlighted_id()
        return next((r for r in self._rows if r.provider.id == provider_id), None)

    def _show_detail(self) -> None:
        detail = self.query_one("#provider-detail", Static)
        preview = self.query_one("#provider-problems", ProblemPreview)
        row = self._highlighted()
        if row is None:
            detail.update(Text("No providers yet: press a to add one."))
            preview.show_note("")
            return
        provider = row.provider
        today = workspace_of(self).today
        text = Text()
        text.append(provider.name, style="bold")
        contact = " · ".join(filter(None, [provider.contact_name, provider.phone, provider.email]))
        if contact:
            text.append(f"\n{contact}")
        ids = " · ".join(
            filter(
                None,
                [
                    f"URN {provider.urn}" if provider.urn else None,
                    f"UKPRN {provider.ukprn}" if provider.ukprn else None,
                    "on the framework" if provider.on_framework else None,
                ],
            )
        )
        if ids:
            text.append(f"\n{ids}")
        if provider.specialisms:
            text.append(f"\n{', '.join(provider.specialisms)}")
        for check in provider.checks:
            text.append(f"\n{check_line(check, today)}")
        detail.update(text)
        if row.pupils:
            preview.show_problems(row.problems, none_text="checks and registration in order")
        else:
            preview.show_note("No pupil placed here now, so its checks are not judged.")

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    @on(CaseloadChanged)
    def _changed(self) -> None:
        self.refresh_list()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_list()

    def action_add(self) -> None:
        self.app.push_screen(ProviderFormScreen(), self._edited)

    def action_edit(self) -> None:
        row = self._highlighted()
        if row is not None:
            self.app.push_screen(ProviderFormScreen(row.provider.id), self._edited)

    def _edited(self, provider_id: str | None) -> None:
        if provider_id:
            self.refresh_list(keep=provider_id)

    def action_toggle_retired(self) -> None:
        self.show_retired = not self.show_retired
        self.refresh_list()

    def action_back(self) -> None:
        self.dismiss(None)
