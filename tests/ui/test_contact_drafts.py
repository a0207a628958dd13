"""Drafts of half-typed contacts: the file format and permissions, and a contact surviving
the app being killed mid-call (a real process, SIGKILLed)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from contact_kit import open_contact, state_of
from ui_kit import make_test_app, wait_until

from store import drafts

# --- the drafts module ----------------------------------------------------------------------


def test_a_draft_round_trips_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "caseload.json"
    path = drafts.write_draft(data, "pl-1", {"state": {"summary": "née “quoted” [tbc]"}})
    assert path == tmp_path / "caseload.json.drafts" / "pl-1.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert drafts.read_draft(data, "pl-1") == {"state": {"summary": "née “quoted” [tbc]"}}
    drafts.write_draft(data, "pl-1", {"state": {"summary": "second"}})
    assert drafts.read_draft(data, "pl-1") == {"state": {"summary": "second"}}
    # Nothing but the drafts themselves is left in the folder.
    assert sorted(p.name for p in path.parent.iterdir()) == ["pl-1.json"]
    assert drafts.list_drafts(data) == ["pl-1"]
    assert drafts.delete_draft(data, "pl-1") is True
    assert drafts.delete_draft(data, "pl-1") is False
    assert drafts.read_draft(data, "pl-1") is None
    assert drafts.list_drafts(data) == []


def test_draft_keys_stay_inside_the_folder(tmp_path: Path) -> None:
    data = tmp_path / "caseload.json"
    path = drafts.write_draft(data, "../../etc/passwd", {"x": 1})
    assert path.parent == drafts.drafts_dir(data)
    assert drafts.read_draft(data, "../../etc/passwd") == {"x": 1}
    assert drafts.draft_key("pl-1") == "pl-1"
    assert drafts.draft_key("pl-1", "ct-9") != drafts.draft_key("pl-1")


def test_an_unreadable_draft_counts_as_none(tmp_path: Path) -> None:
    data = tmp_path / "caseload.json"
    folder = drafts.drafts_dir(data)
    folder.mkdir()
    (folder / "torn.json").write_text('{"state": {"summ')
    (folder / "list.json").write_text("[1, 2]")
    assert drafts.read_draft(data, "torn") is None
    assert drafts.read_draft(data, "list") is None


def test_a_failed_write_leaves_the_old_draft(tmp_path: Path) -> None:
    data = tmp_path / "caseload.json"
    drafts.write_draft(data, "pl-1", {"n": 1})
    with pytest.raises(TypeError):
        drafts.write_draft(data, "pl-1", {"n": object()})
    assert drafts.read_draft(data, "pl-1") == {"n": 1}
    assert drafts.list_drafts(data) == ["pl-1"]


def test_temporary_files_a_killed_writer_left_are_removed(tmp_path: Path) -> None:
    data = tmp_path / "caseload.json"
    folder = drafts.drafts_dir(data)
    folder.mkdir()
    left = [folder / ".tmp-abc123.json", folder / ".tmp-def456.json"]
    for path in left:
        path.write_text('{"state": {"concern": "disclosed at lunch"}}')
        old = path.stat().st_mtime - drafts.STALE_TEMP_SECONDS - 60
        os.utime(path, (old, old))
    # One being written at this moment by another window is left alone.
    writing = folder / ".tmp-live00.json"
    writing.write_text('{"sta')
    other = folder / "notes.txt"
    other.write_text("not a draft")

    assert drafts.read_draft(data, "pl-1") is None
    assert not any(path.exists() for path in left)
    assert writing.exists() and other.exists()

    left[0].write_text("{}")
    os.utime(left[0], (0, 0))
    drafts.write_draft(data, "pl-1", {"n": 1})
    assert not left[0].exists()
    assert sorted(p.name for p in folder.iterdir()) == [
        ".tmp-live00.json",
        "notes.txt",
        "pl-1.json",
    ]


# --- through the app -------------------------------------------------------------------------

CHILD = """
import asyncio, json, os, signal, sys
from pathlib import Path
sys.path[:0] = [{tests!r}, {helpers!r}]
from contact_kit import open_contact
from ui_kit import make_test_app, wait_until
from store import drafts

path = Path({path!r})

def draft_has(text):
    draft = drafts.read_draft(path, "pl-jordan")
    return draft is not None and text in json.dumps(draft)

