"""EPUB books (.epub): the package in, one page per spine item (chapter) out, its creators as people.

``META-INF/container.xml`` names the package document (OPF); its spine gives the reading order of
the manifest's XHTML items, each written as a page of paragraphs and tables (``markup``). The OPF's
``dc:title`` is the title, ``dc:creator`` the authors and ``dc:date`` the publication date. Pictures
and styles are not read.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from extractors.errors import CorruptFileError, LimitExceededError
from extractors.read.office.common import attr, iso_date, local, member_xml, open_package, read_member, words
from extractors.read.office.markup import write_markup
from extractors.read.parts import Extracted, PageBuilder
from extractors.read.text import decode_text

MARKUP_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


def read_epub(path: Path, sink, settings) -> Extracted:
    with open_package(path, "EPUB book") as package:
        opf_name = package_document(package, settings)
        opf = member_xml(package, opf_name, settings)
        if opf is None:
            raise CorruptFileError(f"the book's package document {opf_name} is missing")
        chapters = spine(opf, posixpath.dirname(opf_name))
        if len(chapters) > settings.max_pages:
            raise LimitExceededError(f"the book has {len(chapters)} chapters, over the limit of {settings.max_pages}")
        pages = []
        for name in chapters:
            data = read_member(package, name, settings)
            if data is None:
                continue
            builder = PageBuilder()
            write_markup(decode_text(data)[0], builder)
            pages.append(builder.page())
    title, published, people = _metadata(opf)
    return Extracted(pages=pages, title=title, published=published, people=people)


def package_document(package, settings) -> str:
    """The OPF's member name, from ``META-INF/container.xml`` (else the first ``.opf`` member)."""
    container = member_xml(package, "META-INF/container.xml", settings)
    for element in [] if container is None else container.iter():
        if local(element.tag) == "rootfile" and attr(element, "full-path"):
            return attr(element, "full-path")
    found = next((n for n in package.namelist() if n.endswith(".opf")), None)
    if found is None:
        raise CorruptFileError("the EPUB has no package document (META-INF/container.xml, .opf)")
    return found


def spine(opf, folder: str) -> list[str]:
    """The member names of the spine's markup items, in reading order."""
    manifest = {}
    for item in opf.iter():
        if local(item.tag) == "item" and attr(item, "id") and attr(item, "href"):
            manifest[attr(item, "id")] = (attr(item, "href"), attr(item, "media-type") or "")
    names = []
    for ref in opf.iter():
        if local(ref.tag) == "itemref" and attr(ref, "idref") in manifest:
            href, media_type = manifest[attr(ref, "idref")]
            if media_type in MARKUP_TYPES or href.endswith((".xhtml", ".html", ".htm")):
                names.append(posixpath.normpath(posixpath.join(folder, href.split("#")[0])))
    return names


def _metadata(opf) -> tuple[str | None, str | None, list[tuple[str, str, str]]]:
    title, published, people = None, None, []
    for element in opf.iter():
        name, value = local(element.tag), words("".join(element.itertext()))
        if not value:
            continue
        if name == "title" and title is None:
            title = value
        elif name == "creator" and not any(p[0] == value for p in people):
            people.append((value, "", "author"))
        elif name == "date" and published is None:
            published = iso_date(value)
    return title, published, people
