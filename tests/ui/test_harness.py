"""The Pilot harness itself: a key press returns once what the key set going has landed and
been drawn, even when the CPU clock says the process did nothing (as it does when the system
did not run it for a whole look): the app is asked too (`ui_kit.app_is_quiet`)."""

from __future__ import annotations

import pytest
import ui_kit
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from ui_kit import app_is_quiet


class Chain(App[None]):
    """`x` starts a chain: a message to a widget, which changes its text (to be drawn on the
    screen's next frame) and leaves a call for after that frame, which changes it again."""

    BINDINGS = [Binding("x", "start", "Start")]

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="out")

    def action_start(self) -> None:
        self.steps.append("key")
        self.query_one("#out").call_later(self._second)

    def _second(self) -> None:
        self.steps.append("message")
        self.query_one("#out", Static).update("working")
        self.screen.call_after_refresh(self._third)

    def _third(self) -> None:
        self.steps.append("after the frame")
        self.query_one("#out", Static).update("\n".join(["done"] * 3))


async def test_a_press_returns_once_the_chain_it_started_has_landed_and_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The CPU clock stands still: every look seems idle, so only the app can say it is not.
    monkeypatch.setattr(ui_kit, "process_time", lambda: 0.0)
    app = Chain()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("x")
        assert app.steps == ["key", "message", "after the frame"]
        assert app_is_quiet(app)
        out = app.query_one("#out", Static)
        assert out.region.height == 3  # laid out with its new text
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert lines[:3] == ["done".ljust(40)] * 3  # and drawn