async def main():
    app = make_test_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_contact(pilot, "pup-jordan")
        await pilot.press("a", "tab", "tab", "5")
        screen.query_one("#contact-summary").focus()
        await pilot.press(*"Half typed when the line dropped")
        await wait_until(pilot, lambda: draft_has("line dropped"), "the draft")
        # The connection drops: no escape, no exit handlers, nothing.
        os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


async def test_a_contact_survives_the_app_being_killed(contact_file: Path) -> None:
    from screens.confirm import ConfirmScreen
    from screens.contact import ContactScreen
    from store import Store

    here = Path(__file__).parent
    script = CHILD.format(tests=str(here), helpers=str(here.parent), path=str(contact_file))
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    assert drafts.read_draft(contact_file, "pl-jordan") is not None

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the offer")
        question = str(app.screen.query_one("#confirm-question").render())
        assert question.startswith("Resume the contact you started at ")
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ContactScreen)
                and state_of(app)["summary"] == "Half typed when the line dropped"
            ),
            "the fields to come back",
        )
        state = state_of(app)
        assert state["sessions"][0]["mark"] == "absent_unauthorised"
        assert state["sessions"][0]["hours"] == "0"
        assert state["engagement"] == 5
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ContactScreen), "the save")
    saved = [c for c in Store(contact_file).load().contacts.values() if c.rev == 1 and c.summary]
    assert any(c.summary == "Half typed when the line dropped" for c in saved)
    assert drafts.read_draft(contact_file, "pl-jordan") is None


async def test_start_again_keeps_the_old_draft_until_new_typing(contact_file: Path) -> None:
    from screens.confirm import ConfirmScreen
    from screens.contact import ContactScreen

    drafts.write_draft(
        contact_file,
        "pl-jordan",
        {
            "version": 1,
            "placement_id": "pl-jordan",
            "started_at": "2026-11-26T10:42",
            "state": {"summary": "old words"},
        },
    )
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the offer")
        question = str(app.screen.query_one("#confirm-question").render())
        assert question == "Resume the contact you started on 26/11/2026 at 10:42?"
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        assert state_of(app)["summary"] == ""
        assert drafts.read_draft(contact_file, "pl-jordan") is not None
        await pilot.press("l")
        await wait_until(
            pilot,
            lambda: "old words" not in json.dumps(drafts.read_draft(contact_file, "pl-jordan")),
            "the new draft",
        )
    draft = drafts.read_draft(contact_file, "pl-jordan")
    assert draft is not None
    assert draft["state"]["sessions"][0]["mark"] == "late"


async def test_discard_throws_the_draft_away(contact_file: Path) -> None:
    from screens.caseload import CaseloadScreen
    from screens.confirm import ConfirmScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("a")
        await wait_until(pilot, lambda: drafts.read_draft(contact_file, "pl-jordan"), "the draft")
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")
        await wait_until(
            pilot, lambda: drafts.read_draft(contact_file, "pl-jordan") is None, "no draft"
        )


async def test_a_saved_contact_leaves_no_draft(contact_file: Path) -> None:
    from screens.contact import ContactScreen

    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("k")
        await wait_until(pilot, lambda: drafts.read_draft(contact_file, "pl-jordan"), "the draft")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ContactScreen), "the save")
        await pilot.pause(1.0)  # a late debounce must not bring the draft back
    assert drafts.list_drafts(contact_file) == []


def notices(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_draft_that_cannot_be_written_says_so_and_the_form_stays(
    contact_file: Path,
) -> None:
    from screens.caseload import CaseloadScreen
    from screens.confirm import ConfirmScreen
    from screens.contact import ContactScreen

    # A file where the drafts folder should be: no draft can be written (even by root).
    blocker = drafts.drafts_dir(contact_file)
    blocker.write_text("not a folder")
    app = make_test_app(contact_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, "pup-jordan")
        await pilot.press("a")
        await wait_until(
            pilot,
            lambda: any("cannot be kept as a draft" in n for n in notices(app)),
            "the warning",
        )
        warning = next(n for n in notices(app) if "cannot be kept as a draft" in n)
        assert str(blocker) in warning and "ctrl+s" in warning
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen), "the form")
        # Still open, with the typing.
        assert state_of(app)["sessions"][0]["mark"] == "absent_unauthorised"
        assert blocker.read_text() == "not a folder"

        blocker.unlink()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseloadScreen), "the caseload")
    draft = drafts.read_draft(contact_file, "pl-jordan")
    assert draft is not None
    assert draft["state"]["sessions"][0]["mark"] == "absent_unauthorised"
