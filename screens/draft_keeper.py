"""The draft file of one contact form, kept beside the data file while the call goes on.

Drafts are written by workers a moment after each change, so two writes may finish out of
order: each write carries a number, and one finishing late never replaces a newer draft,
nor brings back a draft that the saved contact has made obsolete.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from store import drafts


class DraftKeeper:
    """The draft of one contact (`key`): `ask` on the UI thread, the rest in workers."""

    def __init__(self, data_path: Path, key: str) -> None:
        self.data_path = data_path
        self.key = key
        self._lock = threading.Lock()
        self._asked = 0
        self._written = 0
        #: A draft of this form is in the file now.
        self.on_disk = False

    def ask(self) -> int:
        """The number of the next write (UI thread)."""
        self._asked += 1
        return self._asked

    def write(self, number: int, payload: dict[str, Any] | None) -> None:
        """Write the draft (None removes it), unless a newer write has been done."""
        with self._lock:
            if number < self._written:
                return
            self._written = number
            if payload is None:
                drafts.delete_draft(self.data_path, self.key)
                self.on_disk = False
            else:
                drafts.write_draft(self.data_path, self.key, payload)
                self.on_disk = True

    def read(self) -> dict[str, Any] | None:
        return drafts.read_draft(self.data_path, self.key)

    def saved(self) -> None:
        """The contact is saved: the draft goes, and no write asked for before comes back."""
        with self._lock:
            self._written = self._asked + 1_000_000
            with contextlib.suppress(OSError):
                drafts.delete_draft(self.data_path, self.key)
            self.on_disk = False

    def last_write(self, payload: dict[str, Any]) -> None:
        """The draft as the form is left (run by the app: the screen's workers stop)."""
        with self._lock:
            drafts.write_draft(self.data_path, self.key, payload)

    def discard(self) -> None:
        with self._lock:
            drafts.delete_draft(self.data_path, self.key)
            self.on_disk = False

    def move_to(self, key: str) -> str:
        """Keep drafts under `key` from now on (the form now edits the saved contact), with
        the numbering started afresh; returns the old key, whose draft is to go."""
        with self._lock:
            old, self.key = self.key, key
            self._asked = self._written = 0
            return old

    def remove(self, key: str) -> None:
        with contextlib.suppress(OSError):
            drafts.delete_draft(self.data_path, key)
