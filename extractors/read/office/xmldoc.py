"""XML files: Excel 2003 XML workbooks (SpreadsheetML) as one page and table per worksheet, any other
XML as its text, one line per element that holds text. Parsed with defusedxml (hostile XML: no
entity expansion, no external references).

SpreadsheetML and other XML share the ``.xml`` extension, so both readers look at the root element:
a ``Workbook`` in the ``urn:schemas-microsoft-com:office:spreadsheet`` namespace is a workbook.
A cell's ``ss:Index`` places it (skipped cells stay empty); hyperlink cells keep their text and the
link targets follow the table. ``DocumentProperties`` give the author, last author, title and date;
page headers and footers (``x:Data`` codes) are written after the sheet's table.
"""

from __future__ import annotations

from pathlib import Path

from extractors.errors import EmptyDocumentError, LimitExceededError
from extractors.read.office.common import attr, iso_date, local, parse_xml, words
from extractors.read.office.workbook_meta import header_footer_text
from extractors.read.parts import Extracted, PageBuilder

SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
#: a cell placed further right than this (``ss:Index``) is placed here instead
MAX_COLUMN = 16384


def read_xml(path: Path, sink, settings) -> Extracted:
    root = parse_xml(path.read_bytes(), "the file")
    if is_spreadsheet(root):
        return workbook(root, settings)
    lines = []
    for element in root.iter():
        parts = [element.text or ""] + [child.tail or "" for child in element]
        text = words(" ".join(parts))
        if text:
            lines.append(text)
    if not lines:
        raise EmptyDocumentError("the XML file holds no text")
    builder = PageBuilder()
    builder.paragraph("\n".join(lines))
    return Extracted(pages=[builder.page()])


def is_spreadsheet(root) -> bool:
    return local(root.tag) == "Workbook" and root.tag.startswith("{" + SPREADSHEET_NS)


def workbook(root, settings) -> Extracted:
    sheets = [child for child in root if local(child.tag) == "Worksheet"]
    if len(sheets) > settings.max_pages:
        raise LimitExceededError(f"the workbook has {len(sheets)} sheets, over the limit of {settings.max_pages}")
    pages = []
    for sheet in sheets:
        builder = PageBuilder()
        links: list[str] = []
        for table in (t for t in sheet if local(t.tag) == "Table"):
            builder.table(_rows(table, links))
        if links:
            builder.paragraph("Links: " + " ".join(links))
        for element in sheet.iter():
            if local(element.tag) in ("Header", "Footer"):
                builder.paragraph(header_footer_text(attr(element, "Data")))
        pages.append(builder.page())
    properties = {}
    for child in root:
        if local(child.tag) == "DocumentProperties":
            properties = {local(p.tag): words(p.text) for p in child}
    people = []
    for key, role in (("Author", "author"), ("LastAuthor", "last saved by")):
        name = properties.get(key)
        if name and not any(p[0] == name for p in people):
            people.append((name, "", role))
    return Extracted(
        pages=pages, title=properties.get("Title") or None, published=iso_date(properties.get("Created")), people=people
    )


def _rows(table, links: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in (r for r in table if local(r.tag) == "Row"):
        index = attr(row, "Index")
        if index and index.isdigit():
            rows.extend([[]] * min(max(int(index) - 1 - len(rows), 0), 64))
        cells: list[str] = []
        for cell in (c for c in row if local(c.tag) == "Cell"):
            position = attr(cell, "Index")
            if position and position.isdigit():
                cells.extend([""] * max(min(int(position), MAX_COLUMN) - 1 - len(cells), 0))
            data = next((d for d in cell if local(d.tag) == "Data"), None)
            cells.append(_value(data))
            if attr(cell, "HRef"):
                links.append(attr(cell, "HRef"))
        rows.append(cells)
    return rows


def _value(data) -> str:
    if data is None:
        return ""
    text = words("".join(data.itertext()))
    if attr(data, "Type") == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return str(int(number)) if number.is_integer() else repr(number)
    if attr(data, "Type") == "DateTime" and text.endswith("T00:00:00.000"):
        return text[:10]
    return text
