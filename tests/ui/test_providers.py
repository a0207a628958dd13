"""The providers screen and the provider form through the real app: the list with its
markers, adding a provider with a check, a duplicate name refused, a check's expiry judged
before saving."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Select
from ui_kit import SIZE, focused_id, make_test_app, open_app, press, settle, status_text

from alp_tui.app import AlpApp
from alp_tui.dates import uk
from alp_tui.rules import find_problems
from screens.provider_form import ChecksEditor, ProviderFormScreen, check_line
from screens.providers import ProvidersScreen
from screens.widgets.form_fields import FieldInput, ProblemPreview
from store import Store


def table_rows(app: AlpApp) -> dict[str, list[str]]:
    table = app.screen.query_one("#providers-table", DataTable)
    rows = {}
    for index in range(table.row_count):
        key = table.coordinate_to_cell_key(Coordinate(index, 0)).row_key.value
        rows[str(key)] = [str(cell) for cell in table.get_row_at(index)]
    return rows


async def open_providers(pilot: Pilot[Any]) -> None:
    await open_app(pilot)
    await press(pilot, "p")
    await settle(pilot, ProvidersScreen)


async def highlight(pilot: Pilot[Any], provider_id: str) -> None:
    table = pilot.app.screen.query_one("#providers-table", DataTable)
    order = list(table_rows(pilot.app))  # type: ignore[arg-type]
    for _ in range(order.index(provider_id) - table.cursor_row):
        await press(pilot, "down")


async def tab_until(pilot: Pilot[Any], wanted: Any, limit: int = 40) -> None:
    """Press tab until `wanted(focused)` holds (the way a person reaches a field)."""
    for _ in range(limit):
        if pilot.app.focused is not None and wanted(pilot.app.focused):
            return
        await press(pilot, "tab")
    raise AssertionError(f"tab never reached the field; focus is on {pilot.app.focused}")


async def test_providers_listed_worst_first_with_markers_and_words(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_providers(pilot)
        rows = table_rows(app)
        assert len(rows) == len(Store(demo_file).load().providers)
        # Red first: an expired DBS check reads as a marker and words, not colour alone.
        first_red = list(rows)[: sum(1 for r in rows.values() if r[4].startswith("!!"))]
        assert "pr-wildwood" in first_red and "pr-studio" in first_red
        assert rows["pr-wildwood"][4] == "!! check expired"
        assert rows["pr-studio"][4] == "!! registration risk"
        assert rows["pr-greenway"][4] == "! check expiring"
        assert rows["pr-forge"][1] == "unregistered"
        assert rows["pr-forge"][4] == "✓ in order"
        assert rows["pr-cityline"][1] == "FE college"
        await highlight(pilot, "pr-wildwood")
        problems = app.screen.query_one("#provider-problems", ProblemPreview).text
        assert "!! Wildwood Outdoor Learning — expired: DBS and training (27/09/2026)" in problems
        detail = str(app.screen.query_one("#provider-detail").render())
        assert "DBS and training — received" in detail and "(expired 61 days ago)" in detail


async def test_new_provider_with_a_check_saved_and_its_expiry_shown(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_providers(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, ProviderFormScreen)
        assert focused_id(app) == "name"
        await press(pilot, "Oakwood Forest School", "tab")
        assert focused_id(app) == "registration"
        await press(pilot, "tab", "Jo Oak", "enter", "0117 496 0000", "enter")
        await tab_until(pilot, lambda w: w.has_class("check-kind"))
        # The drop-down: enter opens it, typing finds the kind, enter picks it.
        await press(pilot, "enter", "i", "enter")
        assert app.screen.query_one(".check-kind", Select).value == "insurance"
        await press(pilot, "tab", "01/12/2025", "tab", "+10", "tab", "Renewal requested", "enter")
        editor = app.screen.query_one("#checks", ChecksEditor)
        (check,) = editor.checks
        assert check.kind == "insurance" and check.expires == today + timedelta(days=10)
        listed = str(editor.query_one(OptionList).get_option_at_index(0).prompt)
        assert listed == (
            f"insurance — received 01/12/2025, expires {uk(today + timedelta(days=10))} "
            "(in 10 days) · Renewal requested"
        )
        missing = str(editor.query_one(".check-missing").render())
        assert missing.startswith("! No check yet of: DBS and training, risk assessment")
        await press(pilot, "ctrl+s")
        await settle(pilot, ProvidersScreen)
        rows = table_rows(app)
        (new_id,) = [key for key, row in rows.items() if row[0] == "Oakwood Forest School"]
        assert rows[new_id][4] == "— none placed"
        detail = str(app.screen.query_one("#provider-detail").render())
        assert "insurance — received 01/12/2025" in detail and "(in 10 days)" in detail

    provider = Store(demo_file).load().providers[new_id]
    assert provider.contact_name == "Jo Oak" and provider.phone == "0117 496 0000"
    assert provider.checks[0].received == date(2025, 12, 1)
    assert provider.checks[0].note == "Renewal requested"


async def test_duplicate_provider_name_refused(demo_file: Path, today: date) -> None:
    before = len(Store(demo_file).load().providers)
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_providers(pilot)
        await press(pilot, "a", "HILLSIDE farm", "tab")
        name = app.screen.query_one("#name", FieldInput)
        error = app.screen.field_error(name)  # type: ignore[attr-defined]
        assert error == "!! Name: 'Hillside Farm' is already a provider: type a different name"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProviderFormScreen)
        assert status_text(app).startswith("!! Not saved. Name: 'Hillside Farm' is already")
        assert focused_id(app) == "name"
        await press(pilot, "escape", "y")
        await settle(pilot, ProvidersScreen)
    assert len(Store(demo_file).load().providers) == before


async def test_check_changed_to_expire_soon_is_flagged_before_saving(
    demo_file: Path, today: date
) -> None:
    app = make_test_app(demo_file)
    soon = today + timedelta(days=10)
    async with app.run_test(size=SIZE) as pilot:
        await open_providers(pilot)
        await highlight(pilot, "pr-forge")
        await press(pilot, "enter")
        await settle(pilot, ProviderFormScreen)
        preview = app.screen.query_one("#form-preview", ProblemPreview)
        assert preview.text.endswith("✓ no problems with this provider")
        await tab_until(pilot, lambda w: isinstance(w, OptionList) and w.has_class("check-list"))
        # The second check is the insurance: enter takes it back to change it.
        await press(pilot, "down", "enter")
        assert app.screen.query_one(".check-kind", Select).value == "insurance"
        await press(pilot, "tab", "tab", "+10", "tab", "enter")
        checks = app.screen.query_one("#checks", ChecksEditor).checks
        assert [c.expires for c in checks if c.kind == "insurance"] == [soon]
        assert (
            f"! Forge Construction Skills — expiring: insurance ({uk(soon)}, in 10 days)"
            in preview.text
        )
        await press(pilot, "ctrl+s")
        await settle(pilot, ProvidersScreen)
        assert table_rows(app)["pr-forge"][4] == "! check expiring"
    caseload = Store(demo_file).load()
    forge = caseload.providers["pr-forge"]
    assert [c.expires for c in forge.checks if c.kind == "insurance"] == [soon]
    codes = {(p.code, p.provider_id) for p in find_problems(caseload, today)}
    assert ("CHECK_EXPIRING", "pr-forge") in codes


async def test_a_renewed_check_is_judged_by_the_rules_not_by_its_old_entry(
    demo_file: Path, today: date
) -> None:
    from alp_tui.models import Check

    store = Store(demo_file, user="tester")
    forge = store.load().providers["pr-forge"]
    old = Check(kind="dbs_training", received=date(2023, 9, 1), expires=date(2026, 9, 1))
    store.update(forge.model_copy(update={"checks": [*forge.checks, old]}))
    assert not [p for p in find_problems(store.load(), today) if p.provider_id == "pr-forge"]
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_providers(pilot)
        await highlight(pilot, "pr-forge")
        await press(pilot, "enter")
        await settle(pilot, ProviderFormScreen)
        options = app.screen.query_one(".check-list", OptionList)
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        preview = app.screen.query_one("#form-preview", ProblemPreview).text
    # The old entry still says when it expired, but only the rules judge: no marker.
    assert any("expires 01/09/2026 (expired 87 days ago)" in line for line in listed)
    assert not any(line.startswith("!") for line in listed)
    assert preview.endswith("✓ no problems with this provider")


def test_check_line_words() -> None:
    from alp_tui.models import Check

    today = date(2026, 11, 27)
    expired = Check(kind="dbs_training", received=date(2025, 9, 1), expires=date(2026, 9, 1))
    assert check_line(expired, today) == (
        "DBS and training — received 01/09/2025, expires 01/09/2026 (expired 87 days ago)"
    )
    never = Check(kind="attendance_reporting", received=date(2026, 9, 1), note="weekly")
    assert check_line(never, today) == (
        "attendance reporting — received 01/09/2026, does not expire · weekly"
    )
