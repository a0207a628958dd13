"""What a new user stumbled on in their first hour at 80×24: the problem a row shows, text
cut off, paging the record, the providers' preview and checks, leaving, small windows and
long notes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import (
    all_checks,
    hours_schedule,
    make_caseload,
    make_contact,
    make_meta,
    make_placement,
    make_provider,
    make_pupil,
    make_target,
)
from pinned import CLOCK, TODAY
from rich.console import Console
from textual.app import App
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, Tabs
from textual.widgets._footer import FooterKey
from ui_kit import (
    SIZE,
    burst,
    make_test_app,
    open_app,
    press,
    preview_text,
    screen_of,
    settle,
    wait_until,
)

from alp_tui.caseload import Caseload
from alp_tui.models import CHECK_LABELS
from alp_tui.rules import find_problems, worst_first
from screens.caseload import CaseloadScreen
from screens.confirm import ConfirmScreen
from screens.contact_history import ContactHistoryScreen
from screens.help import HelpScreen, screen_title
from screens.provider_form import ChecksEditor, ProviderFormScreen
from screens.providers import ProvidersScreen
from screens.pupil import PupilScreen
from screens.pupil_form import PupilFormScreen
from screens.too_small import TooSmallScreen
from screens.widgets.long_text import PART_CHARACTERS, SHOWN_CHARACTERS, LongInput
from screens.widgets.problems import ProblemList
from store import Store


def write(path: Path, caseload: Caseload) -> Path:
    Store.create(path, caseload.meta, caseload=caseload, user="tester", clock=CLOCK)
    return path


def caseload_rows(app: object) -> dict[str, list[str]]:
    table = app.screen.query_one("#caseload-table", DataTable)  # type: ignore[attr-defined]
    rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
    return {row[0]: row for row in rows}


# --- 1. the problem a row shows is the most serious ----------------------------------------


def two_providers(tmp_path: Path) -> Path:
    """Kai's case: 16.5 h at one part-time provider (near the limit) and 8 h at another,
    24.5 h in all (over the limit across providers)."""
    kai = make_pupil(id="pu-kai", first_name="Kai", last_name="Morgan")
    garage = make_provider("Sandford Motors", id="pr-g")
    farm = make_provider("Hill Farm", id="pr-f")
    first = make_placement(kai, garage, id="pl-g", schedule=hours_schedule(16.5))
    second = make_placement(kai, farm, id="pl-f", schedule=hours_schedule(8, "thu"))
    return write(
        tmp_path / "caseload.json",
        make_caseload(
            kai,
            garage,
            farm,
            first,
            second,
            make_target(first),
            make_target(second),
            make_contact(first),
            make_contact(second),
            meta=make_meta(),
        ),
    )


async def test_a_row_shows_the_total_across_providers_before_one_near_the_limit(
    tmp_path: Path,
) -> None:
    path = two_providers(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        # The 24.5 h across two part-time providers outranks 16.5 h near the limit at one.
        assert caseload_rows(app)["Kai Morgan"][1] == "! 24.5 h in all > 18 +1"
        await press(pilot, "enter")
        await settle(pilot, PupilScreen)
        shown = str(app.screen.query_one("#pupil-problems", ProblemList).render()).splitlines()
        assert shown[0].startswith("! 24.5 h/week across 2 part-time providers")
        assert shown[1].startswith("! 16.5 h/week at Sandford Motors — near")
    codes = [p.code for p in worst_first(find_problems(Store(path).load(), TODAY))]
    assert codes == ["AP_TOTAL_OVER_LIMIT", "HOURS_NEAR_LIMIT"]


# --- 2. nothing cut off at 80 columns -----------------------------------------------------


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line, as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()


def footer_line(app: App[Any]) -> str:
    return screen_lines(app)[-1]


async def test_help_wraps_a_long_line_and_names_the_screen_in_words(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await pilot.press("f1")
        await settle(pilot, HelpScreen)
        text = "\n".join(screen_lines(app))
        assert "Keys: Caseload" in text
        # The long line wraps inside the box instead of ending "and non-a…".
        assert "Show or hide archived and" in text and "non-active pupils" in text
        assert "from a spreadsheet (CSV)" in text
        table = app.screen.query_one("#help-keys", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_every_help_title_reads_in_words() -> None:
    for screen in (
        ProvidersScreen(),
        ProviderFormScreen(),
        PupilScreen("pu-x"),
        CaseloadScreen(),
        ContactHistoryScreen("pu-x"),
    ):
        title = screen_title(screen)
        assert (title[0].isupper() and " " in title) or title in {"Caseload", "Providers"}
        assert "screen" not in title.lower() and title.lower() != type(screen).__name__.lower()
    assert screen_title(ProviderFormScreen()) == "Provider details"


@pytest.mark.parametrize(
    "pupil_id",
    [
        "pu-kai",
        # A confidential concern adds `s Show text`: f1 must still be in view.
        "pu-mason",
    ],
)
async def test_the_records_footer_fits_80_columns_and_offers_a_concern(
    demo_file: Path, pupil_id: str
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilScreen(pupil_id))
        await settle(pilot, PupilScreen)
        await settle(pilot, lambda: app.screen.query(FooterKey))
        footer = footer_line(app)
        shown = list(app.screen.query(FooterKey).results(FooterKey))
        assert any(key.key == "r" for key in shown)
        for key in shown:
            words = f"{key.key_display} {key.description}".strip()
            assert words in footer, f"{words!r} is cut from the footer: {footer!r}"
        # The keys left out of the footer are still in the help.
        await pilot.press("f1")
        await settle(pilot, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        described = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"Edit", "Placement", "History", "Review", "Concern"} <= described


async def test_the_contacts_summary_wraps_instead_of_being_cut(demo_file: Path) -> None:
    caseload = Store(demo_file).load()
    kai = [c for p in caseload.placements_of("pu-kai") for c in caseload.contacts_of(p.id)]
    assert len({c.placement_id for c in kai}) == 2  # two providers: the widest table
    latest = max(kai, key=lambda c: c.date)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilScreen("pu-kai"))
        await settle(pilot, PupilScreen)
        await press(pilot, "3")
        table = app.screen.query_one("#pupil-contacts", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        words = set(" ".join(screen_lines(app)).split())
        assert latest.summary
        assert set(latest.summary.split()) <= words


# --- 3. PageDown pages the record at once --------------------------------------------------


async def test_page_down_and_up_scroll_the_record_from_the_tab_bar(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilScreen("pu-kai"))
        await settle(pilot, PupilScreen)
        assert isinstance(app.focused, Tabs)
        details = app.screen.query_one("#tab-details VerticalScroll", VerticalScroll)
        assert details.max_scroll_y > 0 and details.scroll_y == 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert details.scroll_y > 0
        assert isinstance(app.focused, Tabs)  # no Tab press was needed
        await pilot.press("pageup")
        await settle(pilot)
        assert details.scroll_y == 0


# --- 7. a window smaller than 80×24 -------------------------------------------------------


async def test_a_small_window_says_so_and_the_message_goes_when_it_grows(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, TooSmallScreen)
        text = " ".join(" ".join(screen_lines(app)).split())
        assert "This window is 60×20; alp-tui needs at least 80×24: make it larger." in text
        await pilot.resize_terminal(80, 24)
        await settle(pilot, CaseloadScreen)
        assert "make it larger" not in " ".join(screen_lines(app))
        # Narrower again in the middle of a record: covered, and back as it was.
        app.push_screen(PupilScreen("pu-kai"))
        await settle(pilot, PupilScreen)
        await pilot.resize_terminal(79, 30)
        await settle(pilot, TooSmallScreen)
        assert "This window is 79×30" in " ".join(screen_lines(app))
        await pilot.resize_terminal(100, 30)
        await settle(pilot, PupilScreen)


# --- 5. leaving ---------------------------------------------------------------------------


async def test_quitting_over_unsaved_typing_asks_and_stay_keeps_it(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilScreen("pu-kai"))
        await settle(pilot, PupilScreen)
        await press(pilot, "u")
        await settle(pilot, PupilFormScreen)
        field = app.screen.query_one("#first_name", Input)
        field.focus()
        await pilot.press("end")
        await press(pilot, "ie")
        assert field.value == "Kaiie"
        await pilot.press("ctrl+q")
        await settle(pilot, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert "Pupil details" in question and "not saved" in question
        await press(pilot, "n")
        await settle(pilot, PupilFormScreen)
        assert not app._exit
        assert app.screen.query_one("#first_name", Input).value == "Kaiie"
        await pilot.press("ctrl+q")
        await settle(pilot, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app._exit
    assert Store(demo_file).load().pupils["pu-kai"].first_name == "Kai"


async def test_q_on_the_caseload_quits_at_once_when_nothing_would_be_lost(
    demo_file: Path,
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
        assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)


async def test_the_demo_says_its_file_is_temporary_at_start_and_on_quit() -> None:
    app = make_test_app(None, demo=True)
    path = app.data_path
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        told = [n.message for n in app._notifications]
        assert any(str(path) in m and "temporary" in m for m in told), told
        assert "demo (temporary file)" in app.sub_title
        await pilot.press("q")
        await settle(pilot, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert str(path) in question and "temporary file" in question
        assert "deleted when you quit" in question
        await press(pilot, "n")
        await settle(pilot, CaseloadScreen)
        assert not app._exit
        assert path.exists()


# --- 4. providers: the preview, duplicate checks, delete, the help title ------------------


def unplaced_provider(tmp_path: Path) -> Path:
    """A provider no pupil attends, whose safeguarding policy expired on 01/10/2026."""
    checks = [
        c
        if c.kind != "safeguarding_policy"
        else c.model_copy(update={"expires": date(2026, 10, 1)})
        for c in all_checks(expires=date(2027, 6, 1))
    ]
    oak = make_provider("Oakwood Forest School", id="pr-oak", checks=checks)
    return write(tmp_path / "caseload.json", make_caseload(oak, meta=make_meta()))


async def tab_until(pilot: Pilot[Any], wanted: Any, limit: int = 40) -> None:
    """Press tab until `wanted(focused)` holds (the way a person reaches a field)."""
    for _ in range(limit):
        if pilot.app.focused is not None and wanted(pilot.app.focused):
            return
        await press(pilot, "tab")
    raise AssertionError(f"tab never reached the field; focus is on {pilot.app.focused}")


async def open_provider_form(pilot: Pilot[Any], provider_id: str) -> ProviderFormScreen:
    await open_app(pilot)
    pilot.app.push_screen(ProviderFormScreen(provider_id))
    await settle(pilot, ProviderFormScreen)
    await settle(pilot, lambda: "…" not in preview_text(pilot.app))
    return screen_of(pilot.app, ProviderFormScreen)


async def test_an_unplaced_providers_preview_says_what_its_checks_will_raise(
    tmp_path: Path,
) -> None:
    app = make_test_app(unplaced_provider(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_provider_form(pilot, "pr-oak")
        preview = preview_text(app)
        assert "no problems" not in preview
        assert "No pupil is placed here now; once one is, the checks raise:" in preview
        assert "!! Oakwood Forest School — expired: safeguarding policy (01/10/2026)" in preview


async def add_check(pilot: Pilot[Any], kind_letter: str, expires: str) -> None:
    await tab_until(pilot, lambda w: w.has_class("check-kind"))
    await press(pilot, "enter", kind_letter, "enter")
    await press(pilot, "tab", "01/11/2026", "tab", expires, "tab", "renewed", "enter")


async def test_a_second_check_of_a_kind_asks_and_can_replace_the_older(tmp_path: Path) -> None:
    path = unplaced_provider(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_provider_form(pilot, "pr-oak")
        await add_check(pilot, "s", "01/11/2027")
        await settle(pilot, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert "There is already a safeguarding policy check" in question
        assert "01/10/2026" in question
        await press(pilot, "y")
        await settle(pilot, ProviderFormScreen)
        kinds = [c for c in screen.query_one("#checks", ChecksEditor).checks]
        policies = [c for c in kinds if c.kind == "safeguarding_policy"]
        assert [c.expires for c in policies] == [date(2027, 11, 1)]
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    saved = Store(path).load().providers["pr-oak"].checks
    assert [c.expires for c in saved if c.kind == "safeguarding_policy"] == [date(2027, 11, 1)]
    assert len(saved) == 5


async def test_a_second_check_typed_ahead_in_one_burst_still_asks(tmp_path: Path) -> None:
    """Over SSH the whole line arrives at once; the question is still asked, not skipped."""
    path = unplaced_provider(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_provider_form(pilot, "pr-oak")
        await tab_until(pilot, lambda w: w.has_class("check-kind"))
        await press(pilot, "enter", "s", "enter")
        burst(app, ["tab", *"01/11/2026", "tab", *"01/11/2027", "tab", *"renewed", "enter"])
        await settle(pilot, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert "There is already a safeguarding policy check" in question
        await press(pilot, "y")
        await settle(pilot, ProviderFormScreen)
        checks = screen.query_one("#checks", ChecksEditor).checks
        policies = [c for c in checks if c.kind == "safeguarding_policy"]
        assert [(c.expires, c.note) for c in policies] == [(date(2027, 11, 1), "renewed")]
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    saved = Store(path).load().providers["pr-oak"].checks
    assert [c.expires for c in saved if c.kind == "safeguarding_policy"] == [date(2027, 11, 1)]


async def test_keeping_both_checks_of_a_kind_warns_and_saves_both(tmp_path: Path) -> None:
    path = unplaced_provider(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_provider_form(pilot, "pr-oak")
        await add_check(pilot, "s", "01/11/2027")
        await settle(pilot, ConfirmScreen)
        await press(pilot, "n")
        await settle(pilot, ProviderFormScreen)
        warning = str(screen.query_one(".check-missing", Static).render())
        assert "! More than one check of: safeguarding policy (the latest expiry counts" in warning
        # The latest expiry counts: nothing is expired now.
        assert "expired" not in preview_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    saved = Store(path).load().providers["pr-oak"].checks
    assert sorted(c.expires for c in saved if c.kind == "safeguarding_policy") == [  # type: ignore[type-var]
        date(2026, 10, 1),
        date(2027, 11, 1),
    ]


async def test_delete_removes_the_check_marked_as_highlighted(tmp_path: Path) -> None:
    path = unplaced_provider(tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_provider_form(pilot, "pr-oak")
        options = screen.query_one(".check-list", OptionList)
        await tab_until(pilot, lambda w: w is options)
        await press(pilot, "down", "down")
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        marked = [line for line in lines if line.startswith("▸ ")]
        assert len(marked) == 1 and lines.index(marked[0]) == options.highlighted == 2
        assert all(line.startswith("  ") for line in lines if line is not marked[0])
        doomed = screen.query_one("#checks", ChecksEditor).checks[2]
        assert marked[0].removeprefix("▸ ").startswith(CHECK_LABELS[doomed.kind])
        await press(pilot, "delete")
        await press(pilot, "ctrl+s")
        await settle(pilot, CaseloadScreen)
    kinds = [c.kind for c in Store(path).load().providers["pr-oak"].checks]
    assert doomed.kind not in kinds and len(kinds) == 4


async def test_the_provider_forms_help_title_reads_in_words(tmp_path: Path) -> None:
    app = make_test_app(unplaced_provider(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_provider_form(pilot, "pr-oak")
        await pilot.press("f1")
        await settle(pilot, HelpScreen)
        assert "Keys: Provider details" in "\n".join(screen_lines(app))


# --- 8. long text -------------------------------------------------------------------------


async def test_a_huge_note_shows_its_first_part_and_how_much_more(demo_file: Path) -> None:
    store = Store(demo_file, user="tester", clock=CLOCK)
    kai = store.load().pupils["pu-kai"]
    note = "Start of the note. " + "x" * (1024 * 1024)
    store.update(kai.model_copy(update={"notes": note}))
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.push_screen(PupilScreen("pu-kai"))
        await settle(pilot, PupilScreen)
        shown = "\n".join(
            str(s.render()) for s in app.screen.query("#tab-details Static").results(Static)
        )
        more = len(note) - SHOWN_CHARACTERS
        tail = f"… ({more:,} more characters, open to read)"
        assert f"Notes: {note[:SHOWN_CHARACTERS]}{tail}" in shown
        assert len(shown) < 3 * SHOWN_CHARACTERS
        # The form holds the whole note, and typing in it keeps every character.
        await press(pilot, "u")
        form = screen_of(app, PupilFormScreen)
        field = form.query_one("#notes", LongInput)
        assert field.whole_text == note
        field.focus()
        await pilot.press("end")
        await press(pilot, "!")
        assert field.whole_text == f"{note[:PART_CHARACTERS]}!{note[PART_CHARACTERS:]}"
    assert Store(demo_file).load().pupils["pu-kai"].notes == note


async def test_letters_typed_straight_after_the_slash_go_to_the_filter(demo_file: Path) -> None:
    """Typed fast, `/Mason` filters: the `a`, `s` and `n` are not the caseload's keys (show
    archived, sort, new pupil) before the filter has the cursor."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        screen = app.screen
        burst(app, ["/", *"Mason"])
        field = screen.query_one("#caseload-filter", Input)
        await wait_until(pilot, lambda: field.value == "Mason", "the filter to hold Mason")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one("#caseload-table", DataTable)
        assert table.row_count == 1
        await press(pilot, "enter")  # to the rows
        await press(pilot, "enter")  # and open the one left
        await settle(pilot, PupilScreen)
        assert screen_of(app, PupilScreen).pupil_id == "pu-mason"
