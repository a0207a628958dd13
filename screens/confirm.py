"""A yes/no question as a modal dialog: `ConfirmScreen(question) -> bool`.

Used wherever a key would drop unsaved typing or change something that matters
(archiving a pupil): `self.app.push_screen(ConfirmScreen("Discard …?"), callback)`.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.widgets.text import plain


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; dismiss True for yes, False for no (escape counts as no)."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen > #confirm-box {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    ConfirmScreen #confirm-question {
        width: 100%;
        margin-bottom: 1;
    }
    ConfirmScreen #confirm-buttons {
        width: 100%;
        height: auto;
        align-horizontal: right;
    }
    ConfirmScreen #confirm-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Answer yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", tooltip="Answer no", id="confirm.no"),
        Binding("escape", "answer(False)", "No", show=False, id="confirm.escape"),
    ]

    def __init__(
        self,
        question: str | Text,
        *,
        yes: str = "Yes",
        no: str = "No",
        title: str = "Are you sure?",
    ) -> None:
        super().__init__()
        # A plain string may contain user text (a pupil's name), so it is never markup.
        self._question = question if isinstance(question, Text) else Text(question)
        self._yes = yes
        self._no = no
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = plain(self._title)
            yield Static(self._question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Text(f"{self._no} (n)"), id="confirm-no")
                yield Button(Text(f"{self._yes} (y)"), id="confirm-yes", variant="warning")

    def on_mount(self) -> None:
        # Start on "No": a stray enter should not drop anyone's work.
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.dismiss(False)
