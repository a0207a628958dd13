"""The one way a screen saves: it puts what to write in a `SavePlan`, a thread worker writes
it in one store call and reads the new snapshot, and the screen gets `SaveDone` or
`SaveFailed` back. What went wrong reads as one sentence, from one mapping, on every form.

`SavingScreen` is the base of the screens that save; `save_in_worker` runs a plan for any
other owner (the app archives a pupil that way).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

from pydantic import ValidationError
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from alp_tui.caseload import Caseload
from alp_tui.models import Meta, Record
from screens.widgets.text import say
from screens.workspace import Snapshot, Workspace, alp_app, workspace_of
from store import StoreError

ResultT = TypeVar("ResultT")


class FormInvalid(Exception):
    """The form cannot become a record yet; the sentence says which field and what to type."""

    def __init__(self, sentence: str, widget: Widget | None = None) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.widget = widget


@dataclass
class SavePlan:
    """What one save writes, and what the form's preview looks at.

    Records and the settings (`meta`) go in one `store.apply`: all are saved, or none. Like
    a record, the settings carry the `rev` they were read at, so a stale save is refused.
    """

    add: list[Record] = field(default_factory=list)
    update: list[Record] = field(default_factory=list)
    #: The record whose id the form returns once saved (one of add/update).
    result: Record | None = None
    pupil_id: str | None = None
    provider_ids: set[str] = field(default_factory=set)
    meta: Meta | None = None
    #: Run in the worker once the save is written (a draft to remove, say).
    after_write: Callable[[], object] | None = None
    #: What the app says once saved, for a plan saved on its behalf (`save_in_worker(app)`).
    done: str = ""
    #: Judges the caseload under the store's lock just before the write; a sentence back
    #: refuses it (`Store.apply(guard=...)`).
    guard: Callable[[Caseload], str | None] | None = None

    @property
    def records(self) -> list[Record]:
        return [*self.add, *self.update]


class SaveDone(Message):
    """The plan was written; `records` as they are now in the file (added, then updated)."""

    def __init__(
        self,
        plan: SavePlan,
        records: list[Record],
        meta: Meta | None,
        snapshot: Snapshot | None,
    ) -> None:
        super().__init__()
        self.plan = plan
        self.records = records
        self.meta = meta
        #: The caseload after the save (None if the file could not be read again at once).
        self.snapshot = snapshot

    @property
    def result(self) -> Record | None:
        """The saved copy of the plan's `result` record."""
        wanted = self.plan.result
        if wanted is None:
            return None
        for record in self.records:
            if record.TABLE == wanted.TABLE and (not wanted.id or record.id == wanted.id):
                return record
        return None


class SaveFailed(Message):
    """Nothing was written; `error` says why."""

    def __init__(self, plan: SavePlan, error: Exception, snapshot: Snapshot | None) -> None:
        super().__init__()
        self.plan = plan
        self.error = error
        #: The caseload as the store found it while refusing (a stale edit shows what changed).
        self.snapshot = snapshot


# --- what went wrong, in words -----------------------------------------------------------------


