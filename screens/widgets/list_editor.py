"""One editor for a short list in a form (carers, a provider's checks, a concern's updates,
the school holidays): the items above, a line to type the next one below.

Enter on the line adds what is typed (and an item typed but not added is saved too), enter
on an item takes it back into the line to change, delete removes it, and enter on an empty
line moves on past the list. A subclass says how the line looks and reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from screens.widgets.form_fields import set_text

T = TypeVar("T", bound=BaseModel)

#: Beside the highlighted item while the list has focus, so delete's target shows without
#: colour (a monochrome terminal shows the highlight's background as one more grey).
CURSOR_MARK = "▸ "
NO_MARK = "  "


def focus_now(widget: Widget) -> None:
    """Focus `widget` at once, not after the keys already queued (`Widget.focus` waits), so
    keys typed ahead after enter land in the field they were meant for."""
    widget.screen.set_focus(widget)


def keys_pending(widget: Widget) -> bool:
    """Keys typed ahead that the field has not taken in yet."""
    queue = getattr(widget, "_message_queue", None)
    return bool(queue is not None and queue.qsize())


def put(box: Input, value: str) -> None:
    """Set a box's text with the cursor at its end (where letters still to come go)."""
    box.value = value
    box.cursor_position = len(value)


class ListEditor(Widget, Generic[T]):
    """The items of a list and a line to type the next one (see the module's docstring)."""

    DEFAULT_CSS = """
    ListEditor {
        height: auto;
        width: 1fr;
    }
    ListEditor > OptionList {
        height: auto;
        max-height: 6;
        border: none;
        padding: 0;
        background: $surface;
    }
    ListEditor > OptionList.-empty {
        display: none;
    }
    ListEditor > .list-error {
        height: auto;
        color: $text-error;
        display: none;
    }
    ListEditor > .list-error.-shown {
        display: block;
    }
    """

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "Remove",
            tooltip="Remove the highlighted item",
            id="list.remove",
        ),
    ]

    #: Classes of the list of items (stylesheets and tests find it by them).
    LIST_CLASSES: ClassVar[str] = ""
    #: Classes added to the line that says what is wrong with the typing.
    ERROR_CLASSES: ClassVar[str] = ""
    #: What sentences call the list: `Carers: a carer needs a name…`.
    LABEL: ClassVar[str] = "List"
    #: The cursor starts on the newest item rather than the first.
    HIGHLIGHT_LAST: ClassVar[bool] = False

    @dataclass
    class Changed(Message):
        editor: ListEditor[Any]

        @property
        def control(self) -> ListEditor[Any]:
            return self.editor

    def __init__(self, items: Iterable[T], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[T] = list(items)

    # --- for subclasses -------------------------------------------------------------------

    def compose_header(self) -> ComposeResult:
        """Anything shown above the items."""
        return
        yield  # pragma: no cover

    def compose_entry(self) -> ComposeResult:
        """The line to type the next item in (a `.list-add` button adds it)."""
        raise NotImplementedError
        yield  # pragma: no cover

    def read_entry(self) -> T | None:
        """The item typed, None when nothing is; raises ValueError saying what is wrong."""
        raise NotImplementedError

    def fill_entry(self, item: T | None) -> None:
        """Put `item` in the line to change it (None empties the line)."""
        raise NotImplementedError

    def item_line(self, item: T) -> Text:
        raise NotImplementedError

    def entry_start(self) -> Widget:
        """Where the cursor goes to type the next item."""
        raise NotImplementedError

    def adds_on_enter(self, field: Widget) -> bool:
        """Does enter in this field add the item? (By default every text field of the line.)"""
        return isinstance(field, Input) and field.parent is not self

    def entry_state(self) -> object:
        """What is typed in the line, for telling whether the form changed."""
        return tuple(box.value for box in self.query(Input))

    def ordered(self, items: list[T]) -> list[T]:
        """The items in order once one is added (as added, by default)."""
        return items

    def refreshed(self) -> None:
        """The items were shown afresh (for a line that sums them up)."""

    # --- what the form asks -----------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        """The items added (not the one still being typed)."""
        return list(self._items)

    def items_for_save(self) -> list[T]:
        """The items with the one still typed in the line; raises ValueError if it is wrong."""
        typed = self.read_entry()
        return [*self._items, typed] if typed is not None else self.items

    def sentence(self, error: ValueError) -> str:
        return f"{self.LABEL}: {str(error).rstrip('.')}."

    def problem(self, for_save: bool = False) -> str | None:
        if not for_save:
            return None
        try:
            self.read_entry()
        except ValueError as error:
            return self.sentence(error)
        return None

    def form_state(self) -> object:
        return tuple(item.model_dump_json() for item in self._items), self.entry_state()

    def show_problem(self, sentence: str | None) -> None:
        box = self.query_one(".list-error", Static)
        set_text(box, f"!! {sentence}" if sentence else "")
        box.set_class(sentence is not None, "-shown")

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield OptionList(classes=f"list-items {self.LIST_CLASSES}".strip())
        yield from self.compose_entry()
        yield Static("", classes=f"list-error {self.ERROR_CLASSES}".strip())

    def on_mount(self) -> None:
        self._refresh()

    @property
    def _options(self) -> OptionList:
        return self.query_one(".list-items", OptionList)

    def _refresh(self) -> None:
        options = self._options
        options.set_options(Option(self.item_line(item)) for item in self._items)
        options.set_class(not self._items, "-empty")
        # One is highlighted, so enter and delete act on it straight away.
        if self._items:
            options.highlighted = len(self._items) - 1 if self.HIGHLIGHT_LAST else 0
        else:
            options.highlighted = None
        self._mark()
        self.refreshed()

    def _mark(self) -> None:
        """Put the cursor mark beside the highlighted item when the list has focus."""
        options = self._options
        focused = options.has_focus
        for index, item in enumerate(self._items[: options.option_count]):
            line = self.item_line(item)
            if focused:
                mark = CURSOR_MARK if index == options.highlighted else NO_MARK
                line = Text.assemble(mark, line)
            options.replace_option_prompt_at_index(index, line)

    @on(OptionList.OptionHighlighted, ".list-items")
    def _highlight_moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._mark()

    def on_descendant_focus(self) -> None:
        self._mark()

    def on_descendant_blur(self) -> None:
        self._mark()

    # --- adding, changing, removing -----------------------------------------------------------

    def add_typed(self) -> None:
        try:
            item = self.read_entry()
        except ValueError as error:
            self.show_problem(self.sentence(error))
            return
        self.show_problem(None)
        if item is None:
            self._leave()
            return
        self.add_item(item)

    def add_item(self, item: T) -> None:
        """Put an item read from the line into the list, and clear the line for the next
        (a list may ask first: both ways of adding, at once and typed ahead, come here)."""
        self._items = self.ordered([*self._items, item])
        self.fill_entry(None)
        self._refresh()
        focus_now(self.entry_start())
        self.post_message(self.Changed(self))

    def edit(self, index: int) -> None:
        if index >= len(self._items):
            return
        item = self._items.pop(index)
        self.fill_entry(item)
        self._refresh()
        focus_now(self.entry_start())
        self.post_message(self.Changed(self))

    def _leave(self) -> None:
        """Enter on an empty line: on to the field after the list."""
        chain = self.screen.focus_chain
        inside = [i for i, w in enumerate(chain) if self in w.ancestors_with_self]
        if inside and inside[-1] + 1 < len(chain):
            focus_now(chain[inside[-1] + 1])

    def handle_form_key(self, key: str, focused: Widget) -> bool:
        """Enter, handled by the form the moment it is pressed (see screens.form_keys)."""
        if key != "enter":
            return False
        if focused is self._options:
            if self._options.highlighted is not None:
                self.edit(self._options.highlighted)
            return True
        if self.adds_on_enter(focused):
            boxes = list(self.query(Input).results(Input))
            if any(keys_pending(box) for box in boxes):
                self._add_once_read(boxes)
            else:
                self.add_typed()
            return True
        return False

    def _add_once_read(self, boxes: list[Input]) -> None:
        """Enter with letters still queued on the line's boxes (a line typed ahead over SSH):
        the cursor goes to the next line's start now, so the keys after enter land there,
        and the item is added once each box has taken in the letters typed before it."""
        before: dict[Input, str] = {}

        def take(box: Input) -> None:
            # Every key typed before enter is in by now; the ones after it are still to come.
            before[box] = box.value
            put(box, "")
            if len(before) == len(boxes):
                self._add_read(before)

        focus_now(self.entry_start())
        for box in boxes:
            box.call_later(take, box)

    def _add_read(self, before: dict[Input, str]) -> None:
        after = {box: box.value for box in before}
        for box, value in before.items():
            put(box, value)
        try:
            item = self.read_entry()
        except ValueError as error:
            self.show_problem(self.sentence(error))
            for box, value in before.items():
                put(box, value + after[box])
            return
        self.show_problem(None)
        if item is None:
            self._leave()
        else:
            self.add_item(item)
        for box, value in after.items():
            if value:
                put(box, value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in a screen without the form keys.
        if self.adds_on_enter(event.input):
            event.stop()
            self.add_typed()

    @on(Button.Pressed, ".list-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_typed()

    @on(OptionList.OptionSelected, ".list-items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.edit(event.option_index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self._options.has_focus
        return True

    def action_remove(self) -> None:
        """Remove the highlighted item, keep the cursor on a neighbour, or go back to the
        line once the list is empty."""
        index = self._options.highlighted
        if index is None or index >= len(self._items):
            return
        del self._items[index]
        self._refresh()
        if self._items:
            self._options.highlighted = min(index, len(self._items) - 1)
        else:
            focus_now(self.entry_start())
        self.post_message(self.Changed(self))
