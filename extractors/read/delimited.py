"""Delimited tables (CSV, TSV): file bytes in, one page of text and one table of its rows out.

The bytes are decoded as text files are (byte-order mark, UTF-8, else the detected encoding), the
delimiter of a ``.csv`` is detected from its first lines (comma, semicolon, tab or bar), and quoted
cells may hold delimiters and line breaks. The page text NER reads is the table written out: cells
joined by a tab, rows by a line break, so each cell's characters are known exactly and the Table
carries them as its cell spans, as tables read off a PDF page do. The first row is the header when it
reads as one (``tables.header.detect_header``). ``written_table`` is shared with the spreadsheet reader.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from extractors.errors import EmptyDocumentError
from extractors.read.tables.header import detect_header
from extractors.read.text import decode_text

#: delimiters a .csv may use, in the order csv.Sniffer prefers them
DELIMITERS = ",;\t|"
#: how much of the file the delimiter is detected from
SNIFF_CHARS = 64 * 1024
CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"


@dataclass(frozen=True)
class WrittenTable:
    """A table's rows written out as a page of text: cells joined by a tab, rows by a line break."""

    text: str
    header: list[str] | None
    rows: list[list[str]]
    # [start, end] of each body cell in ``text`` (None for an empty cell), parallel to ``rows``
    spans: list[list[list[int] | None]]


def read_delimited(data: bytes, *, delimiter: str | None = None) -> WrittenTable:
    """The table of a delimited file. ``delimiter`` is the file's own (a tab for TSV); None detects it."""
    text, _ = decode_text(data)
    if delimiter is None:
        delimiter = _delimiter(text[:SNIFF_CHARS])
    table = written_table(list(csv.reader(io.StringIO(text), delimiter=delimiter)))
    if not table.rows and table.header is None:
        raise EmptyDocumentError("the file holds no table rows")
    return table


def written_table(rows: list[list[str]]) -> WrittenTable:
    """``rows`` (cells as read; whitespace runs become one space, empty rows go) written out as text,
    each cell's characters known; the first row is the header when it reads as one."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    parts: list[str] = []
    spans: list[list[list[int] | None]] = []
    offset = 0
    for row in rows:
        row_spans: list[list[int] | None] = []
        for index, cell in enumerate(row):
            if index:
                parts.append(CELL_SEPARATOR)
                offset += len(CELL_SEPARATOR)
            row_spans.append([offset, offset + len(cell)] if cell else None)
            parts.append(cell)
            offset += len(cell)
        parts.append(ROW_SEPARATOR)
        offset += len(ROW_SEPARATOR)
        spans.append(row_spans)
    text = "".join(parts)
    if len(rows) > 1 and detect_header(rows):
        return WrittenTable(text, rows[0], rows[1:], spans[1:])
    return WrittenTable(text, None, rows, spans)


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # one column, or too irregular to tell
        return ","
