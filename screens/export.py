"""Export the Word review note for one pupil: whom it is for, the period, the folder.

`ExportScreen(pupil_id)` is a dialog; the note is written in a worker, an existing file is
replaced only after asking, and the dialog shows where the file went. It dismisses with the
path of the last note written, or None. Notes go to the export folder of the settings (else
`notes/` beside the data file; the demo's to the documents folder) unless another is typed.

Before a provider's or parents' copy is written, the release preview shows what it carries
and holds back (`screens.release_preview`); the choices made there are saved on the items
in one store call, then the note is written from the caseload as saved.

Whom the note is for decides what it leaves out, so the choice is shown in words as well as
colour (`(•) Parents and carers`), starts at the provider's copy every time the dialog opens
(never the school's full copy), and is named on the export button.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from alp_tui.caseload import Caseload
from alp_tui.models import Record
from exports import (
    ExportError,
    SeveralProvidersError,
    export_note,
    note_items,
    note_path,
    template_for,
)
from exports.content import covered_placements, period_for
from screens.confirm import ConfirmScreen
from screens.release_preview import ReleasePreview
from screens.widgets.text import say
from screens.widgets.tick_box import MarkedRadio
from screens.workspace import Snapshot, alp_app, workspace_of
from store import StaleEditError, StoreError, make_notes_folder

AUDIENCE_LABELS: dict[str, str] = {
    "school": "The school's file",
    "provider": "The provider",
    "parent": "Parents and carers",
}
#: What the export button and the status line call each copy.
AUDIENCE_WORDS: dict[str, str] = {
    "school": "SCHOOL",
    "provider": "PROVIDER",
    "parent": "PARENT",
}
#: The copy chosen when the dialog opens: leaves out everything confidential, like the
#: parents' copy, so a slip of the keys never sends out the school's full copy.
DEFAULT_AUDIENCE = "provider"
SCHOOL_WARNING = (
    "! The full confidential copy, for the school's own file: it holds safeguarding "
    "concerns, any child-protection plan and carers' details. Never send it out."
)
DEFAULT_WEEKS = 6
MAX_WEEKS = 104
ALL_PLACEMENTS = "all"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class ChoiceSet(RadioSet):
    """Radio buttons where the arrow keys move the choice itself and stop at the ends.

    Textual's own set has a cursor apart from the choice, which wraps round from the last
    button to the first; under no colour the two cannot be told apart, and "down, down"
    from the middle lands back on the first button. Here the choice changes at once, so
    keys typed quickly one after another each start from the choice the last one made.
    """

    BINDINGS = [
        Binding("down,right", "move(1)", "Next option", show=False),
        Binding("up,left", "move(-1)", "Previous option", show=False),
    ]

    def on_mount(self) -> None:
        # RadioSet's own mount handler (which runs after this one) puts its cursor on the
        # first button; move it to the chosen one once that is done.
        self.call_later(self._cursor_to_choice)

    def _cursor_to_choice(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def _choose(self, index: int) -> None:
        buttons = list(self.query_children(RadioButton))
        chosen = buttons[index]
        self._selected = index
        if chosen is self.pressed_button and chosen.value:
            return
        # Set every button here rather than through the buttons' own messages, which
        # would land after the next key has been read.
        with self.prevent(RadioButton.Changed):
            for button in buttons:
                button.value = button is chosen
        self._pressed_button = chosen
        self.post_message(self.Changed(self, chosen))

    def action_move(self, step: int) -> None:
        buttons = list(self.query_children(RadioButton))
        enabled = [i for i, button in enumerate(buttons) if not button.disabled]
        if not enabled:
            return
        current = self.pressed_index
        if current < 0:
            self._choose(enabled[0] if step > 0 else enabled[-1])
            return
        ahead = [i for i in enabled if (i > current if step > 0 else i < current)]
        if ahead:
            self._choose(ahead[0] if step > 0 else ahead[-1])

    def action_toggle_button(self) -> None:
        # Enter and space choose the highlighted button; they never leave none chosen.
        if self.pressed_index < 0 and self._selected is not None:
            self._choose(self._selected)


class ExportScreen(ModalScreen[Path | None]):
    """Choose the audience, period and folder, then write the note."""

    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", tooltip="Write the review note", id="export.run"),
        Binding("escape", "close", "Close", tooltip="Close the dialog", id="export.close"),
    ]

    class Exists(Message):
        """The file is there already: ask before replacing it."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class Written(Message):
        def __init__(self, path: Path, audience: str, held: int) -> None:
            super().__init__()
            self.path = path
            self.audience = audience
            #: How many items a shared copy held back.
            self.held = held

    class ChoicesSaved(Message):
        """The release preview's choices are saved; the snapshot holds them."""

        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    class Failed(Message):
        def __init__(self, sentence: str, field: str | None = None) -> None:
            super().__init__()
            self.sentence = sentence
            #: The choice to put right (a selector), if one is to blame.
            self.field = field

    def __init__(self, pupil_id: str, *, folder: Path | None = None) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        #: The folder typed at first: the given one, else the default export folder.
        self.folder = folder
        #: The last note written from this dialog (what it dismisses with).
        self.written: Path | None = None
        self._request: tuple[str, int | None, Path, str | None] | None = None
        #: The records the release preview's choices changed, saved before the note.
        self._choices: list[Record] = []

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ws = workspace_of(self)
        caseload = ws.caseload
        if self.folder is None:
            self.folder = ws.notes_folder()
        pupil = caseload.pupils.get(self.pupil_id)
        name = pupil.display_name if pupil else self.pupil_id
        with Vertical(id="export-box") as box:
            box.border_title = Text(f"Review note: {name}")
            with Horizontal(classes="export-row"):
                yield Label("For", classes="export-label")
                with ChoiceSet(id="export-audience", compact=True):
                    for key, label in AUDIENCE_LABELS.items():
                        yield MarkedRadio(
                            label, value=key == DEFAULT_AUDIENCE, id=f"audience-{key}"
                        )
            yield Static(Text(SCHOOL_WARNING), id="export-school-warning")
            placements = self._placement_options(caseload)
            if len(placements) > 2:  # "all" and two or more placements to choose from
                with Horizontal(classes="export-row"):
                    yield Label("Placement", classes="export-label")
                    yield Select(
                        placements,
                        value=ALL_PLACEMENTS,
                        allow_blank=False,
                        id="export-placement",
                        compact=True,
                    )
            with Horizontal(classes="export-row"):
                yield Label("Period", classes="export-label")
                with ChoiceSet(id="export-period", compact=True):
                    yield MarkedRadio(
                        Text(self._default_period_words(caseload)), value=True, id="period-default"
                    )
                    yield MarkedRadio("The last N weeks (N below)", id="period-weeks")
            with Horizontal(classes="export-row"):
                yield Label("Weeks (N)", classes="export-label")
                yield Input(
                    str(DEFAULT_WEEKS),
                    type="integer",
                    max_length=3,
                    id="export-weeks",
                    compact=True,
                    tooltip="How many weeks back from today",
                )
            with Horizontal(classes="export-row"):
                yield Label("Folder", classes="export-label")
                yield Input(str(self.folder), id="export-folder", compact=True)
            if ws.demo:
                yield Static(
                    Text("The demo's file is temporary: its notes go to your documents folder."),
                    classes="hint",
                )
            template = template_for(caseload.meta, ws.store.path)
            letterhead = f"Letterhead: {template}" if template else "Letterhead: none (plain A4)"
            yield Static(Text(letterhead), id="export-template", classes="hint")
            yield Static("", id="export-status")
            with Horizontal(id="export-buttons"):
                yield Button("Close", id="export-close")
                yield Button(self._run_label(DEFAULT_AUDIENCE), id="export-run", variant="primary")

    def on_mount(self) -> None:
        if self.pupil_id not in workspace_of(self).caseload.pupils:
            say(self.app, "That pupil is no longer on the caseload.", severity="error")
            self.dismiss(None)
            return
        self._show_audience(DEFAULT_AUDIENCE)
        self.query_one("#export-audience", RadioSet).focus()

    def _placement_options(self, caseload: Caseload) -> list[tuple[Text, str]]:
        try:
            placements = covered_placements(caseload, self.pupil_id)
        except ExportError:
            return []
        # Text, as a provider's name is user text and a str would be read as markup.
        options = [(Text("All current placements"), ALL_PLACEMENTS)]
        for placement in placements:
            provider = caseload.provider_of(placement)
            options.append((Text(provider.name if provider else placement.id), placement.id))
        return options

    def _default_period_words(self, caseload: Caseload) -> str:
        try:
            placements = covered_placements(caseload, self.pupil_id)
        except ExportError:
            return "Since the last review"
        today = workspace_of(self).today
        periods = [period_for(caseload, p, today) for p in placements]
        if len(periods) == 1:
            basis = periods[0].basis
            return basis[0].upper() + basis[1:]
        return "Since each placement's last review (or start)"

    # --- choosing --------------------------------------------------------------------

    @staticmethod
    def _run_label(audience: str) -> str:
        if audience == "school":
            return f"Export the {AUDIENCE_WORDS[audience]} note (ctrl+s)"
        return f"Check and export the {AUDIENCE_WORDS[audience]} note (ctrl+s)"

    @property
    def audience(self) -> str | None:
        """The audience chosen now ("school", "provider" or "parent"), or None."""
        pressed = self.query_one("#export-audience", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return pressed.id.removeprefix("audience-")

    def _show_audience(self, audience: str | None) -> None:
        run = self.query_one("#export-run", Button)
        run.label = self._run_label(audience) if audience else "Export (ctrl+s)"
        self.query_one("#export-school-warning", Static).display = audience == "school"

    @on(RadioSet.Changed, "#export-audience")
    def _audience_chosen(self) -> None:
        self._show_audience(self.audience)

    @on(Input.Changed, "#export-weeks")
    def _weeks_typed(self, event: Input.Changed) -> None:
        # Typing a number of weeks means "the last N weeks".
        if event.input.has_focus:
            self.query_one("#period-weeks", RadioButton).value = True

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Text(text))
        status.set_classes(f"-{kind}")

    def _chosen(self) -> tuple[str, int | None, Path, str | None] | None:
        """What was chosen, or None (with the reason shown) if something needs fixing."""
        audience = self.audience
        if audience is None:
            self._status("Choose whom the note is for.", "error")
            self.query_one("#export-audience", RadioSet).focus()
            return None
        weeks: int | None = None
        if self.query_one("#period-weeks", RadioButton).value:
            text = self.query_one("#export-weeks", Input).value.strip()
            if not text.isdigit() or not 1 <= int(text) <= MAX_WEEKS:
                self._status(f"Type a number of weeks from 1 to {MAX_WEEKS}.", "error")
                self.query_one("#export-weeks", Input).focus()
                return None
            weeks = int(text)
        folder_text = self.query_one("#export-folder", Input).value.strip()
        if not folder_text:
            self._status("Type the folder to save the note in.", "error")
            self.query_one("#export-folder", Input).focus()
            return None
        placement_id: str | None = None
        for select in self.query("#export-placement").results(Select):
            value = select.value
            if isinstance(value, str) and value != ALL_PLACEMENTS:
                placement_id = value
        return audience, weeks, Path(folder_text).expanduser(), placement_id

    @on(Button.Pressed, "#export-run")
    def action_export(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        self._request = chosen
        self._choices = []
        audience, weeks, folder, placement_id = chosen
        ws = workspace_of(self)
        try:
            # What would stop the note, found before the lead spends time on the preview.
            note_items(ws.caseload, self.pupil_id, audience, ws.today, weeks,
                       placement_id=placement_id)  # fmt: skip
            if folder != ws.notes_folder() and not folder.is_dir():
                raise ExportError(f"there is no folder {folder}: type a folder that exists")
            # The default folder is made as the note is written; nothing is in it yet.
            path = (
                note_path(ws.caseload, self.pupil_id, audience, folder, ws.today)
                if folder.is_dir()
                else None
            )
        except SeveralProvidersError as error:
            self._failed(self.Failed(str(error), field="#export-placement"))
            return
        except ExportError as error:
            self._failed(self.Failed(str(error)))
            return
        if path is not None and path.exists():
            self._ask_to_replace(self.Exists(path), then=self._check_and_write)
            return
        self._check_and_write(force=False)

    def _check_and_write(self, *, force: bool) -> None:
        """Write the note; a shared copy only after the release preview."""
        assert self._request is not None
        audience, weeks, _folder, placement_id = self._request
        if audience == "school":
            self._start(force=force)
            return

        def previewed(changed: list[Record] | None) -> None:
            if changed is None:
                self._status("Not exported: nothing was written or saved.", "error")
                return
            self._choices = changed
            self._start(force=force)

        self.app.push_screen(
            ReleasePreview(self.pupil_id, audience, weeks=weeks, placement_id=placement_id),
            previewed,
        )

    @on(Button.Pressed, "#export-close")
    def action_close(self) -> None:
        self.dismiss(self.written)

    def _start(self, *, force: bool) -> None:
        assert self._request is not None
        self.query_one("#export-run", Button).disabled = True
        audience, weeks, folder, placement_id = self._request
        self._status(f"Writing the {AUDIENCE_WORDS[audience]} note…", "busy")
        self._write(audience, weeks, folder, placement_id, force, list(self._choices))

    # --- writing (in a worker) ---------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write(
        self,
        audience: str,
        weeks: int | None,
        folder: Path,
        placement_id: str | None,
        force: bool,
        choices: list[Record],
    ) -> None:
        ws = workspace_of(self)
        try:
            if folder == ws.notes_folder():
                make_notes_folder(folder, ws.store.path, ws.caseload.meta, demo=ws.demo)
            elif not folder.is_dir():
                raise ExportError(f"there is no folder {folder}: type a folder that exists")
            caseload = ws.caseload
            path = note_path(caseload, self.pupil_id, audience, folder, ws.today)
            if path.exists() and not force:
                self.post_message(self.Exists(path))
                return
            if choices:
                # The lead's choices, saved on the items in one write; the note is then
                # written from the caseload as saved.
                ws.store.apply(update=choices)
                snapshot = ws.read_snapshot()
                self.post_message(self.ChoicesSaved(snapshot))
                caseload = snapshot.caseload
            written = export_note(
                caseload,
                self.pupil_id,
                audience,
                folder,
                ws.today,
                weeks=weeks,
                force=force,
                template=template_for(caseload.meta, ws.store.path),
                placement_id=placement_id,
            )
        except SeveralProvidersError as error:
            self.post_message(self.Failed(str(error), field="#export-placement"))
        except StaleEditError as error:
            self.post_message(
                self.Failed(
                    f"your choices were not saved and nothing was written: {error}; export "
                    "again to see their version"
                )
            )
        except (ExportError, StoreError) as error:
            self.post_message(self.Failed(str(error)))
        except OSError as error:
            self.post_message(self.Failed(f"the note could not be saved: {error.strerror}"))
        except Exception as error:  # never leave the dialog stuck on "Writing…"
            self.post_message(
                self.Failed(f"unexpected error ({type(error).__name__}: {error}); please report it")
            )
        else:
            held = len(written.held) if audience != "school" else 0
            self.post_message(self.Written(written.path, audience, held))

    @on(ChoicesSaved)
    def _choices_saved(self, message: ChoicesSaved) -> None:
        self._choices = []  # saved: a second try (replacing the file) must not save again
        alp_app(self).show_snapshot(message.snapshot)

    @on(Exists)
    def _ask_to_replace(self, message: Exists, then: Callable[..., None] | None = None) -> None:
        def answered(replace: bool | None) -> None:
            if replace:
                (then or self._start)(force=True)
            else:
                self.query_one("#export-run", Button).disabled = False
                self._status(f"Not exported: {message.path.name} was kept as it is.", "error")

        self.app.push_screen(
            ConfirmScreen(
                f"{message.path.name} already exists in {message.path.parent}. Replace it?",
                yes="Replace",
                no="Keep it",
                title="Replace the note?",
            ),
            answered,
        )

    @on(Written)
    def _written(self, message: Written) -> None:
        self.written = message.path
        self.query_one("#export-run", Button).disabled = False
        words = AUDIENCE_WORDS[message.audience]
        held = ""
        if message.audience != "school":
            held = f" (held back {message.held} item{'' if message.held == 1 else 's'})"
        self._status(f"Saved the {words} note{held}: {message.path}", "done")
        say(self.app, f"The {words} review note was saved to {message.path}", title="Exported")

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one("#export-run", Button).disabled = False
        sentence = _sentence(message.sentence)
        self._status(sentence, "error")
        if message.field is not None:
            for field in self.query(message.field):
                field.focus()
        say(self.app, sentence, title="Not exported", severity="error")
