"""What every record form shares: validation as you type, the problems the record would
cause shown before saving, `ctrl+s` saving through the one save path (screens.saving),
keys typed ahead landing in the right field (screens.form_keys), `escape` asking before it
drops typing, and a refused stale edit merged with the other version (screens.stale_merge).

A form subclass composes its fields (`compose_fields`) and turns them into records
(`build`); this base does the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from alp_tui.caseload import Caseload
from alp_tui.models import Placement, Record
from alp_tui.rules import Problem, find_problems, problems_about
from screens.confirm import ConfirmScreen
from screens.form_keys import FORM_KEYS, keep_focus_in_view, move_on
from screens.messages import CaseloadChanged
from screens.saving import (
    FormInvalid,
    SaveDone,
    SaveFailed,
    SavePlan,
    SavingScreen,
    not_saved,
)
from screens.stale_merge import MERGE_LEFT, offer_merge
from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import (
    FieldInput,
    FormControl,
    ProblemPreview,
    set_text,
    shown,
)
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.list_editor import ListEditor
from screens.workspace import workspace_of
from store import StaleEditError, new_id


def preview_problems(
    base: Caseload,
    changed: Iterable[Record],
    today: date,
    *,
    pupil_id: str | None = None,
    provider_ids: Iterable[str] = (),
) -> list[Problem]:
    """The problems of one pupil (and of the providers involved) once `changed` is saved.

    Only the records that can matter are copied into a small caseload: the pupil's own,
    and the other pupils placed at the same providers (for the registration risk), so the
    preview stays instant on a large caseload.
    """
    changed = list(changed)
    providers = set(provider_ids)
    placements: dict[str, Placement] = {}
    if pupil_id:
        placements.update((p.id, p) for p in base.placements_of(pupil_id))
    for record in changed:
        if isinstance(record, Placement):
            placements[record.id] = record
    providers.update(p.provider_id for p in placements.values())

    mini = Caseload(meta=base.meta, providers=dict(base.providers))
    if pupil_id and pupil_id in base.pupils:
        mini.pupils[pupil_id] = base.pupils[pupil_id]
        for concern in base.concerns_of(pupil_id):
            mini.concerns[concern.id] = concern
    for provider_id in providers:
        for other in base.placements_at(provider_id):
            mini.placements[other.id] = other
            if other.pupil_id in base.pupils:
                mini.pupils[other.pupil_id] = base.pupils[other.pupil_id]
    for placement in placements.values():
        mini.placements[placement.id] = placement
        for target in base.targets_of(placement.id):
            mini.targets[target.id] = target
        for contact in base.contacts_of(placement.id):
            mini.contacts[contact.id] = contact
        for review in base.reviews_of(placement.id):
            mini.reviews[review.id] = review
        transition = base.transition_of(placement.id)
        if transition is not None:
            mini.transitions[transition.id] = transition
    for record in changed:
        mini.put(record)
    mini.invalidate()
    return problems_about(find_problems(mini, today), pupil_id, providers)


class FormScreen(SavingScreen[str | None]):
    """Base of the record forms; dismisses with the saved record's id, or None."""

    CSS_PATH = "forms.tcss"
    AUTO_FOCUS = "#form-body Input, #form-body Checkbox, #form-body Select"

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save this form",
            id="form.save",
            # Not a priority key: it waits behind the keys typed before it, so the save
            # sees every character.
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Leave the form (asks first if you have typed anything)",
            id="form.back",
        ),
        *FORM_KEYS,
    ]

    #: The form's heading.
    heading: ClassVar[str] = ""
    #: What the preview says when the record causes no problems.
    none_text: ClassVar[str] = "no problems"

    def __init__(self) -> None:
        super().__init__()
        #: Ids given to records this form creates, fixed for its lifetime so the preview
        #: and the save agree (a new pupil's placement refers to the pupil by its id).
        self._new_ids: dict[str, str] = {}
        self._clean_state: object = None
        self._error_boxes: dict[Widget, Static] = {}
        self._preview_queued = False
        #: A save was refused as stale: the status says so until the form is reloaded.
        self._refused_stale = False
        #: The caseloads the form's records were read from (see screens.stale_merge).
        self._read_from: list[Caseload] = []

    # --- for subclasses ----------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError
        yield  # pragma: no cover

    def build(self, for_save: bool) -> SavePlan:
        """The records this form would save.

        for_save=False (the preview) is lenient: a missing name does not stop it. Raises
        FormInvalid when the records cannot be built.
        """
        raise NotImplementedError

    def load(self) -> None:
        """Read the records being edited from the workspace (on compose and on reload)."""

    def heading_text(self) -> str:
        return self.heading

    # --- data ----------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return workspace_of(self).today

    @property
    def caseload(self) -> Caseload:
        return workspace_of(self).caseload

    def new_id(self, table: str) -> str:
        """A fresh id for a record of `table` this form creates (the same one each time)."""
        if table not in self._new_ids:
            self._new_ids[table] = new_id(table, self.caseload.table(table))
        return self._new_ids[table]

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The version the form opens on: a stale save is merged against it.
        self._read_from = [self.caseload]
        self.load()
        yield Label(Text(self.heading_text()), id="form-heading")
        with VerticalScroll(id="form-body"):
            yield from self.compose_fields()
        yield ProblemPreview(id="form-preview")
        yield Static("", id="form-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._settled)

    def _settled(self) -> None:
        self.mark_clean()
        self.queue_preview()
        first = self.first_focus()
        if first is not None:
            first.focus()

    def first_focus(self) -> Widget | None:
        """Where the cursor starts, if not in the first field."""
        return None

    # --- dirty tracking ----------------------------------------------------------------

    def form_state(self) -> object:
        state: list[Any] = []
        for widget in self.query("#form-body *"):
            custom = getattr(widget, "form_state", None)
            if callable(custom):
                state.append(custom())
            elif isinstance(widget, (Checkbox, Select)) or (
                isinstance(widget, Input) and not isinstance(widget.parent, DateInput)
            ):
                state.append(widget.value)
            elif isinstance(widget, TextArea):
                state.append(widget.text)
        return state

    def mark_clean(self) -> None:
        self._clean_state = self.form_state()

    @property
    def dirty(self) -> bool:
        return self.form_state() != self._clean_state

    # --- validation and preview ----------------------------------------------------------

    def controls(self) -> list[FormControl]:
        """The form's checkable controls in screen order, hidden ones left out."""
        return [
            w
            for w in self.query("#form-body *")
            if isinstance(w, FormControl) and isinstance(w, Widget) and shown(w)
        ]

    def first_problem(self, for_save: bool) -> tuple[Widget, str] | None:
        for control in self.controls():
            sentence = control.problem(for_save)
            if sentence:
                assert isinstance(control, Widget)
                return control, sentence
        return None

    def show_field_error(self, control: Widget, sentence: str | None) -> None:
        """Show (or clear) a control's sentence: under its row, or in its own place."""
        own = getattr(control, "show_problem", None)
        if callable(own):
            own(sentence)
            return
        if isinstance(control, Input):
            control.set_class(sentence is not None, "-invalid")
        box = self._error_boxes.get(control)
        if box is None:
            row = control.parent
            if not sentence or not isinstance(row, Widget) or not row.has_class("form-row"):
                return
            # Made on first need: most fields never show one, and every widget costs
            # time when the form opens.
            box = self._error_boxes[control] = Static(classes="form-error")
            container = row.parent
            assert isinstance(container, Widget)
            container.mount(box, after=row)
        set_text(box, f"!! {sentence}" if sentence else "")
        box.set_class(sentence is not None, "-shown")

    def field_error(self, control: Widget) -> str:
        """The sentence shown under a control now ('' for none)."""
        box = self._error_boxes.get(control)
        return str(box.content) if box is not None and box.has_class("-shown") else ""

    def queue_preview(self) -> None:
        # Many changes in one refresh (a paste, a recompose) make one preview.
        if not self._preview_queued:
            self._preview_queued = True
            self.call_after_refresh(self._update_preview)

    def _update_preview(self) -> None:
        self._preview_queued = False
        found = list(self.query("#form-preview").results(ProblemPreview))
        if not found:
            return  # the form closed (saved) before the queued preview ran
        preview = found[0]
        try:
            plan = self.build(for_save=False)
        except FormInvalid as invalid:
            preview.show_note(f"Problems show here once the form is complete: {invalid.sentence}")
            return
        workspace = workspace_of(self)
        problems = preview_problems(
            workspace.caseload,
            plan.records,
            workspace.today,
            pupil_id=plan.pupil_id,
            provider_ids=plan.provider_ids,
        )
        self.show_preview(preview, plan, problems)
        # A longer preview leaves less room above it: keep the field being typed in view.
        self.call_after_refresh(keep_focus_in_view, self)

    def show_preview(
        self, preview: ProblemPreview, plan: SavePlan, problems: list[Problem]
    ) -> None:
        """Show what saving would raise (a form may add what it knows more)."""
        preview.show_problems(problems, none_text=self.none_text)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FieldInput):
            self.show_field_error(event.input, event.input.problem(typing=True))
        self.queue_preview()

    @on(Input.Blurred)
    def _input_left(self, event: Input.Blurred) -> None:
        if isinstance(event.input, FieldInput):
            self.show_field_error(event.input, event.input.problem())

    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(DateInput.Changed)
    @on(TextArea.Changed)
    @on(ListEditor.Changed)
    def _something_changed(self) -> None:
        self.queue_preview()

    @on(CaseloadChanged)
    def _caseload_changed(self) -> None:
        # Another user's save: what this form would cause may have changed too.
        self.queue_preview()
        if self.saving or self._refused_stale:
            return
        caseload = self.caseload
        for record in self.editing():
            current = caseload.table(record.TABLE).get(record.id)
            if current is None:
                self.set_status("!! This record was deleted by someone else since you opened it.")
            elif current.rev != record.rev:
                who = caseload.meta.staff_name(current.updated_by) or "someone"
                self.set_status(
                    f"! {who} changed this record since you opened it: saving will merge "
                    "your typing with their version."
                )

    def editing(self) -> list[Record]:
        """The stored records this form changes (to notice someone else changing them)."""
        return []

    # --- moving between fields ----------------------------------------------------------

    def action_key(self, key: str) -> None:
        move_on(self, key)

    # --- saving --------------------------------------------------------------------------

    def set_status(self, sentence: str | None, *, error: bool = True) -> None:
        status = self.query_one("#form-status", Static)
        set_text(status, sentence or "")
        status.set_class(bool(sentence) and error, "-error")
        status.set_class(bool(sentence) and not error, "-busy")

    def action_save(self) -> None:
        if self.saving:
            return
        found = self.first_problem(for_save=True)
        if found is not None:
            control, sentence = found
            self.show_field_error(control, sentence)
            self._refuse(sentence, control)
            return
        try:
            plan = self.build(for_save=True)
        except FormInvalid as invalid:
            self._refuse(invalid.sentence, invalid.widget)
            return
        self.set_status("Saving …", error=False)
        self.start_save(plan)

    def _refuse(self, sentence: str, widget: Widget | None) -> None:
        self.set_status(f"!! Not saved. {sentence}")
        self.app.bell()
        if widget is not None:
            widget.focus()

    def saved(self, message: SaveDone) -> None:
        result = message.result
        self.dismiss(result.id if result is not None else None)

    def save_failed(self, message: SaveFailed) -> None:
        error = message.error
        if offer_merge(self, message, self._read_from, self._merge_left):
            self.set_status("Someone else saved this meanwhile: merging …", error=False)
            return
        self.set_status(f"!! {not_saved(error, self.labels)}")
        if isinstance(error, StaleEditError):
            self._refused_stale = True
            question = Text(
                f"{not_saved(error)}\n\nLoad the saved version instead? "
                "What you typed on this form will be lost."
            )
            self.app.push_screen(
                ConfirmScreen(question, yes="Load theirs", no="Keep my typing", title="Changed"),
                self._reload_answer,
            )
            return
        self.say_not_saved(error)

    def _merge_left(self) -> None:
        self.set_status(f"!! {MERGE_LEFT}")

    def _reload_answer(self, answer: bool | None) -> None:
        if answer:
            self.reload()

    def reload(self) -> None:
        """Show the saved version of the records (after a refused stale edit)."""
        self.run_worker(self._recompose(), exclusive=True, group="form-reload")

    async def _recompose(self) -> None:
        self._error_boxes.clear()
        self._refused_stale = False
        await self.recompose()
        self.set_status("Loaded the saved version.", error=False)
        self.call_after_refresh(self._settled)

    # --- leaving -------------------------------------------------------------------------

    def action_back(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen(
                "Drop what you typed on this form? It has not been saved.",
                yes="Drop it",
                no="Keep typing",
                title="Unsaved typing",
            ),
            self._back_answer,
        )

    def _back_answer(self, answer: bool | None) -> None:
        if answer:
            self.dismiss(None)
