"""Word documents: body paragraphs and tables in order, a people table as table rows, notes, core
properties, embedded OLE packages as parts, encrypted packages refused."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from extractors.errors import CorruptFileError, EncryptedFileError
from extractors.read.office.embedded import ole10_native
from extractors.read.office.word import read_docx
from tests.extractors.read.office.conftest import devset_file, flat


def staff_document(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Minutes of the board meeting in Halifax")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["First name", "Last name", "Company", "E-mail"], strict=True):
        cell.text = text
    for row in (["Helen", "Brandt", "Harbourview Logistics Ltd", "helen.brandt@harbourview.example"],
                ["Priya", "Raman", "Kestrel Bay Council", "p.raman@kestrelbay.example"]):  # fmt: skip
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph("The payment was approved after the table.")
    document.sections[0].header.paragraphs[0].text = "Confidential - do not forward"
    document.core_properties.author = "Jane Roe"
    document.core_properties.last_modified_by = "John Doe"
    document.core_properties.title = "Board minutes"
    document.core_properties.created = dt.datetime(2019, 3, 12, 10, 0)
    document.save(path)
    return path


def test_body_in_order_with_the_table_and_the_header(tmp_path, read):
    extracted, _ = read(read_docx, staff_document(tmp_path / "minutes.docx"))
    [page] = extracted.pages
    text = page.text
    assert text.index("Minutes of the board") < text.index("Helen\tBrandt") < text.index("payment was approved")
    assert "Confidential - do not forward" in text
    [table] = page.tables
    assert table.header == ["First name", "Last name", "Company", "E-mail"]
    assert table.rows[1] == ["Priya", "Raman", "Kestrel Bay Council", "p.raman@kestrelbay.example"]
    start, end = table.spans[0][3]
    assert text[start:end] == "helen.brandt@harbourview.example"


def test_core_properties(tmp_path, read):
    extracted, _ = read(read_docx, staff_document(tmp_path / "minutes.docx"))
    assert extracted.title == "Board minutes"
    assert extracted.published == "2019-03-12"
    assert extracted.people == [("Jane Roe", "", "author"), ("John Doe", "", "last saved by")]


def test_footnotes_are_read(tmp_path, read):
    path = staff_document(tmp_path / "notes.docx")
    notes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Paid from the Panama account.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/footnotes.xml", notes)
    extracted, _ = read(read_docx, path)
    assert "Paid from the Panama account." in flat(extracted)
    assert "---" not in flat(extracted)


def native_package(name: str, body: bytes) -> bytes:
    """An ``\\x01Ole10Native`` stream as Office's Packager writes it."""
    label = name.encode() + b"\0"
    source = f"C:\\Users\\x\\{name}".encode() + b"\0"
    temp = f"C:\\Temp\\{name}".encode() + b"\0"
    inner = b"\x02\x00" + label + source + b"\x00\x00\x03\x00" + len(temp).to_bytes(4, "little") + temp
    inner += len(body).to_bytes(4, "little") + body
    return len(inner).to_bytes(4, "little") + inner


def test_ole10_native_gives_the_packaged_file():
    assert ole10_native(native_package("report.pdf", b"%PDF-1.4 body")) == ("report.pdf", b"%PDF-1.4 body")
    assert ole10_native(b"\x01\x00") is None


def test_embedded_office_file_is_a_part(tmp_path, read):
    path = staff_document(tmp_path / "outer.docx")
    inner = staff_document(tmp_path / "inner.docx").read_bytes()
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/embeddings/Microsoft_Word_Document1.docx", inner)
    _, sink = read(read_docx, path)
    assert [ref.name for ref in sink.finish()] == ["Microsoft_Word_Document1.docx"]
    assert sink.sources[0].path.read_bytes() == inner


def test_damaged_package_fails(tmp_path, read):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CorruptFileError):
        read(read_docx, path)


def test_ole_container_without_encryption_is_misnamed(tmp_path, read):
    path = tmp_path / "legacy.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(CorruptFileError):
        read(read_docx, path)


def test_devset_encrypted_docx_fails_as_encrypted(read):
    with pytest.raises(EncryptedFileError, match="encrypted with a password"):
        read(read_docx, devset_file("testWORD_protected_passtika.docx"))


def test_devset_embedded_outlook_message(read):
    extracted, sink = read(read_docx, devset_file("EmbeddedOutlook.docx"))
    assert "This is a test with embedded outlook message:" in flat(extracted)
    assert [ref.name for ref in sink.finish()] == ["licensedTestMsgwAtt.msg"]
    assert sink.sources[0].path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert ("Jeremy Anderson", "", "author") in extracted.people
