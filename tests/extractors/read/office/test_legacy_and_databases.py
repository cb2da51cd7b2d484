"""Legacy Word and PowerPoint (on the devset), dBASE tables built by hand, Access databases through
mdbtools, and the workbook extras (headers, footers, authors) for the spreadsheet reader."""

from __future__ import annotations

import shutil
import struct

import pytest

from extractors.errors import CorruptFileError
from extractors.read.office.database import read_access, read_dbf
from extractors.read.office.legacy import read_doc, read_ppt
from extractors.read.office.workbook_meta import header_footer_text, workbook_extras
from tests.extractors.read.office.conftest import devset_file, flat


def dbf(path, fields: list[tuple[str, str, int]], records: list[tuple[bool, list[str]]], driver: int = 0x03):
    """A dBASE III table: header, field descriptors, fixed-width records (the first byte marks deleted ones)."""
    record_length = 1 + sum(length for _, _, length in fields)
    header_length = 32 + 32 * len(fields) + 1
    header = struct.pack("<B3BIHH", 0x03, 124, 1, 1, len(records), header_length, record_length)
    header += bytes(17) + bytes([driver]) + bytes(2)
    for name, kind, length in fields:
        header += name.encode().ljust(11, b"\0") + kind.encode() + bytes(4) + bytes([length, 0]) + bytes(14)
    body = b""
    for deleted, values in records:
        body += b"*" if deleted else b" "
        for (_, _, length), value in zip(fields, values, strict=True):
            body += value.encode("cp1252").ljust(length)[:length]
    path.write_bytes(header + b"\r" + body + b"\x1a")
    return path


def test_dbf_records_are_a_table(tmp_path, read):
    fields = [("NAME", "C", 20), ("CITY", "C", 12), ("JOINED", "D", 8), ("ACTIVE", "L", 1), ("AMOUNT", "N", 8)]
    records = [
        (False, ["Helen Brandt", "Halifax", "20190312", "T", "  1250.5"]),
        (True, ["Gone Person", "Nowhere", "20000101", "F", "0"]),
        (False, ["Renée Côté", "Montréal", "20200101", "F", "12"]),
    ]
    extracted, _ = read(read_dbf, dbf(tmp_path / "staff.dbf", fields, records))
    [page] = extracted.pages
    [table] = page.tables
    assert table.header == ["NAME", "CITY", "JOINED", "ACTIVE", "AMOUNT"]
    assert table.rows == [
        ["Helen Brandt", "Halifax", "2019-03-12", "TRUE", "1250.5"],
        ["Renée Côté", "Montréal", "2020-01-01", "FALSE", "12"],
    ]
    assert "Gone Person" not in page.text


def test_not_a_dbf_fails(tmp_path, read):
    path = tmp_path / "junk.dbf"
    path.write_bytes(b"\x03" + bytes(40))
    with pytest.raises(CorruptFileError):
        read(read_dbf, path)


@pytest.mark.skipif(shutil.which("mdb-tables") is None, reason="mdbtools is not installed")
def test_not_an_access_database_fails(tmp_path, read):
    # mdbtools can read but not write databases, so only the failure is tested here
    path = tmp_path / "junk.mdb"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(CorruptFileError, match="Access database"):
        read(read_access, path)


def test_header_footer_codes_are_taken_out():
    assert header_footer_text('&L&"Arial,Bold"Header - For &12Internal&R&P of &N') == "Header - For Internal of"
    assert header_footer_text("&CR&&D") == "R&D"


def test_xlsx_headers_footers_and_author(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name"])
    sheet.oddHeader.center.text = "Internal spreadsheet"
    sheet.oddFooter.left.text = "Author: John Smith"
    workbook.properties.creator = "Jane Roe"
    workbook.save(tmp_path / "book.xlsx")
    text, people = workbook_extras(tmp_path / "book.xlsx")
    assert text == "Internal spreadsheet\nAuthor: John Smith"
    assert ("Jane Roe", "", "author") in people


def test_workbook_extras_never_fail(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK junk")
    assert workbook_extras(path) == ("", [])


def test_devset_workbook_extras():
    text, people = workbook_extras(devset_file("testEXCEL_headers_footers.xlsx"))
    assert "Header - For Internal Use Only" in text and "Footer - Author: John Smith" in text
    assert ("Aeham Abushwashi", "", "author") in people
    assert ("Nick Burch", "", "last saved by") in workbook_extras(devset_file("test-columnar.ods"))[1]
    assert ("Donna Roberts", "", "author") in workbook_extras(devset_file("testEXCEL_labels-govdocs-515858.xls"))[1]


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_devset_doc(read):
    extracted, sink = read(read_doc, devset_file("testMSEquation-govdocs-863534.doc"))
    text = flat(extracted)
    for phrase in (
        "Lattice design strategy for the multi-GeV SC linac",
        "Define output energy of the RFQ.",
        "Klystrons are available from Toshiba",
    ):
        assert phrase in text
    assert extracted.people == [("Petr Ostroumov", "", "author"), ("G. William Foster", "", "last saved by")]
    assert sink.finish() == []  # the equation object carries no text


def test_devset_ppt(read):
    extracted, _ = read(read_ppt, devset_file("testMSChart-govdocs-428996.ppt"))
    text = flat(extracted)
    assert "Thin Film Partnership Subcontract Budgets (out the door);" in text
    assert "out the door has dropped 36%" in text
    assert "Click to edit" not in text  # the master's prompts are not slide text
    assert extracted.people == [("Ken Zweibel", "", "author")]


def test_not_an_ole_file_fails(tmp_path, read):
    path = tmp_path / "fake.doc"
    path.write_text("just text")
    with pytest.raises(CorruptFileError):
        read(read_doc, path)
    with pytest.raises(CorruptFileError):
        read(read_ppt, path.rename(tmp_path / "fake.ppt"))
