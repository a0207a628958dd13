"""User text is data, never markup: a pupil named `Jo [/]` (an unbalanced closing tag) and a
note saying `[tbc]` show literally in the caseload, the record, dialogs and toasts, and
nothing crashes when they are drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders import TODAY, make_caseload, make_meta, make_placement, make_provider, make_pupil
from textual.widgets import Static
from textual.widgets._toast import Toast
from ui_kit import make_test_app, settle, wait_until

from screens.caseload import CaseloadScreen
from screens.pupil import PupilScreen
from store import Store

SIZE = (80, 24)
NAME = "Jo [/]"
PROVIDER = "Forge [b]Skills[/b]"


def marked_up_file(folder: Path) -> Path:
    provider = make_provider(id="prv-forge", name=PROVIDER)
    pupil = make_pupil(id="pup-jo", first_name="Jo", last_name="[/]", notes="dates [tbc]")
    placement = make_placement(pupil, provider, id="plc-jo")
    caseload = make_caseload(provider, pupil, placement, meta=make_meta())
    path = folder / "caseload.json"
    Store.create(path, caseload.meta, caseload=caseload, user="tester")
    return path


def toasts(app: Any) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_names_and_notes_with_brackets_show_literally(tmp_path: Path) -> None:
    from screens.concern_dialog import ConcernDialog
    from screens.contact import ContactScreen

    app = make_test_app(marked_up_file(tmp_path), TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, CaseloadScreen)
        # The only row is highlighted: the panel under the table is titled with the name.
        detail = app.screen.query_one("#caseload-detail")
        assert detail.border_title is not None
        assert NAME in str(detail._border_title)
        await pilot.pause()

        await pilot.press("enter")
        await settle(pilot, PupilScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "dates [tbc]" in shown and NAME in shown and PROVIDER in shown

        await pilot.press("c")
        await settle(pilot, ContactScreen)
        await pilot.press("ctrl+r")
        await settle(pilot, ConcernDialog)
        box = app.screen.query_one("#concern-box")
        assert str(box._border_title) == f"Concern about {NAME}"
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, ContactScreen)

        await pilot.press("ctrl+s")
        await settle(pilot, PupilScreen)
        said = f"Contact with {PROVIDER} saved for {NAME}."
        await wait_until(pilot, lambda: bool(app._notifications), "the saved notice")
        assert [n.message for n in app._notifications] == [said]
        assert any(said in text for text in toasts(app))


async def test_a_refused_save_shows_the_typed_text_literally(tmp_path: Path) -> None:
    from screens.contact import ContactScreen

    app = make_test_app(marked_up_file(tmp_path), TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("c")
        await settle(pilot, ContactScreen)
        app.screen.query_one("#contact-date").focus()
        await pilot.press("ctrl+u", *"[/]", "ctrl+s")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and "[/]" in messages[0]
        assert any("[/]" in text for text in toasts(app))


async def test_provider_names_in_the_export_placement_choice_are_not_markup(
    tmp_path: Path,
) -> None:
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    from screens.export import ExportScreen

    path = marked_up_file(tmp_path)
    store = Store(path, user="tester")
    second = store.add(make_provider(name="[/] Hair"))
    store.add(make_placement("pup-jo", second))
    app = make_test_app(path, TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, CaseloadScreen)
        await pilot.press("e")
        await settle(pilot, ExportScreen)
        select = app.screen.query_one("#export-placement", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = app.screen.query_one(SelectOverlay)
        shown = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert PROVIDER in shown and "[/] Hair" in shown
        await pilot.pause()


def test_no_toast_reads_its_message_as_markup() -> None:
    """`notify` reads its message as markup unless told not to: screens call `say`, or
    pass `markup=False` themselves."""
    import ast

    import screens

    folder = Path(screens.__file__).parent
    unsafe = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "notify"
            ):
                plain = any(
                    k.arg == "markup"
                    and isinstance(k.value, ast.Constant)
                    and k.value.value is False
                    for k in node.keywords
                )
                if not plain:
                    unsafe.append(f"{path.relative_to(folder)}:{node.lineno}")
    assert unsafe == []
