"""The release preview, driven by keys at 80×24 on the demo caseload: before a shared copy is
written it lists every item the copy carries and holds back, in words (`[held]`, `[goes]`)
with the reason; `r` releases a held item, `k` keeps one in school, and the choices are saved
on the items in one store write before the note is written from them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from export_fixtures import package_parts
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from ui_kit import SIZE, make_test_app, settle

from alp_tui.app import AlpApp
from alp_tui.models import Record
from alp_tui.sharing import NEVER_SHARED
from screens.caseload import CaseloadScreen
from screens.confirm import ConfirmScreen
from screens.export import ExportScreen
from screens.release_preview import ReleasePreview
from store import Store

MASON = "pu-mason"
HELD_NOTE = "Left site at lunch this week"
VOICE = "I just went to the shop."


async def open_preview(pilot: Pilot[Any], pupil_id: str, folder: Path) -> ReleasePreview:
    await settle(pilot, CaseloadScreen)
    pilot.app.push_screen(ExportScreen(pupil_id, folder=folder))
    await settle(pilot, ExportScreen)
    await pilot.press("ctrl+s")  # the provider's copy, chosen when the dialog opens
    await settle(pilot, ReleasePreview)
    screen = pilot.app.screen
    assert isinstance(screen, ReleasePreview)
    return screen


def drawn(screen: ReleasePreview) -> list[str]:
    listing = screen.query_one("#release-items", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def lines(screen: ReleasePreview) -> list[str]:
    """The lines without the cursor's mark."""
    return [line[1:] for line in drawn(screen)]


async def highlight(pilot: Pilot[Any], screen: ReleasePreview, text: str) -> None:
    """Move the cursor down to the item holding `text`, by keys."""
    listing = screen.query_one("#release-items", OptionList)
    for _ in range(listing.option_count):
        item = screen.highlighted
        if item is not None and item.text == text:
            return
        await pilot.press("down")
    raise AssertionError(f"no item says {text!r}")


def count_writes(app: AlpApp) -> list[int]:
    """Wrap the store's one write call to count how often the app calls it."""
    store = app.workspace.store
    calls: list[int] = []
    real = store.apply

    def counted(*args: Any, **kwargs: Any) -> list[Record]:
        calls.append(1)
        return real(*args, **kwargs)

    store.apply = counted  # type: ignore[method-assign]
    return calls


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


async def test_release_one_keep_another_then_the_note_follows_the_saved_choices(
    demo_file: Path, notes: Path
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot, MASON, notes)
        writes = count_writes(app)
        shown = lines(screen)
        # Words, not colour: every line says whether it goes, the held ones first.
        assert all(line.startswith(("[held]", "[goes]")) for line in shown)
        held = [line for line in shown if line.startswith("[held]")]
        assert shown[: len(held)] == held and len(held) == 9
        counts = str(screen.query_one("#release-counts", Static).render())
        assert "holds back 9" in counts
        assert screen.highlighted is not None and screen.highlighted.text == HELD_NOTE
        # The cursor is marked in text too, for a terminal without colour.
        assert [line[0] for line in drawn(screen)] == ["›"] + [" "] * (len(shown) - 1)
        detail = str(screen.query_one("#release-detail", Static).render())
        assert detail.startswith('Held back: it mentions going missing ("Left site").')

        await pilot.press("r")  # the first week's note, read and let go
        await settle(pilot)
        assert lines(screen)[0].startswith("[goes]*")
        await highlight(pilot, screen, VOICE)
        at = screen.items.index(screen.highlighted)
        # The words said on a call whose summary is held are held with it...
        assert str(screen.query_one("#release-detail", Static).render()).startswith(
            "Held back: said on a call whose summary is held back, which mentions going missing"
        )
        assert [i for i, line in enumerate(drawn(screen)) if line[0] == "›"] == [at]
        # ...and released on their own only on purpose, with a word on the blank beside them.
        await pilot.press("r")
        await settle(pilot)
        assert "This call's summary is held back" in str(
            screen.query_one("#release-detail", Static).render()
        )
        await pilot.press("k")
        await settle(pilot)
        assert screen.highlighted is not None and not screen.highlighted.carried
        assert str(screen.query_one("#release-detail", Static).render()).startswith(
            "Held back: kept in school by the ALP lead. Not saved yet"
        )
        assert writes == []  # nothing saved while choosing

        await pilot.press("ctrl+s")
        await settle(pilot, ExportScreen)
        await settle(pilot)
        [written] = list(notes.iterdir())
        status = str(app.screen.query_one("#export-status", Static).render())
        assert status == f"Saved the PROVIDER note (held back 8 items): {written}"
    assert writes == [1]  # the choices, in one write

    caseload = Store(demo_file).load()
    contacts = [c for p in caseload.placements_of(MASON) for c in caseload.contacts_of(p.id)]
    released = [n for c in contacts for n in c.progress if n.share == "all"]
    assert [n.note for n in released] == [HELD_NOTE]
    spoken = [c for c in contacts if c.pupil_voice == VOICE]
    assert [c.share_of("pupil_voice") for c in spoken] == ["school"]
    words = "\n".join(w for _raw, w in package_parts(written).values())
    assert words.count(HELD_NOTE) == 1
    assert VOICE not in words


