"""The Word review note for a pupil (python-docx), redacted for its audience.

`write_note` builds and saves it; `build_note` returns the document; `redact` is the
audience's view of the data the note is rendered from.
"""

from __future__ import annotations

from exports.errors import ExportError, SeveralProvidersError
from exports.names import safe_filename
from exports.note import build_note
from exports.redact import AUDIENCES, Audience, mentions_safeguarding, redact
from exports.write import note_path, template_for, write_note

__all__ = [
    "AUDIENCES",
    "Audience",
    "ExportError",
    "SeveralProvidersError",
    "build_note",
    "mentions_safeguarding",
    "note_path",
    "redact",
    "safe_filename",
    "template_for",
    "write_note",
]
