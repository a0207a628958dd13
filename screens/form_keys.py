"""Keys typed ahead land where they were meant: the keys that move between fields (or act
on one) are priority bindings, handled the moment the app reads them rather than after
they bubble up from a field, so `3<tab>4` typed fast over a slow SSH link puts the 4 in
the next field. Every key not handled here goes on to the focused field as usual.

A screen adds `FORM_KEYS` to its bindings and answers `action_key` with `move_on(self,
key)`. A widget (or the screen) may take a key first with `handle_form_key(key, focused)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Checkbox, Input, OptionList, Select

from screens.widgets.date_input import DateInput
from screens.widgets.form_fields import FieldInput

FORM_KEYS: list[Binding] = [
    Binding("tab", "key('tab')", "Next field", show=False, priority=True, id="form.next"),
    Binding(
        "shift+tab",
        "key('shift+tab')",
        "Previous field",
        show=False,
        priority=True,
        id="form.previous",
    ),
    Binding(
        "enter",
        "key('enter')",
        "Next field, or add the typed line",
        show=False,
        priority=True,
        id="form.enter",
    ),
    Binding("space", "key('space')", "Tick or untick", show=False, priority=True, id="form.space"),
    Binding("up", "key('up')", "Move in a list", show=False, priority=True, id="form.up"),
    Binding("down", "key('down')", "Move in a list", show=False, priority=True, id="form.down"),
]


def checked_field(field: Input) -> bool:
    """Enter moves on from the forms' own text fields and a date's text."""
    return isinstance(field, FieldInput) or isinstance(field.parent, DateInput)


def any_field(field: Input) -> bool:
    """Enter moves on from every one-line field (the contact form, its concern dialog)."""
    return True


def step_without_wrapping(options: OptionList, step: int) -> None:
    """Highlight the next enabled option up or down, staying put at either end."""
    index = options.highlighted
    index = (-1 if step > 0 else options.option_count) if index is None else index
    index += step
    while 0 <= index < options.option_count:
        if not options.get_option_at_index(index).disabled:
            options.highlighted = index
            return
        index += step


def move_on(
    screen: Screen[Any], key: str, *, enter_moves_on: Callable[[Input], bool] = checked_field
) -> None:
    """Handle a moving key now; raises SkipAction for anything not handled here."""
    focused = screen.focused
    if focused is None:
        raise SkipAction()
    if isinstance(focused, OptionList) and isinstance(focused.parent, Select):
        # An open drop-down list: up and down stop at its ends rather than wrap round
        # (two presses down from "medium" stay on "high"); the list takes the rest.
        if key in ("up", "down"):
            step_without_wrapping(focused, 1 if key == "down" else -1)
            return
        raise SkipAction()
    node: Any
    for node in focused.ancestors_with_self:
        handler = getattr(node, "handle_form_key", None)
        if callable(handler) and handler(key, focused):
            return
        if node is screen:
            break
    if key in ("up", "down") and isinstance(focused, OptionList):
        step_without_wrapping(focused, 1 if key == "down" else -1)
    elif key == "tab":
        screen.focus_next()
    elif key == "shift+tab":
        screen.focus_previous()
    elif key in ("enter", "space") and isinstance(focused, Checkbox):
        focused.toggle()
    elif key == "enter" and isinstance(focused, Input) and enter_moves_on(focused):
        screen.focus_next()
    else:
        raise SkipAction()


def keep_focus_in_view(screen: Screen[Any]) -> None:
    """Scroll the field that has the focus back into view (after something above or below it
    grew, and left it out of sight)."""
    focused = screen.focused
    if focused is not None and focused.is_mounted:
        focused.scroll_visible(animate=False)
