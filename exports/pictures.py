"""Week-by-week strips in Word: a row of table cells per target (or for attendance), each
shaded by `alp_tui.weeks` (darker for higher) with its number printed in it, so the picture
reads in greyscale, on a black-and-white printer and to a screen reader alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import _Cell

from alp_tui.dates import uk_short
from alp_tui.weeks import StripCell
from exports.docxkit import (
    keep_rows_whole,
    repeat_header_row,
    set_look,
    set_widths,
    shade_cell,
    style_or_none,
    xml_text,
)

# One blue, light to dark: its lightness falls step by step, so printed in grey each shade
# is darker than the one before. The two darkest carry white figures.
SHADE_FILLS: tuple[str, ...] = ("EFF3FF", "BDD7E7", "6BAED6", "3182BD", "08519C")
WHITE_FIGURES_FROM = 3
# Weeks in one row of a strip; a longer period runs on in a second table.
WEEKS_PER_ROW = 12
LABEL_WIDTH_MM = 46.0


@dataclass(frozen=True)
class StripRow:
    label: str
    cells: list[StripCell]


def add_strips(doc: DocxDocument, width: Length, rows: Sequence[StripRow], label_head: str) -> None:
    """Tables of strips, one row per `StripRow`, weeks as columns headed `DD/MM`."""
    rows = [row for row in rows if row.cells]
    if not rows:
        return
    weeks = [cell.week_start for cell in rows[0].cells]
    for first in range(0, len(weeks), WEEKS_PER_ROW):
        chunk = weeks[first : first + WEEKS_PER_ROW]
        table = doc.add_table(rows=0, cols=1 + len(chunk))
        if style_or_none(doc, "Table Grid"):
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head = table.add_row().cells
        _text(head[0], label_head, bold=True)
        for cell, week in zip(head[1:], chunk, strict=True):
            _text(cell, uk_short(week), bold=True, centre=True)
        for row in rows:
            cells = table.add_row().cells
            _text(cells[0], row.label)
            shown = row.cells[first : first + WEEKS_PER_ROW]
            for cell, strip in zip(cells[1:], shown, strict=False):
                _strip_cell(cell, strip)
        week_mm = min(14.0, (Length(width).mm - LABEL_WIDTH_MM) / len(chunk))
        widths: list[Length] = [Mm(LABEL_WIDTH_MM), *[Mm(week_mm)] * len(chunk)]
        set_widths(table, widths)
        set_look(table, first_row=True, first_column=True)
        keep_rows_whole(table)
        repeat_header_row(table)
        # A strip is read as a whole: keep its rows on one page.
        for table_row in table.rows[:-1]:
            for cell in table_row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        doc.add_paragraph()


def _text(cell: _Cell, text: str, *, bold: bool = False, centre: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(xml_text(text))
    run.bold = bold
    run.font.size = Pt(9)


def _strip_cell(cell: _Cell, strip: StripCell) -> None:
    _text(cell, strip.label, bold=strip.shade is not None, centre=True)
    if strip.shade is None:
        return
    shade_cell(cell, SHADE_FILLS[strip.shade])
    if strip.shade >= WHITE_FIGURES_FROM:
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
