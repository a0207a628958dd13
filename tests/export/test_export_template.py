"""Template hygiene: a note built on a letterhead keeps its styles, page set-up, header and
footer, and nothing else of it. The letterhead here carries everything a real one picks up
in Word (a body, comments, tracked changes, custom XML, document properties of every kind,
a template link, document variables, a thumbnail, a picture in the body), each marked with
a word that must appear in no XML part of the note, nor any file of the package."""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from builders import TODAY
from docx import Document
from docx.oxml import parse_xml
from export_fixtures import SCHOOL, full_caseload, headings, package_parts, reopen

from exports import write_note
from exports.note import sections_for

PUPIL = "pup-jb"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
SECRETS = (
    "BODYSECRET",
    "COMMENTSECRET",
    "COMMENTAUTHOR",
    "INSERTEDBODY",
    "DELETEDBODY",
    "DELETEDHEADER",
    "TRACKEDAUTHOR",
    "CUSTOMXMLSECRET",
    "CUSTOMPROPSECRET",
    "APPCOMPANYSECRET",
    "TITLESECRET",
    "KEYWORDSECRET",
    "DESCRIPTIONSECRET",
    "letterhead designer",
    "j.bloggs",
    "DOCVARSECRET",
    "jbloggs-templates",
    "FIELDAUTHORSECRET",
)


# Markup that would mean a tracked change, a comment or a template link came along.
TRACES = ("<w:ins ", "<w:del ", "<w:delText", "commentReference", "commentRange", "<w:customXml",
          "w:trackRevisions", "w:docVars", "attachedTemplate")  # fmt: skip


