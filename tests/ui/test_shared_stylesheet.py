"""The stylesheet's rules are parsed once per process: a second app (and a screen's CSS shown
again) parses nothing, styles what it shows all the same, and a change of theme is parsed
anew rather than served the old colours."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import textual.css.stylesheet
from textual.color import Color
from ui_kit import SIZE, make_test_app, open_app, press, settle

from alp_tui.stylesheet import SharedStylesheet
from screens.caseload import CaseloadScreen
from screens.pupil_form import PupilFormScreen


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSS sources Textual parses from now on, by where they were read from."""
    seen: list[str] = []
    real = textual.css.stylesheet.parse

    def counting(scope: str, css: str, read_from: Any, **kwargs: Any) -> Iterable[Any]:
        seen.append(f"{read_from[0]}:{read_from[1]}")
        return real(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual.css.stylesheet, "parse", counting)
    return seen


async def _open_the_form(demo_file: Path) -> tuple[Color, str]:
    """The new-pupil form's footer background and the app's stylesheet class."""
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "n")
        await settle(pilot, PupilFormScreen)
        footer = app.screen.query_one("KeysFooter")
        assert footer.styles.dock == "bottom"
        return footer.styles.background, type(app.stylesheet).__name__


async def test_a_second_app_parses_no_css(demo_file: Path, parses: list[str]) -> None:
    first_background, kind = await _open_the_form(demo_file)
    assert kind == SharedStylesheet.__name__
    parses.clear()
    second_background, _ = await _open_the_form(demo_file)
    assert parses == []
    assert second_background == first_background


async def test_a_new_theme_is_parsed_with_its_own_colours(demo_file: Path) -> None:
    app = make_test_app(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        table = app.screen.query_one("#caseload-table")
        before = table.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot, CaseloadScreen)
        assert table.styles.background != before
