"""Small python-docx helpers the note needs and python-docx lacks: page-number fields,
repeating table headers, cell widths, safe style look-ups, and building on a letterhead."""

from __future__ import annotations

import copy
import re
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Length, Mm, Pt
from docx.styles import BabelFish
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from exports.errors import ExportError

A4_WIDTH = Mm(210)
A4_HEIGHT = Mm(297)
MARGIN = Mm(20)

# The styles the note uses; a letterhead template that lacks one gets it from the default.
NOTE_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "Table Grid",
    "Light Grid Accent 1",
    "Header",
    "Footer",
)
TABLE_STYLES = ("Light Grid Accent 1", "Table Grid")


def new_document(template: Path | None) -> DocxDocument:
    """A clean A4 document, or the school's letterhead with its body emptied."""
    if template is None:
        doc = Document()
        section = doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        section.header_distance = section.footer_distance = Mm(10)
        # A plain sans-serif body reads best on screen and when printed at home.
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        return doc
    doc = _open_template(template)
    _clear_body(doc)
    _ensure_styles(doc)
    return doc


def _open_template(template: Path) -> DocxDocument:
    reason = None
    if not template.is_file():
        reason = "there is no such file"
    elif not zipfile.is_zipfile(template):
        reason = "it is not a Word .docx file"
    else:
        try:
            return Document(_as_document_package(template))
        except PackageNotFoundError:
            reason = "it is not a Word .docx file"
        except Exception as exc:  # a damaged part inside the package fails in many ways
            reason = f"it could not be read as a Word document ({type(exc).__name__})"
    raise ExportError(
        f"the letterhead template {template} cannot be used: {reason}; "
        "choose a .docx saved from Word, or clear the template to use the plain layout"
    )


_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _as_document_package(template: Path) -> BytesIO:
    """The template's bytes, a Word template (.dotx) relabelled as a document so python-docx
    opens it; a letterhead is often saved as one."""
    out = BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(_TEMPLATE_TYPE.encode(), _DOCUMENT_TYPE.encode())
            dst.writestr(item, data)
    out.seek(0)
    return out


def _clear_body(doc: DocxDocument) -> None:
    """Empty the template's body, keeping its final section (page size, margins, and the
    references to its headers and footers)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _ensure_styles(doc: DocxDocument) -> None:
    names = {s.name for s in doc.styles}
    missing = [name for name in NOTE_STYLES if name not in names]
    if not missing:
        return
    default = Document()
    default_by_id = {s.style_id: s for s in default.styles}
    present_ids = {s.style_id for s in doc.styles}
    styles_el = doc.styles.element

    def copy_style(style_id: str) -> None:
        if style_id in present_ids or style_id not in default_by_id:
            return
        element = default_by_id[style_id].element
        styles_el.append(copy.deepcopy(element))
        present_ids.add(style_id)
        # The styles it is based on, links to and is followed by must exist too.
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = element.find(qn(tag))
            if ref is not None:
                copy_style(ref.get(qn("w:val")))

    by_name = {s.name: s.style_id for s in default.styles}
    for name in missing:
        if name in by_name:
            copy_style(by_name[name])


# Characters XML 1.0 cannot hold (most control characters, lone surrogates, U+FFFE/U+FFFF):
# pasted text sometimes carries them, and python-docx refuses the whole document. DEL, the C1
# controls and the bidirectional overrides and isolates are left out too (DESIGN.md §6): an
# override turns the rest of a line round, so a name could make a note read otherwise.
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


# The names of a document's styles, read in one pass of the styles part: going through
# `doc.styles` builds an object per style, and a note asks for a style at every heading.
_STYLE_NAMES = etree.XPath("w:style/w:name/@w:val", namespaces=nsmap, smart_strings=False)


def style_or_none(doc: DocxDocument, name: str) -> str | None:
    names = _STYLE_NAMES(doc.styles.element)
    return name if BabelFish.ui2internal(name) in names else None


def table_style(doc: DocxDocument) -> str | None:
    for name in TABLE_STYLES:
        if style_or_none(doc, name):
            return name
    return None


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""

    def run_with(element: Any) -> None:
        run = paragraph.add_run()
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def repeat_header_row(table: Table) -> None:
    """Repeat the first row at the top of each page the table runs onto, and keep it whole."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def keep_rows_whole(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        tr_pr.append(cant_split)


_LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200, "noVBand": 0x400}  # fmt: skip


def set_look(table: Table, *, first_row: bool, first_column: bool) -> None:
    """Which parts of the table style apply: a heading row, bold first column, row bands."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    flags = {
        "firstRow": first_row,
        "lastRow": False,
        "firstColumn": first_column,
        "lastColumn": False,
        "noHBand": False,
        "noVBand": True,
    }
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")
    value = sum(bit for name, bit in _LOOK_BITS.items() if flags[name])
    look.set(qn("w:val"), f"{value:04X}")


def set_widths(table: Table, widths: list[Length]) -> None:
    """Fixed column widths: Word reads the cells', LibreOffice the grid's."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def shade_cell(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a colour (`"6BAED6"`), as Word's own shading does."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = tc_pr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        tc_pr.append(shd)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
