"""Saving the note: a safe file name, never a silent overwrite, an owner-only file that
appears whole or not at all, holding nothing of its letterhead but the letterhead."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from alp_tui.caseload import Caseload
from alp_tui.models import Meta
from exports.errors import ExportError
from exports.hygiene import clean_package
from exports.names import safe_filename
from exports.note import compose_note
from exports.redact import check_audience
from exports.release import ReleaseItem


def template_for(meta: Meta, data_path: Path | None = None) -> Path | None:
    """The letterhead the settings name, if any; a relative path is taken from the data
    file's folder, so a shared caseload and its letterhead can move together."""
    if not meta.export_template or not meta.export_template.strip():
        return None
    template = Path(meta.export_template.strip()).expanduser()
    if not template.is_absolute() and data_path is not None:
        template = data_path.parent / template
    return template


def note_path(caseload: Caseload, pupil_id: str, audience: str, out: Path, today: date) -> Path:
    """Where `write_note` would put the note: `out` itself, or the safe name inside it if
    `out` is an existing folder. A name given without a suffix gets `.docx`."""
    who = check_audience(audience)
    pupil = caseload.pupils.get(pupil_id)
    if pupil is None:
        raise ExportError(f"there is no pupil with the id {pupil_id!r}")
    out = Path(out).expanduser()
    if out.is_dir():
        return out / safe_filename(pupil, who, today)
    if not out.suffix:
        out = out.with_name(out.name + ".docx")
    elif out.suffix.lower() != ".docx":
        raise ExportError(
            f"the note is a Word document: give a file name ending in .docx, or a folder, "
            f"not {out.name!r}"
        )
    if not out.parent.is_dir():
        raise ExportError(f"the folder {out.parent} does not exist: create it first")
    return out


@dataclass(frozen=True)
class ExportedNote:
    """A note written: where, and (for a shared copy) every free-text item it could carry."""

    path: Path
    items: list[ReleaseItem] = field(default_factory=list)

    @property
    def held(self) -> list[ReleaseItem]:
        return [item for item in self.items if not item.carried]


def write_note(
    caseload: Caseload,
    pupil_id: str,
    audience: str,
    out: Path,
    today: date,
    weeks: int | None = None,
    force: bool = False,
    template: Path | None = None,
    *,
    placement_id: str | None = None,
    provider_id: str | None = None,
) -> Path:
    """Build the note and save it; returns the path written (see `export_note`)."""
    return export_note(
        caseload, pupil_id, audience, out, today, weeks, force, template,
        placement_id=placement_id, provider_id=provider_id,
    ).path  # fmt: skip


def export_note(
    caseload: Caseload,
    pupil_id: str,
    audience: str,
    out: Path,
    today: date,
    weeks: int | None = None,
    force: bool = False,
    template: Path | None = None,
    *,
    placement_id: str | None = None,
    provider_id: str | None = None,
) -> ExportedNote:
    """Build the note and save it: where it went, and what a shared copy held back.

    `out` is a file or an existing folder (then `2026-11-27 Jordan B - parent.docx` inside
    it). An existing file is replaced only with `force`. The file is readable by its owner
    only (owner and group when the settings allow group access), and holds nothing of a
    letterhead `template` but its styles, page set-up, header and footer
    (`exports.hygiene`). `placement_id` and `provider_id` limit the note as in
    `compose_note`.
    """
    path = note_path(caseload, pupil_id, audience, out, today)
    if path.exists() and not force:
        raise ExportError(_exists_message(path))
    note = compose_note(
        caseload,
        pupil_id,
        audience,
        today,
        weeks,
        template,
        placement_id=placement_id,
        provider_id=provider_id,
    )
    saved = io.BytesIO()
    note.document.save(saved)
    data = clean_package(saved.getvalue())
    mode = 0o660 if caseload.meta.group_access else 0o600
    # A temporary file beside the target, then a rename: a reader never sees half a note.
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".docx.tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _place_without_overwriting(tmp, path)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"could not save {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return ExportedNote(path, note.items)


def _exists_message(path: Path) -> str:
    return f"{path} already exists: choose another name or folder, or use --force to replace it"


def _place_without_overwriting(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path` unless a file appeared there meanwhile (another export)."""
    try:
        os.link(tmp, path)  # fails if `path` exists, unlike a rename
    except FileExistsError:
        raise ExportError(_exists_message(path)) from None
    except OSError:
        # Some shared drives cannot hard-link; fall back to check-then-rename.
        if path.exists():
            raise ExportError(_exists_message(path)) from None
        os.replace(tmp, path)
