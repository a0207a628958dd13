"""First run: there is no caseload file yet. Show where it would go, ask for the school's
name, and create it only when the user says so (dismisses with the new Store, or None)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from alp_tui.models import Meta
from screens.widgets.keys_footer import KeysFooter
from store import Store, StoreError


class FirstRunScreen(Screen[Store | None]):
    """Ask before creating a new caseload file at `path`."""

    BINDINGS = [
        Binding(
            "ctrl+s", "create", "Create", tooltip="Create the caseload file", id="first.create"
        ),
        Binding(
            "escape", "quit", "Quit", tooltip="Quit without creating anything", id="first.quit"
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="first-run"):
            yield Static(Text("Welcome to alp-tui", style="bold"), id="first-title")
            yield Static(
                Text.assemble(
                    "There is no caseload file at\n  ",
                    (str(self.path), "bold"),
                    "\nCreate a new, empty caseload there? "
                    "(To use another file, quit and run alp-tui --data PATH.)",
                ),
                id="first-where",
            )
            yield Label("School name")
            yield Input(placeholder="e.g. Northfield Academy", id="first-school", max_length=120)
            yield Static("", id="first-problem", classes="problem")
            with Horizontal(id="first-buttons"):
                yield Button("Quit", id="first-quit")
                yield Button("Create caseload (ctrl+s)", id="first-create", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#first-school", Input).focus()

    def _school(self) -> str | None:
        name = self.query_one("#first-school", Input).value.strip()
        problem = self.query_one("#first-problem", Static)
        if not name:
            problem.update(Text("Type the school's name first: it heads every review note."))
            return None
        problem.update("")
        return name

    @on(Input.Submitted, "#first-school")
    @on(Button.Pressed, "#first-create")
    def action_create(self) -> None:
        school = self._school()
        if school is None:
            self.query_one("#first-school", Input).focus()
            return
        self.query_one("#first-create", Button).disabled = True
        self._create(school)

    @on(Button.Pressed, "#first-quit")
    def action_quit(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="create")
    def _create(self, school: str) -> None:
        user = getattr(self.app, "user", None)
        clock = getattr(self.app, "clock", None)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            store = Store.create(self.path, Meta(school_name=school), user=user, clock=clock)
        except (StoreError, OSError, FileExistsError) as error:
            self.app.call_from_thread(self._failed, str(error))
        else:
            self.app.call_from_thread(self.dismiss, store)

    def _failed(self, sentence: str) -> None:
        self.query_one("#first-create", Button).disabled = False
        self.query_one("#first-problem", Static).update(
            Text(f"Could not create the file: {sentence}")
        )
