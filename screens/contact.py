"""Weekly contact entry, typed during the phone call with the provider.

The form follows the call: attendance by session, engagement, each active target's rating,
summary and the pupil's voice, concerns raised, actions agreed, the next contact. It opens
prefilled (today, phone, the provider's contact, this week's sessions as attended), keeps a
draft beside the data file a moment after each change, and saves with `ctrl+s` in a worker
so typing never waits for the disk. What the form holds, and what it warns about, is worked
out in `alp_tui.contact_form`; this module shows it.

`screens.contact_start.start_contact(screen, pupil_id)` is the way in from other screens.
"""

from __future__ import annotations

import contextlib
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from alp_tui.caseload import Caseload
from alp_tui.contact_form import (
    ConcernDraft,
    ContactDraft,
    DraftError,
    DraftFile,
    LastRatings,
    ProgressDraft,
    SessionDraft,
    action_due_problems,
    build_concerns,
    build_contact,
    contact_draft,
    form_warnings,
    likely_week,
    new_contact_draft,
    next_contact_due,
    ratings_before,
    started_phrase,
    status_line,
    typing_warnings,
)
from alp_tui.dates import DateError, parse_date, uk
from alp_tui.models import (
    CONTACT_METHODS,
    ENGAGEMENT_WORDS,
    RATING_WORDS,
    Contact,
    Placement,
    Pupil,
    Share,
    Target,
)
from screens.concern_dialog import ConcernDialog
from screens.confirm import ConfirmScreen
from screens.contact_week import WEEK_KEYS, rows_of, step_week, week_changed, week_hint
from screens.draft_keeper import DraftKeeper
from screens.form_keys import FORM_KEYS, any_field, move_on
from screens.saving import SaveDone, SaveFailed, SavePlan, SavingScreen, failure_sentence
from screens.stale_merge import MERGE_LEFT, offer_merge
from screens.widgets.action_row import ActionRow
from screens.widgets.attendance import AttendanceEditor, AttendanceRow
from screens.widgets.concern_item import ConcernItem
from screens.widgets.date_input import date_hint
from screens.widgets.form_scroll import FormScroll
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.rating import ChoicePicker, RatingPicker, chosen
from screens.widgets.share_mark import SCHOOL_ONLY_KEY, ShareMark, toggle_school_only
from screens.widgets.text import say
from screens.workspace import workspace_of
from store import drafts

DRAFT_DELAY = 0.6  # seconds after the last change before the draft is written
WARNING_DELAY = 0.15
#: Date fields that mean a day ahead: `mon` is the coming Monday.
AHEAD_FIELDS = ("contact-next",)


