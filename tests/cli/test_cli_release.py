"""`alp-tui export` honours the sharing states saved on items, lets the lexicon decide the
rest, changes nothing in the data file and prints how many items it held back; notes go to
the export folder of the settings, else a private `notes/` folder beside the data file,
never the current folder by surprise."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from export_fixtures import package_parts

from alp_tui.cli import main
from alp_tui.sharing import with_share
from store import Store

ON = ["--today", "2026-11-27"]
# In Mason's calls (the demo): the progress note the lexicon holds, and the pupil's words
# that go beside a held summary.
HELD_NOTE = "Left site at lunch this week"
VOICE = "I just went to the shop."


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _words(path: Path) -> str:
    return "\n".join(words for _raw, words in package_parts(path).values())


def _export(data: Path, *args: str) -> int:
    return main(["export", "Mason", "--data", str(data), *args, *ON])


def test_export_honours_the_states_saved_on_items(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(demo_file, user="tester")
    caseload = store.load()
    calls = [
        c
        for p in caseload.placements_of("pu-mason")
        for c in caseload.contacts_of(p.id)
        if any(n.note == HELD_NOTE for n in c.progress)
    ]
    released = calls[-1]  # the lead read the last week's note and let it go
    index = next(i for i, n in enumerate(released.progress) if n.note == HELD_NOTE)
    spoken = next(c for c in calls if c.pupil_voice == VOICE)
    changed = {released.id: with_share(released, "progress", index, "all")}
    base = changed.get(spoken.id, spoken)
    changed[spoken.id] = with_share(base, "pupil_voice", None, "school")
    store.apply(update=list(changed.values()))
    before = _digest(demo_file)

    out = tmp_path / "mason.docx"
    assert _export(demo_file, "--audience", "provider", "--out", str(out)) == 0
    # Nine held by the lexicon, the concern and the summary beside his words (the command
    # line's own test), one of them released; his words, held already, now kept in school.
    assert capsys.readouterr().out.splitlines() == [str(out), "held back 8 items"]
    assert _digest(demo_file) == before  # the data file is as it was, byte for byte
    words = _words(out)
    assert words.count(HELD_NOTE) == 1  # the released week's, and no other
    assert VOICE not in words

    school = tmp_path / "mason-school.docx"
    assert _export(demo_file, "--audience", "school", "--out", str(school)) == 0
    assert capsys.readouterr().out.splitlines() == [str(school)]
    assert VOICE in _words(school) and "kept in school by the ALP lead" in _words(school)
    assert _digest(demo_file) == before


def test_notes_go_to_a_private_notes_folder_beside_the_data_file(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert _export(demo_file, "--audience", "parent") == 0
    folder = demo_file.parent / "notes"
    [written] = list(folder.iterdir())
    assert capsys.readouterr().out.splitlines()[0] == str(written)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert list(elsewhere.iterdir()) == []  # never the current folder by surprise


def _set(path: Path, **settings: object) -> None:
    store = Store(path, user="tester")
    store.save_meta(store.load().meta.model_copy(update=settings))


def test_the_export_folder_setting_is_taken_from_the_data_files_folder(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(demo_file, export_folder="shared notes")
    assert _export(demo_file, "--audience", "provider") == 0
    [written] = list((demo_file.parent / "shared notes").iterdir())
    assert capsys.readouterr().out.splitlines()[0] == str(written)


def test_with_group_access_the_notes_folder_is_the_groups(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(demo_file, group_access=True)
    assert _export(demo_file, "--audience", "provider") == 0
    folder = demo_file.parent / "notes"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2770
    assert folder.stat().st_gid == demo_file.stat().st_gid
    assert not folder.stat().st_mode & stat.S_IRWXO  # never the world's


def test_an_export_folder_that_cannot_be_made_is_one_sentence(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set(demo_file, export_folder=str(tmp_path / "no such place" / "notes"))
    assert _export(demo_file, "--audience", "provider") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not exist" in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "no such place").exists()


def test_a_file_in_the_way_of_the_export_folder_is_refused(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_file.parent / "notes").write_text("not a folder")
    assert _export(demo_file, "--audience", "provider") == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert os.path.isfile(demo_file.parent / "notes")
