"""Editing keys typed ahead act in the order they were typed.

A text field takes a letter from its own queue, but backspace, delete, home, end and the
arrows reach it only after a round trip up to the app (they are bindings), by which time the
letters typed after them are already in: `abc`, backspace, `d` arriving in one packet over SSH
(as PuTTY and tmux send a fast typist's keys) would leave `abc`. Here the app, as it reads
one of these keys, puts the field's own action for it in the field's queue, behind the
letters typed before it and ahead of the ones after.
"""

from __future__ import annotations

from typing import Any

from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, TextArea

#: The keys that edit or move within a line. Not up, down, enter or tab: the forms take
#: those first (screens.form_keys), and a priority binding on the app would come before them.
LINE_KEYS = (
    "backspace",
    "delete",
    "home",
    "end",
    "left",
    "right",
    "shift+left",
    "shift+right",
    "shift+home",
    "shift+end",
    "ctrl+left",
    "ctrl+right",
    "ctrl+w",
    "ctrl+u",
    "ctrl+k",
    "ctrl+d",
)

EDIT_KEYS: list[Binding] = [
    Binding(key, f"edit_key({key!r})", show=False, priority=True, system=True) for key in LINE_KEYS
]


def edit_in_turn(app: App[Any], key: str) -> None:
    """Queue the focused field's own action for `key` behind the keys it has yet to take
    in; raises SkipAction when the focus is not a text field that binds the key."""
    field = app.focused
    if not isinstance(field, Input | TextArea):
        raise SkipAction()
    bindings = field._bindings.key_to_bindings.get(key)
    if not bindings:
        raise SkipAction()
    field.call_later(app.run_action, bindings[0].action, field)
