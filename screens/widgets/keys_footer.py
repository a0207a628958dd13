"""The footer every screen shows: Textual's `Footer`, rebuilt only when the keys it shows
change.

Textual's footer rebuilds all its keys whenever the screen's bindings are re-read, which
happens on every move of the focus, though the keys shown are almost always the same ones.
Rebuilding mounts and styles a widget per key: on a form, moving from field to field cost
more than anything else the screen did. This one compares what it would show with what it
shows and rebuilds only when they differ.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """A `Footer` that rebuilds only when the keys, words or states it shows change."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: What the keys shown were built from (None: nothing built yet).
        self._shown: tuple[Hashable, ...] | None = None

    def _what_to_show(self, screen: Screen[object]) -> tuple[Hashable, ...]:
        """Everything `Footer.compose` reads from the screen's bindings and the app."""
        app = screen.app
        # Bindings are frozen dataclasses: the binding itself stands for its key, words,
        # action and group.
        shown: list[Hashable] = [
            (binding, app.get_key_display(binding), enabled, tooltip)
            for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        ]
        shown.append((self.show_command_palette, app.ENABLE_COMMAND_PALETTE))
        palette = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            _node, binding, enabled, tooltip = palette
            shown.append((binding, app.get_key_display(binding), enabled, tooltip))
        return tuple(shown)

    def compose(self) -> ComposeResult:
        # A key takes the footer's `compact` once mounted; given it first, mounting does
        # not style it twice over (compact, then not). The palette's key keeps its own.
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            # As Footer: a screen not (yet) showing rebuilds when it is next read.
            super().bindings_changed(screen)
            return
        shown = self._what_to_show(screen)
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
