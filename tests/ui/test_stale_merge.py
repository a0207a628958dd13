"""A stale save merged, not lost: another user's save (written through a second Store on
the same file) is combined field by field with the form's; the fields both changed are
picked side by side; nothing typed is lost on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pinned import CLOCK
from textual.widgets import Input
from ui_kit import SIZE, make_test_app, open_app, press, settle, status_text

from alp_tui.models import Staff
from screens.caseload import CaseloadScreen
from screens.provider_form import ProviderFormScreen
from screens.pupil_form import PupilFormScreen
from screens.settings import SettingsScreen
from screens.stale_merge import MergePicker
from store import Store


def messages(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def name_staff(path: Path) -> None:
    store = Store(path, user="setup", clock=CLOCK)
    meta = store.load().meta
    store.save_meta(
        meta.model_copy(update={"staff": [Staff(user="ms.khan", name="Ms R Khan", role="SENCo")]})
    )


def set_value(app: Any, field: str, value: str) -> None:
    app.screen.query_one(f"#{field}", Input).value = value


async def test_fields_only_one_side_changed_are_combined_and_said(demo_file: Path) -> None:
    name_staff(demo_file)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-jordan"))
        await settle(pilot, PupilFormScreen)
        other = Store(demo_file, user="ms.khan", clock=CLOCK)
        jordan = other.load().pupils["pu-jordan"]
        other.update(jordan.model_copy(update={"school_lead": "Mr Patel"}))
        app.check_disk()
        await settle(pilot)
        assert status_text(app).startswith("! Ms R Khan (SENCo) changed this record")
        set_value(app, "preferred_name", "Jay")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
        said = messages(app)[-1]
    assert said.startswith(
        "Saved, merged with the change Ms R Khan (SENCo) saved at 10:30 on 27/11/2026."
    )
    assert "Yours kept: Preferred name." in said
    assert "Theirs came in: School lead." in said
    saved = Store(demo_file).load().pupils["pu-jordan"]
    assert (saved.preferred_name, saved.school_lead) == ("Jay", "Mr Patel")
    assert saved.rev == jordan.rev + 2
    assert saved.updated_by == "tester"


async def test_fields_both_changed_are_picked_and_escape_keeps_the_typing(
    demo_file: Path,
) -> None:
    name_staff(demo_file)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_app(pilot)
        app.push_screen(PupilFormScreen("pu-jordan"))
        await settle(pilot, PupilFormScreen)
        other = Store(demo_file, user="ms.khan", clock=CLOCK)
        jordan = other.load().pupils["pu-jordan"]
        other.update(
            jordan.model_copy(
                update={"preferred_name": "Jo", "school_lead": "Mr Patel", "notes": "Bus pass."}
            )
        )
        set_value(app, "preferred_name", "Jay")
        set_value(app, "school_lead", "Mrs Ahmed")
        set_value(app, "upn", "")
        await settle(pilot)
        app.notify("Contact with Forge Construction Skills saved for Kai Thompson.", timeout=60)
        await press(pilot, "ctrl+s")
        await settle(pilot, MergePicker)
        # No note lies over the two values to be read side by side.
        assert messages(app) == []
        shown = " ".join(str(s.render()) for s in app.screen.query(".merge-side"))
        assert "Yours typed now Jay" in shown.replace("\n", " ")
        assert "Ms R Khan (SENCo) saved 10:30 on 27/11/2026 Jo" in shown.replace("\n", " ")
        assert "Mrs Ahmed" in shown and "Mr Patel" in shown
        # Escape: back to the form, every character still there, nothing saved.
        await press(pilot, "escape")
        assert isinstance(app.screen, PupilFormScreen)
        assert app.screen.query_one("#preferred_name", Input).value == "Jay"
        assert app.screen.query_one("#school_lead", Input).value == "Mrs Ahmed"
        assert "ctrl+s shows the choice again" in status_text(app)
        assert Store(demo_file).load().pupils["pu-jordan"].preferred_name == "Jo"
        # Again: keep mine for the name, take theirs for the lead.
        await press(pilot, "ctrl+s")
        await settle(pilot, MergePicker)
        await pilot.press("tab", "right")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
        said = messages(app)[-1]
    assert "Yours kept: UPN, Preferred name." in said
    assert "Theirs came in: notes, School lead." in said
    saved = Store(demo_file).load().pupils["pu-jordan"]
    assert saved.preferred_name == "Jay"
    assert saved.school_lead == "Mr Patel"
    assert saved.notes == "Bus pass."
    assert saved.upn is None and jordan.upn is not None


async def test_a_provider_form_merges_too(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_app(pilot)
        app.push_screen(ProviderFormScreen("pr-forge"))
        await settle(pilot, ProviderFormScreen)
        other = Store(demo_file, user="ms.khan", clock=CLOCK)
        forge = other.load().providers["pr-forge"]
        other.update(forge.model_copy(update={"phone": "0161 000 0000"}))
        set_value(app, "contact_name", "Sam Ortiz")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, ProviderFormScreen))
        said = messages(app)[-1]
    assert said.startswith("Saved, merged with the change ms.khan saved at")
    saved = Store(demo_file).load().providers["pr-forge"]
    assert (saved.contact_name, saved.phone) == ("Sam Ortiz", "0161 000 0000")


async def test_the_settings_merge_with_a_colleague_s(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_app(pilot)
        app.push_screen(SettingsScreen())
        await settle(pilot, SettingsScreen)
        other = Store(demo_file, user="ms.khan", clock=CLOCK)
        meta = other.load().meta
        other.save_meta(meta.model_copy(update={"school_name": "Northfield Academy"}))
        app.screen.query_one("#set-contact_interval_days", Input).value = "10"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, SettingsScreen))
        said = messages(app)
    assert any("Theirs came in: school name." in m for m in said)
    saved = Store(demo_file).load().meta
    assert (saved.school_name, saved.contact_interval_days) == ("Northfield Academy", 10)
