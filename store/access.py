"""Who may read and write the caseload's files: modes, groups and owners (DESIGN.md §6).

Owner only, every file is 0600 in 0700 folders. With group access (several staff under their
own logins) the data file, lock, backups, drafts and exports are 0660 in folders 2770 owned by
the data file's group, whatever the umask. A save keeps the group and the mode; a save by root
keeps the owner too, so a colleague is never locked out of their own caseload.

A data file others may read or write (any `o` bit; with group access off, any `g` bit too) is
refused, like ssh refuses a loose key, with the `chmod` that mends it.
"""

from __future__ import annotations

import os
import shlex
import stat
from contextlib import suppress
from pathlib import Path

GROUP_FOLDER = 0o2770
OWNER_FOLDER = 0o700


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def owner_to_keep(st: os.stat_result | None) -> int | None:
    """The owner a rewritten file must keep: the old file's when root saves, else None (the
    saver becomes the owner, as a rename must make them)."""
    return st.st_uid if st is not None and running_as_root() else None


def group_shared(data_path: Path) -> tuple[bool, os.stat_result | None]:
    """Whether the data file is shared with its group (any `g` bit), and its stat.

    The loose-file refusal means a `g` bit is set only when group access is on, so the file's
    mode tells helpers that never read the settings (the drafts) how to make their files.
    """
    try:
        st = os.stat(data_path)
    except OSError:
        return False, None
    return bool(stat.S_IMODE(st.st_mode) & 0o070), st


def settle_fd(fd: int, mode: int, group: int | None, owner: int | None) -> None:
    """Give an open file its mode, then (best effort) the group and owner to keep."""
    os.fchmod(fd, mode)
    st = os.fstat(fd)
    uid = owner if owner is not None and owner != st.st_uid else -1
    gid = group if group is not None and group != st.st_gid else -1
    if uid != -1 or gid != -1:
        # Changing the group is allowed to its members; the owner to root only.
        with suppress(OSError):
            os.fchown(fd, uid, gid)
            # chown may clear the setuid/setgid bits, never the ones asked for: set again.
            os.fchmod(fd, mode)


def settle_path(path: Path, mode: int, group: int | None, owner: int | None) -> None:
    """`settle_fd` for a file made by someone else's code (the lock file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            with suppress(OSError):
                settle_fd(fd, mode, group, owner)
    finally:
        os.close(fd)


def make_folder(folder: Path, group_access: bool, like: os.stat_result | None) -> None:
    """Make `folder` (one level) owner-only 0700, or 2770 in the group of `like` (the data
    file's stat) with group access, whatever the umask.

    A folder that is there already is mended when this user owns it (or is root), so a
    `backups/` made 2750 by an older version stops refusing the other members' saves.
    """
    with suppress(FileExistsError):
        folder.mkdir(mode=OWNER_FOLDER)
    st = os.stat(folder)
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(20, "not a folder", str(folder))
    wanted = GROUP_FOLDER if group_access else OWNER_FOLDER
    mine = running_as_root() or st.st_uid == os.geteuid()
    if not mine:
        return
    group = like.st_gid if group_access and like is not None else None
    owner = owner_to_keep(like)
    with suppress(OSError):
        if (group is not None and st.st_gid != group) or (owner is not None and st.st_uid != owner):
            os.chown(folder, owner if owner is not None else -1, group if group else -1)
        if stat.S_IMODE(st.st_mode) != wanted or group is not None:
            os.chmod(folder, wanted)


def loose_bits(mode: int, group_access: bool) -> int:
    """The permission bits of a data file that give others more than §6 allows."""
    return stat.S_IMODE(mode) & (0o007 if group_access else 0o077)


def loose_refusal(path: Path, mode: int, group_access: bool) -> str | None:
    """The sentence refusing a loose data file, with the exact `chmod` that mends it."""
    loose = loose_bits(mode, group_access)
    if not loose:
        return None
    mended = stat.S_IMODE(mode) & ~loose
    who = "anyone on this computer" if loose & 0o007 else "its group"
    return (
        f"{path} is readable or writable by {who} (mode {stat.S_IMODE(mode):04o}), "
        f"which a caseload must not be: mend it with `chmod {mended:o} {shlex.quote(str(path))}` "
        "and open it again"
    )
