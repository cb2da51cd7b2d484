"""read_document never raises for a bad file: it returns a failed or skipped document with a reason."""

import pytest

from extractors.read.dispatch import read_document
from extractors.settings import Settings
from tests.conftest import make_pdf


@pytest.fixture
def settings():
    return Settings(workers=1)


def test_plain_text_page_is_the_decoded_file(tmp_path, settings):
    path = tmp_path / "note.txt"
    raw = "Title line\r\n\r\nBody about Calgary.\n"
    path.write_bytes(raw.encode())
    result = read_document(path, settings=settings)
    assert result.document.status == "ok"
    assert result.document.title == "Title line"
    assert [p.text for p in result.pages] == [raw]
    assert result.pages[0].method == "text"


@pytest.mark.parametrize(
    "name,data,status,reason",
    [
        ("empty.txt", b"", "failed", "empty"),
        ("empty.pdf", b"", "failed", "empty (0 bytes)"),
        ("empty.docx", b"", "failed", "empty (0 bytes)"),
        ("program.exe", b"MZ\x90\x00" + bytes(200), "skipped", "unsupported file type"),
        ("no-extension", bytes(range(256)), "skipped", "unsupported file type"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "failed", "PDF"),
        ("random.pdf", bytes(range(256)) * 4, "failed", "not application/pdf"),
        ("fake.jpg", b"<!DOCTYPE html><html><body>hi</body></html>", "failed", "text/html"),
    ],
)
def test_bad_files_become_records(tmp_path, settings, name, data, status, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_document(path, settings=settings)
    assert result.document.status == status
    assert reason in result.document.error
    assert "\n" not in result.document.error
    assert result.pages == []


def test_pdf_over_page_limit(tmp_path):
    path = make_pdf(tmp_path / "long.pdf", ["page one text " * 10, "page two text " * 10])
    result = read_document(path, settings=Settings(max_pages=1))
    assert result.document.status == "failed"
    assert "over the limit of 1" in result.document.error


def test_vanished_file(tmp_path, settings):
    result = read_document(tmp_path / "gone.txt", settings=settings)
    assert result.document.status == "failed"
    assert "could not be read" in result.document.error
