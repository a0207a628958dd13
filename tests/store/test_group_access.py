"""Group access end to end (DESIGN.md §6): every file 0660 in 2770 folders of the data file's
group whatever the umask, a save keeps group, mode and (by root) owner, and a loose data file
is refused. Saves run as real processes, under real logins when the tests run as root."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from store_workers import seed

from alp_tui.clock import fixed_clock
from store import LooseFileError, Store
from store.backups import backup_name
from store.drafts import drafts_dir

WORKER = Path(__file__).parent.parent / "shared_worker.py"
ROOT = Path(__file__).parent.parent.parent
# The seed is written the day before the saves, so the first save of 27/11 makes a backup.
SEEDED = fixed_clock(datetime(2026, 11, 26, 9, 0))
DAY_BEFORE = datetime(2026, 11, 26).date()
DAY = datetime(2026, 11, 27).date()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def shared_caseload(folder: Path) -> tuple[Path, dict[str, str]]:
    """A group-access caseload in `folder`, as the school's IT would set it up."""
    folder.mkdir(exist_ok=True)
    os.chmod(folder, 0o2770)
    path = folder / "caseload.json"
    ids = seed(path, clock=SEEDED)
    store = Store(path, clock=SEEDED)
    store.save_meta(store.load().meta.model_copy(update={"group_access": True}))
    return path, ids


def run_worker(*args: str, umask: int = 0o022, user: str | None = None) -> str:
    # -P: not the tests' folder first on the path, where tests/store would hide the store.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": _packages()}
    command = [sys.executable, "-P", str(WORKER), *args]
    if user is not None:
        env["HOME"] = "/tmp"
        command = ["runuser", "-u", user, "--", _interpreter_for(user), "-P", str(WORKER), *args]
    done = subprocess.run(
        command, env=env, umask=umask, capture_output=True, text=True, timeout=120, cwd="/"
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def assert_shared(path: Path, gid: int) -> None:
    assert stat.S_ISREG(path.lstat().st_mode)
    assert (path, mode_of(path)) == (path, 0o660)
    assert (path, path.stat().st_gid) == (path, gid)


def assert_shared_folder(folder: Path, gid: int) -> None:
    assert (folder, mode_of(folder)) == (folder, 0o2770)
    assert (folder, folder.stat().st_gid) == (folder, gid)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_every_file_of_a_shared_caseload_is_0660_in_2770_folders_whatever_the_umask(
    tmp_path: Path, umask: int
) -> None:
    path, ids = shared_caseload(tmp_path / "shared")
    gid = path.stat().st_gid

    contact_id = run_worker("contact", str(path), ids["placement"], "call", umask=umask)
    draft = Path(run_worker("draft", str(path), ids["placement"], "half typed", umask=umask))
    note = Path(run_worker("export", str(path), ids["pupil"], umask=umask))

    assert contact_id in Store(path).load().contacts
    for file in (path, Store(path).lock_path, backup_name(path, DAY), draft, note):
        assert_shared(file, gid)
    for folder in (path.parent / "backups", drafts_dir(path), note.parent):
        assert_shared_folder(folder, gid)
    assert json.loads(draft.read_text()) == {"summary": "half typed"}


def test_a_backups_folder_made_before_group_access_is_mended_by_the_next_save(
    tmp_path: Path,
) -> None:
    path, ids = shared_caseload(tmp_path / "shared")
    backups = path.parent / "backups"
    os.chmod(backups, 0o2750)  # as an older version left it
    run_worker("contact", str(path), ids["placement"], "call")
    assert mode_of(backups) == 0o2770
    assert mode_of(backup_name(path, DAY)) == 0o660


def test_a_save_keeps_the_files_group(tmp_path: Path) -> None:
    groups = [g for g in os.getgroups() if g != os.getegid()]
    if not groups and os.geteuid() != 0:
        pytest.skip("this user is in one group only, so no other group can be given")
    other = groups[0] if groups else 1
    path, ids = shared_caseload(tmp_path / "shared")
    os.chown(path, -1, other)
    run_worker("contact", str(path), ids["placement"], "call")
    assert path.stat().st_gid == other
    assert mode_of(path) == 0o660


# --- loose data files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group_access", "loose", "mended"),
    [
        (False, 0o644, "600"),
        (False, 0o640, "600"),
        (False, 0o660, "600"),
        (False, 0o606, "600"),
        (True, 0o664, "660"),
        (True, 0o666, "660"),
        (True, 0o644, "640"),
    ],
)
def test_a_loose_data_file_is_refused_with_the_chmod_that_mends_it(
    tmp_path: Path, group_access: bool, loose: int, mended: str
) -> None:
    path = tmp_path / "caseload.json"
    seed(path, clock=SEEDED)
    if group_access:
        store = Store(path, clock=SEEDED)
        store.save_meta(store.load().meta.model_copy(update={"group_access": True}))
    path.chmod(loose)
    before = path.read_bytes()
    with pytest.raises(LooseFileError) as refused:
        Store(path, clock=SEEDED)
    assert f"`chmod {mended} {path}`" in str(refused.value)
    assert f"mode {loose:04o}" in str(refused.value)
    assert path.read_bytes() == before and mode_of(path) == loose

    path.chmod(int(mended, 8))
    assert Store(path, clock=SEEDED).load().meta.group_access is group_access


