"""Two real alp-tui processes on one data file, side by side in one tmux server at 80×24,
driven by keys as two colleagues would: contacts for different pupils are both kept, edits
to different fields of one pupil are merged, and edits to the same field are shown side by
side with nothing typed lost. Every step waits on what the panes show or the file holds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pinned import CLOCK, TODAY

from alp_tui.demo import demo_caseload
from store import Store

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)

#: How long one step may take before the test gives up (a slow, shared machine).
PATIENCE = 30.0


class Tmux:
    """One private tmux server (its own socket), one session per app."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def start(self, name: str, command: str) -> None:
        self.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)

    def keys(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def type(self, name: str, text: str) -> None:
        self.run("send-keys", "-t", name, "-l", text)

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, text: str) -> str:
        """The pane once it shows `text` (fails, showing the pane, if it never does)."""
        shown = ""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            shown = self.screen(name)
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{name} never showed {text!r}; it shows:\n{shown}")


def wait_until(condition: Callable[[], Any], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def pupil_in_file(path: Path, pupil_id: str) -> dict[str, Any]:
    docs = json.loads(path.read_text(encoding="utf-8"))["pupils"].values()
    return next(doc for doc in docs if doc["id"] == pupil_id)


def contacts_in_file(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["contacts"].values())


PREFERRED = "Preferred name   "
YEAR = "Year group       "
#: What each field shows when empty (its placeholder).
EMPTY = {PREFERRED: "if they go by another name", YEAR: "1–13"}


def retype(tmux: Tmux, edits: dict[str, tuple[int, str, str]]) -> None:
    """In each app's pupil form, move on `enters` fields, clear the one there (`ctrl+u`: a
    field keeps its text on arrival) and type `text`, then wait for both to show it."""
    for app, (enters, _label, _text) in edits.items():
        tmux.keys(app, *["Enter"] * enters)
    time.sleep(0.5)  # the cursor on its way to the field
    for app, (_enters, label, text) in edits.items():
        tmux.keys(app, "C-u")
        tmux.wait_for(app, label + EMPTY[label])
        tmux.type(app, text)
    for app, (_enters, label, text) in edits.items():
        tmux.wait_for(app, label + text)


def open_pupil(tmux: Tmux, app: str, name: str, year: str) -> None:
    """Jump to a pupil's record through the command palette."""
    tmux.keys(app, "C-p")
    tmux.wait_for(app, "Search for commands")
    tmux.type(app, name)
    tmux.wait_for(app, f"{year}: open the record")
    tmux.keys(app, "Enter")
    tmux.wait_for(app, f"alp-tui — {name}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path / "tmux.sock")
    try:
        yield server
    finally:
        subprocess.run(
            ["tmux", "-S", str(server.socket), "kill-server"], capture_output=True, check=False
        )


def test_two_colleagues_at_once(tmp_path: Path, tmux: Tmux) -> None:
    path = tmp_path / "caseload.json"
    caseload = demo_caseload(TODAY)
    Store.create(path, caseload.meta, caseload=caseload, user="lead", clock=CLOCK)
    millie = caseload.pupils["pu-millie"]
    placements = {p.id: p.pupil_id for p in caseload.placements.values()}
    contacts_before = len(caseload.contacts)
    command = f"{sys.executable} -m alp_tui --data {path} --today {TODAY.isoformat()}"
    for app in ("a", "b"):
        tmux.start(app, command)
    for app in ("a", "b"):
        tmux.wait_for(app, "worst first")

    # Contacts for different pupils, both forms open before either saves: both kept.
    for app, name, year in (("a", "Millie Clarke", "Year 8"), ("b", "Jordan Bennett", "Year 10")):
        open_pupil(tmux, app, name, year)
        tmux.keys(app, "c")
        tmux.wait_for(app, f"Weekly contact · {name}")
    for app in ("a", "b"):
        tmux.keys(app, "C-s")
        tmux.wait_for(app, "saved for")

    def two_new_contacts() -> bool:
        return len(contacts_in_file(path)) == contacts_before + 2

    wait_until(two_new_contacts, "both contacts in the file")
    new = [c for c in contacts_in_file(path) if c["date"] == TODAY.isoformat()]
    assert {"pu-millie", "pu-jordan"} <= {placements[c["placement_id"]] for c in new}

    # Both open Millie's details; each changes a different field; the second save merges.
    tmux.keys("b", "Escape")  # from Jordan's record to the caseload, then Millie's
    tmux.wait_for("b", "worst first")
    open_pupil(tmux, "b", "Millie Clarke", "Year 8")
    for app in ("a", "b"):
        tmux.wait_for(app, "Known as: Millie")
        tmux.keys(app, "u")
        tmux.wait_for(app, "Preferred name   Millie")
    retype(tmux, {"a": (2, PREFERRED, "Mimi"), "b": (4, YEAR, "9")})
    tmux.keys("a", "C-s")
    wait_until(lambda: pupil_in_file(path, "pu-millie")["preferred_name"] == "Mimi", "a's save")
    tmux.keys("b", "C-s")
    shown = tmux.wait_for("b", "Merged")
    assert "Yours kept:" in shown and "Theirs came in:" in shown
    wait_until(lambda: pupil_in_file(path, "pu-millie")["year_group"] == 9, "b's merged save")
    merged = pupil_in_file(path, "pu-millie")
    assert (merged["preferred_name"], merged["year_group"]) == ("Mimi", 9)
    assert merged["rev"] == millie.rev + 2
    assert millie.year_group == 8

    # Both change the same field: b sees the two values side by side and picks.
    for app in ("a", "b"):
        tmux.wait_for(app, "Known as: Mimi")
        tmux.keys(app, "u")
        tmux.wait_for(app, "Preferred name   Mimi")
    retype(tmux, {"a": (2, PREFERRED, "Amy"), "b": (2, PREFERRED, "Ami")})
    tmux.keys("a", "C-s")
    wait_until(lambda: pupil_in_file(path, "pu-millie")["preferred_name"] == "Amy", "a's save")
    tmux.keys("b", "C-s")
    picker = tmux.wait_for("b", "Both of you changed this")
    lines = [line for line in picker.splitlines() if "Ami" in line or "Amy" in line]
    assert any("Ami" in line and "Amy" in line for line in lines), picker  # side by side
    # Escape goes back to the form with the typing there; nothing is saved.
    tmux.keys("b", "Escape")
    # (The form's status line can be drawn a moment before the picker is taken away.)
    back = tmux.wait_for("b", "Preferred name   Ami")
    assert "ctrl+s shows the choice again" in back
    assert "Both of you changed this" not in back
    assert pupil_in_file(path, "pu-millie")["preferred_name"] == "Amy"
    # Again, keeping b's own value.
    tmux.keys("b", "C-s")
    tmux.wait_for("b", "Both of you changed this")
    tmux.keys("b", "C-s")
    wait_until(lambda: pupil_in_file(path, "pu-millie")["preferred_name"] == "Ami", "b's pick")
    final = pupil_in_file(path, "pu-millie")
    assert final["year_group"] == 9
    for app in ("a", "b"):
        tmux.wait_for(app, "Known as: Ami")
