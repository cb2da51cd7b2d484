"""Structured files as documents: an ``Extracted`` (what an e-mail, Office or archive reader found) in,
the document's ``DocumentResult`` (pages, tables, title, e-mail metadata) out.

Each ``PageContent`` becomes a page of text and its tables become table records on that page. The
people a file names in its metadata (a message's senders and recipients, a document's author) are
written as one more page holding a people table (name, e-mail, role), so they become PERSON and EMAIL
records through the same table-row records as a staff list, each person linked to their address.
Marks (a message's sent date) ride on their page and become mentions in the analysis stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from extractors.errors import LimitExceededError
from extractors.read.calendar import read_calendar
from extractors.read.delimited import WrittenTable, written_table
from extractors.read.parts import PEOPLE_HEADER, Extracted, PageContent
from extractors.read.spreadsheet import read_spreadsheet
from extractors.records import Document, DocumentResult, Page, Table
from extractors.settings import Settings

_readers: dict[str, Callable] | None = None


def structured_reader(media_type: str) -> Callable | None:
    """The reader registered for ``media_type`` by the mail, office and archive packages, or None."""
    global _readers
    if _readers is None:
        from extractors.read.archives import READERS as archive_readers
        from extractors.read.mail import READERS as mail_readers
        from extractors.read.office import READERS as office_readers

        _readers = {**archive_readers, **office_readers, **mail_readers}
    return _readers.get(media_type)


def structured_result(base: Document, extracted: Extracted, *, max_pages: int) -> DocumentResult:
    """The document a structured reader's ``extracted`` describes."""
    contents = list(extracted.pages)
    people = _people_page(extracted.people) if extracted.people else None
    if people is not None:
        contents.append(people)
    people_page = len(contents) if people is not None else 0
    if len(contents) > max_pages:
        raise LimitExceededError(f"the document has {len(contents)} pages, over the limit of {max_pages}")
    marks: dict[int, list[tuple[int, int, str, str]]] = {}
    for number, start, end, kind, name in extracted.marks:
        marks.setdefault(number, []).append((start, end, kind, name))
    pages: list[Page] = []
    tables: list[Table] = []
    for number, content in enumerate(contents, start=1):
        marked = tuple(marks.get(number, ()))
        pages.append(Page(base.id, number, "text", content.text, marks=marked, tabular=number == people_page))
        for index, written in enumerate(content.tables):
            if written.rows or written.header:
                tables.append(Table(base.id, number, index, written.header, written.rows, written.spans))
    title = extracted.title or (extracted.email or {}).get("subject") or _first_line(contents)
    document = replace(
        base,
        title=" ".join(title.split())[:300] if title else None,
        pages=len(pages),
        language=extracted.language,
        published=extracted.published,
        email=extracted.email,
    )
    return DocumentResult(document=document, pages=pages, tables=tables)


#: names that the libraries and programs writing documents put in the author field: not people
SOFTWARE_AUTHORS = frozenset(
    {
        "openpyxl",
        "xlsxwriter",
        "python-docx",
        "python-pptx",
        "apache poi",
        "libreoffice",
        "openoffice",
        "microsoft office user",
        "microsoft office",
        "microsoft",
        "administrator",
        "admin",
        "user",
        "owner",
        "unknown",
        "author",
        "default",
        "reportlab",
        "fpdf",
        "calibre",
        "pandoc",
        "tika",
    }
)


def _people_page(people: list[tuple[str, str, str]]) -> PageContent | None:
    rows = [
        [name, address, role]
        for name, address, role in people
        if (name or address) and (address or " ".join(name.lower().split()) not in SOFTWARE_AUTHORS)
    ]
    if not rows:
        return None
    written = written_table([PEOPLE_HEADER] + rows)
    return PageContent(written.text, [written])


def _first_line(contents: list[PageContent]) -> str | None:
    for content in contents:
        for line in content.text.splitlines():
            if line.strip():
                return line.strip()
    return None


def text_result(base: Document, text: str, *, title: str | None) -> DocumentResult:
    """A one-page document of text read out of a structured file."""
    title = title or next((line.strip() for line in text.splitlines() if line.strip()), None)
    document = replace(base, title=title[:300] if title else None, pages=1)
    return DocumentResult(document=document, pages=[Page(base.id, 1, "text", text)])


def calendar_result(path: Path, base: Document) -> DocumentResult:
    """Page 1 the events as text; page 2, when there are any, the organisers and attendees as a table."""
    text, people = read_calendar(path.read_bytes())
    pages = [Page(base.id, 1, "text", text)]
    tables = []
    if people is not None:  # a people page as a message's: its rows make the records, no NER
        pages.append(Page(base.id, 2, "text", people.text, tabular=True))
        tables.append(Table(base.id, 2, 0, people.header, people.rows, people.spans))
    title = next((line for line in text.splitlines() if line.strip()), None)
    return DocumentResult(document=replace(base, title=title, pages=len(pages)), pages=pages, tables=tables)


def tables_result(base: Document, sheets: list[tuple[str, WrittenTable]]) -> DocumentResult:
    """A document of written-out tables (a CSV file, a workbook's sheets): a page and a table each."""
    pages, tables = [], []
    for number, (_, written) in enumerate(sheets, start=1):
        pages.append(Page(base.id, number, "text", written.text))
        if written.rows or written.header:
            tables.append(Table(base.id, number, 0, written.header, written.rows, written.spans))
    title = sheets[0][0] if len(sheets) == 1 else ", ".join(name for name, _ in sheets)[:300]
    return DocumentResult(document=replace(base, title=title, pages=len(pages)), pages=pages, tables=tables)


def read_workbook(path: Path, base: Document, settings: Settings) -> DocumentResult:
    """A page and a table per sheet; then the page headers and footers, and the authors the workbook
    names (``office.workbook_meta``), when it has any."""
    from extractors.read.office.workbook_meta import workbook_extras

    sheets = read_spreadsheet(path, max_pages=settings.max_pages)
    extra_text, people = workbook_extras(path, settings)
    pages = [PageContent(written.text, [written]) for _, written in sheets]
    if extra_text.strip():
        pages.append(PageContent(extra_text))
    title = sheets[0][0] if len(sheets) == 1 else ", ".join(name for name, _ in sheets)[:300]
    extracted = Extracted(pages=pages, title=title, people=people)
    return structured_result(base, extracted, max_pages=settings.max_pages)
