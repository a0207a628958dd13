"""Where notes go unless the user names a place: the settings' export folder (relative to the
data file's folder), else `notes/` beside the data file; under the demo, `alp-tui notes/` in
the user's documents folder, made if it is missing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from alp_tui.models import Meta
from store import make_notes_folder, notes_folder

DATA = Path("/srv/alp/caseload.json")


def test_by_default_beside_the_data_file() -> None:
    assert notes_folder(DATA, Meta()) == Path("/srv/alp/notes")


def test_the_setting_relative_to_the_data_files_folder_or_in_full() -> None:
    assert notes_folder(DATA, Meta(export_folder="shared/notes")) == Path("/srv/alp/shared/notes")
    assert notes_folder(DATA, Meta(export_folder="/mnt/notes")) == Path("/mnt/notes")
    assert notes_folder(DATA, Meta(export_folder="   ")) == Path("/srv/alp/notes")


def test_the_demo_saves_in_the_documents_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    assert notes_folder(DATA, Meta(), demo=True) == documents / "alp-tui notes"
    # Nothing beside its temporary file; a folder named in full is still honoured.
    assert notes_folder(DATA, Meta(export_folder="notes"), demo=True) == documents / "alp-tui notes"
    assert notes_folder(DATA, Meta(export_folder="/mnt/notes"), demo=True) == Path("/mnt/notes")
    made = make_notes_folder(documents / "alp-tui notes", DATA, Meta(), demo=True)
    assert made.is_dir() and stat.S_IMODE(made.stat().st_mode) == 0o700


def test_a_folder_that_is_there_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir(mode=0o750)
    folder.chmod(0o750)
    assert make_notes_folder(folder, tmp_path / "caseload.json", Meta()) == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
