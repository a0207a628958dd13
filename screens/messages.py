"""Messages that travel up to the app and across screens."""

from __future__ import annotations

from textual.message import Message


class CaseloadChanged(Message):
    """The caseload on disk changed (a save here, or another user's): refresh what you show."""
