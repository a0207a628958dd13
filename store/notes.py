"""Where review notes are saved unless the user names a place: the `export_folder` setting
(a relative path is taken from the data file's folder), else `notes/` beside the data file;
under `--demo`, whose file is temporary, `alp-tui notes/` in the user's documents folder.
Never the current folder by surprise.

A folder made here is the owner's only (0700), or with group access `2770` in the data
file's group, like the data file's own folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from alp_tui.models import Meta
from store.errors import StoreError

NOTES = "notes"
DEMO_NOTES = "alp-tui notes"
GROUP_FOLDER = 0o2770


def notes_folder(data_path: Path, meta: Meta, *, demo: bool = False) -> Path:
    """The folder notes go to by default (it may not exist yet: see `make_notes_folder`).

    Under the demo a folder named in full in the settings is used too, but nothing is put
    beside its temporary file, which goes when the app closes.
    """
    configured = (meta.export_folder or "").strip()
    if configured:
        folder = Path(configured).expanduser()
        if folder.is_absolute():
            return folder
        if not demo:
            return data_path.parent / folder
    if demo:
        return Path(platformdirs.user_documents_dir()) / DEMO_NOTES
    return data_path.parent / NOTES


def make_notes_folder(folder: Path, data_path: Path, meta: Meta, *, demo: bool = False) -> Path:
    """Make `folder` if it is not there: owner-only, or `2770` in the data file's group
    with group access. A folder that exists is left as it is. Raises StoreError with one
    sentence when it cannot be made."""
    if folder.is_dir():
        return folder
    if folder.exists():
        raise StoreError(
            f"{folder} is a file, not a folder: set another export folder in the settings"
        )
    parent = folder.parent
    if not demo and not parent.is_dir():
        raise StoreError(
            f"the folder {parent} does not exist, so {folder.name} cannot be made in it: "
            "create it first or set another export folder in the settings"
        )
    try:
        # The documents folder may be missing on a school server: the demo makes it.
        parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
        if meta.group_access:
            group = os.stat(data_path).st_gid if data_path.exists() else -1
            if group != -1 and os.stat(folder).st_gid != group:
                os.chown(folder, -1, group)
            os.chmod(folder, GROUP_FOLDER)
        else:
            os.chmod(folder, 0o700)  # whatever the umask
    except FileExistsError:
        return folder  # another export made it meanwhile
    except OSError as error:
        raise StoreError(f"the folder {folder} cannot be made: {error.strerror or error}") from None
    return folder
