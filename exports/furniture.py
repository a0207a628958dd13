"""The note's page furniture and properties: who it is for in the header and footer (marked
confidential, or private to the family), `Page X of Y`, and document properties that name
the school, never the person who exported it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from exports.docxkit import add_field, xml_text


def set_properties(doc: DocxDocument, title: str, school: str, today: date, status: str) -> None:
    props = doc.core_properties
    props.title = _property(title)
    props.subject = "Alternative provision review note"
    # The school writes the note; the person who ran the program is not recorded.
    props.author = _property(school)
    props.last_modified_by = _property(school)
    props.comments = ""
    props.keywords = ""
    props.category = "Review note"
    props.content_status = status
    props.identifier = ""
    props.language = "en-GB"
    props.version = ""
    props.revision = 1
    stamp = datetime.combine(today, time(0, 0))
    props.created = stamp
    props.modified = stamp


def header_and_footer(doc: DocxDocument, header: tuple[str, str], footer: tuple[str, str]) -> None:
    """A header and a footer on every page (the first one too), each a bold lead and its
    text, below the letterhead's own; the footer also numbers the pages."""
    section = doc.sections[-1]
    headers = [section.header]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
        footers.append(section.first_page_footer)
    for head in headers:
        paragraph = _blank_or_new(head.paragraphs, head.add_paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(xml_text(header[0])).bold = True
        paragraph.add_run(xml_text(header[1]))
        _small(paragraph)
    for part in footers:
        paragraph = _blank_or_new(part.paragraphs, part.add_paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(xml_text(footer[0])).bold = True
        paragraph.add_run(xml_text(footer[1]))
        _small(paragraph)
        pages = part.add_paragraph()
        pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pages.add_run("Page ")
        add_field(pages, "PAGE")
        pages.add_run(" of ")
        add_field(pages, "NUMPAGES")
        _small(pages)


def _blank_or_new(paragraphs: list[Paragraph], add: Callable[[], Paragraph]) -> Paragraph:
    """The header's one empty paragraph if it has nothing else (a clean document), else a
    new paragraph after the letterhead's own content."""
    if len(paragraphs) == 1 and not paragraphs[0].text.strip() and not _has_drawing(paragraphs[0]):
        return paragraphs[0]
    return add()


def _has_drawing(paragraph: Paragraph) -> bool:
    return bool(paragraph._p.xpath(".//w:drawing | .//w:pict"))


def _property(text: str) -> str:
    """Document properties hold at most 255 characters."""
    return xml_text(text)[:255]


def _small(paragraph: Paragraph) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(8)
