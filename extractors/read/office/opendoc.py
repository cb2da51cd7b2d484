"""OpenDocument text and presentations (.odt, .odp): the package in, pages of text and tables out.

``content.xml`` is walked in order: headings, paragraphs, list items, tables (through
``PageBuilder.table``), sections and indexes. A footnote's or endnote's body, a frame's text box and
a drawing shape's text are blocks of their own after the paragraph that anchors them. A text
document is one page (its pages are the renderer's); a presentation is one page per ``draw:page``,
its speaker notes after the slide's text. ``meta.xml`` gives the title, the creation date and the
people (initial creator as author, last creator as last saved by).

Embedded sub-documents (``Object N/`` folders: a text, spreadsheet or presentation) are repackaged
as OpenDocument files of their own and handed to the sink; charts, formulas and pictures are passed
over (pictures carry no text to read here; charts and formulas hold labels only).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extractors.errors import CorruptFileError, LimitExceededError
from extractors.read.office.common import attr, local, member_xml, opendocument_meta, read_member
from extractors.read.office.common import open_package as _open
from extractors.read.parts import Extracted, PageBuilder

#: a cell repeated more often than this (a whole empty row of 16 384 columns) is written once
MAX_REPEAT = 64
#: embedded sub-documents worth reading as parts, and the extension each gets
SUB_DOCUMENTS = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
#: drawn things anchored in a paragraph, whose text is a block of its own after the paragraph's
DRAWN = ("frame", "custom-shape", "rect", "ellipse", "circle", "polygon", "path", "line", "connector", "text-box", "g")


def read_opendocument(path: Path, sink, settings) -> Extracted:
    with _open(path, "OpenDocument file") as package:
        content = member_xml(package, "content.xml", settings)
        if content is None:
            raise CorruptFileError("the package holds no content.xml; not an OpenDocument file")
        pages = content_pages(content)
        if len(pages) > settings.max_pages:
            raise LimitExceededError(
                f"the presentation has {len(pages)} slides, over the limit of {settings.max_pages}"
            )
        title, published, people = opendocument_meta(package, settings)
        add_sub_documents(package, sink, settings)
    pages = [p for p in pages if p.text] if len(pages) == 1 else pages
    return Extracted(pages=pages, title=title, published=published, people=people)


def content_pages(content) -> list:
    """One page for a text document, one per slide for a presentation or drawing."""
    body = next((c for c in content if local(c.tag) == "body"), None)
    if body is None:
        return []
    slides = [page for page in body.iter() if local(page.tag) == "page"]
    if slides:
        pages = []
        for slide in slides:
            builder = PageBuilder()
            write_blocks(slide, builder)
            pages.append(builder.page())
        return pages
    builder = PageBuilder()
    write_blocks(body, builder)
    return [builder.page()]


def write_blocks(container, builder: PageBuilder) -> None:
    """Paragraphs, headings and tables under ``container`` in document order."""
    for child in container:
        name = local(child.tag)
        if name in ("p", "h"):
            later: list = []
            builder.paragraph(inline_text(child, later).strip())
            for block in later:
                write_blocks(block, builder)
        elif name == "table":
            builder.table(table_rows(child))
        elif name in ("title", "desc"):  # a drawing's title and description (svg:title, svg:desc)
            builder.paragraph(" ".join("".join(child.itertext()).split()))
        elif name in ("tracked-changes", "forms", "sequence-decls", "variable-decls", "user-field-decls"):
            continue
        else:
            write_blocks(child, builder)


def inline_text(paragraph, later: list) -> str:
    """A paragraph's text (spaces, tabs and line breaks as written); note bodies, text boxes and
    shapes it anchors go to ``later`` to be written as blocks after it."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        name = local(child.tag)
        if name == "s":
            parts.append(" " * min(int(attr(child, "c") or 1), MAX_REPEAT))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name == "note":
            later.extend(c for c in child if local(c.tag) == "note-body")
        elif name in DRAWN or name == "annotation":  # a comment's paragraphs, its author and date left out
            later.append(child)
        elif name not in ("bookmark", "change", "change-start", "change-end", "annotation-end"):
            parts.append(inline_text(child, later))
        parts.append(child.tail or "")
    return "".join(parts)


def table_rows(table) -> list[list[str]]:
    """A table's rows of cell texts; repeated rows and cells written out (up to ``MAX_REPEAT``)."""
    rows: list[list[str]] = []
    for row in table.iter():
        if local(row.tag) != "table-row":
            continue
        cells: list[str] = []
        for cell in row:
            if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            lines: list[str] = []
            for paragraph in (p for p in cell.iter() if local(p.tag) in ("p", "h")):
                lines.append(inline_text(paragraph, []).strip())
            repeat = min(int(attr(cell, "number-columns-repeated") or 1), MAX_REPEAT)
            cells.extend([" ".join(line for line in lines if line)] * repeat)
        while cells and not cells[-1]:
            cells.pop()
        repeat = min(int(attr(row, "number-rows-repeated") or 1), MAX_REPEAT) if any(cells) else 1
        rows.extend([cells] * repeat)
    return rows


def add_sub_documents(package: zipfile.ZipFile, sink, settings) -> None:
    """Embedded text, spreadsheet and presentation objects, each repackaged as a file of its own."""
    manifest = member_xml(package, "META-INF/manifest.xml", settings)
    for entry in [] if manifest is None else manifest.iter():
        folder, media_type = attr(entry, "full-path") or "", attr(entry, "media-type") or ""
        if folder in ("", "/") or not folder.endswith("/") or media_type not in SUB_DOCUMENTS or sink.full:
            continue
        sink.add(folder.rstrip("/") + SUB_DOCUMENTS[media_type], _repackage(package, folder, media_type, settings))


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">{}</manifest:manifest>'
)
_ENTRY = '<manifest:file-entry manifest:full-path="{}" manifest:media-type="{}"/>'


def _repackage(package: zipfile.ZipFile, folder: str, media_type: str, settings) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(zipfile.ZipInfo("mimetype"), media_type)
        members = [n for n in package.namelist() if n.startswith(folder) and not n.endswith("/")]
        entries = [("/", media_type)] + [(n[len(folder) :], "text/xml") for n in members if n.endswith(".xml")]
        out.writestr("META-INF/manifest.xml", _MANIFEST.format("".join(_ENTRY.format(*e) for e in entries)))
        for name in members:
            out.writestr(name[len(folder) :], read_member(package, name, settings) or b"")
    return buffer.getvalue()
