"""Daily copies of the data file in `backups/` beside it: `caseload-2026-11-27.json`, the
newest 14 kept."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from store.paths import OWNER_ONLY
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


def daily_backup(path: Path, day: date, folder_mode: int, keep: int = KEEP) -> Path | None:
    """Copy `path` to today's backup unless there is one already; prune to the newest `keep`.

    Call under the store's lock, before the first write of `day`. Returns the new backup.
    """
    target = backup_name(path, day)
    if target.exists():
        return None
    folder = target.parent
    folder.mkdir(mode=folder_mode, exist_ok=True)
    remove_stale_temp_files(folder, f".{path.stem}-")
    with open(open_regular(path), "rb") as source:
        # A copy in chunks, through the same atomic write as the data file.
        atomic_write(target, iter(lambda: source.read(1 << 22), b""), OWNER_ONLY)
    for old in backups_of(path)[:-keep]:
        old.unlink(missing_ok=True)
    return target