async def test_going_back_with_choices_asks_and_saves_nothing(demo_file: Path, notes: Path) -> None:
    before = Store(demo_file).load()
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot, MASON, notes)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot, ReleasePreview)
        assert app.screen is screen and screen.changed
        await pilot.press("escape")
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, ExportScreen)
        status = str(app.screen.query_one("#export-status", Static).render())
        assert status == "Not exported: nothing was written or saved."
    assert list(notes.iterdir()) == []
    assert Store(demo_file).load().contacts == before.contacts


async def test_a_safeguarding_concern_is_not_released_and_another_is_shared_on_purpose(
    demo_file: Path, notes: Path
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot, MASON, notes)
        concern = next(i for i in screen.items if i.kind == "concern")
        await highlight(pilot, screen, concern.text)
        await pilot.press("r")
        await settle(pilot)
        assert not screen.changed
        assert any(n.message == NEVER_SHARED for n in app._notifications)
        await pilot.press("escape")  # nothing chosen: straight back
        await settle(pilot, ExportScreen)
        await pilot.press("escape")
        await settle(pilot, CaseloadScreen)

        # Ellie's attendance concern, shared with her family from their copy.
        pilot.app.push_screen(ExportScreen("pu-ellie", folder=notes))
        await settle(pilot, ExportScreen)
        await pilot.press("down", "enter", "ctrl+s")  # parents and carers
        await settle(pilot, ReleasePreview)
        preview = app.screen
        assert isinstance(preview, ReleasePreview) and preview.audience == "parent"
        attendance = next(i for i in preview.items if i.kind == "concern")
        await highlight(pilot, preview, attendance.text)
        await pilot.press("r", "ctrl+s")
        await settle(pilot, ExportScreen)
        await settle(pilot)
    saved = Store(demo_file).load().concerns[attendance.record_id]
    assert saved.share_with == ["parent"]
    [written] = list(notes.iterdir())
    words = "\n".join(w for _raw, w in package_parts(written).values())
    assert " ".join(attendance.text.split()[:6]) in " ".join(words.split())


async def test_a_change_by_someone_else_meanwhile_is_refused_and_nothing_written(
    demo_file: Path, notes: Path
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot, MASON, notes)
        first = screen.highlighted
        assert first is not None
        await pilot.press("r")
        await settle(pilot)
        other = Store(demo_file, user="dsl-office")
        theirs = other.load().contacts[first.record_id]
        other.update(theirs.model_copy(update={"summary": "Rewritten by the DSL"}))
        await pilot.press("ctrl+s")
        await settle(pilot, ExportScreen)
        await settle(pilot)
        status = str(app.screen.query_one("#export-status", Static).render())
        assert status.startswith("Your choices were not saved and nothing was written:")
        assert "dsl-office" in status
    assert list(notes.iterdir()) == []
    kept = Store(demo_file).load().contacts[first.record_id]
    assert kept.summary == "Rewritten by the DSL"
    assert all(n.share is None for n in kept.progress)
