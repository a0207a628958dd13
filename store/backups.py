"""Daily copies of the data file in `backups/` beside it: `caseload-2026-11-27.json`, the
newest 14 kept."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from store.access import make_folder, owner_to_keep
from store.paths import file_mode
from store.storage import atomic_write, open_regular, remove_stale_temp_files

KEEP = 14
FOLDER = "backups"


def backup_folder(path: Path) -> Path:
    return path.parent / FOLDER


def _pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(path.stem)}-(\d{{4}}-\d{{2}}-\d{{2}}){re.escape(path.suffix)}")


def backups_of(path: Path) -> list[Path]:
    """The data file's backups, oldest first."""
    folder = backup_folder(path)
    pattern = _pattern(path)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in sorted(names) if pattern.fullmatch(name)]


def newest_backup(path: Path) -> Path | None:
    found = backups_of(path)
    return found[-1] if found else None


def backup_name(path: Path, day: date) -> Path:
    return backup_folder(path) / f"{path.stem}-{day.isoformat()}{path.suffix}"


def daily_backup(path: Path, day: date, group_access: bool, keep: int = KEEP) -> Path | None:
    """Copy `path` to today's backup unless there is one already; prune to the newest `keep`.

    Call under the store's lock, before the first write of `day`. Returns the new backup.
    The folder and the copy are the owner's only, or with group access 2770 and 0660 in the
    data file's group, so any member's first save of a day can make the day's backup.
    """
    target = backup_name(path, day)
    folder = target.parent
    like = os.stat(path)
    # Mended even when today's copy is there, so a folder made before group access was
    # switched on never refuses another member's first save of the next day.
    make_folder(folder, group_access, like)
    if target.exists():
        return None
    remove_stale_temp_files(folder, f".{path.stem}-")
    with open(open_regular(path), "rb") as source:
        # A byte copy (by the system where it can), through the same atomic write as the
        # data file.
        atomic_write(
            target,
            (),
            file_mode(group_access),
            like.st_gid if group_access else None,
            owner_to_keep(like),
            copy_of=source.fileno(),
        )
    for old in backups_of(path)[:-keep]:
        old.unlink(missing_ok=True)
    return target
