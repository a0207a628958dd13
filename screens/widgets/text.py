"""Showing sentences that may hold user text (a name, a note, a typed date) as plain text.

Textual reads a plain string as markup in a toast or a border title, so a note saying
`[tbc]` would lose its brackets and a name with `[/]` in it would crash the app when drawn.
Every toast goes through `say`; titles are built with `plain`.
"""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.notifications import SeverityLevel


class _Notifies(Protocol):
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


def say(
    where: _Notifies,
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A toast showing `message` exactly as written (safe from any thread, as notify is)."""
    where.notify(message, title=title, severity=severity, timeout=timeout, markup=False)


def plain(text: str) -> Text:
    """`text` as it is, for a border title or anything else that would read markup."""
    return Text(text)
