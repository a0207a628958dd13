"""One concern about a pupil, read in full and kept up to date: what was raised, by whom and
how serious, the updates log (add one as things move on), and closing it with an outcome.

Closing a safeguarding concern here is what clears its red problem. A concern reaches a
provider's or parents' note only when shared with them here (or in the release preview) on
purpose; a safeguarding one never, and sharing a confidential one asks to take Confidential
off first. Saving a concern that reads like a safeguarding matter but is not marked as one
asks whether it is one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Label, Select, Static, TextArea

from alp_tui.dates import uk
from alp_tui.models import (
    CONCERN_CATEGORIES,
    SEVERITIES,
    SHARE_AUDIENCES,
    Concern,
    ConcernUpdate,
    Placement,
    Pupil,
    Record,
)
from alp_tui.sharing import NEVER_SHARED, safeguarding_question
from screens.confidential import HIDDEN_FIELD, SHOW_IN_FORM
from screens.confirm import ConfirmScreen
from screens.form_base import FormScreen
from screens.form_keys import keep_focus_in_view
from screens.saving import FormInvalid, SaveDone, SavePlan, sentence_of
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import (
    FieldInput,
    field_row,
    section,
)
from screens.widgets.list_editor import ListEditor, focus_now
from screens.widgets.long_text import LongTextArea, whole_text
from screens.widgets.text import say
from screens.widgets.tick_box import TickBox
from screens.workspace import workspace_of

CONCERN_LABELS: dict[str, str] = {
    "raised_on": "Raised on",
    "raised_by": "Raised by",
    "category": "Category",
    "severity": "Severity",
    "placement_id": "Placement",
    "description": "Description",
    "action_taken": "Action taken",
    "referred_to_dsl": "Referred to the DSL",
    "confidential": "Confidential",
    "share_with": "Share with",
    "status": "Status",
    "closed_on": "Closed on",
    "outcome": "Outcome",
    "updates": "Updates",
}

STATUSES: list[tuple[str, str]] = [
    ("open", "open"),
    ("monitoring", "monitoring"),
    ("closed", "closed"),
]

CLOSE_WITHOUT_OUTCOME = (
    "To close this concern, write its outcome: what was done and why it can be closed."
)
NOT_CONFIDENTIAL_QUESTION = (
    "Mark this safeguarding concern not confidential? Its detail would then reach "
    "provider and parent notes."
)


def update_line(update: ConcernUpdate, *, new: bool = False) -> Text:
    """`27/11/2026 · D Okafor — Strategy meeting held.` (user text stays plain text)."""
    line = Text(uk(update.date), style="bold")
    if update.by:
        line.append(f" · {update.by}")
    line.append(" — ")
    line.append(update.note)
    if new:
        line.append("  (new, saved with ctrl+s)", style="italic")
    return line


def placement_words(placement: Placement, provider_name: str | None) -> str:
    where = provider_name or "unknown provider"
    return f"{where} · {placement.status} from {uk(placement.start_date)}"


class UpdatesLog(ListEditor[ConcernUpdate]):
    """The updates log: saved updates to read, updates added in this form (enter on one
    takes it back to change, delete drops it) and a line to type the next one.

    Enter on the note adds the update; an update typed but not added is saved too.
    """

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Drop update",
            tooltip="Drop the highlighted new update",
            id="concern.update.remove",
        ),
    ]

    LIST_CLASSES = "updates-added"
    ERROR_CLASSES = "form-error update-error"
    HIGHLIGHT_LAST = True

    def __init__(
        self, saved: list[ConcernUpdate], *, today: date, user: str, id: str | None = None
    ) -> None:
        super().__init__([], id=id)
        self.saved = list(saved)
        self._today = today
        self._user = user

    def compose_header(self) -> ComposeResult:
        if self.saved:
            log = Text("\n").join(update_line(u) for u in self.saved)
            yield Static(log, classes="updates-saved veil-text")
            yield Label(Text("the updates are hidden too"), classes="veil-note updates-hidden")
        else:
            yield Static(Text("No updates yet."), classes="updates-saved -empty")

    def compose_entry(self) -> ComposeResult:
        yield Horizontal(
            Label(Text("New update on"), classes="form-label"),
            DateInput(self._today, label="Update date", id="update-date"),
            Label(Text("by"), classes="update-by-label"),
            FieldInput(self._user, label="Update by", placeholder="who", id="update-by"),
            classes="form-row",
        )
        yield from field_row(
            "Update",
            FieldInput(
                None,
                label="Update",
                placeholder="what has happened since (enter adds it)",
                id="update-note",
            ),
        )

    @property
    def added(self) -> list[ConcernUpdate]:
        """The updates added in this form."""
        return self.items

    @property
    def note_input(self) -> FieldInput:
        return self.query_one("#update-note", FieldInput)

    def read_entry(self) -> ConcernUpdate | None:
        note = self.note_input.text
        if note is None:
            return None
        date_input = self.query_one("#update-date", DateInput)
        wrong = date_input.problem()
        if wrong:
            raise ValueError(wrong)
        if date_input.value is None:
            raise ValueError("Update date is required: type the date of the update, e.g. today")
        by = self.query_one("#update-by", FieldInput).text
        return ConcernUpdate(date=date_input.value, by=by, note=note)

    def sentence(self, error: ValueError) -> str:
        return f"{str(error).rstrip('.')}."  # the date field's own sentence

    def fill_entry(self, item: ConcernUpdate | None) -> None:
        if item is None:
            self.note_input.value = ""
            return
        self.query_one("#update-date", DateInput).set_date(item.date)
        self.query_one("#update-by", FieldInput).value = item.by or ""
        self.note_input.value = item.note

    def entry_state(self) -> object:
        return ()  # the form reads its fields itself

    def item_line(self, item: ConcernUpdate) -> Text:
        return update_line(item, new=True)

    def entry_start(self) -> Widget:
        return self.note_input

    def adds_on_enter(self, field: Widget) -> bool:
        return field is self.note_input

    def updates(self) -> list[ConcernUpdate]:
        """Every update, oldest first: saved, added here, and the one still being typed."""
        try:
            new = self.items_for_save()
        except ValueError:
            new = self.items
        return self.saved + sorted(new, key=lambda u: u.date)

    def focus_note(self) -> None:
        focus_now(self.note_input)

    def refreshed(self) -> None:
        # "No updates yet." stops being true the moment one is added.
        for empty in self.query(".updates-saved.-empty"):
            empty.display = not self.items


class ConcernScreen(FormScreen):
    """Read, update or close one concern about a pupil, or raise a new one; dismisses with
    the concern's id once saved (None when left without saving)."""

    # The forms' own stylesheet and this screen's additions (the base names only its own).
    CSS_PATH = ["forms.tcss", "concerns.tcss"]  # type: ignore[assignment]
    labels = CONCERN_LABELS
    none_text = "no problems for this pupil"

    BINDINGS: ClassVar = [
        Binding(
            "ctrl+n",
            "new_update",
            "Add update",
            tooltip="Type an update for the log (enter adds it, ctrl+s saves)",
            id="concern.new_update",
            # Handled as it arrives, like the form's enter and tab, so an update typed
            # straight after it lands in the update line.
            priority=True,
        ),
        SHOW_IN_FORM,
    ]

    def __init__(self, concern_id: str | None = None, *, pupil_id: str) -> None:
        super().__init__()
        self.concern_id = concern_id
        self.pupil_id = pupil_id
        self.pupil: Pupil | None = None
        self.concern: Concern | None = None
        self._category = ""
        #: The words the lead was last asked about (asked once for the same words).
        self._asked_about: list[str] | None = None

    # --- the record ------------------------------------------------------------------------

    def load(self) -> None:
        caseload = self.caseload
        self.pupil = caseload.pupils.get(self.pupil_id)
        self.concern = caseload.concerns.get(self.concern_id) if self.concern_id else None

    def editing(self) -> list[Record]:
        return [self.concern] if self.concern is not None else []

    @property
    def _missing(self) -> bool:
        return self.pupil is None or (self.concern_id is not None and self.concern is None)

    def heading_text(self) -> str:
        if self.pupil is None:
            return "Concern"
        who = self.pupil.display_name
        concern = self.concern
        if concern is None:
            return f"New concern about {who}"
        head = f"Concern about {who}, raised {uk(concern.raised_on)}"
        return f"{head} · CONFIDENTIAL" if concern.is_confidential else head

    # --- layout ------------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        if self._missing:
            yield section("This concern is no longer in the caseload: press escape.")
            return
        workspace = workspace_of(self)
        concern = self.concern
        category = concern.category if concern else "other"
        self._category = category
        yield from field_row(
            "Raised on *",
            DateInput(
                concern.raised_on if concern else self.today,
                label="Raised on",
                required=True,
                id="raised_on",
            ),
        )
        yield from field_row(
            "Raised by",
            FieldInput(
                concern.raised_by if concern else workspace.me,
                label="Raised by",
                placeholder="who reported it",
                id="raised_by",
            ),
        )
        yield from field_row(
            "Category",
            Select[str](
                [(Text(c.replace("_", " ")), c) for c in CONCERN_CATEGORIES],
                value=category,
                allow_blank=False,
                compact=True,
                id="category",
            ),
        )
        yield from field_row(
            "Severity",
            Select[str](
                [(Text(s), s) for s in SEVERITIES],
                value=concern.severity if concern else "medium",
                allow_blank=False,
                compact=True,
                id="severity",
            ),
        )
        # The status comes straight after the severity: both say where the concern stands.
        status = concern.status if concern else "open"
        yield from field_row(
            "Status",
            Select[str](STATUSES, value=status, allow_blank=False, compact=True, id="status"),
        )
        with Vertical(id="closing", classes="" if status == "closed" else "-form-hidden"):
            yield from field_row(
                "Closed on *",
                DateInput(
                    concern.closed_on if concern else None, label="Closed on", id="closed_on"
                ),
            )
            yield from field_row(
                "Outcome *",
                LongTextArea(
                    (concern.outcome or "") if concern else "",
                    soft_wrap=True,
                    compact=True,
                    placeholder="how it ended and why it can be closed",
                    id="outcome",
                    # Hidden only when it holds words: closing types a new one.
                    classes="veil-text" if concern and concern.outcome else "",
                ),
            )
        yield from field_row("Placement", self._placement_select())
        # A saved confidential concern opens with its words out of sight (ctrl+t).
        self.set_class(concern is not None and concern.is_confidential, "-veiled")
        yield Horizontal(
            Label(Text("Description *"), classes="form-label"),
            LongTextArea(
                concern.description if concern else "",
                soft_wrap=True,
                compact=True,
                placeholder="what happened, who saw it, what was said",
                id="description",
                classes="veil-text",
            ),
            Label(Text(HIDDEN_FIELD), classes="veil-note"),
            classes="form-row",
        )
        yield Horizontal(
            Label(Text("Action taken"), classes="form-label"),
            LongTextArea(
                (concern.action_taken or "") if concern else "",
                soft_wrap=True,
                compact=True,
                placeholder="what was done about it",
                id="action_taken",
                classes="veil-text",
            ),
            Label(Text("hidden"), classes="veil-note"),
            classes="form-row",
        )
        confidential = concern.is_confidential if concern else category == "safeguarding"
        yield Horizontal(
            Label(Text(""), classes="form-label"),
            TickBox(
                "Referred to the DSL",
                concern.referred_to_dsl if concern else False,
                id="referred_to_dsl",
            ),
            TickBox("Confidential", confidential, id="confidential"),
            classes="form-row",
        )
        shared = set(concern.share_with) if concern else set()
        yield Horizontal(
            Label(Text("Share with"), classes="form-label"),
            TickBox("the provider", "provider" in shared, id="share_provider"),
            TickBox("parents", "parent" in shared, id="share_parent"),
            classes="form-row",
        )
        yield Label(
            Text("Confidential: left out of provider and parent notes."),
            classes="form-note concern-note",
        )
        yield Label(
            Text("Shared: in that note as it is; never a safeguarding one."),
            classes="form-note concern-note",
        )
        yield section("Updates")
        yield UpdatesLog(
            concern.updates if concern else [],
            today=self.today,
            user=workspace.me,
            id="updates",
        )

    def _placement_select(self) -> Select[str]:
        caseload = self.caseload
        placements = caseload.placements_of(self.pupil_id)
        options: list[tuple[Text, str]] = []
        for placement in reversed(placements):  # newest first
            provider = caseload.provider_of(placement)
            options.append(
                (
                    Text(placement_words(placement, provider.name if provider else None)),
                    placement.id,
                )
            )
        if self.concern is not None:
            current = self.concern.placement_id
        else:
            active = caseload.active_placements_of(self.pupil_id)
            current = active[-1].id if active else None
        known = {value for _, value in options}
        return Select[str](
            options,
            value=current if current in known else Select.NULL,
            allow_blank=True,
            prompt="not at a placement",
            compact=True,
            id="placement_id",
        )

    # --- confidential text -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_confidential":
            return self.has_class("-veiled")
        return super().check_action(action, parameters)

    def action_show_confidential(self) -> None:
        """Show the words; from now on they are edited as usual (hidden again only when the
        form is opened afresh)."""
        self.remove_class("-veiled")
        self.refresh_bindings()

    # --- reacting to changes -----------------------------------------------------------------

    @on(Select.Changed, "#category")
    def _category_changed(self, event: Select.Changed) -> None:
        value = str(event.value)
        if value == self._category:
            return  # the value it was given, reported as it mounts
        self._category = value
        if value == "safeguarding":
            self._safeguarding_ticks()

    def _safeguarding_ticks(self) -> None:
        # Safeguarding detail is confidential and goes to the DSL unless someone says otherwise.
        ticked = []
        for tick_id, words in (
            ("#confidential", "Confidential"),
            ("#referred_to_dsl", "Referred to the DSL"),
        ):
            tick = self.query_one(tick_id, TickBox)
            if not tick.value:
                tick.value = True
                ticked.append(words)
        if ticked:
            self.notify(
                "Safeguarding: ticked " + " and ".join(ticked) + ".", timeout=4, markup=False
            )

    @on(Checkbox.Changed, "#share_provider, #share_parent")
    def _share_changed(self, event: Checkbox.Changed) -> None:
        if not event.value:
            return
        tick = event.checkbox
        if self._category == "safeguarding":
            tick.value = False
            say(self, NEVER_SHARED, severity="warning", timeout=8)
            return
        confidential = self.query_one("#confidential", TickBox)
        if not confidential.value:
            return
        who = "the provider" if tick.id == "share_provider" else "the parents"

        def answer(yes: bool | None) -> None:
            if yes:
                confidential.value = False
            else:
                tick.value = False

        self.app.push_screen(
            ConfirmScreen(
                f"This concern is marked confidential. Take Confidential off and share it "
                f"with {who}? Its whole text would go in their copy of the review note.",
                yes="Not confidential, share",
                no="Keep it confidential",
                title="Share?",
            ),
            answer,
        )

    @on(Checkbox.Changed, "#confidential")
    def _confidential_changed(self, event: Checkbox.Changed) -> None:
        if event.value:
            # Confidential wins: it goes to no shared copy.
            unticked = [box for box in self._share_ticks() if box.value]
            for box in unticked:
                box.value = False
            if unticked:
                say(self, "Confidential: no longer shared with anyone outside the school.")
            return
        if self._category != "safeguarding":
            return
        tick = event.checkbox

        def answer(untick: bool | None) -> None:
            if not untick:
                tick.value = True

        self.app.push_screen(
            ConfirmScreen(
                NOT_CONFIDENTIAL_QUESTION,
                yes="Not confidential",
                no="Keep it confidential",
                title="Safeguarding",
            ),
            answer,
        )

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        closing = event.value == "closed"
        self.query_one("#closing").set_class(not closing, "-form-hidden")
        if closing:
            closed_on = self.query_one("#closed_on", DateInput)
            if not closed_on.text.strip():
                closed_on.set_date(self.today)
            # Bring the closing fields the status opened into view.
            self.call_after_refresh(self._show_closing)

    def _show_closing(self) -> None:
        for closing in self.query("#closing"):
            closing.scroll_visible(animate=False)

    def _refuse(self, sentence: str, widget: Widget | None) -> None:
        super()._refuse(sentence, widget)
        # The sentence takes room from the form: keep the field it points at in view.
        self.call_after_refresh(keep_focus_in_view, self)

    def _share_ticks(self) -> list[TickBox]:
        return [self.query_one(f"#share_{who}", TickBox) for who in SHARE_AUDIENCES]

    def _shared_with(self) -> list[str]:
        ticks = self._share_ticks()
        return [who for who, tick in zip(SHARE_AUDIENCES, ticks, strict=True) if tick.value]

    def action_save(self) -> None:
        if self.saving or self._missing:
            super().action_save()
            return
        texts = [
            whole_text(self.query_one(f"#{name}", TextArea))
            for name in ("description", "action_taken", "outcome")
        ]
        texts += [u.note for u in self.query_one(UpdatesLog).updates()]
        question = safeguarding_question(self._category, *texts)
        if question is None or self._asked_about == texts:
            super().action_save()
            return
        self._asked_about = texts

        def answer(safeguarding: bool | None) -> None:
            if safeguarding:
                self._category = "safeguarding"
                self.query_one("#category", Select).value = "safeguarding"
                self._safeguarding_ticks()
            # After the ticks' own messages, so the save reads them as they now are.
            self.call_later(FormScreen.action_save, self)

        self.app.push_screen(
            ConfirmScreen(
                question,
                yes="Safeguarding",
                no=f"No, {self._category.replace('_', ' ')}",
                title="Safeguarding?",
            ),
            answer,
        )

    def action_new_update(self) -> None:
        for log in self.query(UpdatesLog):
            log.focus_note()

    # --- building the record -----------------------------------------------------------------

    def build(self, for_save: bool) -> SavePlan:
        if self._missing:
            raise FormInvalid("There is nothing here to save: press escape.")

        def area(widget_id: str) -> TextArea:
            return self.query_one(f"#{widget_id}", TextArea)

        def text_of(widget_id: str) -> str | None:
            return whole_text(area(widget_id)).strip() or None

        raised_on = self.query_one("#raised_on", DateInput).value or self.today
        description = text_of("description")
        if description is None:
            if for_save:
                raise FormInvalid(
                    "Description is required: say what the concern is.", area("description")
                )
            description = "(not typed yet)"
        status = self.query_one("#status", Select).value
        status = status if isinstance(status, str) else "open"
        closed_on: date | None = None
        outcome: str | None = None
        if status == "closed":
            closed_input = self.query_one("#closed_on", DateInput)
            closed_on = closed_input.value
            outcome = text_of("outcome")
            if closed_on is None:
                if for_save:
                    raise FormInvalid(
                        "Closed on: type the date the concern was closed, e.g. today.",
                        closed_input,
                    )
                closed_on = self.today
            if closed_on < raised_on:
                raise FormInvalid(
                    "Closed on: the concern cannot close before it was raised: type a later date.",
                    closed_input,
                )
            if outcome is None and for_save:
                raise FormInvalid(CLOSE_WITHOUT_OUTCOME, area("outcome"))
        placement = self.query_one("#placement_id", Select).value
        log = self.query_one(UpdatesLog)
        values: dict[str, Any] = (
            self.concern.model_dump()
            if self.concern is not None
            else {"id": self.new_id("concerns"), "pupil_id": self.pupil_id}
        )
        values.update(
            raised_on=raised_on,
            raised_by=self.query_one("#raised_by", FieldInput).text,
            category=self._category,
            severity=self.query_one("#severity", Select).value,
            placement_id=placement if isinstance(placement, str) else None,
            description=description,
            action_taken=text_of("action_taken"),
            referred_to_dsl=self.query_one("#referred_to_dsl", TickBox).value,
            confidential=self.query_one("#confidential", TickBox).value,
            share_with=self._shared_with(),
            status=status,
            closed_on=closed_on,
            outcome=outcome,
            updates=[u.model_dump() for u in log.updates()],
        )
        try:
            concern = Concern.model_validate(values)
        except ValidationError as error:
            raise FormInvalid(sentence_of(error, CONCERN_LABELS)) from None
        plan = SavePlan(result=concern, pupil_id=self.pupil_id)
        (plan.update if self.concern is not None else plan.add).append(concern)
        return plan

    def saved(self, message: SaveDone) -> None:
        concern = message.result
        if isinstance(concern, Concern):
            what = "closed" if concern.status == "closed" else "saved"
            say(self, f"Concern {what}.", timeout=4)
        super().saved(message)
