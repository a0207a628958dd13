"""Safe file names for exported notes, whatever a pupil is called:
`2026-11-27 Jordan B - parent.docx`."""

from __future__ import annotations

import unicodedata
from datetime import date

from alp_tui.models import Pupil

# Long enough for any real name, short enough that the whole name stays far below the
# 255-byte limit of common file systems even in a multi-byte script.
MAX_NAME_CHARS = 40


def clean_name_part(text: str, fallback: str = "pupil") -> str:
    """Letters and digits of `text` (accents kept), other characters as single spaces.

    Path separators, dots, quotes, control characters and the like all become spaces, so
    the result can never climb out of a folder, hide itself or break a shell command.
    """
    text = unicodedata.normalize("NFC", text)
    kept = "".join(ch if ch.isalnum() or ch == "-" else " " for ch in text)
    words = kept.split()
    name = " ".join(words)[:MAX_NAME_CHARS].strip(" -")
    return name or fallback


def safe_filename(pupil: Pupil, audience: str, today: date) -> str:
    """`2026-11-27 Jordan B - parent.docx`: the day, the pupil's short name, the audience."""
    first = clean_name_part(pupil.preferred_name or pupil.first_name, fallback="")
    initial = clean_name_part(pupil.last_name, fallback="")[:1]
    short = clean_name_part(f"{first} {initial}", fallback=clean_name_part(f"pupil {pupil.id}"))
    return f"{today.isoformat()} {short} - {clean_name_part(audience, 'note')}.docx"
