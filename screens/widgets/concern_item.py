"""A concern raised during a call, shown on the contact form until the contact is saved:
`!! safeguarding · high · confidential — Left site at lunch`. Enter edits it, delete
removes it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from alp_tui.contact_form import ConcernDraft


def concern_line(concern: ConcernDraft) -> Text:
    """The concern in one line, with `!!` for safeguarding or high severity (user text
    stays plain text)."""
    marker = "!!" if concern.category == "safeguarding" or concern.severity == "high" else "!"
    flags = []
    if concern.confidential:
        flags.append("confidential")
    if concern.referred_to_dsl:
        flags.append("referred to DSL")
    head = " · ".join([concern.category.replace("_", " "), concern.severity, *flags])
    return Text(f"{marker} {head} — {concern.description}")


class ConcernItem(Static, can_focus=True):
    """A concern raised in this call: enter edits it, delete removes it."""

    BINDINGS = [
        Binding("enter", "edit", "Edit concern", id="concern.edit"),
        Binding("delete,backspace", "remove", "Remove concern", id="concern.remove"),
    ]

    @dataclass
    class Edit(Message):
        item: ConcernItem

    @dataclass
    class Remove(Message):
        item: ConcernItem

    def __init__(self, concern: ConcernDraft, *, classes: str | None = None) -> None:
        super().__init__(concern_line(concern), classes=classes)
        self.concern = concern

    def show(self, concern: ConcernDraft) -> None:
        """Hold (and show) the concern as changed."""
        self.concern = concern
        self.update(concern_line(concern))

    def action_edit(self) -> None:
        self.post_message(self.Edit(self))

    def action_remove(self) -> None:
        self.post_message(self.Remove(self))