class ContactScreen(SavingScreen[str | None]):
    """Log (or, with `contact_id`, edit) a weekly contact for one placement.

    Dismisses with the saved contact's id, or None when left without saving.
    """

    CSS_PATH = "contact.tcss"
    AUTO_FOCUS = None

    BINDINGS = [
        *FORM_KEYS,
        # Priority, so keys typed after it are not taken by a field first; the save itself
        # waits for the keys typed before it (see action_save).
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the contact",
            id="contact.save",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "raise_concern",
            "Concern",
            tooltip="Raise a concern from this call",
            id="contact.concern",
            priority=True,
        ),
        SCHOOL_ONLY_KEY,
        *WEEK_KEYS,
        Binding("escape", "leave", "Back", tooltip="Back (asks if unsaved)", id="contact.back"),
        Binding(
            "f8",
            "discard",
            "Discard",
            tooltip="Throw away this contact and its draft",
            id="contact.discard",
            show=False,
        ),
    ]

    class DraftFound(Message):
        """A draft of this contact was left from an earlier call."""

        def __init__(self, file: DraftFile) -> None:
            super().__init__()
            self.file = file

    def __init__(self, placement_id: str, contact_id: str | None = None) -> None:
        super().__init__()
        self.placement_id = placement_id
        self.contact_id = contact_id
        self._contact: Contact | None = None
        self._caseload: Caseload | None = None
        #: What the form is composed from: as it opened, or a resumed draft.
        self._opened: ContactDraft | None = None
        self._read_from: list[Caseload] = []  # what a stale save merges against
        #: The form as it was last saved or opened, to tell whether anything changed.
        self._baseline: ContactDraft | None = None
        #: The form as it was when the save now running started.
        self._saving_draft: ContactDraft | None = None
        self._auto: dict[str, str] = {}
        self._started_at: str | None = None
        self._draft_timer: Timer | None = None
        self._warning_timer: Timer | None = None
        self._keeper: DraftKeeper | None = None
        self._last: LastRatings = {}
        self._targets: dict[str, Target] = {}
        self._leaving = False
        self.warnings: list[str] = []
        """The warnings showing under the form now."""

    # --- set-up --------------------------------------------------------------------------

    @property
    def caseload(self) -> Caseload:
        """The snapshot the form opened on. Kept for the whole call: a save elsewhere must
        not make the form re-judge the whole caseload while someone types."""
        if self._caseload is None:
            self._caseload = workspace_of(self).caseload
        return self._caseload

    @property
    def placement(self) -> Placement:
        return self.caseload.placements[self.placement_id]

    @property
    def pupil(self) -> Pupil:
        return self.caseload.pupils[self.placement.pupil_id]

    @property
    def draft_key(self) -> str:
        return drafts.draft_key(self.placement_id, self.contact_id)

    @property
    def keeper(self) -> DraftKeeper:
        """The form's draft file."""
        if self._keeper is None:
            self._keeper = DraftKeeper(workspace_of(self).store.path, self.draft_key)
        return self._keeper

    def _prepare(self) -> ContactDraft:
        ws = workspace_of(self)
        caseload = self.caseload
        placement = caseload.placements[self.placement_id]
        if self.contact_id:
            self._read_from = [caseload]
            self._contact = caseload.contacts[self.contact_id]
            opened = contact_draft(caseload, placement, self._contact)
        else:
            opened = new_contact_draft(caseload, placement, ws.today, ws.user)
        self._opened = opened
        self._remember_targets(opened)
        return opened

    def _remember_targets(self, draft: ContactDraft) -> None:
        caseload = self.caseload
        self._targets = {
            item.target_id: caseload.targets[item.target_id]
            for item in draft.progress
            if item.target_id in caseload.targets
        }
        self._last = ratings_before(
            caseload, self.placement_id, draft, workspace_of(self).today, self.contact_id
        )

    def compose(self) -> ComposeResult:
        draft = self._opened or self._prepare()
        ws = workspace_of(self)
        caseload = self.caseload
        placement = caseload.placements[self.placement_id]
        pupil = caseload.pupils[placement.pupil_id]
        provider = caseload.provider_of(placement)
        year = f" (Y{pupil.year_group})" if pupil.year_group else ""
        verb = (
            f"Editing the contact of {uk(self._contact.date)}"
            if self._contact
            else "Weekly contact"
        )
        yield Static(
            Text(f"{verb} · {pupil.display_name}{year} · {provider.name if provider else '?'}"),
            id="contact-title",
        )
        yield Static(self._status_line(), id="contact-status")
        with FormScroll(id="contact-form"):
            with Horizontal(classes="field-row"):
                yield Label("Call on", classes="field-label")
                yield Input(draft.date, id="contact-date", classes="date", compact=True)
                yield Static(
                    date_hint(draft.date, ws.today), id="contact-date-hint", classes="hint"
                )
                yield Label("by", classes="field-label-short")
                yield ChoicePicker(
                    [(m, m) for m in CONTACT_METHODS], draft.method, id="contact-method"
                )
            with Horizontal(classes="field-row"):
                yield Label("Spoke to", classes="field-label")
                yield Input(
                    draft.provider_staff,
                    placeholder="provider's staff",
                    id="contact-provider-staff",
                    compact=True,
                    select_on_focus=False,
                )
                yield Label("logged by", classes="field-label-short")
                yield Input(
                    draft.school_staff,
                    placeholder="school staff",
                    id="contact-school-staff",
                    compact=True,
                    select_on_focus=False,
                )
            yield Static("Attendance", classes="section")
            with Horizontal(classes="field-row"):
                yield Label("Week of", classes="field-label")
                yield Input(draft.week_start, id="contact-week", classes="date", compact=True)
                yield Static(
                    week_hint(draft.week_start, ws.today), id="contact-week-hint", classes="hint"
                )
            yield AttendanceEditor(rows_of(draft.sessions), id="attendance")
            with Horizontal(classes="field-row"):
                yield Label("Engagement", classes="field-label")
                yield RatingPicker(
                    draft.engagement,
                    words=ENGAGEMENT_WORDS,
                    placeholder="press 1–5",
                    advance=True,
                    id="contact-engagement",
                )
            yield Static("Targets", classes="section")
            if not draft.progress:
                yield Static("This placement has no active targets to rate.", classes="hint")
            for index, item in enumerate(draft.progress):
                yield from self._target_row(index, item)
            yield Static("Summary", classes="section")
            yield TextArea(
                draft.summary,
                id="contact-summary",
                compact=True,
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
            )
            yield ShareMark(draft.summary_share, for_id="contact-summary")
            with Horizontal(classes="field-row"):
                yield Label("Pupil voice", classes="field-label")
                yield Input(
                    draft.pupil_voice,
                    placeholder="what the pupil said",
                    id="contact-voice",
                    compact=True,
                    select_on_focus=False,
                )
                yield ShareMark(draft.voice_share, for_id="contact-voice")
            yield Static("Concerns raised", classes="section")
            with Vertical(id="concerns"):
                for concern in draft.concerns:
                    yield ConcernItem(concern, classes="concern-item")
            yield Button("+ raise a concern (ctrl+r)", id="add-concern", compact=True)
            yield Static("Actions agreed", classes="section")
            with Vertical(id="actions"):
                actions = [a for a in draft.actions if not a.blank]
                for index, action in enumerate(actions):
                    yield ActionRow(index, action)
                yield ActionRow(len(actions))
            yield Static("", id="actions-hint", classes="hint")
            with Horizontal(classes="field-row"):
                yield Label("Next contact", classes="field-label")
                yield Input(draft.next_contact, id="contact-next", classes="date", compact=True)
                yield Static(
                    date_hint(draft.next_contact, ws.today, ahead=True),
                    id="contact-next-hint",
                    classes="hint",
                )
        yield Static("", id="contact-warnings")
        yield KeysFooter()

    def _target_row(self, index: int, item: ProgressDraft) -> ComposeResult:
        target = self._targets.get(item.target_id)
        description = target.description if target else item.target_id
        last = self._last.get(item.target_id)
        last_text = (
            f"last {last[0]} {RATING_WORDS[last[0]]} {uk(last[1])[:5]}"
            if last
            else "not rated before"
        )
        yield Static(Text(f"{index + 1}. {description}"), classes="target-title")
        with Horizontal(classes="field-row target-row"):
            yield RatingPicker(item.rating, placeholder="rate 1–5", id=f"rating-{index}")
            yield Static(Text(last_text), classes="last-rating")
            yield Input(
                item.note,
                placeholder="note",
                id=f"note-{index}",
                classes="target-note",
                compact=True,
                select_on_focus=False,
            )
            yield ShareMark(item.share, for_id=f"note-{index}")

    def _status_line(self) -> Text:
        ws = workspace_of(self)
        try:
            line = status_line(self.caseload, self.placement, self._contact, ws.today)
        except Exception:  # a status line is not worth stopping the form for
            return Text("")
        return Text(line, style="bold" if line.startswith("!!") else "")

    def on_mount(self) -> None:
        self._after_compose()
        self._look_for_draft()

    def _after_compose(self) -> None:
        assert self._opened is not None
        self._auto = {
            "contact-week": self._opened.week_start,
            "contact-next": self._opened.next_contact,
        }
        if self._contact is not None:
            self._auto = {}
        if self._baseline is None:
            self._baseline = self.collect_draft()
        rows = self.query(AttendanceRow)
        first: Widget = rows.first() if rows else self.query_one("#contact-engagement")
        # Focus without scrolling to it, so the form opens at its heading (Call on, Spoke
        # to, Week of) rather than scrolled down to the first session.
        self.set_focus(first, scroll_visible=False)
        form = self.query_one("#contact-form", VerticalScroll)
        form.scroll_home(animate=False)
        self.call_after_refresh(form.scroll_home, animate=False)
        self._show_warnings()

    # --- reading the form ----------------------------------------------------------------

    def collect_draft(self) -> ContactDraft:
        """The form as typed now (read in one walk of the form: no selector queries)."""
        assert self._opened is not None
        by_id: dict[str, Widget] = {}
        rows: list[AttendanceRow] = []
        concerns: list[ConcernItem] = []
        actions: list[ActionRow] = []
        for widget in self.walk_children(Widget):
            if widget.id is not None:
                by_id.setdefault(widget.id, widget)
            if isinstance(widget, AttendanceRow):
                rows.append(widget)
            elif isinstance(widget, ConcernItem):
                concerns.append(widget)
            elif isinstance(widget, ActionRow):
                actions.append(widget)

        def value(widget_id: str) -> str:
            field = by_id[widget_id]
            assert isinstance(field, Input)
            return field.value

        def rating(widget_id: str) -> int | None:
            picker = by_id[widget_id]
            assert isinstance(picker, RatingPicker)
            return picker.value

        def share(for_id: str) -> Share | None:
            mark = by_id.get(f"share-{for_id}")
            return mark.state if isinstance(mark, ShareMark) else None

        method = by_id["contact-method"]
        summary = by_id["contact-summary"]
        assert isinstance(method, ChoicePicker) and isinstance(summary, TextArea)
        return ContactDraft(
            date=value("contact-date"),
            method=chosen(CONTACT_METHODS, method),
            provider_staff=value("contact-provider-staff"),
            school_staff=value("contact-school-staff"),
            week_start=value("contact-week"),
            sessions=[
                SessionDraft(
                    day=row.day,
                    planned_hours=row.planned_hours,
                    hours=row.hours_text,
                    mark=row.mark,
                    times=row.times,
                )
                for row in rows
            ],
            engagement=rating("contact-engagement"),
            progress=[
                ProgressDraft(
                    target_id=item.target_id,
                    rating=rating(f"rating-{index}"),
                    note=value(f"note-{index}"),
                    share=share(f"note-{index}"),
                )
                for index, item in enumerate(self._opened.progress)
            ],
            summary=summary.text,
            pupil_voice=value("contact-voice"),
            concerns=[item.concern for item in concerns],
            actions=[a for a in (row.value() for row in actions) if not a.blank],
            next_contact=value("contact-next"),
            summary_share=share("contact-summary"),
            voice_share=share("contact-voice"),
        )

    @property
    def is_dirty(self) -> bool:
        if self._baseline is None or not self.is_mounted:
            return False
        return self.collect_draft() != self._baseline

    # --- reacting to typing --------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RatingPicker.Changed)
    @on(ChoicePicker.Changed)
    @on(AttendanceRow.Changed)
    def _changed(self, event: Message) -> None:
        if self._baseline is None:
            return
        control = getattr(event, "control", None)
        control_id = getattr(control, "id", None) or ""
        if control_id == "contact-week":
            week_changed(self)
        elif control_id in ("contact-date", "contact-next"):
            self._date_changed(control_id)
        elif control_id.startswith("action-"):
            self._grow_actions()
        self._schedule()

    def _schedule(self) -> None:
        if self._warning_timer is not None:
            self._warning_timer.stop()
        self._warning_timer = self.set_timer(WARNING_DELAY, self._show_warnings)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _date_changed(self, control_id: str) -> None:
        ws = workspace_of(self)
        text = self.query_one(f"#{control_id}", Input).value
        hint = date_hint(text, ws.today, ahead=control_id in AHEAD_FIELDS)
        self.query_one(f"#{control_id}-hint", Static).update(hint)
        if control_id != "contact-date" or not self._auto:
            return
        try:
            when = parse_date(text, ws.today)
        except DateError:
            return
        # Fields the user has not touched follow the call's date.
        follow = {
            "contact-week": uk(likely_week(self.caseload, self.placement, when)),
            "contact-next": uk(next_contact_due(self.caseload, self.placement, when)),
        }
        for field_id, new in follow.items():
            field = self.query_one(f"#{field_id}", Input)
            if field.value == self._auto.get(field_id) and field.value != new:
                self._auto[field_id] = new
                field.value = new

    def _grow_actions(self) -> None:
        rows = list(self.query(ActionRow))
        if rows and not rows[-1].value().blank:
            self.query_one("#actions", Vertical).mount(ActionRow(len(rows)))

    @on(Input.Blurred, ".date")
    def _tidy_date(self, event: Input.Blurred) -> None:
        # Show what a typed `fri` or `+7` became, in the UK form.
        field_id = event.input.id or ""
        ahead = field_id in AHEAD_FIELDS or field_id.startswith("action-due")
        try:
            value = parse_date(event.value, workspace_of(self).today, ahead=ahead)
        except DateError:
            return
        if event.input.value != uk(value):
            if event.input.id in self._auto and event.input.value == self._auto[event.input.id]:
                self._auto[event.input.id] = uk(value)
            event.input.value = uk(value)

    def action_step_week(self, step: int) -> None:
        step_week(self, step)

    def action_school_only(self) -> None:
        if toggle_school_only(self):
            self._schedule()

    async def action_key(self, key: str) -> None:
        focused = self.focused
        if key == "enter" and isinstance(focused, ConcernItem):
            await self._open_concern(focused)
            return
        move_on(self, key, enter_moves_on=any_field)

    def _show_warnings(self) -> None:
        if not self.is_mounted:
            return
        ws = workspace_of(self)
        draft = self.collect_draft()
        try:
            lines = form_warnings(
                self.caseload, self.placement, draft, ws.today, self.contact_id, self._last
            )
        except Exception as error:  # the hours check must never stop anyone typing
            self.log.error(f"hours check failed: {error!r}")
            lines = typing_warnings(draft, self._last)
        errors = action_due_problems(draft, ws.today)
        self.query_one("#actions-hint", Static).update(Text("\n".join(errors)))
        self.warnings = lines
        panel = self.query_one("#contact-warnings", Static)
        panel.update(Text("\n".join(lines)))
        panel.display = bool(lines)

    # --- drafts --------------------------------------------------------------------------

    def _draft_file(self, draft: ContactDraft) -> DraftFile:
        if self._started_at is None:
            self._started_at = workspace_of(self).clock().isoformat(timespec="minutes")
        return DraftFile(
            placement_id=self.placement_id,
            draft=draft,
            contact_id=self.contact_id,
            contact_rev=self._contact.rev if self._contact else None,
            started_at=self._started_at,
        )

    def _keep_draft(self) -> None:
        if not self.is_mounted or self._leaving:
            return
        draft = self.collect_draft()
        if draft == self._baseline:
            if self.keeper.on_disk:
                self._write_draft(self.keeper.ask(), None)
            return
        self._write_draft(self.keeper.ask(), self._draft_file(draft).to_json())

    @work(thread=True, exit_on_error=False, group="contact-draft")
    def _write_draft(self, number: int, payload: dict[str, Any] | None) -> None:
        problem = self.keeper.write(number, payload)
        if problem:
            self.app.call_from_thread(say, self, problem, severity="error", timeout=15)

    @work(thread=True, exit_on_error=False, group="contact-draft-read")
    def _look_for_draft(self) -> None:
        assert self._opened is not None
        found = self.keeper.read()
        file = DraftFile.from_json(found, self._opened) if found is not None else None
        if file is not None:
            self.post_message(self.DraftFound(file))

    def on_contact_screen_draft_found(self, message: DraftFound) -> None:
        file = message.file
        when = started_phrase(file.started_at, workspace_of(self).today)
        question = f"Resume the contact you started {when}?"

        def answer(resume: bool | None) -> None:
            if resume:
                self.call_later(self._resume, file)

        self.app.push_screen(
            ConfirmScreen(question, yes="Resume", no="Start again", title="Unsaved contact"),
            answer,
        )

    async def _resume(self, file: DraftFile) -> None:
        self._opened = file.draft
        self._started_at = file.started_at
        self.keeper.on_disk = True
        self._remember_targets(file.draft)
        await self.recompose()
        self._after_compose()
        say(self, "Your unsaved contact is back.")

    # --- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        # The focused field may still hold keys typed just before ctrl+s: save after them.
        (self.focused or self).call_later(self._save_now)

    def _save_now(self) -> None:
        if self.saving:
            say(self, "Still saving the contact…")
            return
        ws = workspace_of(self)
        draft = self.collect_draft()
        placement = self.placement
        try:
            contact = build_contact(
                draft, placement=placement, today=ws.today, existing=self._contact
            )
            concerns = build_concerns(
                draft, placement=placement, raised_on=contact.date, user=ws.me
            )
        except ValueError as error:
            say(self, failure_sentence(error), severity="error", timeout=8)
            if isinstance(error, DraftError) and error.field_id:
                with contextlib.suppress(Exception):
                    self.query_one(f"#{error.field_id}").focus()
            return
        if self._contact is not None:
            plan = SavePlan(add=list(concerns), update=[contact], result=contact)
        else:
            plan = SavePlan(add=[contact, *concerns], result=contact)
        plan.after_write = self.keeper.saved
        self._saving_draft = draft
        # One line of fixed size: no layout of the form for it.
        self.query_one("#contact-status", Static).update(Text("saving…"), layout=False)
        self.start_save(plan)

    def saved(self, message: SaveDone) -> None:
        contact = message.result
        assert isinstance(contact, Contact) and self._saving_draft is not None
        provider = self.caseload.provider_of(self.placement)
        say(
            self,
            f"Contact with {provider.name if provider else 'the provider'} saved for "
            f"{self.pupil.display_name}.",
        )
        if self._draft_timer is not None:
            self._draft_timer.stop()
        at_save = self._saving_draft
        if self.collect_draft() == at_save or self._leaving:
            self._leaving = True
            self.dismiss(contact.id)
            return
        # Typing went on while the save ran: keep it, as an edit of the saved contact.
        for item in list(self.query(ConcernItem)):
            if item.concern in at_save.concerns:
                item.remove()
        self._contact = contact
        self.contact_id = contact.id
        at_save.concerns = []
        self._baseline = at_save
        keeper = self.keeper
        old_key = keeper.move_to(self.draft_key)
        self.app.run_worker(lambda: keeper.remove(old_key), thread=True, exit_on_error=False)
        self._schedule()
        self.query_one("#contact-status", Static).update(
            Text("saved · you typed more while it saved: ctrl+s saves that too")
        )

    def save_failed(self, message: SaveFailed) -> None:
        self._leaving = False
        self.query_one("#contact-status", Static).update(self._status_line())
        if offer_merge(self, message, self._read_from, lambda: say(self, MERGE_LEFT)):
            return
        say(self, failure_sentence(message.error), title="Not saved", severity="error", timeout=12)

    # --- concerns ------------------------------------------------------------------------

    @on(Button.Pressed, "#add-concern")
    async def action_raise_concern(self) -> None:
        def added(concern: ConcernDraft | None) -> None:
            if concern:
                self.query_one("#concerns", Vertical).mount(
                    ConcernItem(concern, classes="concern-item")
                )
                self._schedule()

        # Awaited, so the app reads the keys typed next only once the dialog has its
        # cursor: they land in the dialog's first field, not on the screen.
        await self.app.push_screen(ConcernDialog(who=self.pupil.display_name), added)

    @on(ConcernItem.Edit)
    async def _edit_concern(self, message: ConcernItem.Edit) -> None:
        await self._open_concern(message.item)

    async def _open_concern(self, item: ConcernItem) -> None:
        def edited(concern: ConcernDraft | None) -> None:
            if concern:
                item.show(concern)
                self._schedule()

        dialog = ConcernDialog(item.concern, who=self.pupil.display_name)
        await self.app.push_screen(dialog, edited)

    @on(ConcernItem.Remove)
    def _remove_concern(self, message: ConcernItem.Remove) -> None:
        item = message.item

        def answer(remove: bool | None) -> None:
            if remove:
                item.remove()
                self.call_after_refresh(self._schedule)
                self.query_one("#add-concern").focus()

        self.app.push_screen(
            ConfirmScreen("Remove this concern from the contact?", yes="Remove"), answer
        )

    # --- leaving -------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.saving:
            say(self, "Still saving: the screen closes when the contact is saved.")
            self._leaving = True
            return
        if not self.is_dirty:
            self.dismiss(None)
            return
        draft = self.collect_draft()

        def answer(leave: bool | None) -> None:
            if leave:
                self._leave_keeping_draft(draft)

        self.app.push_screen(
            ConfirmScreen(
                f"Leave the contact for {self.pupil.display_name} without saving? "
                "What you typed is kept as a draft, offered when you next open it.",
                yes="Leave",
                no="Stay",
                title="Unsaved contact",
            ),
            answer,
        )

    def _leave_keeping_draft(self, draft: ContactDraft) -> None:
        self._leaving = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        # Written before closing (a small file): if it cannot be, the form stays open.
        problem = self.keeper.last_write(self._draft_file(draft).to_json())
        if problem:
            self._leaving = False
            say(self, problem, severity="error", timeout=15)
            return
        self.dismiss(None)

    def action_discard(self) -> None:
        def answer(discard: bool | None) -> None:
            if not discard:
                return
            self._leaving = True
            if self._draft_timer is not None:
                self._draft_timer.stop()
            self.app.run_worker(self.keeper.discard, thread=True, exit_on_error=False)
            self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Throw away this contact for {self.pupil.display_name}, and its draft?",
                yes="Discard",
                title="Discard",
            ),
            answer,
        )
