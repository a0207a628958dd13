"""The Word review note for a pupil (python-docx), redacted for its audience.

`export_note` builds and saves it and says what a shared copy held back (`write_note` the
same, returning the path); `build_note` returns the document; `release` is the audience's
view of the data the note is rendered from, with every free-text item it could carry.
"""

from __future__ import annotations

from exports.errors import ExportError, SeveralProvidersError
from exports.names import safe_filename
from exports.note import Note, build_note, compose_note
from exports.redact import AUDIENCES, Audience, Redacted, mentions_safeguarding, redact, release
from exports.release import ReleaseItem, ShareState, share_decision
from exports.write import ExportedNote, export_note, note_path, template_for, write_note

__all__ = [
    "AUDIENCES",
    "Audience",
    "ExportError",
    "ExportedNote",
    "Note",
    "Redacted",
    "ReleaseItem",
    "SeveralProvidersError",
    "ShareState",
    "build_note",
    "compose_note",
    "export_note",
    "mentions_safeguarding",
    "note_path",
    "redact",
    "release",
    "safe_filename",
    "share_decision",
    "template_for",
    "write_note",
]
