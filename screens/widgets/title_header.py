"""The header at the top of a screen: Textual's, whose title keeps up with the app's and the
screen's without ever failing while the header is being taken down.

Textual's `Header` puts the title into its title part whenever the app's or the screen's
title changes. When a screen is composed again, or closes while the school's name changes,
that update can run after the title part has gone but before the header itself has, and
Textual then raises `NoMatches` out of the app. Here an update with no title part to write
to does nothing.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.events import Mount
from textual.widgets import Header, Static


class TitleHeader(Header):
    """A `Header` whose title update is a no-op once its parts are gone."""

    def on_mount(self, event: Mount) -> None:
        # In place of Header's own mount handler (prevent_default stops the base classes'
        # handlers), with the same watches and a guarded update.
        event.prevent_default()
        self.watch(self.app, "title", self._show_title)
        self.watch(self.app, "sub_title", self._show_title)
        self.watch(self.screen, "title", self._show_title)
        self.watch(self.screen, "sub_title", self._show_title)

    def _show_title(self) -> None:
        if not self.is_attached:
            return
        try:
            title = self.query_one("HeaderTitle", Static)
        except NoMatches:
            return
        title.update(self.format_title())
