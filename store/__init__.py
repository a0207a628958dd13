"""Persistence: the caseload in one TinyDB JSON file, behind a locked, atomic storage.

`Store` is the repository the app uses: it reads and writes pydantic models, owns ids,
stamps, revisions and the audit log, and never leaves a torn or half-written file.
"""

from store.errors import (
    FileMissingError,
    LooseFileError,
    NotAFileError,
    StaleEditError,
    StoreError,
    UnusableFileError,
)
from store.notes import make_notes_folder, notes_folder
from store.paths import current_user, default_data_path
from store.storage import AtomicJSONStorage
from store.store import Store, id_maker, new_id

__all__ = [
    "AtomicJSONStorage",
    "FileMissingError",
    "LooseFileError",
    "NotAFileError",
    "StaleEditError",
    "Store",
    "StoreError",
    "UnusableFileError",
    "current_user",
    "default_data_path",
    "id_maker",
    "make_notes_folder",
    "new_id",
    "notes_folder",
]
