"""Workbooks: one page and one table per sheet, cells written out with their spans."""

from __future__ import annotations

import datetime as dt

from extractors.read.dispatch import read_document
from extractors.settings import Settings


def staff_workbook(path):
    """An Excel workbook as a leak holds one: a staff list sheet and a notes sheet."""
    import openpyxl

    workbook = openpyxl.Workbook()
    staff = workbook.active
    staff.title = "Staff"
    staff.append(["First name", "Last name", "Company", "E-mail", "Phone"])
    staff.append(["Helen", "Brandt", "Harbourview Logistics Ltd", "helen.brandt@harbourview.example", 19025550143])
    staff.append([None, None, None, None, None])
    staff.append(["Priya", "Raman", "Kestrel Bay Council", "p.raman@kestrelbay.example", "+1 902 555 0178"])
    notes = workbook.create_sheet("Notes")
    notes.append(["Meeting with Mayor Helen Brandt in Halifax"])
    notes.append([dt.date(2019, 3, 12), 3.5, True])
    workbook.save(path)
    return path


def test_every_sheet_is_a_page_with_its_table(tmp_path):
    result = read_document(staff_workbook(tmp_path / "staff.xlsx"), settings=Settings())
    assert result.document.status == "ok" and result.document.pages == 2
    assert result.document.title == "Staff, Notes"
    staff, notes = result.tables
    assert (staff.page, notes.page) == (1, 2)
    assert staff.header == ["First name", "Last name", "Company", "E-mail", "Phone"]
    # whole numbers print without ".0"; the empty row is gone
    assert staff.rows[0][4] == "19025550143" and len(staff.rows) == 2
    page = result.pages[0]
    for row, spans in zip(staff.rows, staff.spans, strict=True):
        assert [page.text[s:e] for s, e in spans] == row
    assert result.pages[1].text.splitlines()[1] == "2019-03-12\t3.5\tTRUE"


def test_a_damaged_workbook_fails_with_a_reason(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = read_document(path, settings=Settings())
    assert result.document.status == "failed"
    assert "not a readable spreadsheet" in result.document.error
