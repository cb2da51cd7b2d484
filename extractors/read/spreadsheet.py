"""Spreadsheets (xlsx, xlsm, xlsb, xls, ods): file bytes in, one page and one table per sheet out.

Read with python-calamine (Rust's calamine: one library for the Office and OpenDocument formats, the
legacy binary .xls included, no LibreOffice needed). Each sheet is a page, in the workbook's order; its
cells are written out as delimited files are (``delimited.written_table``: a tab between cells, a line
break between rows), so every cell of the sheet's table has its characters in the page text. Numbers
that are whole print without ".0" (a phone number stored as a number), dates as ISO 8601.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractors.errors import CorruptFileError, EncryptedFileError, LimitExceededError
from extractors.read.delimited import WrittenTable, written_table


def read_spreadsheet(path: Path, *, max_pages: int) -> list[tuple[str, WrittenTable]]:
    """``(sheet name, written table)`` for every sheet of the workbook at ``path``."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        if "password" in message.lower() or "encrypt" in message.lower():
            raise EncryptedFileError("the workbook is encrypted with a password; decrypt it and ingest again") from exc
        raise CorruptFileError(f"not a readable spreadsheet ({message}); the file may be damaged") from exc
    names = list(workbook.sheet_names)
    if len(names) > max_pages:
        raise LimitExceededError(f"the workbook has {len(names)} sheets, over the limit of {max_pages}")
    sheets = []
    for name in names:
        try:
            values = workbook.get_sheet_by_name(name).to_python()
        except Exception as exc:
            raise CorruptFileError(f"sheet {name!r} could not be read: {str(exc)[:200]}") from exc
        sheets.append((name, written_table([[_cell(v) for v in row] for row in values])))
    return sheets


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)
