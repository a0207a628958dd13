"""Staff shown by name, not login: the list in the settings, and the name prefilled where
the user is named (a concern's `Raised by`, a contact's school staff)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from contact_kit import open_contact, state_of
from textual.widgets import Input, Static, TextArea
from ui_kit import SIZE, burst, make_test_app, open_app, press, settle

from alp_tui.models import Staff
from screens.caseload import CaseloadScreen
from screens.concerns import ConcernScreen
from screens.contact import ContactScreen
from screens.pupil import PupilScreen
from screens.settings import SettingsScreen
from screens.widgets.staff_editor import StaffEditor
from store import Store

PATEL = Staff(user="apatel", name="Mrs A Patel", role="ALP lead")


def name_staff(path: Path, *staff: Staff) -> None:
    store = Store(path, user="setup")
    store.save_meta(store.load().meta.model_copy(update={"staff": list(staff)}))


async def test_the_settings_list_the_staff_by_login_name_and_role(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "f2")
        await settle(pilot, SettingsScreen)
        editor = app.screen.query_one("#staff", StaffEditor)
        editor.entry_start().focus()
        await press(pilot, "a patel", "tab", "Mrs A Patel", "tab", "ALP lead", "enter")
        # A login with a space is refused with what to type; the line keeps the typing.
        problem = str(app.screen.query_one("#problem-staff", Static).render())
        assert problem == (
            "!! Staff: login 'a patel' is not a login name: type it as they log in, "
            "without spaces (e.g. apatel)."
        )
        assert editor.items == []
        box = editor.query_one(".staff-user", Input)
        assert box.value == "a patel"
        box.value = "apatel"
        box.focus()
        await press(pilot, "enter")
        assert editor.items == [PATEL]
        await press(pilot, "jdean", "tab", "Mr J Dean", "ctrl+s")
        await settle(pilot, CaseloadScreen)
    staff = Store(demo_file).load().meta.staff
    assert staff == [PATEL, Staff(user="jdean", name="Mr J Dean")]


async def test_a_concern_is_raised_by_the_user_s_name(demo_file: Path) -> None:
    name_staff(demo_file, PATEL)
    app = make_test_app(demo_file, user="apatel")
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_pupil("pu-jordan")
        await settle(pilot, PupilScreen)
        await press(pilot, "r")
        await settle(pilot, ConcernScreen)
        assert app.screen.query_one("#raised_by", Input).value == "Mrs A Patel (ALP lead)"
        app.screen.query_one("#description", TextArea).text = "Late three times."
        await press(pilot, "ctrl+s")
        await settle(pilot, PupilScreen)
    (concern,) = Store(demo_file).load().concerns_of("pu-jordan")
    assert concern.raised_by == "Mrs A Patel (ALP lead)"
    assert concern.created_by == "apatel"


async def test_a_contact_s_school_staff_is_the_user_s_name_or_login(
    contact_file: Path,
) -> None:
    name_staff(contact_file, PATEL)
    for user, shown in (("apatel", "Mrs A Patel (ALP lead)"), ("jdean", "jdean")):
        app = make_test_app(contact_file, user=user)
        async with app.run_test(size=SIZE) as pilot:
            await open_contact(pilot, "pup-jordan")
            await settle(pilot, ContactScreen)
            assert state_of(app)["school_staff"] == shown


async def test_staff_and_holidays_typed_ahead_land_in_their_boxes(demo_file: Path) -> None:
    """Over SSH a whole line arrives at once: login, tab, name, tab, role, enter, then the
    next line, before the app has moved the cursor for any of them."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "f2")
        await settle(pilot, SettingsScreen)
        app.screen.query_one("#staff", StaffEditor).entry_start().focus()
        await settle(pilot)
        burst(app, [*"apatel", "tab", *"Mrs A Patel", "tab", *"ALP lead", "enter"])
        burst(app, [*"jdean", "tab", *"Mr J Dean", "enter", "ctrl+n"])
        burst(app, [*"Inset", "tab", *"04/01/2027", "enter", "ctrl+s"])
        await settle(pilot, CaseloadScreen)
    meta = Store(demo_file).load().meta
    assert meta.staff == [PATEL, Staff(user="jdean", name="Mr J Dean")]
    assert [(h.name, h.start, h.end) for h in meta.holidays if h.name == "Inset"] == [
        ("Inset", date(2027, 1, 4), date(2027, 1, 4))
    ]
