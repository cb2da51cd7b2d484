"""Word documents (.docx, .docm, .dotx): the package in, one page of text and tables out, embedded
files as parts.

The body is read in its own order (``w:p`` paragraphs and ``w:tbl`` tables, content controls
opened), each table through ``PageBuilder.table`` so a table of people becomes table-row records.
Text boxes follow the paragraph that anchors them; then come the headers and footers, footnotes,
endnotes and comments. The whole document is one page: Word stores no pages, and its page breaks
(explicit or the last layout's) are too unreliable to number mentions by.

The XML is parsed directly with defusedxml rather than through python-docx, which loads every part
of the package (embedded videos included) into memory and knows no footnotes or text boxes.
Core properties give the title, the created date and the author / last-saved-by people.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractors.errors import CorruptFileError
from extractors.read.office.common import attr, core_properties, local, member_xml, open_package, words
from extractors.read.office.embedded import add_package_embeddings
from extractors.read.parts import Extracted, PageBuilder

#: a grid span wider than this is read as this many cells (a hostile file could ask for millions)
MAX_SPAN = 64
#: parts that hold text besides the body, in the order they are written after it
EXTRA_PARTS = (
    r"word/header\d*\.xml",
    r"word/footer\d*\.xml",
    r"word/footnotes\.xml",
    r"word/endnotes\.xml",
    r"word/comments\.xml",
)
#: elements whose text is not shown (deleted revisions, field codes) or repeats another's (fallbacks)
HIDDEN = ("delText", "instrText", "Fallback", "delInstrText")


def read_docx(path: Path, sink, settings) -> Extracted:
    with open_package(path, "Word document") as package:
        document = member_xml(package, _main_part(package), settings)
        if document is None:
            raise CorruptFileError("the package holds no word/document.xml; not a Word document")
        builder = PageBuilder()
        body = next((child for child in document if local(child.tag) == "body"), document)
        write_blocks(body, builder)
        seen: set[str] = set()
        for pattern in EXTRA_PARTS:
            for name in sorted(n for n in package.namelist() if re.fullmatch(pattern, n)):
                root = member_xml(package, name, settings)
                for note in _notes(root):
                    text = _blocks_text(note)
                    if text and text not in seen:  # the same header on every section
                        seen.add(text)
                        write_blocks(note, builder)
        title, published, people = core_properties(package, settings)
        add_package_embeddings(package, sink, settings)
    page = builder.page()
    return Extracted(pages=[page] if page.text else [], title=title, published=published, people=people)


def _main_part(package) -> str:
    """The main document part (``word/document.xml``; a few producers name it otherwise)."""
    names = package.namelist()
    if "word/document.xml" in names:
        return "word/document.xml"
    return next((n for n in names if re.fullmatch(r"word/document\d*\.xml", n)), "word/document.xml")


def _notes(root) -> list:
    """The footnotes/endnotes/comments of a notes part (separator notes left out), or the part itself."""
    if root is None:
        return []
    children = [c for c in root if local(c.tag) in ("footnote", "endnote", "comment")]
    if not children:
        return [root]
    return [c for c in children if (attr(c, "type") or "normal") == "normal"]


def write_blocks(container, builder: PageBuilder) -> None:
    """The paragraphs and tables of a body, cell, text box or note, in order."""
    for child in container:
        name = local(child.tag)
        if name == "p":
            builder.paragraph(paragraph_text(child))
            for box in _text_boxes(child):
                write_blocks(box, builder)
        elif name == "tbl":
            builder.table(table_rows(child))
        elif name in ("sdt", "sdtContent", "customXml", "ins", "smartTag", "AlternateContent", "Choice"):
            write_blocks(child, builder)


def paragraph_text(paragraph) -> str:
    """A paragraph's visible text: its runs, tabs and line breaks (text boxes left for their own block)."""
    parts: list[str] = []
    _runs(paragraph, parts)
    return "".join(parts).strip()


def _runs(element, parts: list[str]) -> None:
    for child in element:
        name = local(child.tag)
        if name in HIDDEN or name in ("txbxContent", "tbl"):
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        else:
            _runs(child, parts)


def _text_boxes(paragraph) -> list:
    """The text-box contents anchored in a paragraph (the VML fallback copy left out)."""
    boxes: list = []
    stack = list(paragraph)
    while stack:
        element = stack.pop(0)
        name = local(element.tag)
        if name == "Fallback":
            continue
        if name == "txbxContent":
            boxes.append(element)
        else:
            stack[:0] = list(element)
    return boxes


def table_rows(table) -> list[list[str]]:
    """A table's rows of cell texts; a merged cell keeps its columns (empty cells after it)."""
    rows = []
    for row in (c for c in table if local(c.tag) == "tr"):
        cells: list[str] = []
        for cell in _cells(row):
            text = _blocks_text(cell)
            merge = cell.find(".//{*}vMerge")
            if merge is not None and (attr(merge, "val") or "continue") == "continue":
                text = ""
            cells.append(text)
            span = cell.find("./{*}tcPr/{*}gridSpan")
            extra = int(attr(span, "val") or 1) - 1 if span is not None and (attr(span, "val") or "").isdigit() else 0
            cells.extend([""] * min(extra, MAX_SPAN))
        rows.append(cells)
    return rows


def _cells(row) -> list:
    cells = []
    for child in row:
        name = local(child.tag)
        if name == "tc":
            cells.append(child)
        elif name in ("sdt", "sdtContent", "customXml"):
            cells.extend(_cells(child))
    return cells


def _blocks_text(container) -> str:
    """The text of a cell or note: its paragraphs joined by line breaks, nested tables flattened."""
    lines = []
    for element in container.iter():
        if local(element.tag) == "p":
            text = paragraph_text(element)
            if text:
                lines.append(text)
    return words(" ".join(lines))
