"""The building blocks a note is laid out with: headings, paragraphs, bullets and tables
in the document's own styles, falling back to plain bold text where a letterhead lacks one."""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Length, Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

from exports.docxkit import (
    keep_rows_whole,
    repeat_header_row,
    set_look,
    set_widths,
    style_or_none,
    table_style,
    xml_text,
)

#: A table row: one text per cell, or a list of texts for a cell of several paragraphs.
Row = list[str | list[str]]


class Page:
    """Writes into `doc`, between the margins of its last section."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.table_style = table_style(doc)
        section = doc.sections[-1]
        width = (section.page_width or Mm(210)) - (section.left_margin or 0)
        self.width = Length(width - (section.right_margin or 0))

    def heading(self, text: str, level: int = 1) -> Paragraph:
        style = style_or_none(self.doc, f"Heading {level}")
        if style:
            return self.doc.add_paragraph(xml_text(text), style=style)
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(xml_text(text)).bold = True
        return paragraph

    def para(self, text: str = "", *, bold_lead: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if bold_lead:
            paragraph.add_run(xml_text(bold_lead)).bold = True
        if text:
            paragraph.add_run(xml_text(text))
        return paragraph

    def bullet(self, text: str, *, bold_lead: str | None = None) -> Paragraph:
        style = style_or_none(self.doc, "List Bullet")
        paragraph = self.doc.add_paragraph(style=style) if style else self.doc.add_paragraph()
        if not style:
            paragraph.add_run("• ")
        if bold_lead:
            paragraph.add_run(xml_text(bold_lead)).bold = True
        paragraph.add_run(xml_text(text))
        return paragraph

    def table(self, header: Iterable[str] | None, rows: list[Row],
              widths_mm: list[float]) -> Table:  # fmt: skip
        """A table in the document's table style; a cell given as a list gets a paragraph
        per item. Widths are scaled to fill the page between its margins."""
        ncols = len(widths_mm)
        table = self.doc.add_table(rows=0, cols=ncols)
        if self.table_style:
            table.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if header is not None:
            cells = table.add_row().cells
            for cell, text in zip(cells, header, strict=False):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                items = value if isinstance(value, list) else [value]
                cell.text = xml_text(items[0]) if items else ""
                for item in items[1:]:
                    cell.add_paragraph(xml_text(item))
        scale = self.width / Mm(sum(widths_mm))
        set_widths(table, [Length(int(Mm(w) * scale)) for w in widths_mm])
        set_look(table, first_row=header is not None, first_column=header is None)
        if header is not None:
            repeat_header_row(table)
        keep_rows_whole(table)
        self.doc.add_paragraph()  # breathing space: tables otherwise touch what follows
        return table
