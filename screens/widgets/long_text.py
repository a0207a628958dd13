"""Long free text on a record page: the first part, and how much more there is.

A note can be pasted in at any length (a whole report, by mistake or not); laying out
megabytes of it would stall the screen, so a page shows a first part and says how much
more the record holds (its form shows it all).
"""

from __future__ import annotations

#: How many characters of one piece of text a record page shows.
SHOWN_CHARACTERS = 2000


def capped(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text`, or its first `limit` characters and `… (N more characters, open to read)`."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters, open to read)"
