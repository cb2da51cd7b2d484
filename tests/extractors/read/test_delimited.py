"""CSV and TSV files: one page of text, one table whose cell spans point into it."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from extractors.errors import EmptyDocumentError
from extractors.read.delimited import read_delimited
from extractors.read.dispatch import read_document
from extractors.settings import Settings

STAFF = (
    "First name,Last name,Company,E-mail\r\n"
    'Helen,Brandt,"Harbourview Logistics, Ltd",helen.brandt@harbourview.example\r\n'
    "Priya,Raman,Kestrel Bay Council,p.raman@kestrelbay.example\r\n"
)


def test_cells_and_their_spans():
    text, header, rows, spans = astuple(read_delimited(STAFF.encode()))
    assert header == ["First name", "Last name", "Company", "E-mail"]
    assert rows[0] == ["Helen", "Brandt", "Harbourview Logistics, Ltd", "helen.brandt@harbourview.example"]
    for row, row_spans in zip(rows, spans, strict=True):
        assert [text[s:e] for s, e in row_spans] == row  # every cell's characters, exactly
    assert text.splitlines()[1] == "Helen\tBrandt\tHarbourview Logistics, Ltd\thelen.brandt@harbourview.example"


def test_delimiter_encoding_and_empty_cells():
    data = "Name;Stadt;Telefon\nJürgen Weiß;München;\n;;\n".encode("cp1252")
    text, header, rows, spans = astuple(read_delimited(data))
    assert header == ["Name", "Stadt", "Telefon"]
    assert rows == [["Jürgen Weiß", "München", ""]]  # the empty row is gone
    assert spans[0][2] is None and text[slice(*spans[0][0])] == "Jürgen Weiß"
    with pytest.raises(EmptyDocumentError):
        read_delimited(b"\n,,\n")


def test_a_staff_list_csv_is_a_document_with_a_table(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    result = read_document(path, settings=Settings())
    assert result.document.status == "ok" and result.document.media_type == "text/csv"
    [table] = result.tables
    assert table.header[0] == "First name" and len(table.rows) == 2
    tsv = tmp_path / "staff.tsv"
    tsv.write_text(STAFF.replace(",", "\t").replace('"Harbourview Logistics\t Ltd"', "Harbourview"), "utf-8")
    assert read_document(tsv, settings=Settings()).tables[0].rows[0][:2] == ["Helen", "Brandt"]
