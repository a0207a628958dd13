"""The last guard between the app and the terminal (DESIGN.md §6).

The screens escape text from the file where they show it (`screens.widgets.text`), so a
name reads `Jo\\x1b[2J`. Anything one of them misses must still never reach the terminal
raw: every line Textual writes passes through `Strip.render`, and there the text of each
segment (never Textual's own control segments) loses its control characters and
bidirectional overrides. They take no cells, so the layout is unchanged.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip

from alp_tui.terminal import UNSAFE

_original_render = Strip.render


def _guarded_render(self: Strip, console: Console) -> str:
    if self._render_cache is None:
        segments = self._segments
        if any(not seg.control and UNSAFE.search(seg.text) for seg in segments):
            self._segments = [
                seg if seg.control else Segment(UNSAFE.sub("", seg.text), seg.style, seg.control)
                for seg in segments
            ]
    return _original_render(self, console)


def install() -> None:
    """Guard every line the app draws (idempotent)."""
    if Strip.render is not _guarded_render:
        Strip.render = _guarded_render  # type: ignore[method-assign]
