"""One pupil's record: details and flags, carers, school timetable, placements with their
schedules and hours, the pupil's problems, and tabs for the learning plan, contacts,
concerns and transition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs

from alp_tui.authority import arranged_by_words, register_code_words, told_words
from alp_tui.caseload import Caseload
from alp_tui.dates import days_ago_phrase, uk
from alp_tui.models import (
    DAY_NAMES,
    DAYS,
    MARK_LABELS,
    RATING_WORDS,
    REGISTRATION_WORDS,
    Concern,
    Contact,
    Placement,
    Pupil,
    Session,
)
from alp_tui.placement_life import DESTINATION_WORDS, checklist_line, decision_counts
from alp_tui.problems_delta import touched_pupils
from alp_tui.rules import (
    contact_status,
    format_hours,
    hours_verdict,
    is_unregistered,
    next_review_date,
)
from alp_tui.terminal import shown
from screens.authority_told import tell_authority
from screens.concerns import ConcernScreen
from screens.confidential import SHOW_IN_RECORD, concern_cell
from screens.confirm import ConfirmScreen
from screens.contact_history import ContactHistoryScreen
from screens.contact_start import start_contact
from screens.export import ExportScreen
from screens.messages import CaseloadChanged
from screens.placement_actions import (
    edit_placement,
    open_learning_plan,
    open_transition,
    record_review,
)
from screens.placement_form import PlacementFormScreen
from screens.pupil_form import PupilFormScreen
from screens.recent_changes import RecentChangesScreen
from screens.saving import SavePlan, save_in_worker
from screens.targets import progress_rows
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.long_text import capped
from screens.widgets.problems import ProblemList, pupil_problems, severity_style
from screens.widgets.strip import strip_text
from screens.widgets.title_header import TitleHeader
from screens.workspace import workspace_of

TABS = ("tab-details", "tab-plan", "tab-contacts", "tab-concerns", "tab-transition")


def _words(value: str) -> str:
    return value.replace("_", " ")


def _sessions_text(sessions: list[Session]) -> str:
    """`Tue 09:00–15:00, Thu 09:00–15:00`, in day order."""
    ordered = sorted(sessions, key=lambda s: (DAYS.index(s.day), s.start))
    return ", ".join(
        f"{DAY_NAMES[s.day][:3]} {s.start}–{s.end}" + (f" ({s.label})" if s.label else "")
        for s in ordered
    )


def flag_words(pupil: Pupil) -> list[str]:
    flags = []
    if pupil.ehcp:
        flags.append("EHCP")
    if pupil.sen_support:
        flags.append("SEN support")
    if pupil.looked_after:
        flags.append("looked after")
    if pupil.child_protection:
        flags.append("child protection")
    return flags


def _widest_line(text: Text) -> int:
    return max((len(line) for line in text.plain.splitlines()), default=0)


def attendance_percent(contact: Contact) -> str:
    planned = contact.planned_hours
    if not contact.sessions or planned <= 0:
        return "—"
    return f"{round(100 * contact.attended_hours / planned)}%"


#: The contacts table: the widest a provider's name is shown before it wraps, and the
#: narrowest the summary gets on a small window.
PROVIDER_WIDTH = 12
SUMMARY_MIN_WIDTH = 16
#: A table cell shows this much of a summary or a description (open the row to read more).
SUMMARY_CHARACTERS = 400


class PupilScreen(Screen[None]):
    """The record of one pupil."""

    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to the caseload", id="pupil.back"
        ),
        # The footer shows what a call needs at 80 columns; the rest are in f1 and the palette.
        Binding("c", "contact", "Contact", tooltip="Log the weekly contact", id="pupil.contact"),
        Binding(
            "r",
            "raise_concern",
            "Concern",
            tooltip="Raise a concern (enter on a concern opens it to update or close)",
            id="pupil.concern",
        ),
        Binding("e", "export", "Export", tooltip="Export the review note", id="pupil.export"),
        Binding(
            "u,ctrl+e",
            "edit",
            "Edit",
            tooltip="Edit the pupil's details",
            show=False,
            id="pupil.edit",
        ),
        Binding(
            "l",
            "add_placement",
            "Placement",
            tooltip="A new placement",
            show=False,
            id="pupil.placement",
        ),
        Binding(
            "t",
            "plan",
            "Targets",
            tooltip="The learning plan: progress target by target",
            id="pupil.plan",
        ),
        Binding(
            "w",
            "transition",
            "Transition",
            tooltip="The transition plan",
            show=False,
            id="pupil.transition",
        ),
        Binding(
            "p",
            "edit_placement",
            "Edit placement",
            tooltip="Edit this placement: dates, sessions, focus, intervals, status",
            show=False,
            id="pupil.edit_placement",
        ),
        Binding(
            "h",
            "history",
            "History",
            tooltip="Past contacts: open one to read or correct it",
            show=False,
            id="pupil.history",
        ),
        Binding(
            "v",
            "review",
            "Review",
            tooltip="Record a review meeting",
            show=False,
            id="pupil.review",
        ),
        Binding(
            "a",
            "told_authority",
            "LA told today",
            tooltip="Record that the local authority was told of the placement today",
            show=False,
            id="pupil.la_told",
        ),
        Binding("pagedown", "page(1)", "Page down", show=False, id="pupil.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="pupil.page_up"),
        Binding(
            "g",
            "recent_changes",
            "Changes",
            tooltip="Recent changes to this pupil's records: who, when and what",
            show=False,
            id="pupil.changes",
        ),
        Binding("1", "tab(0)", "Details", show=False, id="pupil.tab1"),
        Binding("2", "tab(1)", "Plan", show=False, id="pupil.tab2"),
        Binding("3", "tab(2)", "Contacts", show=False, id="pupil.tab3"),
        Binding("4", "tab(3)", "Concerns", show=False, id="pupil.tab4"),
        Binding("5", "tab(4)", "Transition", show=False, id="pupil.tab5"),
        SHOW_IN_RECORD,
    ]

    def __init__(self, pupil_id: str) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self._snapshot: Caseload | None = None
        #: Whether confidential concerns' text is showing (until the screen is left).
        self.confidential_shown = False

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        workspace = workspace_of(self)
        caseload = workspace.caseload
        self._snapshot = caseload
        pupil = caseload.pupils.get(self.pupil_id)
        yield TitleHeader()
        if pupil is None:
            yield Static(Text("This pupil is no longer on the caseload."), classes="empty")
            yield KeysFooter()
            return
        today = workspace.today
        head = Text(shown(pupil.display_name), style="bold")
        if pupil.year_group:
            head.append(f" · Year {pupil.year_group}")
        flags = flag_words(pupil)
        if flags:
            head.append(" · " + ", ".join(flags))
        if pupil.archived:
            head.append(" · archived", style="italic")
        yield Static(head, id="pupil-head")
        problems = pupil_problems(workspace.problems, caseload, pupil.id)
        with VerticalScroll(id="pupil-problems-box"):
            yield ProblemList(problems, id="pupil-problems", empty="No problems for this pupil.")
        with TabbedContent(id="pupil-tabs"):
            with TabPane("1 Details", id="tab-details"), VerticalScroll():
                yield from self._details(caseload, pupil, today)
            with TabPane("2 Learning plan", id="tab-plan"), VerticalScroll():
                yield from self._plan(caseload, pupil)
            with TabPane("3 Contacts", id="tab-contacts"):
                yield from self._contacts(caseload, pupil)
            with TabPane("4 Concerns", id="tab-concerns"):
                yield from self._concerns(caseload, pupil)
            with TabPane("5 Transition", id="tab-transition"), VerticalScroll():
                yield from self._transition(caseload, pupil)
        # The record's keys fill 80 columns (with s for a confidential concern): the
        # palette's hint gives way so f1 stays in view; ctrl+p still opens it.
        footer = KeysFooter()
        footer.show_command_palette = False
        yield footer

    def on_mount(self) -> None:
        pupil = workspace_of(self).caseload.pupils.get(self.pupil_id)
        self.sub_title = shown(pupil.display_name) if pupil else ""
        # Start on the tab bar: left/right or 1-5 move between tabs.
        for tabs in self.query("#pupil-tabs Tabs").results(Tabs):
            tabs.focus()

    # --- the tabs ----------------------------------------------------------------------------

    def _details(self, caseload: Caseload, pupil: Pupil, today: date) -> Iterator[Widget]:
        colours = self.app.theme_variables
        yield Static("Pupil", classes="section")
        lines = Text()
        facts = [
            ("Name", f"{pupil.first_name} {pupil.last_name}"),
            ("Known as", pupil.preferred_name or ""),
            ("Date of birth", uk(pupil.date_of_birth, "")),
            ("Year group", str(pupil.year_group or "")),
            ("UPN", pupil.upn or ""),
            ("Needs and status", ", ".join(flag_words(pupil)) or "none recorded"),
            ("School lead", pupil.school_lead or ""),
            ("Notes", capped(pupil.notes or "")),
        ]
        for label, value in facts:
            if value:
                lines.append(f"{label}: ", style="bold")
                lines.append(f"{value}\n")
        lines.rstrip()
        yield Static(lines if lines.plain else Text("No details recorded."))

        yield Static("Carers", classes="section")
        if pupil.carers:
            carers = Text()
            for carer in pupil.carers:
                carers.append(carer.name, style="bold")
                extra = [x for x in (carer.relationship, carer.phone, carer.email) if x]
                if extra:
                    carers.append(" · " + " · ".join(extra))
                carers.append("\n")
            carers.rstrip()
            yield Static(carers)
        else:
            yield Static(Text("No carers recorded."), classes="empty")

        yield Static("School timetable", classes="section")
        if pupil.school_schedule:
            yield Static(Text(_sessions_text(pupil.school_schedule)))
        else:
            yield Static(Text("No school timetable recorded."), classes="empty")

        yield Static("Placements", classes="section")
        placements = caseload.placements_of(pupil.id)
        if not placements:
            yield Static(Text("No placements yet: press l to add one."), classes="empty")
        for placement in reversed(placements):  # newest first
            provider = caseload.provider_of(placement)
            block = Text()
            block.append(provider.name if provider else "(unknown provider)", style="bold")
            if provider is not None:
                kind = REGISTRATION_WORDS.get(provider.registration or "", "unregistered")
                block.append(f" ({kind})")
            block.append(f" · {placement.status}")
            dates = f"from {uk(placement.start_date)}"
            if placement.ended_on:
                dates += f", ended {uk(placement.ended_on)}"
            elif placement.end_date:
                dates += f" to {uk(placement.end_date)}"
            block.append(f" · {dates}\n")
            block.append("Focus: ", style="bold")
            block.append(f"{capped(placement.focus)}\n")
            if placement.reason:
                block.append("Reason: ", style="bold")
                block.append(f"{capped(placement.reason)}\n")
            block.append("Sessions: ", style="bold")
            block.append((_sessions_text(placement.schedule) or "none set") + "\n")
            colour, verdict = hours_verdict(
                placement.hours_per_week, caseload.meta, is_unregistered(provider)
            )
            block.append("Hours a week: ", style="bold")
            if colour:
                marker = "!!" if colour == "red" else "!"
                block.append(f"{marker} {verdict}", style=severity_style(colour, colours))
            else:
                block.append(verdict)
            block.append("\nArranged by: ", style="bold")
            block.append(arranged_by_words(placement) + (" · online" if placement.online else ""))
            block.append("\nRegister code: ", style="bold")
            block.append(register_code_words(placement))
            if placement.status != "ended" or placement.la_notified_on is not None:
                block.append("\nLocal authority told: ", style="bold")
                told = told_words(placement)
                block.append(told + (" (a records today)" if told == "not yet" else ""))
            if placement.status == "active":
                status = contact_status(caseload, placement, today)
                block.append("\nLast contact: ", style="bold")
                if status.last_contact:
                    ago = days_ago_phrase((today - status.last_contact).days)
                    block.append(f"{uk(status.last_contact)} ({ago})")
                else:
                    block.append("none yet")
                block.append(f" · next due {uk(status.due)}")
                block.append("\nNext review: ", style="bold")
                block.append(uk(next_review_date(caseload, placement)))
            if placement.notes:
                block.append("\nNotes: ", style="bold")
                block.append(capped(placement.notes))
            yield Static(block, classes="placement")

    def _plan(self, caseload: Caseload, pupil: Pupil) -> Iterator[Widget]:
        placements = [p for p in caseload.placements_of(pupil.id) if p.status != "ended"]
        placements = placements or caseload.placements_of(pupil.id)
        if not placements:
            yield Static(Text("No placements yet, so no learning plan."), classes="empty")
            return
        for placement in reversed(placements):
            provider = caseload.provider_of(placement)
            yield Static(
                Text(
                    f"At {provider.name if provider else 'the provider'}: {capped(placement.focus)}"
                ),
                classes="section",
            )
            targets = caseload.targets_of(placement.id)
            if not targets:
                yield Static(
                    Text("No targets yet: agree them with the provider, then press t to add them."),
                    classes="empty",
                )
                continue
            colours = self.app.theme_variables
            for row in progress_rows(caseload, placement, workspace_of(self).today):
                target = row.target
                line = Text()
                line.append(capped(target.description), style="bold")
                if target.status != "active":
                    line.append(f" ({target.status})", style="italic")
                line.append("\n  ")
                line.append_text(strip_text(row.cells, colours, per_line=24))
                progress = row.progress
                if progress is not None and progress.latest is not None:
                    latest = progress.latest
                    line.append(
                        f"\n  latest: {latest.rating} {RATING_WORDS[latest.rating]} "
                        f"({uk(latest.day)}) · {progress.change}"
                    )
                else:
                    line.append("\n  not rated yet")
                if target.outcome:
                    line.append(f"\n  outcome: {capped(target.outcome)}")
                if target.success_criteria:
                    line.append(f"\n  success: {capped(target.success_criteria)}")
                if target.due:
                    line.append(f"\n  due {uk(target.due)}")
                yield Static(line, classes="target")
            yield from self._reviews(caseload, placement)

    def _reviews(self, caseload: Caseload, placement: Placement) -> Iterator[Widget]:
        """The placement's review meetings, newest first, with their decisions."""
        reviews = caseload.reviews_of(placement.id)
        text = Text("Reviews", style="bold")
        next_review = (
            next_review_date(caseload, placement) if placement.status == "active" else None
        )
        if next_review is not None:
            text.append(f" · next due {uk(next_review)} (v records one)")
        if not reviews:
            text.append("\n  none held yet")
        for review in reversed(reviews):
            text.append(f"\n  {uk(review.date)}", style="bold")
            if review.attendees:
                text.append(f" · {', '.join(review.attendees)}")
            if review.decisions:
                text.append(f"\n    decisions: {decision_counts(review.decisions)}")
                for decision in review.decisions:
                    if decision.decision == "continue" and not decision.note:
                        continue
                    target = caseload.targets.get(decision.target_id)
                    what = target.description if target else "a target no longer in the plan"
                    text.append(f"\n    {decision.decision}: {what}")
                    if decision.note:
                        text.append(f" ({decision.note})")
            if review.summary:
                text.append(f"\n    {capped(review.summary)}")
        yield Static(text, classes="reviews")

    def _contacts(self, caseload: Caseload, pupil: Pupil) -> Iterator[Widget]:
        contacts = [
            (contact, placement)
            for placement in caseload.placements_of(pupil.id)
            for contact in caseload.contacts_of(placement.id)
        ]
        if not contacts:
            yield Static(Text("No contacts logged yet: press c to log one."), classes="empty")
            return
        contacts.sort(key=lambda pair: pair[0].date, reverse=True)
        table: DataTable[Text] = DataTable(id="pupil-contacts", cursor_type="row")
        several = len({placement.provider_id for _c, placement in contacts}) > 1
        rows: list[tuple[str, list[Text]]] = []
        for contact, placement in contacts:
            provider = caseload.provider_of(placement)
            absences = [
                MARK_LABELS[s.mark] for s in contact.sessions if s.mark.startswith("absent")
            ]
            attend = Text(attendance_percent(contact))
            if absences:
                attend.append(f" {len(absences)} abs")
            ratings = " ".join(str(p.rating) for p in contact.progress) or "—"
            cells = [
                Text(f"{uk(contact.date)}\n{contact.method}"),
                *([Text(provider.name if provider else "—")] if several else []),
                attend,
                Text(f"{contact.engagement}/5" if contact.engagement else "—"),
                Text(ratings),
                Text(capped(contact.summary or "", SUMMARY_CHARACTERS).replace("\n", " ")),
            ]
            rows.append((contact.id, cells))
        labels = ["Date", *(["Provider"] if several else []), "Attend", "Engage"]
        labels += ["Ratings", "Summary"]
        # Every column but the summary as wide as its longest cell (a provider's name at
        # most PROVIDER_WIDTH, wrapping); the summary takes the rest and wraps, never cut.
        widths = [
            max(len(label), *(_widest_line(cells[i]) for _id, cells in rows))
            for i, label in enumerate(labels[:-1])
        ]
        if several:
            widths[1] = min(widths[1], PROVIDER_WIDTH)
        # The pane's padding and the table's scroll bar, and a column's padding either side.
        room = self.app.size.width - 5 - sum(w + 2 for w in widths) - 2
        widths.append(max(SUMMARY_MIN_WIDTH, room))
        for label, width in zip(labels, widths, strict=True):
            table.add_column(label, width=width)
        for contact_id, cells in rows:
            table.add_row(*cells, key=contact_id, height=None)
        yield table

    def _concerns(self, caseload: Caseload, pupil: Pupil) -> Iterator[Widget]:
        concerns = caseload.concerns_of(pupil.id)
        if not concerns:
            yield Static(Text("No concerns recorded: press r to raise one."), classes="empty")
            return
        # What the rules say about open safeguarding concerns; the table only lists them.
        safeguarding = [
            p
            for p in workspace_of(self).problems
            if p.code == "SAFEGUARDING_OPEN" and p.pupil_id == pupil.id
        ]
        if safeguarding:
            yield ProblemList(safeguarding, id="pupil-safeguarding")
        table: DataTable[Text] = DataTable(id="pupil-concerns", cursor_type="row")
        self._fill_concerns(table, concerns)
        yield table

    def _fill_concerns(self, table: DataTable[Text], concerns: list[Concern]) -> None:
        rows: list[tuple[str, list[Text]]] = []
        for concern in reversed(concerns):  # newest first
            category = Text(_words(concern.category))
            if concern.is_confidential:
                category = Text("CONFIDENTIAL\n", style="bold") + category
            cells = [Text(uk(concern.raised_on)), category, Text(concern.severity)]
            cells += [Text(concern.status), Text("referred" if concern.referred_to_dsl else "—")]
            cells.append(concern_cell(concern, self.confidential_shown))
            rows.append((concern.id, cells))
        labels = ["Raised", "Category", "Severity", "Status", "DSL", "Description"]
        # As the contacts: the description takes the room the others leave, and wraps.
        widths = [
            max(len(label), *(_widest_line(cells[i]) for _id, cells in rows))
            for i, label in enumerate(labels[:-1])
        ]
        room = self.app.size.width - 5 - sum(w + 2 for w in widths) - 2
        widths.append(max(SUMMARY_MIN_WIDTH, room))
        for label, width in zip(labels, widths, strict=True):
            table.add_column(label, width=width)
        for concern_id, cells in rows:
            table.add_row(*cells, key=concern_id, height=None)

    def _transition(self, caseload: Caseload, pupil: Pupil) -> Iterator[Widget]:
        placements = caseload.placements_of(pupil.id)
        if not placements:
            yield Static(Text("No placements yet, so no transition to plan."), classes="empty")
            return
        for placement in reversed(placements):
            provider = caseload.provider_of(placement)
            where = provider.name if provider else "the provider"
            yield Static(Text(f"From {where} ({placement.status})"), classes="section")
            plan = caseload.transition_of(placement.id)
            if plan is None:
                ends = placement.ended_on or placement.end_date
                when = f", which ends {uk(ends)}" if ends else ""
                yield Static(
                    Text(
                        f"No transition plan yet for the placement at {where}{when}: "
                        "press w to write one."
                    ),
                    classes="empty",
                )
                continue
            yield Static(Text(f"{checklist_line(plan)} (w opens the plan)"), classes="empty")
            text = Text()
            text.append("Destination: ", style="bold")
            text.append(DESTINATION_WORDS.get(plan.destination, plan.destination))
            if plan.destination_name:
                text.append(f" ({plan.destination_name})")
            for phase in plan.phases:
                text.append(f"\nFrom {uk(phase.start)}: ")
                parts = []
                if phase.school_hours is not None:
                    parts.append(f"{format_hours(phase.school_hours)} h school")
                if phase.alp_hours is not None:
                    parts.append(f"{format_hours(phase.alp_hours)} h provider")
                text.append(", ".join(parts) or "")
                if phase.note:
                    text.append(f" · {phase.note}")
            if plan.welcome_plan:
                text.append("\nWelcome: ", style="bold")
                text.append(capped(plan.welcome_plan))
            if plan.strategies:
                text.append("\nStrategies: ", style="bold")
                text.append(capped("; ".join(plan.strategies)))
            text.append("\nShared with staff: ", style="bold")
            text.append(uk(plan.strategies_shared_on, "not yet"))
            text.append("\nFamily told: ", style="bold")
            text.append(uk(plan.family_informed_on, "not yet"))
            if plan.pupil_views:
                text.append("\nPupil's views: ", style="bold")
                text.append(capped(plan.pupil_views))
            for follow in plan.follow_ups:
                done = "done" if follow.done else "to do"
                text.append(f"\nFollow-up {uk(follow.date)} ({done})")
                if follow.kind:
                    text.append(f": {follow.kind}")
                if follow.note:
                    text.append(f" · {follow.note}")
            yield Static(text, classes="transition")

    # --- refresh -----------------------------------------------------------------------------

    @on(CaseloadChanged)
    async def _changed(self) -> None:
        await self.follow_snapshot()

    async def on_screen_resume(self) -> None:
        await self.follow_snapshot()

    async def follow_snapshot(self) -> None:
        """Show the newest snapshot, composed again only if it changed this pupil's records
        or their providers' problems (once, however many times it is announced)."""
        caseload = workspace_of(self).caseload
        if self._snapshot is None or caseload is self._snapshot:
            return
        touched = touched_pupils(self._snapshot, caseload)
        if touched is not None and self.pupil_id not in touched:
            self._snapshot = caseload
            return
        await self.reload()

    async def reload(self) -> None:
        """Show the newest snapshot, staying on the same tab."""
        tabs = self.query(TabbedContent)
        active = tabs.first().active if tabs else ""
        await self.recompose()
        self.on_mount()
        if active:
            for tabbed in self.query(TabbedContent):
                tabbed.active = active

    # --- confidential text ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_confidential":
            caseload = workspace_of(self).caseload
            return any(c.is_confidential for c in caseload.concerns_of(self.pupil_id))
        return True

    def action_show_confidential(self) -> None:
        self._show_confidential(not self.confidential_shown)
        if self.confidential_shown:
            self.action_tab(TABS.index("tab-concerns"))

    def on_screen_suspend(self) -> None:
        self._show_confidential(False)

    def _show_confidential(self, shown: bool) -> None:
        self.confidential_shown = shown
        for table in self.query("#pupil-concerns").results(DataTable):
            # Filled again, not cell by cell: a row's height follows its description.
            row = table.cursor_row
            table.clear(columns=True)
            self._fill_concerns(table, workspace_of(self).caseload.concerns_of(self.pupil_id))
            table.move_cursor(row=row, animate=False)

    # --- actions -----------------------------------------------------------------------------

    def action_page(self, direction: int) -> None:
        """Page the open tab from wherever focus is (the tab bar has nothing to scroll)."""
        for tabbed in self.query(TabbedContent):
            pane = tabbed.get_pane(tabbed.active) if tabbed.active else None
            if pane is None:
                return
            for scroller in pane.query("VerticalScroll, DataTable").results(Widget):
                if direction > 0:
                    scroller.scroll_page_down(animate=False)
                else:
                    scroller.scroll_page_up(animate=False)
                return

    def action_tab(self, index: int) -> None:
        for tabbed in self.query(TabbedContent):
            tabbed.active = TABS[index]

    async def action_contact(self) -> None:
        await start_contact(self, self.pupil_id)

    def action_told_authority(self) -> None:
        tell_authority(self, self.pupil_id)

    def action_raise_concern(self) -> None:
        self.app.push_screen(ConcernScreen(pupil_id=self.pupil_id))

    @on(DataTable.RowSelected, "#pupil-concerns")
    def _open_concern(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ConcernScreen(event.row_key.value, pupil_id=self.pupil_id))

    def action_history(self) -> None:
        self.app.push_screen(ContactHistoryScreen(self.pupil_id))

    def action_recent_changes(self) -> None:
        self.app.push_screen(RecentChangesScreen(self.pupil_id))

    def action_export(self) -> None:
        self.app.push_screen(ExportScreen(self.pupil_id))

    def action_edit(self) -> None:
        self.app.push_screen(PupilFormScreen(self.pupil_id))

    def action_add_placement(self) -> None:
        self.app.push_screen(PlacementFormScreen(self.pupil_id))

    def action_plan(self) -> None:
        """The learning plan of the active placement (asking which, if several)."""
        open_learning_plan(self, self.pupil_id)

    def action_review(self) -> None:
        record_review(self, self.pupil_id)

    def action_transition(self) -> None:
        open_transition(self, self.pupil_id)

    def action_edit_placement(self) -> None:
        edit_placement(self, self.pupil_id)

    def action_archive(self) -> None:
        pupil = workspace_of(self).caseload.pupils.get(self.pupil_id)
        if pupil is not None:
            archive_pupil(self, self.pupil_id, archived=not pupil.archived)


def archive_pupil(screen: Screen[Any], pupil_id: str, *, archived: bool = True) -> None:
    """Archive (or restore) a pupil after asking; saved by the app, whatever screen is on top
    by then.

    An archived pupil raises no problems and leaves the caseload (kept, shown with `a`).
    """
    app = screen.app
    pupil = workspace_of(screen).caseload.pupils.get(pupil_id)
    if pupil is None:
        return
    name = pupil.display_name
    question = (
        f"Archive {name}? They leave the caseload and raise no problems; "
        "their record is kept and shows with 'a'."
        if archived
        else f"Restore {name} to the caseload?"
    )
    done = "archived" if archived else "restored to the caseload"
    plan = SavePlan(
        update=[pupil.model_copy(update={"archived": archived})],
        result=pupil,
        pupil_id=pupil_id,
        done=f"{name} {done}.",
    )

    def answered(yes: bool | None) -> None:
        if yes:
            save_in_worker(app, plan)

    app.push_screen(ConfirmScreen(question, yes="Archive" if archived else "Restore"), answered)
