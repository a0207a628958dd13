"""What a saved note may hold of anything but the note: only the letterhead's styles, page
set-up, header and footer.

`clean_package` rewrites a saved .docx so that no part of a letterhead template (or of the
blank document python-docx starts from) comes along unseen: its comments and the people who
wrote them, tracked changes (insertions kept as text, deletions dropped), custom XML parts,
document properties (core, app, custom), the page thumbnail, building blocks, mail-merge
and template links, document variables, and any picture or part only its old body used.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

APPLICATION = "alp-tui"

# Parts reached through these relationships never belong in a note (the last part of the
# relationship's type names them).
DROPPED_RELATIONSHIPS = frozenset((
    "comments", "commentsExtended", "commentsIds", "commentsExtensible", "people", "customXml",
    "customXmlProps", "custom-properties", "thumbnail", "glossaryDocument", "attachedTemplate",
    "mailMergeSource", "mailMergeHeaderSource", "recipientData", "vbaProject",
    "keyMapCustomizations",
))  # fmt: skip
# Relationships a part needs whether or not its XML names them.
STRUCTURAL_RELATIONSHIPS = frozenset((
    "officeDocument", "core-properties", "extended-properties", "styles", "stylesWithEffects",
    "settings", "webSettings", "fontTable", "theme", "numbering", "footnotes", "endnotes",
))  # fmt: skip
# Tracked changes and comment anchors: removed with what they hold.
_REMOVED = tuple(f"{{{W}}}{name}" for name in (
    "del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
    "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellDel", "cellIns",
    "cellMerge", "commentRangeStart", "commentRangeEnd", "moveFromRangeStart",
    "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd", "dataBinding",
))  # fmt: skip
# Wrappers whose content stays: an accepted insertion, custom XML and smart-tag markup.
_UNWRAPPED = tuple(f"{{{W}}}{name}" for name in ("ins", "moveTo", "customXml", "smartTag"))
# Settings that point outside the document, record who edited it, or turn tracking on.
_SETTINGS_DROPPED = (*(f"{{{W}}}{name}" for name in (
    "attachedTemplate", "mailMerge", "docVars", "trackRevisions", "rsids", "documentProtection",
    "writeProtection", "savePreviewPicture",
)),
    "{http://schemas.microsoft.com/office/word/2010/wordml}docId",
    "{http://schemas.microsoft.com/office/word/2012/wordml}docId",
)  # fmt: skip
# Fields whose last shown value is a person's or a file's name.
_PERSONAL_FIELDS = frozenset((
    "AUTHOR", "LASTSAVEDBY", "USERNAME", "USERINITIALS", "USERADDRESS", "FILENAME", "TEMPLATE",
    "DOCPROPERTY",
))  # fmt: skip
# The core properties a note keeps (the note sets them); any other is dropped.
_CORE_KEPT = frozenset(
    {
        f"{{{DC}}}title",
        f"{{{DC}}}subject",
        f"{{{DC}}}creator",
        f"{{{DC}}}language",
        f"{{{CP}}}lastModifiedBy",
        f"{{{CP}}}revision",
        f"{{{CP}}}category",
        f"{{{CP}}}contentStatus",
        f"{{{DCTERMS}}}created",
        f"{{{DCTERMS}}}modified",
    }
)
_NOTES_KEPT = ("separator", "continuationSeparator", "continuationNotice")


def _kind(rel_type: str) -> str:
    return rel_type.rstrip("/").rsplit("/", 1)[-1]


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _target(part: str, target: str) -> str:
    """A relationship's target as a part name inside the package."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_package(data: bytes) -> bytes:
    """The saved .docx `data` with nothing kept but the note and its letterhead."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    for name in list(parts):
        if name.startswith("word/") and name.endswith(".xml"):
            parts[name] = _clean_word_part(name, parts[name])
    _prune_relationships(parts)
    _drop_unreachable(parts)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _clean_core(parts["docProps/core.xml"])
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = _app_properties()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        order = ["[Content_Types].xml", *(n for n in parts if n != "[Content_Types].xml")]
        for name in order:
            package.writestr(name, parts[name])
    return out.getvalue()


# --- relationships and parts -------------------------------------------------------------------


def _referenced_ids(xml: bytes) -> set[str]:
    """Every attribute value in a part: a relationship is used if its id is among them."""
    root = _xml(xml)
    return {value for element in root.iter() for value in element.attrib.values()}


def _prune_relationships(parts: dict[str, bytes]) -> None:
    """Drop relationships to parts no note holds, and those of a part's XML that nothing in
    it uses any more (a picture that was in the letterhead's body)."""
    for rels_name in [n for n in parts if n.endswith(".rels")]:
        folder = posixpath.dirname(posixpath.dirname(rels_name))
        owner = posixpath.join(folder, posixpath.basename(rels_name)[: -len(".rels")])
        root = _xml(parts[rels_name])
        used = _referenced_ids(parts[owner]) if owner in parts and owner.endswith(".xml") else None
        for rel in list(root):
            kind = _kind(rel.get("Type", ""))
            unused = used is not None and rel.get("Id") not in used
            if kind in DROPPED_RELATIONSHIPS or (unused and kind not in STRUCTURAL_RELATIONSHIPS):
                root.remove(rel)
        parts[rels_name] = _bytes(root)


def _drop_unreachable(parts: dict[str, bytes]) -> None:
    """Keep the parts the package's relationships still reach; update the content types."""
    reachable: set[str] = set()
    todo = [""]
    while todo:
        part = todo.pop()
        rels_name = _rels_name(part) if part else "_rels/.rels"
        if rels_name not in parts:
            continue
        for rel in _xml(parts[rels_name]):
            if rel.get("TargetMode") == "External":
                continue
            target = _target(part, rel.get("Target", ""))
            if target in parts and target not in reachable:
                reachable.add(target)
                todo.append(target)
    keep = {"[Content_Types].xml", "_rels/.rels"} | reachable
    keep |= {_rels_name(p) for p in reachable if _rels_name(p) in parts}
    for name in [n for n in parts if n not in keep]:
        del parts[name]
    types = _xml(parts["[Content_Types].xml"])
    for override in list(types.iter(f"{{{CT}}}Override")):
        if override.get("PartName", "").lstrip("/") not in parts:
            types.remove(override)
    parts["[Content_Types].xml"] = _bytes(types)


# --- the XML of the document's parts -----------------------------------------------------------


def _clean_word_part(name: str, data: bytes) -> bytes:
    root = _xml(data)
    for element in list(root.iter(*_REMOVED)):
        _remove(element)
    for reference in list(root.iter(f"{{{W}}}commentReference")):
        run = reference.getparent()
        _remove(run if run is not None and run.tag == f"{{{W}}}r" else reference)
    # Innermost first, so a wrapper inside a wrapper comes out too.
    for element in reversed(list(root.iter(*_UNWRAPPED))):
        _unwrap(element)
    _blank_personal_fields(root)
    if name == "word/settings.xml":
        for element in list(root.iter(*_SETTINGS_DROPPED)):
            _remove(element)
    if name in ("word/footnotes.xml", "word/endnotes.xml"):
        for note in list(root):
            if note.get(f"{{{W}}}type") not in _NOTES_KEPT:
                root.remove(note)
    return _bytes(root)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tag == f"{{{W}}}ins" and parent.tag == f"{{{W}}}rPr":
        parent.remove(element)  # an inserted paragraph mark: nothing to keep
        return
    index = parent.index(element)
    for child in reversed([c for c in element if not c.tag.endswith("}customXmlPr")]):
        parent.insert(index, child)
    parent.remove(element)


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def _blank_personal_fields(root: etree._Element) -> None:
    """Empty the last shown value of an AUTHOR, USERNAME, FILENAME… field: Word and
    LibreOffice fill it in from the note's own properties when they show the page."""
    for simple in root.iter(f"{{{W}}}fldSimple"):
        if _field_name(simple.get(f"{{{W}}}instr", "")) in _PERSONAL_FIELDS:
            for text in simple.iter(f"{{{W}}}t"):
                text.text = ""
    for paragraph in root.iter(f"{{{W}}}p"):
        _blank_complex_fields(paragraph.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}t"))


def _blank_complex_fields(elements: Iterable[etree._Element]) -> None:
    instruction, showing = "", False
    for element in elements:
        tag = etree.QName(element).localname
        if tag == "fldChar":
            kind = element.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                instruction, showing = "", False
            elif kind == "separate":
                showing = _field_name(instruction) in _PERSONAL_FIELDS
            elif kind == "end":
                instruction, showing = "", False
        elif tag == "instrText":
            instruction += element.text or ""
        elif tag == "t" and showing:
            element.text = ""


# --- properties --------------------------------------------------------------------------------


def _clean_core(data: bytes) -> bytes:
    root = _xml(data)
    for element in list(root):
        if element.tag not in _CORE_KEPT:
            root.remove(element)
    return _bytes(root)


def _app_properties() -> bytes:
    root = etree.Element(f"{{{EXTENDED}}}Properties", nsmap={None: EXTENDED})
    etree.SubElement(root, f"{{{EXTENDED}}}Application").text = APPLICATION
    return _bytes(root)
