"""PowerPoint presentations (.pptx, .pptm, .ppsx): the package in, one page per slide out (its
titles, text frames, tables as tables and the speaker notes), embedded files as parts.

Slides come in the presentation's order (``ppt/presentation.xml``'s slide list and its relations);
shapes in their drawing order, groups opened. The XML is parsed directly with defusedxml (as for
Word, python-pptx would load every part, media included, into memory). The title is the core
properties' title, else the first slide's title placeholder.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from extractors.errors import CorruptFileError, LimitExceededError
from extractors.read.office.common import attr, core_properties, local, member_xml, open_package, words
from extractors.read.office.embedded import add_package_embeddings
from extractors.read.parts import Extracted, PageBuilder

#: placeholders of a notes page that repeat the slide or number it
NOTES_SKIP = ("sldImg", "sldNum", "hdr", "ftr", "dt")


def read_pptx(path: Path, sink, settings) -> Extracted:
    with open_package(path, "PowerPoint presentation") as package:
        pages, first_title = [], None
        for slide_name in slide_parts(package, settings):
            slide = member_xml(package, slide_name, settings)
            if slide is None:
                continue
            builder = PageBuilder()
            title = write_shapes(slide, builder)
            first_title = first_title or title
            notes = _notes_part(package, slide_name, settings)
            if notes is not None:
                write_shapes(notes, builder, skip=NOTES_SKIP)
            pages.append(builder.page())
        if len(pages) > settings.max_pages:
            raise LimitExceededError(
                f"the presentation has {len(pages)} slides, over the limit of {settings.max_pages}"
            )
        title, published, people = core_properties(package, settings)
        add_package_embeddings(package, sink, settings)
    return Extracted(pages=pages, title=title or first_title, published=published, people=people)


def relations(package, part: str, settings) -> dict[str, str]:
    """A part's relationships: id -> target part name (resolved against the part's folder)."""
    folder, name = posixpath.split(part)
    root = member_xml(package, posixpath.join(folder, "_rels", f"{name}.rels"), settings)
    found = {}
    for rel in [] if root is None else root:
        target, rid = attr(rel, "Target"), attr(rel, "Id")
        if target and rid and attr(rel, "TargetMode") != "External":
            found[rid] = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
    return found


def slide_parts(package, settings) -> list[str]:
    """The slides' part names in the presentation's order."""
    presentation = member_xml(package, "ppt/presentation.xml", settings)
    if presentation is None:
        raise CorruptFileError("the package holds no ppt/presentation.xml; not a PowerPoint presentation")
    rels = relations(package, "ppt/presentation.xml", settings)
    ordered = [rels.get(_relation_id(s)) for s in presentation.iter() if local(s.tag) == "sldId"]
    return [name for name in ordered if name]


def _relation_id(element) -> str:
    """The ``r:id`` of an element (not its plain ``id``)."""
    return next((v for k, v in element.attrib.items() if k.startswith("{") and k.endswith("}id")), "")


def _notes_part(package, slide_name: str, settings):
    for target in relations(package, slide_name, settings).values():
        if "notesSlide" in target:
            return member_xml(package, target, settings)
    return None


def write_shapes(root, builder: PageBuilder, *, skip: tuple[str, ...] = ()) -> str | None:
    """Every shape's text and table under ``root`` in drawing order; returns the title placeholder's text."""
    title = None
    for shape in root.iter():
        name = local(shape.tag)
        if name == "sp":
            placeholder = shape.find(".//{*}nvPr/{*}ph")
            kind = attr(placeholder, "type") if placeholder is not None else None
            if kind in skip:
                continue
            body = shape.find("./{*}txBody")
            text = frame_text(body) if body is not None else ""
            builder.paragraph(text)
            if kind in ("title", "ctrTitle") and text and title is None:
                title = words(text)
        elif name == "tbl":
            rows = [
                [frame_text(cell) for cell in row if local(cell.tag) == "tc"] for row in shape if local(row.tag) == "tr"
            ]
            builder.table(rows)
    return title


def frame_text(body) -> str:
    """A text frame's paragraphs, one line each (runs, fields and line breaks kept)."""
    lines = []
    for paragraph in body.iter():
        if local(paragraph.tag) != "p":
            continue
        parts = []
        for element in paragraph:
            kind = local(element.tag)
            if kind in ("r", "fld"):
                parts.extend(t.text or "" for t in element if local(t.tag) == "t")
            elif kind == "br":
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(line for line in lines if line.strip()).strip()
