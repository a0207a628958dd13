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
        #: Why the latest draft could not be written (None while drafts are being kept).
        self.failure: str | None = None

    def ask(self) -> int:
        """The number of the next write (UI thread)."""
        self._asked += 1
        return self._asked

    def write(self, number: int, payload: dict[str, Any] | None) -> str | None:
        """Write the draft (None removes it), unless a newer write has been done.

        Returns the sentence to show at once when the draft could not be written and the
        one before it could (so a failing folder is reported once, not at every keystroke).
        """
        with self._lock:
            if number < self._written:
                return None
            self._written = number
            try:
                if payload is None:
                    drafts.delete_draft(self.data_path, self.key)
                    self.on_disk = False
                else:
                    drafts.write_draft(self.data_path, self.key, payload)
                    self.on_disk = True
            except OSError as error:
                first = self.failure is None
                self.failure = self._sentence(error)
                return self.failure if first else None
            self.failure = None
            return None

    def _sentence(self, error: OSError) -> str:
        folder = drafts.drafts_dir(self.data_path)
        return (
            f"Your typing cannot be kept as a draft in {folder} "
            f"({error.strerror or error}): save it with ctrl+s, or ask whoever set up the "
            "caseload to let you write in that folder."
        )

    def read(self) -> dict[str, Any] | None:
        return drafts.read_draft(self.data_path, self.key)

    def saved(self) -> None:
        """The contact is saved: the draft goes, and no write asked for before comes back."""
        with self._lock:
            self._written = self._asked + 1_000_000
            with contextlib.suppress(OSError):
                drafts.delete_draft(self.data_path, self.key)
            self.on_disk = False

    def last_write(self, payload: dict[str, Any]) -> str | None:
        """The draft as the form is left; the sentence to show (and stay) if it cannot be
        written. Run before the form closes, so nothing typed goes without a word."""
        with self._lock:
            try:
                drafts.write_draft(self.data_path, self.key, payload)
            except OSError as error:
                self.failure = self._sentence(error)
                return self.failure
            self.failure = None
            return None

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
