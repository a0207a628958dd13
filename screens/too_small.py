"""Shown instead of a screen squeezed into a window smaller than 80×24; gone when it grows.

The screen underneath keeps everything typed into it: this only covers it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

#: The smallest window every screen is laid out for (DESIGN.md §8).
MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


def too_small_sentence(width: int, height: int) -> str:
    return (
        f"This window is {width}×{height}; alp-tui needs at least {MIN_WIDTH}×{MIN_HEIGHT}: "
        "make it larger."
    )


class TooSmallScreen(ModalScreen[None]):
    """One sentence in place of a broken layout; it closes itself once the window is big
    enough (on a resize, or when it comes back to the top)."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen > #too-small {
        width: 100%;
        height: auto;
        padding: 0 2;
        text-align: center;
        text-style: bold;
    }
    """

    # Keys do nothing here (the screen underneath would be used half-seen), except the
    # app's own (ctrl+q still quits, asking first if typing would be lost).
    BINDINGS = [Binding("escape", "nothing", show=False, id="too_small.escape")]

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        yield Static(Text(too_small_sentence(width, height)), id="too-small")

    def action_nothing(self) -> None:
        return None

    def on_resize(self, event: events.Resize) -> None:
        self._follow(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        self._follow(*self.app.size)

    def _follow(self, width: int, height: int) -> None:
        if not too_small(width, height):
            if self.app.screen is self:
                self.dismiss(None)
            return
        self.query_one("#too-small", Static).update(Text(too_small_sentence(width, height)))
