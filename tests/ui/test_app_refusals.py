"""The app refuses, before showing anything, a data path that is not a regular file (a FIFO
would otherwise hang it) and a data file others may read or write (DESIGN.md §6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from contact_kit import write_contact_file
from ui_kit import make_test_app, settle

from screens.caseload import CaseloadScreen


def not_a_file(tmp_path: Path, kind: str) -> Path:
    target = tmp_path / "caseload.json"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(os.devnull)  # a character device
    return target


@pytest.mark.parametrize(
    ("kind", "words"),
    [("fifo", "a FIFO"), ("folder", "a folder"), ("device", "a character device")],
)
async def test_the_app_refuses_a_path_that_is_not_a_file(
    tmp_path: Path, kind: str, words: str
) -> None:
    path = not_a_file(tmp_path, kind)
    app = make_test_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app.failure is not None and f"(it is {words})" in app.failure


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_check_refuses_a_fifo_or_device_without_hanging(tmp_path: Path, kind: str) -> None:
    path = not_a_file(tmp_path, kind)
    done = subprocess.run(
        [sys.executable, "-m", "alp_tui", "check", "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "is not a regular file" in done.stderr and done.stdout == ""


@pytest.mark.parametrize(("mode", "mended"), [(0o644, "600"), (0o666, "600"), (0o640, "600")])
async def test_the_app_refuses_a_loose_file_before_showing_it(
    tmp_path: Path, mode: int, mended: str
) -> None:
    path = write_contact_file(tmp_path)
    path.chmod(mode)
    before = path.read_bytes()
    app = make_test_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not any(isinstance(screen, CaseloadScreen) for screen in app.screen_stack)
    assert app.return_code == 2
    assert app.failure is not None
    assert f"`chmod {mended} {path}`" in app.failure
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == mode


# --- over SSH ----------------------------------------------------------------------------


@pytest.mark.parametrize(("ssh", "level"), [("192.0.2.7 51234 192.0.2.1 22", "none"), ("", "full")])
def test_animations_are_off_over_ssh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ssh: str, level: str
) -> None:
    # The tests turn animations off everywhere; here the terminal's default is "full".
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "full")
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "full")
    if ssh:
        monkeypatch.setenv("SSH_CONNECTION", ssh)
    else:
        monkeypatch.delenv("SSH_CONNECTION", raising=False)
    app = make_test_app(write_contact_file(tmp_path))
    assert app.animation_level == level


# --- group access from the settings -------------------------------------------------------


async def test_group_access_is_turned_on_in_the_settings(tmp_path: Path) -> None:
    from ui_kit import press, screen_of

    from screens.settings import SettingsScreen
    from screens.widgets.tick_box import TickBox
    from store import Store

    path = write_contact_file(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    app = make_test_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, CaseloadScreen)
        await press(pilot, "f2")
        screen = screen_of(app, SettingsScreen)
        screen.query_one("#set-group_access", TickBox).focus()
        await press(pilot, "space")
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    assert Store(path).load().meta.group_access is True
    assert path.stat().st_mode & 0o777 == 0o660
    assert Store(path).lock_path.stat().st_mode & 0o777 == 0o660
    assert (path.parent / "backups").stat().st_mode & 0o7777 == 0o2770
