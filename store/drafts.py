"""Unsaved form typing kept beside the data file, so a half-typed contact survives an
accidental escape, a crash or a dropped SSH connection.

A draft is a small JSON object in `<data file>.drafts/<key>.json` (the folder owner-only,
each file 0600; with group access 2770 and 0660 in the data file's group), written
atomically: a temporary file in the same folder, fsynced, then `os.replace`d, so a kill at
any moment leaves the old draft or the new one. A temporary file a killed writer left behind
(it may hold a concern's text) is removed by the next write or read once it is clearly
abandoned.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from alp_tui.clock import system_clock
from store.access import group_shared, make_folder, owner_to_keep, settle_fd
from store.errors import NotAFileError
from store.paths import file_mode
from store.storage import read_regular

_SAFE_KEY = re.compile(r"[^A-Za-z0-9_.-]")
TEMP_PREFIX = ".tmp-"
# A draft is written in milliseconds; a temporary file this old has no writer left. Younger
# ones are left alone: another window of the app may be writing one at this moment.
STALE_TEMP_SECONDS = 15 * 60


def drafts_dir(data_path: Path) -> Path:
    """The drafts folder of a data file: `caseload.json` -> `caseload.json.drafts/`."""
    return data_path.with_name(data_path.name + ".drafts")


def draft_key(placement_id: str, contact_id: str | None = None) -> str:
    """The key of the draft for a new contact at a placement, or for editing one contact."""
    return f"{placement_id}.edit.{contact_id}" if contact_id else placement_id


def draft_path(data_path: Path, key: str) -> Path:
    # Record ids are short and safe, but a key must never climb out of the folder.
    safe = _SAFE_KEY.sub("_", key).lstrip(".") or "_"
    return drafts_dir(data_path) / f"{safe}.json"


def write_draft(data_path: Path, key: str, data: dict[str, Any]) -> Path:
    """Write (or replace) a draft atomically: readable by the owner only, or (when the data
    file is shared with its group) 0660 in a 2770 folder of the data file's group, so every
    member can keep their typing. Raises OSError when the draft cannot be written."""
    folder = drafts_dir(data_path)
    shared, like = group_shared(data_path)
    make_folder(folder, shared, like)
    target = draft_path(data_path, key)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    remove_stale_temp_files(data_path)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=folder)
    try:
        # Whatever the umask; a colleague's draft file keeps its group (and, for root, owner).
        settle_fd(
            fd,
            file_mode(shared),
            like.st_gid if shared and like is not None else None,
            owner_to_keep(like),
        )
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return target


def read_draft(data_path: Path, key: str) -> dict[str, Any] | None:
    """The draft for `key`, or None if there is none (or it cannot be read as a draft)."""
    remove_stale_temp_files(data_path)
    path = draft_path(data_path, key)
    try:
        # Never a plain open: a FIFO in the drafts folder would hang the form that reads it.
        raw = read_regular(path)
    except (FileNotFoundError, NotADirectoryError, NotAFileError):
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def delete_draft(data_path: Path, key: str) -> bool:
    """Remove a draft; True if there was one."""
    try:
        draft_path(data_path, key).unlink()
    except FileNotFoundError:
        return False
    return True


def list_drafts(data_path: Path) -> list[str]:
    """Keys of the drafts kept for a data file (file names without `.json`), sorted."""
    folder = drafts_dir(data_path)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if not p.name.startswith(TEMP_PREFIX))


def remove_stale_temp_files(data_path: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete temporary draft files not written to for `older_than` seconds; returns them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(drafts_dir(data_path)))
    except OSError:
        return removed
    # Compared with file times, which the system stamps from the same wall clock.
    cutoff = system_clock().timestamp() - older_than
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(".json")):
            continue
        # Tidying must never stop a draft being read or written.
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
