"""Messages that travel up to the app and across screens."""

from __future__ import annotations

from textual.message import Message

from screens.workspace import Snapshot


class CaseloadChanged(Message):
    """A newer snapshot is showing (a save here, or another user's): the app has put it in
    the workspace before sending this; refresh what you show."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