def _png(red: int) -> bytes:
    """A one-pixel PNG of its own colour (so two pictures are two parts)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixel = zlib.compress(bytes([0, red, 0, 0]))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


def _dirty_letterhead(path: Path) -> Path:
    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header.add_run().add_picture(BytesIO(_png(10)))  # the school's logo: it stays
    header.add_run("Oakfield Academy, 1 High Street")
    header._p.append(parse_xml(
        f'<w:ins {NS} w:id="91" w:author="TRACKEDAUTHOR" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t> (Bristol)</w:t></w:r></w:ins>"
    ))  # fmt: skip
    header._p.append(parse_xml(
        f'<w:del {NS} w:id="92" w:author="TRACKEDAUTHOR" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:delText>DELETEDHEADER</w:delText></w:r></w:del>"
    ))  # fmt: skip
    header._p.append(parse_xml(
        f'<w:fldSimple {NS} w:instr=" AUTHOR "><w:r><w:t>FIELDAUTHORSECRET</w:t></w:r>'
        "</w:fldSimple>"
    ))  # fmt: skip
    body = doc.add_paragraph("Template BODYSECRET text that must go")
    doc.add_comment(body.runs, text="COMMENTSECRET on the body", author="COMMENTAUTHOR")
    body._p.append(parse_xml(
        f'<w:ins {NS} w:id="93" w:author="TRACKEDAUTHOR" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t>INSERTEDBODY</w:t></w:r></w:ins>"
    ))  # fmt: skip
    body._p.append(parse_xml(
        f'<w:del {NS} w:id="94" w:author="TRACKEDAUTHOR" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:delText>DELETEDBODY</w:delText></w:r></w:del>"
    ))  # fmt: skip
    doc.add_picture(BytesIO(_png(200)))  # a picture only the body shows: it goes
    props = doc.core_properties
    props.author, props.last_modified_by = "letterhead designer", "j.bloggs"
    props.title, props.keywords, props.comments = (
        "TITLESECRET",
        "KEYWORDSECRET",
        "DESCRIPTIONSECRET",
    )
    settings = doc.settings.element
    settings.append(parse_xml(f"<w:trackRevisions {NS}/>"))
    settings.append(parse_xml(
        f'<w:docVars {NS}><w:docVar w:name="owner" w:val="DOCVARSECRET"/></w:docVars>'
    ))  # fmt: skip
    raw = BytesIO()
    doc.save(raw)
    return _add_package_extras(raw.getvalue(), path)


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _add_package_extras(data: bytes, path: Path) -> Path:
    """Custom XML, custom and app properties and a template link, as Word writes them."""
    with zipfile.ZipFile(BytesIO(data)) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["customXml/item9.xml"] = b"<secret>CUSTOMXMLSECRET</secret>"
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdX9" Type="{_REL}/customXml" Target="../customXml/item9.xml"/>'
        "</Relationships>",
    ).encode()
    parts["docProps/custom.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org'
        b'/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-'
        b'08002B2CF9AE}" pid="2" name="Owner"><vt:lpwstr>CUSTOMPROPSECRET</vt:lpwstr></property>'
        b"</Properties>"
    )
    root_rels = parts["_rels/.rels"].decode()
    parts["_rels/.rels"] = root_rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdC1" Type="{_REL}/custom-properties" Target="docProps/custom.xml"/>'
        "</Relationships>",
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.custom-properties+xml"/></Types>',
    ).encode()
    app = parts["docProps/app.xml"].decode()
    parts["docProps/app.xml"] = app.replace(
        "</Properties>",
        "<Company>APPCOMPANYSECRET</Company><Manager>j.bloggs</Manager></Properties>",
    ).encode()
    settings = parts["word/settings.xml"].decode()
    first = settings.index(">", settings.index("<w:settings")) + 1
    parts["word/settings.xml"] = (
        settings[:first] + '<w:attachedTemplate r:id="rIdT1"/>' + settings[first:]
    ).encode()
    parts["word/_rels/settings.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship '
        f'Id="rIdT1" Type="{_REL}/attachedTemplate" Target="file:///C:/Users/jbloggs-templates/'
        'Letterhead.dotm" TargetMode="External"/></Relationships>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    return path


@pytest.fixture
def letterhead(tmp_path: Path) -> Path:
    path = _dirty_letterhead(tmp_path / "letterhead.docx")
    # The letterhead really holds what the note must not.
    with zipfile.ZipFile(path) as package:
        everything = b" ".join(package.read(n) for n in package.namelist()).decode("latin-1")
    for secret in SECRETS:
        assert secret in everything, secret
    names = set(zipfile.ZipFile(path).namelist())
    assert {"word/comments.xml", "docProps/custom.xml", "docProps/thumbnail.jpeg"} <= names
    return path


@pytest.mark.parametrize("audience", ["school", "provider", "parent"])
def test_nothing_of_the_letterhead_but_its_styles_page_header_and_footer(
    letterhead: Path, tmp_path: Path, audience: str
) -> None:
    out = write_note(full_caseload(), PUPIL, audience, tmp_path / "note.docx", TODAY,
                     template=letterhead)  # fmt: skip
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        every_file = {name: package.read(name) for name in names}
    for name, content in every_file.items():
        for secret in SECRETS:
            assert secret.encode() not in content, (name, secret)
    parts = package_parts(out)
    for name, (raw, _words) in parts.items():
        for tag in TRACES:
            assert tag not in raw, (name, tag)
    # No part the letterhead brought but its styles, page set-up, header and footer.
    assert not [n for n in names if "comment" in n.lower() or n.startswith("customXml/")]
    assert not [n for n in names if n in ("docProps/custom.xml", "docProps/thumbnail.jpeg",
                                          "word/people.xml")]  # fmt: skip
    media = [n for n in names if n.startswith("word/media/")]
    assert len(media) == 1  # the logo, not the body's picture
    app = parts["docProps/app.xml"][1]
    assert app.strip() == "alp-tui"
    # What the letterhead is for survives: its header (the accepted insertion too), its logo,
    # and the note's own sections on its page.
    doc = reopen(out)
    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "Oakfield Academy, 1 High Street (Bristol)" in header
    assert headings(doc) == list(sections_for(audience))
    assert doc.core_properties.author == SCHOOL
    assert doc.core_properties.keywords == "" and doc.core_properties.comments == ""
