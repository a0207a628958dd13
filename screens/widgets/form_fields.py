"""Building blocks shared by the forms: a labelled row, a text field that knows its own
problem sentence, and the list of problems a record would cause.

Every control a form validates answers `problem(for_save)` with one sentence (which field,
what is wrong, what to type) or None; `FormScreen` asks them in screen order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from alp_tui.rules import Problem

Check = Callable[[str], "str | None"]


@runtime_checkable
class FormControl(Protocol):
    """A control that can say what is wrong with what was typed into it."""

    def problem(self, for_save: bool = False) -> str | None: ...


class FieldInput(Input):
    """A one-line text field with a label used in its sentences.

    `check(text)` returns what is wrong with non-empty text (without the label) or None;
    an empty required field is only reported when saving, so a fresh form is not all red.
    `typing_check` (default `check`) judges text still being typed, so a long code is not
    called too short at its first character; `check` judges it on leaving the field.
    """

    def __init__(
        self,
        value: str | None = None,
        *,
        label: str,
        required: bool = False,
        check: Check | None = None,
        typing_check: Check | None = None,
        hint: str = "",
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
        max_length: int = 0,
    ) -> None:
        super().__init__(
            value or "",
            placeholder=placeholder,
            id=id,
            classes=classes,
            max_length=max_length,
            compact=True,
            # Typing goes after what is there: a key pressed on arrival (even `?`) never
            # wipes the text the field already holds.
            select_on_focus=False,
        )
        self.label = label
        self.required = required
        self.check = check
        self.typing_check = typing_check or check
        self.hint = hint

    def problem(self, for_save: bool = False, *, typing: bool = False) -> str | None:
        text = self.value.strip()
        if not text:
            if self.required and for_save:
                return f"{self.label} is required: {self.hint or 'type it in'}."
            return None
        check = self.typing_check if typing and not for_save else self.check
        wrong = check(text) if check else None
        return f"{self.label}: {wrong}" if wrong else None

    @property
    def text(self) -> str | None:
        """The typed text, stripped; None when empty (how optional fields are stored)."""
        return self.value.strip() or None


def field_row(label: str, control: Widget, *, note: str = "") -> Iterator[Widget]:
    """A label and its control on one line (the form adds a sentence underneath when
    what is typed is wrong)."""
    yield Horizontal(
        Label(Text(label), classes="form-label"),
        control,
        *([Label(Text(note), classes="form-note")] if note else []),
        classes="form-row",
    )


def set_text(widget: Static, text: str) -> bool:
    """Show plain `text` (never markup) in `widget`, touching it only if it changes.

    Each update lays the whole screen out again, which a large form notices on every key.
    """
    if str(widget.content) == text:
        return False
    widget.update(Text(text))
    return True


def section(title: str) -> Label:
    return Label(Text(title), classes="form-section")


def int_check(low: int, high: int, what: str, example: int) -> Check:
    """A check for a whole number from low to high."""

    def check(text: str) -> str | None:
        if text.isdigit() and low <= int(text) <= high:
            return None
        return f"{text!r} is not {what} from {low} to {high}: type a number such as {example}"

    return check


def email_check(text: str) -> str | None:
    if "@" in text and "." in text.rsplit("@", 1)[-1] and " " not in text:
        return None
    return f"{text!r} is not an email address: type it as name@example.org"


class ProblemPreview(Vertical):
    """The problems a record would cause once saved: marker, words and a theme colour."""

    DEFAULT_CSS = """
    ProblemPreview {
        height: auto;
        padding: 0 1;
        border-left: outer $border-blurred;
    }
    ProblemPreview > .preview-title {
        text-style: bold;
    }
    ProblemPreview > .problem-red {
        color: $text-error;
    }
    ProblemPreview > .problem-amber {
        color: $text-warning;
    }
    ProblemPreview > .preview-none {
        color: $text-success;
    }
    ProblemPreview > .preview-note {
        color: $text-muted;
    }
    """

    def __init__(self, *, title: str = "When saved", id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self.problems: list[Problem] = []
        self._lines: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Label(Text(self._title), classes="preview-title")
        yield Label(Text("…"), classes="preview-note")

    def show_problems(
        self, problems: Iterable[Problem], *, none_text: str, note: str | None = None
    ) -> None:
        """The problems (or `none_text`), after `note` when there is one."""
        self.problems = list(problems)
        lines = [(note, "preview-note")] if note else []
        lines += [(f"{p.marker} {p.message}", f"problem-{p.severity}") for p in self.problems]
        if not self.problems:
            lines.append((f"✓ {none_text}", "preview-none"))
        self._show_lines(lines)

    def show_note(self, note: str) -> None:
        self.problems = []
        self._show_lines([(note, "preview-note")])

    def _show_lines(self, lines: list[tuple[str, str]]) -> None:
        if lines == self._lines:
            return
        self._lines = lines
        rows: list[Widget] = [Label(Text(self._title), classes="preview-title")]
        rows.extend(Static(Text(text), classes=css) for text, css in lines)
        self._replace(rows)

    @property
    def text(self) -> str:
        """What the preview says, as plain text (for tests and screen readers)."""
        return "\n".join(str(getattr(child, "content", "")) for child in self.children)

    def _replace(self, rows: list[Widget]) -> None:
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(rows)


def focus_after(widget: Widget) -> None:
    """Focus the first control after `widget` and everything inside it."""
    chain = widget.screen.focus_chain
    inside = [i for i, w in enumerate(chain) if widget in w.ancestors_with_self]
    if inside and inside[-1] + 1 < len(chain):
        chain[inside[-1] + 1].focus()


def shown(widget: Widget) -> bool:
    """Is the widget displayed (none of its containers hidden)?"""
    node: Any = widget
    while node is not None and isinstance(node, Widget):
        if not node.display:
            return False
        node = node.parent
    return True
