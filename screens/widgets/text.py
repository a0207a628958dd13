"""Showing sentences that may hold user text (a name, a note, a typed date) as plain text.

Textual reads a plain string as markup in a toast or a border title, so a note saying
`[tbc]` would lose its brackets and a name with `[/]` in it would crash the app when drawn.
Every toast goes through `say`; titles are built with `plain`; table cells go through
`safe_cell`. All three escape control characters from the file (`alp_tui.terminal`).
"""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.notifications import SeverityLevel

from alp_tui.terminal import UNSAFE, shown


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
    """A toast showing `message` exactly as written, control characters escaped (safe from
    any thread, as notify is)."""
    where.notify(
        shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False
    )


def plain(text: str) -> Text:
    """`text` as it is (control characters escaped), for a border title or anything else
    that would read markup."""
    return Text(shown(text))


def safe_cell(text: Text) -> Text:
    """A styled text with its control characters escaped, each part keeping its style."""
    if not UNSAFE.search(text.plain):
        return text
    cuts = sorted({offset for span in text.spans for offset in (span.start, span.end)})
    result = Text(style=text.style, justify=text.justify, no_wrap=text.no_wrap, end=text.end)
    for piece in text.divide(cuts):
        part = Text(shown(piece.plain))
        for span in piece.spans:
            if span.end > span.start:
                part.stylize(span.style, 0, len(part))
        result.append_text(part)
    return result
