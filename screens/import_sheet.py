"""Importing the school's spreadsheet: type the CSV file's path (the data file's folder to
start with; right arrow takes the suggested name), enter reads and checks it, the screen
shows every line it would add, or every bad line and field; `ctrl+s` saves the whole file
in one write, or nothing is.

The reading is `alp_tui.spreadsheet`'s, the same as `alp-tui import`'s.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from alp_tui.caseload import Caseload
from alp_tui.rules import Problem
from alp_tui.spreadsheet import (
    COLUMNS,
    ImportPlan,
    ImportRefused,
    conflicts,
    problems_after,
    read_spreadsheet,
    row_words,
)
from screens.saving import SaveDone, SaveFailed, SavePlan, SavingScreen, failure_sentence
from screens.widgets.keys_footer import KeysFooter
from screens.widgets.problems import severity_style
from screens.widgets.text import say
from screens.widgets.title_header import TitleHeader
from screens.workspace import workspace_of
from store import id_maker

HELP = (
    "Save the sheet as CSV (in Excel: CSV UTF-8). Its first row names the columns, in any "
    f"order and case: {', '.join(COLUMNS)}. A row naming a provider adds an active "
    "placement there (start_date and focus then needed). Type the file's path, then enter."
)


class CsvSuggester(Suggester):
    """Suggests the rest of a folder or `.csv` file name from what is typed so far."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = os.path.expanduser(value)
        folder, start = os.path.split(typed)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(".") or not name.startswith(start) or name == start:
                continue
            full = os.path.join(folder, name)
            if os.path.isdir(full) or name.lower().endswith(".csv"):
                suggestion = value[: len(value) - len(start)] + name
                return suggestion + (os.sep if os.path.isdir(full) else "")
        return None


class SheetRead(Message):
    """The worker read and checked a file: a plan to confirm, or what to mend."""

    def __init__(
        self,
        path: Path,
        *,
        plan: ImportPlan | None = None,
        refused: list[str] | None = None,
        flagged: list[Problem] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.plan = plan
        self.refused = refused or []
        self.flagged = flagged or []


class ImportScreen(SavingScreen[None]):
    """Pupils and their placements from a spreadsheet, checked, shown, then saved at once."""

    CSS_PATH = "import_sheet.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Import", tooltip="Add everything shown, in one save",
                id="import.save"),
        Binding("escape", "back", "Back", tooltip="Back, importing nothing", id="import.back"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        #: The plan on screen, read from `path`, waiting to be confirmed.
        self.plan: ImportPlan | None = None
        self.path: Path | None = None

    def compose(self) -> ComposeResult:
        folder = workspace_of(self).store.path.parent
        yield TitleHeader()
        yield Static(Text(HELP), id="import-help", classes="hint")
        with Horizontal(id="import-row"):
            yield Label("CSV file", id="import-label")
            yield Input(
                str(folder) + os.sep,
                id="import-path",
                compact=True,
                suggester=CsvSuggester(),
                select_on_focus=False,
            )
        with VerticalScroll(id="import-result"):
            yield Static(Text("Nothing read yet."), id="import-lines", classes="empty")
        yield Static("", id="import-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Import from a spreadsheet"
        box = self.query_one("#import-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    # --- reading -----------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _read(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or text.endswith(os.sep):
            self._status("Type the CSV file's name after the folder, then enter.", error=True)
            return
        path = Path(text).expanduser()
        self.plan = None
        self._status(f"Reading {path.name} …")
        self._read_sheet(path, workspace_of(self).caseload)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-read")
    def _read_sheet(self, path: Path, caseload: Caseload) -> None:
        """Read and check the file off the UI thread (a large sheet, a slow share)."""
        if not path.is_file():
            what = "is not a file" if path.exists() else "does not exist"
            self.post_message(
                SheetRead(path, refused=[f"{path} {what}: type the path of the CSV file."])
            )
            return
        try:
            data = path.read_bytes()
            plan = read_spreadsheet(data, caseload, id_maker(caseload))
        except ImportRefused as refused:
            self.post_message(SheetRead(path, refused=refused.sentences))
            return
        except OSError as error:
            sentence = f"{path} cannot be read ({error.strerror or error})."
            self.post_message(SheetRead(path, refused=[sentence]))
            return
        flagged = problems_after(plan, caseload, workspace_of(self).today)
        self.post_message(SheetRead(path, plan=plan, flagged=flagged))

    @on(SheetRead)
    def _show(self, message: SheetRead) -> None:
        lines = self.query_one("#import-lines", Static)
        lines.remove_class("empty")
        text = Text()
        if message.plan is None:
            self.plan = None
            count = len(message.refused)
            text.append(
                f"!! {message.path.name} cannot be imported as it is; "
                f"{count} thing{'' if count == 1 else 's'} to mend (nothing was written):",
                style="bold",
            )
            for sentence in message.refused:
                text.append(f"\n!! {sentence}")
            lines.update(text)
            self._status("Mend the file and press enter in the path to read it again.", error=True)
            return
        self.plan, self.path = message.plan, message.path
        text.append(f"{message.path.name} would add:", style="bold")
        for row in message.plan.rows:
            text.append(f"\n  {row_words(row)}")
        if message.flagged:
            text.append("\nOnce imported, these would be flagged:", style="bold")
            colours = self.app.theme_variables
            for problem in message.flagged:
                text.append("\n")
                text.append(
                    f"  {problem.marker} {problem.message}",
                    severity_style(problem.severity, colours),
                )
        lines.update(text)
        self._status(f"{message.plan.summary()}. ctrl+s imports it all; escape imports nothing.")

    def _status(self, sentence: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(Text(sentence))
        status.set_class(error, "-error")

    # --- saving ------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        plan = self.plan
        if plan is None:
            self._status("Read a file first: type its path and press enter.", error=True)
            self.app.bell()
            return

        def still_holds(now: Caseload) -> str | None:
            return " ".join(conflicts(plan, now)) or None

        self._status("Importing …")
        self.start_save(SavePlan(add=plan.records, guard=still_holds))

    def saved(self, message: SaveDone) -> None:
        assert self.plan is not None
        say(self.app, f"Imported {self.plan.summary()}.", title="Imported", timeout=8)
        self.plan = None
        self.app.pop_screen()

    def save_failed(self, message: SaveFailed) -> None:
        # Nothing was written. The caseload may have changed meanwhile (a pupil added by
        # someone else), so the file is read again before it can be imported.
        self.plan = None
        sentence = failure_sentence(message.error)
        self._status(f"Not imported: {sentence} Press enter in the path to read the file again.",
                     error=True)  # fmt: skip
        say(self, sentence, title="Not imported", severity="error", timeout=10)

    def action_back(self) -> None:
        self.app.pop_screen()