def test_a_file_made_loose_while_open_is_refused_at_the_next_save(tmp_path: Path) -> None:
    from alp_tui.models import Contact

    path = tmp_path / "caseload.json"
    ids = seed(path, clock=SEEDED)
    store = Store(path, clock=SEEDED)
    # A chmod changes the file's ctime, so the store reads it again and sees the mode.
    path.chmod(0o644)
    before = path.read_bytes()
    with pytest.raises(LooseFileError, match=r"chmod 600"):
        store.add(Contact(placement_id=ids["placement"], date=DAY))
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "placements"])
def test_every_command_refuses_a_loose_file_with_exit_2_before_showing_anything(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "caseload.json"
    seed(path, clock=SEEDED)
    path.chmod(0o644)
    done = subprocess.run(
        [sys.executable, "-m", "alp_tui", command, "--data", str(path), "--today", "2026-11-27"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"chmod 600 {path}" in done.stderr
    assert "Jordan" not in done.stderr


# --- real logins (root only) ---------------------------------------------------------------


def _packages() -> str:
    paths = [str(ROOT), *(p for p in sys.path if p and os.path.isdir(p) and "tests" not in p)]
    return os.pathsep.join(paths)


def _interpreter_for(user: str) -> str:
    """A Python this login can run: the test's own, else the system's (the project and its
    packages come from PYTHONPATH)."""
    for candidate in (sys.executable, getattr(sys, "_base_executable", ""), "/usr/bin/python3"):
        if not candidate:
            continue
        ok = subprocess.run(
            ["runuser", "-u", user, "--", candidate, "-P", "-c", "import pydantic, store.store"],
            env={**os.environ, "PYTHONPATH": _packages()},
            capture_output=True,
            timeout=60,
            cwd="/",
        )
        if ok.returncode == 0:
            return candidate
    pytest.skip(f"no Python here that the login {user} may run with the project's packages")


@pytest.fixture
def staff() -> Iterator[tuple[str, str, str]]:
    """A group and two logins in it (removed afterwards, whatever happens), as root only."""
    if os.geteuid() != 0:
        pytest.skip("making a group and logins needs root (CI runs the tests as root)")
    if not (shutil.which("groupadd") and shutil.which("useradd") and shutil.which("runuser")):
        pytest.skip("groupadd, useradd and runuser are needed to make real logins")
    tag = uuid.uuid4().hex[:6]
    group, users = f"alpg{tag}", [f"alpa{tag}", f"alpb{tag}"]
    made: list[tuple[str, str]] = []
    try:
        subprocess.run(["groupadd", group], check=True, capture_output=True)
        made.append(("groupdel", group))
        for user in users:
            subprocess.run(
                ["useradd", "--no-create-home", "-G", group, "-s", "/bin/sh", user],
                check=True,
                capture_output=True,
            )
            made.append(("userdel", user))
        yield group, users[0], users[1]
    finally:
        for command, name in reversed(made):
            subprocess.run([command, name], capture_output=True)


@pytest.fixture
def school_folder() -> Iterator[Path]:
    """A folder every login can reach (pytest's own temporary folder is root's only)."""
    top = Path(tempfile.mkdtemp(prefix="alp-tui-shared-"))
    os.chmod(top, 0o755)
    try:
        yield top
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_two_logins_save_to_one_shared_caseload_on_the_same_day(
    staff: tuple[str, str, str], school_folder: Path
) -> None:
    import grp
    import pwd

    group, first, second = staff
    gid = grp.getgrnam(group).gr_gid
    folder = school_folder / "alp"
    folder.mkdir()
    os.chown(folder, 0, gid)
    path, ids = shared_caseload(folder)
    # As IT would hand it over: the lead owns it, the group shares it.
    lead = pwd.getpwnam(first).pw_uid
    for item in [folder, *folder.rglob("*")]:
        os.chown(item, lead if item != folder else 0, gid)

    one = run_worker("contact", str(path), ids["placement"], "first call", user=first)
    two = run_worker("contact", str(path), ids["placement"], "second call", user=second)
    draft = Path(run_worker("draft", str(path), ids["placement"], "typing", user=second))
    first_draft = Path(run_worker("draft", str(path), ids["placement"], "more", user=first))

    contacts = Store(path).load().contacts
    assert {contacts[one].summary, contacts[two].summary} == {"first call", "second call"}
    assert contacts[two].updated_by == second
    for file in (path, Store(path).lock_path, backup_name(path, DAY), draft, first_draft):
        assert_shared(file, gid)
    for shared in (folder / "backups", drafts_dir(path)):
        assert_shared_folder(shared, gid)
    # The second member's save made them the file's owner, as the rename must.
    assert path.stat().st_uid == pwd.getpwnam(second).pw_uid
    assert backup_name(path, DAY_BEFORE).exists() or backup_name(path, DAY).exists()


def test_a_save_by_root_keeps_the_owner_and_group(
    staff: tuple[str, str, str], school_folder: Path
) -> None:
    import grp
    import pwd

    group, first, _second = staff
    gid = grp.getgrnam(group).gr_gid
    lead = pwd.getpwnam(first).pw_uid
    folder = school_folder / "alp"
    path, ids = shared_caseload(folder)
    for item in [folder, *folder.rglob("*")]:
        os.chown(item, lead, gid)

    run_worker("contact", str(path), ids["placement"], "root's call")  # as root
    draft = Path(run_worker("draft", str(path), ids["placement"], "root typing"))

    for file in (path, Store(path).lock_path, backup_name(path, DAY), draft):
        assert (file, file.stat().st_uid, file.stat().st_gid) == (file, lead, gid)
        assert mode_of(file) == 0o660
    assert (folder / "backups").stat().st_uid == lead
    # The lead can still save after root did.
    run_worker("contact", str(path), ids["placement"], "lead's call", user=first)
    assert len(Store(path).load().contacts) == 2
