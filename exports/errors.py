"""The one error the export raises: a sentence a teacher can act on."""

from __future__ import annotations


class ExportError(Exception):
    """The note could not be built or written; the message says why and what to do."""
