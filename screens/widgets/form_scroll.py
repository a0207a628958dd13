"""A form's scrolling body that keeps the field being typed in on screen when something
beside it (a warnings panel that grows, a smaller window) makes it shorter."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.geometry import Region


class FormScroll(VerticalScroll):
    """A `VerticalScroll` that, made shorter, scrolls its focused field back into view if it
    was in view before (a field the form left out of view on purpose stays so)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: Region | None = None

    def on_resize(self, event: events.Resize) -> None:
        before, self._shown = self._shown, self.region
        focused = self.screen.focused
        if before is None or focused is None or self not in focused.ancestors:
            return
        field = focused.region
        if before.contains_region(field) and not self.region.contains_region(field):
            focused.scroll_visible(animate=False)
