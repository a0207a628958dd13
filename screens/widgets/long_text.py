"""Long free text: the first part a page or a table shows, and the fields that edit it a
part at a time.

A note can be pasted in at any length (a whole report, by mistake or not). Laying out
megabytes of it would stall the screen: a record page shows a first part and says how much
more the record holds, and a form's field holds one part of it at a time (`f7` / `f8` move
to the part before or after), keeping the rest as it is, so typing stays instant and saving
keeps every character.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from screens.widgets.form_fields import FieldInput

#: How many characters of one piece of text a record page shows.
SHOWN_CHARACTERS = 2000
#: How many a table cell shows (open the row to read the rest).
CELL_CHARACTERS = 400
#: How many a form's field holds at a time: typing in a field costs time that grows with
#: what it holds, and at this size a key still lands at once.
PART_CHARACTERS = 10_000


def capped(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text`, or its first `limit` characters and `… (N more characters, open to read)`."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters, open to read)"


def cell_text(text: str) -> str:
    """`text` for one table cell: its first part, on one line."""
    return capped(text, CELL_CHARACTERS).replace("\n", " ")


def part_keys(name: str) -> list[BindingType]:
    """The keys that move a long field to the part before or after."""
    return [
        Binding(
            "f7",
            "part(-1)",
            "Earlier part",
            tooltip="Show the part of this text before the one in the field",
            id=f"{name}.earlier",
        ),
        Binding(
            "f8",
            "part(1)",
            "Later part",
            tooltip="Show the part of this text after the one in the field",
            id=f"{name}.later",
        ),
    ]


def _cut(text: str) -> int:
    """Where the part that begins `text` ends: after a space or a line break near its
    limit, so a part does not begin or end in the middle of a word."""
    if len(text) <= PART_CHARACTERS:
        return len(text)
    space = max(text.rfind(" ", 0, PART_CHARACTERS), text.rfind("\n", 0, PART_CHARACTERS))
    return space + 1 if space >= PART_CHARACTERS - 200 else PART_CHARACTERS


class Parts:
    """A text kept as the part a field shows and the rest before and after it.

    The field (an `Input` or a `TextArea`) holds only the part; `whole` joins it with the
    rest. `form_state` changes only with typing, not with moving between parts, so leaving
    after reading asks nothing.
    """

    def __init__(self, text: str) -> None:
        self.before = ""
        cut = _cut(text)
        self.part, self.after = text[:cut], text[cut:]
        #: The part as it was put in the field (to tell typing from moving).
        self.loaded = self.part
        #: Parts left with typing in them.
        self.typed_in = 0
        #: How long each part before this one was when it was left.
        self._lengths: list[int] = []

    @property
    def long(self) -> bool:
        return bool(self.before or self.after)

    def whole(self, shown: str) -> str:
        """The text, with `shown` (what the field holds now) in its part's place."""
        if not self.long:
            return shown
        return f"{self.before}{shown}{self.after}"

    def move(self, shown: str, step: int) -> str | None:
        """Leave the part (holding `shown`) for the one before (-1) or after (1); the new
        part, or None when there is none that way."""
        if step > 0 and not self.after:
            return None
        if step < 0 and not self.before:
            return None
        if shown != self.loaded:
            self.typed_in += 1
        if step > 0:
            self.before += shown
            self._lengths.append(len(shown))
            cut = _cut(self.after)
            self.part, self.after = self.after[:cut], self.after[cut:]
        else:
            self.after = shown + self.after
            # Back to the part as it was left, typing and all.
            cut = len(self.before) - self._lengths.pop()
            self.part, self.before = self.before[cut:], self.before[:cut]
        self.loaded = self.part
        return self.part

    def state(self, shown: str) -> object:
        return (self.typed_in, None if shown == self.loaded else shown)

    def where(self, shown: str) -> str:
        """Which characters the field holds, and the keys to the others."""
        start = len(self.before)
        total = start + len(shown) + len(self.after)
        keys = [k for k, there in (("f7 earlier", self.before), ("f8 later", self.after)) if there]
        return (
            f"Characters {start + 1:,}–{start + len(shown):,} of {total:,} in this field · "
            + " · ".join(keys)
        )


def _show_where(field: LongInput | LongTextArea, shown: str) -> None:
    """The line under the field's row saying which part it holds (made when first needed)."""
    parts = field.parts
    if not parts.long:
        return
    if field.where_line is None:
        row = field.parent
        container = row.parent if row is not None else None
        if not isinstance(row, Widget) or not isinstance(container, Widget):
            return
        # Out of sight with the text while a confidential concern's words are hidden.
        veiled = " veil-text" if field.has_class("veil-text") else ""
        field.where_line = Static(classes=f"long-text-where{veiled}")
        container.mount(field.where_line, after=row)
    field.where_line.update(Text(parts.where(shown)))
    if field.has_focus:
        field.call_after_refresh(field.where_line.scroll_visible, animate=False)


if TYPE_CHECKING:
    _FieldBase = Widget
else:
    _FieldBase = object


class _HeldInParts(_FieldBase):
    """What both long fields do: keep the line saying which part is held in view with the
    field, and offer f7 / f8 only where there is a part to move to. A plain mixin (not a
    Widget), so each field keeps its own widget's classes and styles."""

    parts: Parts
    where_line: Static | None

    def on_focus(self) -> None:
        # The line under the row says which part this is: keep it in view with the field.
        if self.where_line is not None:
            self.call_after_refresh(self.where_line.scroll_visible, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "part":
            return bool(self.parts.before if parameters[0] == -1 else self.parts.after)
        return super().check_action(action, parameters)


class LongInput(_HeldInParts, FieldInput):
    """A one-line text field for text of any length (a pupil's notes): it holds one part of
    a long text at a time; `text` is the whole."""

    BINDINGS: ClassVar[list[BindingType]] = part_keys("long_input")

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        self.parts = Parts(value or "")
        self.where_line: Static | None = None
        super().__init__(self.parts.part, **kwargs)

    @property
    def whole_text(self) -> str:
        return self.parts.whole(self.value)

    @property
    def text(self) -> str | None:
        return self.whole_text.strip() or None

    def form_state(self) -> object:
        return self.parts.state(self.value)

    def on_mount(self) -> None:
        self.call_after_refresh(_show_where, self, self.value)

    def action_part(self, step: int) -> None:
        part = self.parts.move(self.value, step)
        if part is None:
            return
        self.value = part
        self.cursor_position = 0
        _show_where(self, part)
        self.refresh_bindings()


class LongTextArea(_HeldInParts, TextArea):
    """A wrapped text box for text of any length (a concern's description): it holds one
    part of a long text at a time; `whole_text` is the whole."""

    BINDINGS: ClassVar[list[BindingType]] = part_keys("long_text")

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        self.parts = Parts(text)
        self.where_line: Static | None = None
        super().__init__(self.parts.part, **kwargs)

    @property
    def whole_text(self) -> str:
        return self.parts.whole(self.text)

    def form_state(self) -> object:
        return self.parts.state(self.text)

    def on_mount(self) -> None:
        self.call_after_refresh(_show_where, self, self.text)

    def action_part(self, step: int) -> None:
        part = self.parts.move(self.text, step)
        if part is None:
            return
        self.load_text(part)
        self.move_cursor((0, 0))
        _show_where(self, part)
        self.refresh_bindings()


def whole_text(field: Input | TextArea) -> str:
    """All the text a field stands for (a long field holds one part of it)."""
    if isinstance(field, LongInput | LongTextArea):
        return field.whole_text
    return field.value if isinstance(field, Input) else field.text
