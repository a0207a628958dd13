"""The screens' header: a title change that comes while the header is being taken down does
nothing, where Textual's own header raised out of the app (seen when the pupil record was
composed again after a save, and when a screen closed as the school's name changed)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Header, Static

from screens.widgets.title_header import TitleHeader


class _HeaderApp(App[None]):
    def __init__(self, header: type[Header]) -> None:
        super().__init__()
        self._header = header

    def compose(self) -> ComposeResult:
        yield self._header()


async def _title_after_its_part_is_gone(header: type[Header]) -> None:
    app = _HeaderApp(header)
    async with app.run_test() as pilot:
        app.title = "Kingsmead Academy"
        await pilot.pause()
        shown = app.query_one("HeaderTitle", Static)
        assert "Kingsmead Academy" in str(shown.render())
        await shown.remove()
        app.title = "Kingsmead Academy · Mason Clarke"
        await pilot.pause()
        app.screen.title = "Mason Clarke"
        await pilot.pause()


async def test_a_title_change_with_the_headers_title_part_gone_does_nothing() -> None:
    await _title_after_its_part_is_gone(TitleHeader)


async def test_the_title_still_follows_the_app_and_the_screen() -> None:
    app = _HeaderApp(TitleHeader)
    async with app.run_test() as pilot:
        app.title = "Kingsmead Academy"
        app.sub_title = "caseload"
        await pilot.pause()
        shown = app.query_one("HeaderTitle", Static)
        assert "Kingsmead Academy" in str(shown.render())
        assert "caseload" in str(shown.render())
        app.screen.title = "Mason Clarke"
        await pilot.pause()
        assert "Mason Clarke" in str(shown.render())


async def test_textuals_own_header_fails_the_same_way() -> None:
    """The case above is the one that fails: Textual's header raises out of the app."""
    with pytest.raises(Exception, match="HeaderTitle"):
        await _title_after_its_part_is_gone(Header)
