"""What can go wrong when reading or saving the caseload, each as one sentence for the user."""

from __future__ import annotations

from pathlib import Path

from alp_tui.models import Meta, Record


class StoreError(Exception):
    """The caseload could not be read or saved; the message says why in one sentence."""


class FileMissingError(StoreError):
    """There is no caseload file at the path (only `Store.create` makes one)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"there is no caseload file at {path}")
        self.path = path


class UnusableFileError(StoreError):
    """The file exists but cannot be used as it is: it is left exactly as it was."""

    def __init__(self, path: Path, reason: str, backup: Path | None, newer: bool = False) -> None:
        where = f"the newest backup is {backup}" if backup else "there is no backup of it yet"
        super().__init__(f"{path} cannot be used: {reason}; it was left unchanged, and {where}")
        self.path = path
        self.reason = reason
        self.backup = backup
        self.newer = newer


class StaleEditError(StoreError):
    """Someone saved or deleted the record (or the settings) since this copy was loaded."""

    def __init__(self, message: str, current: Record | Meta | None = None) -> None:
        super().__init__(message)
        # The record or settings as they are now (None if deleted), so a screen can show them.
        self.current = current


class NotAFileError(UnusableFileError):
    """The data path (or a file the store reads) is a folder, FIFO, device or socket."""

    def __init__(self, path: Path, kind: str) -> None:
        StoreError.__init__(
            self,
            f"{path} is not a regular file (it is {kind}): point --data at the caseload's "
            ".json file",
        )
        self.path = path
        self.reason = f"it is {kind}, not a regular file"
        self.backup = None
        self.newer = False
        self.kind = kind


class LooseFileError(UnusableFileError):
    """Others may read or write the data file (DESIGN.md §6): refused until it is mended."""

    def __init__(self, path: Path, sentence: str) -> None:
        StoreError.__init__(self, sentence)
        self.path = path
        self.reason = sentence
        self.backup = None
        self.newer = False
