"""Writing the note: safe names whatever the pupil is called, no silent overwrite, an
owner-only file, and a letterhead template."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from builders import TODAY, make_caseload, make_meta, make_placement, make_provider, make_pupil
from docx import Document
from docx.oxml.ns import qn
from export_fixtures import SCHOOL, all_text, full_caseload, headings, reopen

from alp_tui.caseload import Caseload
from alp_tui.models import Pupil
from exports import ExportError, note_path, safe_filename, write_note
from exports.note import PARENT_SECTIONS, SCHOOL_SECTIONS, SECTIONS

PUPIL = "pup-jb"


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return full_caseload()


def test_a_folder_gets_the_safe_name(caseload: Caseload, tmp_path: Path) -> None:
    path = write_note(caseload, PUPIL, "parent", tmp_path, TODAY)
    assert path == tmp_path / "2026-11-27 Jordan B - parent.docx"
    assert headings(reopen(path)) == list(PARENT_SECTIONS)


def test_the_file_is_readable_by_its_owner_only(caseload: Caseload, tmp_path: Path) -> None:
    path = write_note(caseload, PUPIL, "school", tmp_path, TODAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_group_access_setting_lets_the_group_read(tmp_path: Path) -> None:
    caseload = full_caseload()
    caseload.meta = caseload.meta.model_copy(update={"group_access": True})
    path = write_note(caseload, PUPIL, "school", tmp_path, TODAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o660


def test_an_existing_file_is_not_overwritten_without_force(
    caseload: Caseload, tmp_path: Path
) -> None:
    target = tmp_path / "note.docx"
    target.write_bytes(b"someone's edited note")
    with pytest.raises(ExportError, match=r"already exists.*--force"):
        write_note(caseload, PUPIL, "school", target, TODAY)
    assert target.read_bytes() == b"someone's edited note"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.docx"]  # no temp file left

    write_note(caseload, PUPIL, "school", target, TODAY, force=True)
    assert headings(reopen(target)) == list(SCHOOL_SECTIONS)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.docx"]


def test_a_second_export_to_the_same_folder_is_refused(caseload: Caseload, tmp_path: Path) -> None:
    write_note(caseload, PUPIL, "provider", tmp_path, TODAY)
    with pytest.raises(ExportError, match="--force"):
        write_note(caseload, PUPIL, "provider", tmp_path, TODAY)


def test_out_file_names(caseload: Caseload, tmp_path: Path) -> None:
    assert note_path(caseload, PUPIL, "school", tmp_path / "jb", TODAY) == tmp_path / "jb.docx"
    assert note_path(caseload, PUPIL, "school", tmp_path / "a.DOCX", TODAY) == tmp_path / "a.DOCX"
    with pytest.raises(ExportError, match=r"ending in \.docx"):
        note_path(caseload, PUPIL, "school", tmp_path / "note.pdf", TODAY)
    with pytest.raises(ExportError, match="does not exist"):
        note_path(caseload, PUPIL, "school", tmp_path / "missing" / "note.docx", TODAY)


def test_an_unwritable_folder_is_a_sentence(
    caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who can write anywhere: refuse the write the way a read-only
    # share would.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("exports.write.tempfile.mkstemp", refuse)
    with pytest.raises(ExportError, match=r"cannot write in .*Permission denied"):
        write_note(caseload, PUPIL, "school", tmp_path, TODAY)


def test_a_failed_save_leaves_no_file_behind(
    caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("exports.write.os.fsync", full_disk)
    with pytest.raises(ExportError, match=r"could not save .*No space left on device"):
        write_note(caseload, PUPIL, "school", tmp_path, TODAY)
    assert list(tmp_path.iterdir()) == []


NASTY_NAMES = [
    ("../../etc", "passwd"),
    ("/", "/"),
    ('"Jo"', "'O'Brien'"),
    ("Zoë", "Ångström"),
    ("Ta\x00m\x1b[31m", "\nLee\t"),
    (".hidden", ".dot"),
    ("..", ".."),
    ("A" * 300, "B" * 300),
    ("李", "王"),
    ("CON", "NUL"),
    ("Jo*?<>|:\\", "Smith"),
    ("-rf", "--force"),
]


@pytest.mark.parametrize(("first", "last"), NASTY_NAMES)
def test_safe_names_whatever_the_pupil_is_called(tmp_path: Path, first: str, last: str) -> None:
    pupil = Pupil.model_construct(id="pup-x", first_name=first, last_name=last, preferred_name=None)
    name = safe_filename(pupil, "parent", TODAY)
    assert name.startswith("2026-11-27 ") and name.endswith(" - parent.docx")
    assert "/" not in name and "\\" not in name and ".." not in name
    assert not any(ord(ch) < 32 or ch in "\"'*?<>|:" for ch in name)
    assert len(name.encode()) < 200
    middle = name.removeprefix("2026-11-27 ").removesuffix(" - parent.docx")
    assert middle.strip() == middle and middle
    assert not middle.startswith(("-", "."))


@pytest.mark.parametrize(("first", "last"), NASTY_NAMES[:9])
def test_a_note_for_a_nastily_named_pupil_lands_in_the_folder(
    tmp_path: Path, first: str, last: str
) -> None:
    provider = make_provider("Hillside Farm")
    pupil = Pupil.model_construct(
        **{**make_pupil(id="pup-x").model_dump(), "first_name": first, "last_name": last}
    )
    caseload = make_caseload(provider, pupil, make_placement(pupil, provider))
    path = write_note(caseload, "pup-x", "parent", tmp_path, TODAY)
    assert path.parent == tmp_path
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert not path.name.startswith(".")


def test_accented_names_keep_their_letters() -> None:
    pupil = make_pupil(first_name="Zoë", last_name="Ångström", preferred_name="Zoë")
    assert safe_filename(pupil, "school", TODAY) == "2026-11-27 Zoë Å - school.docx"


def test_a_name_with_nothing_usable_falls_back_to_the_id() -> None:
    pupil = Pupil.model_construct(
        id="pup-9", first_name="***", last_name="///", preferred_name=None
    )
    assert safe_filename(pupil, "school", TODAY) == "2026-11-27 pupil pup-9 - school.docx"


# --- letterhead templates --------------------------------------------------------------------


def _letterhead(path: Path, *, drop_heading_styles: bool = False) -> Path:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Oakfield Academy, 1 High Street, Bristol"
    doc.add_paragraph("Template body text that must go")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "Template table that must go"
    doc.core_properties.author = "letterhead designer"
    doc.core_properties.last_modified_by = "j.bloggs"
    if drop_heading_styles:
        styles = doc.styles.element
        for style in list(styles):
            name = style.find(qn("w:name"))
            if name is not None and name.get(qn("w:val")) in ("heading 1", "heading 2", "Title"):
                styles.remove(style)
    doc.save(str(path))
    return path


def test_the_note_is_built_on_a_letterhead(caseload: Caseload, tmp_path: Path) -> None:
    template = _letterhead(tmp_path / "letterhead.docx")
    out = tmp_path / "out"
    out.mkdir()
    path = write_note(caseload, PUPIL, "provider", out, TODAY, template=template)
    doc = reopen(path)
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert header[0] == "Oakfield Academy, 1 High Street, Bristol"
    assert any("CONFIDENTIAL" in line for line in header)
    text = all_text(doc)
    assert "Template body text" not in text and "Template table" not in text
    assert headings(doc) == list(SECTIONS)
    assert doc.core_properties.author == SCHOOL
    assert doc.core_properties.last_modified_by == SCHOOL


def test_a_letterhead_lacking_the_heading_styles_gets_them(
    caseload: Caseload, tmp_path: Path
) -> None:
    template = _letterhead(tmp_path / "plain.docx", drop_heading_styles=True)
    assert "Heading 1" not in {s.name for s in Document(str(template)).styles}
    path = write_note(caseload, PUPIL, "school", tmp_path, TODAY, template=template)
    assert headings(reopen(path)) == list(SCHOOL_SECTIONS)


def test_a_word_template_file_is_accepted(caseload: Caseload, tmp_path: Path) -> None:
    docx_path = _letterhead(tmp_path / "letterhead.docx")
    dotx = tmp_path / "letterhead.dotx"
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    out = tmp_path / "out"
    out.mkdir()
    path = write_note(caseload, PUPIL, "school", out, TODAY, template=dotx)
    assert "Oakfield Academy, 1 High Street" in reopen(path).sections[0].header.paragraphs[0].text


@pytest.mark.parametrize("content", [None, b"not a zip at all", b"PK\x03\x04broken"])
def test_an_unusable_template_is_a_clear_error(
    caseload: Caseload, tmp_path: Path, content: bytes | None
) -> None:
    template = tmp_path / "letterhead.docx"
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(ExportError, match=r"letterhead template .* cannot be used"):
        write_note(caseload, PUPIL, "school", tmp_path, TODAY, template=template)
    assert not list(tmp_path.glob("2026-*"))


def test_a_zip_that_is_not_a_word_document(caseload: Caseload, tmp_path: Path) -> None:
    template = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(template, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ExportError, match="cannot be used"):
        write_note(caseload, PUPIL, "school", tmp_path, TODAY, template=template)


def test_default_school_name_when_none_is_set(tmp_path: Path) -> None:
    provider = make_provider("Hillside Farm")
    pupil = make_pupil(id="pup-s", first_name="Ann", last_name="Lee")
    caseload = make_caseload(
        provider, pupil, make_placement(pupil, provider), meta=make_meta(school_name="")
    )
    path = write_note(caseload, "pup-s", "school", tmp_path, TODAY)
    assert reopen(path).core_properties.author == "The school"


def test_the_letterhead_setting_is_found_beside_the_data_file(tmp_path: Path) -> None:
    from alp_tui.models import Meta
    from exports import template_for

    data = tmp_path / "caseload.json"
    assert template_for(Meta(), data) is None
    assert template_for(Meta(export_template="  "), data) is None
    assert template_for(Meta(export_template="letterhead.docx"), data) == (
        tmp_path / "letterhead.docx"
    )
    assert template_for(Meta(export_template="/srv/lh.docx"), data) == Path("/srv/lh.docx")


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_control_characters_and_bidi_overrides_are_left_out_of_the_note(
    tmp_path: Path, audience: str
) -> None:
    """DESIGN.md §6: text from the file with escape codes, C1 controls or a right-to-left
    override in it reaches the Word note without them, and the rest of the words intact."""
    provider = make_provider("Hillside\u202e Farm")
    pupil = Pupil.model_construct(
        **{
            **make_pupil(id="pup-x").model_dump(),
            "first_name": "Ta\x1b[2Jm\u202e",
            "last_name": "Le\x9bx\u2066e\x7f",
        }
    )
    caseload = make_caseload(provider, pupil, make_placement(pupil, provider))
    path = write_note(caseload, "pup-x", audience, tmp_path, TODAY)
    with zipfile.ZipFile(path) as docx:
        xml = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith(".xml"))
    for bad in ("\x1b", "\x9b", "\x7f", "\u202e", "\u2066"):
        assert bad not in xml, (audience, repr(bad))
    assert "Ta[2Jm" in xml and "Hillside Farm" in xml
    assert all(ch.isprintable() for ch in path.name)
