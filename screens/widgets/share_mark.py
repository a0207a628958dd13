"""`[school only]` beside a piece of the weekly contact's free text (a progress note, an
action, the summary, the pupil's voice), and the one key that sets it.

`ctrl+o` in such a field keeps that text for the school only: no provider's or parents'
copy carries it. Pressed again, the lexicon decides again. A text the lead released in
the release preview shows `[released]`; `ctrl+o` keeps it in school instead.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from alp_tui.models import Share
from screens.widgets.text import say

WORDS: dict[str, str] = {"school": "[school only]", "all": "[released]"}

SCHOOL_ONLY_KEY = Binding(
    "ctrl+o",
    "school_only",
    "School only",
    tooltip="Keep the text you are in for the school only (again: let the lexicon decide)",
    id="contact.school_only",
    # Handled as it arrives, like the form's other keys, so the text typed next lands.
    priority=True,
)

NOT_IN_TEXT = (
    "ctrl+o keeps a progress note, an action, the summary or the pupil's voice for the "
    "school only: move to one of them first."
)


class ShareMark(Static):
    """The sharing state of one text field, in words (nothing when automatic)."""

    DEFAULT_CSS = """
    ShareMark {
        width: auto;
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    """

    def __init__(self, state: Share | None, *, for_id: str) -> None:
        super().__init__(Text(WORDS.get(state or "", "")), id=f"share-{for_id}")
        self.state: Share | None = state
        self.display = state is not None

    def set_state(self, state: Share | None) -> None:
        self.state = state
        self.update(Text(WORDS.get(state or "", "")))
        self.display = state is not None


def mark_id(field_id: str) -> str:
    """The mark of a field: an action's three boxes share one (`action-text-2` → `action-2`)."""
    for part in ("action-text-", "action-owner-", "action-due-"):
        if field_id.startswith(part):
            return f"share-action-{field_id.removeprefix(part)}"
    return f"share-{field_id}"


def state_of(screen: Screen[Any], for_id: str) -> Share | None:
    """The state shown beside a field (None when it has no mark)."""
    for mark in screen.query(f"#share-{for_id}").results(ShareMark):
        return mark.state
    return None


def toggle_school_only(screen: Screen[Any]) -> bool:
    """Keep the focused text for the school only, or (if it is already) let the lexicon
    decide again. Says what happened; False when the focus is on no such text."""
    focused = screen.focused
    field_id = focused.id if focused is not None else None
    marks = list(screen.query(f"#{mark_id(field_id)}").results(ShareMark)) if field_id else []
    if not marks:
        say(screen, NOT_IN_TEXT, severity="warning", timeout=6)
        return False
    mark = marks[0]
    if mark.state == "school":
        mark.set_state(None)
        say(screen, "Left to the lexicon: shared copies carry it unless it reads like harm.")
    else:
        mark.set_state("school")
        say(screen, "School only: no provider's or parents' copy will carry it.")
    return True