def sentence_of(error: ValidationError, labels: dict[str, str] | None = None) -> str:
    """A pydantic error as one sentence, naming the field by its label on the form."""
    first = error.errors(include_url=False)[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    loc = [str(part) for part in first["loc"]]
    label = (labels or {}).get(loc[0]) if loc else None
    if first["type"] == "missing":
        message = "is required"
    sentence = f"{label}: {message}" if label else message
    return sentence[:1].upper() + sentence[1:] + ("" if sentence.endswith(".") else ".")


def failure_sentence(error: Exception, labels: dict[str, str] | None = None) -> str:
    """Why a save did not happen, in one sentence: the one mapping every form uses.

    A refused stale edit names who changed the record and when (the store's words); a disk
    error says the file could not be written; a form or model error names the field.
    """
    if isinstance(error, FormInvalid):
        return error.sentence
    if isinstance(error, ValidationError):
        return sentence_of(error, labels)
    if isinstance(error, StoreError):
        text = str(error)
    elif isinstance(error, OSError):
        text = f"Could not write the caseload file: {error.strerror or error}"
    elif isinstance(error, ValueError):
        text = str(error)
    else:
        text = (
            f"The save failed unexpectedly ({type(error).__name__}: {error}); "
            "what you typed is still here"
        )
    return text if text.endswith((".", "?", "!")) else f"{text}."


def not_saved(error: Exception, labels: dict[str, str] | None = None) -> str:
    """`Not saved: someone changed…` (the store's words) or `Not saved. Date of birth: …`."""
    joint = ":" if isinstance(error, StoreError) else "."
    return f"Not saved{joint} {failure_sentence(error, labels)}"


# --- the worker ----------------------------------------------------------------------------------


def _newest(workspace: Workspace) -> Snapshot | None:
    try:
        return workspace.read_snapshot()
    except (StoreError, OSError):
        return None  # the app's watcher says so when the file cannot be read


def write_plan(workspace: Workspace, plan: SavePlan) -> SaveDone | SaveFailed:
    """Write the plan and read the new snapshot (in a worker thread: this does the IO)."""
    store = workspace.store
    records: list[Record] = []
    meta: Meta | None = None
    try:
        records = store.apply(add=plan.add, update=plan.update, meta=plan.meta, guard=plan.guard)
        if plan.meta is not None:
            meta = store.load().meta
    except Exception as error:  # whatever it was, the screen must hear and stop saving
        return SaveFailed(plan, error, _newest(workspace))
    if plan.after_write is not None:
        # The save stands whatever happens here: what comes after it is tidying only.
        with contextlib.suppress(OSError):
            plan.after_write()
    return SaveDone(plan, records, meta, _newest(workspace))


def save_in_worker(owner: DOMNode, plan: SavePlan) -> None:
    """Write `plan` in a thread worker of `owner`, which then gets SaveDone or SaveFailed."""
    workspace = workspace_of(owner)

    def save() -> None:
        owner.post_message(write_plan(workspace, plan))

    owner.run_worker(
        save, thread=True, exclusive=True, exit_on_error=False, group="save", name="save"
    )


class SavingScreen(Screen[ResultT]):
    """A screen that saves through `start_save`: the newest snapshot shows as soon as the
    save is written, then `saved` (or `save_failed`) lets the screen react."""

    #: Field name -> label, for sentences from the models' own validation.
    labels: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        super().__init__()
        #: A save is being written now.
        self.saving = False
        #: What a merged stale save combined, said once it is written (screens.stale_merge).
        self.merge_note = ""

    def start_save(self, plan: SavePlan) -> bool:
        """Save `plan` in a worker; False (and nothing started) while a save still runs."""
        if self.saving:
            return False
        self.saving = True
        save_in_worker(self, plan)
        return True

    def on_save_done(self, message: SaveDone) -> None:
        message.stop()
        self.saving = False
        if message.snapshot is not None:
            alp_app(self).show_snapshot(message.snapshot)
        if self.merge_note:
            say(self.app, self.merge_note, title="Merged", timeout=12)
            self.merge_note = ""
        self.saved(message)

    def on_save_failed(self, message: SaveFailed) -> None:
        message.stop()
        self.saving = False
        self.merge_note = ""
        if message.snapshot is not None:
            alp_app(self).show_snapshot(message.snapshot)
        self.save_failed(message)

    # --- for subclasses -------------------------------------------------------------------

    def saved(self, message: SaveDone) -> None:
        """The plan was written and the new snapshot is showing."""

    def save_failed(self, message: SaveFailed) -> None:
        """Nothing was written: by default, say why."""
        self.say_not_saved(message.error)

    def say_not_saved(self, error: Exception) -> None:
        say(self, failure_sentence(error, self.labels), title="Not saved", severity="error")
