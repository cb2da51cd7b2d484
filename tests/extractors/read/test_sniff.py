from pathlib import Path

import pytest

from extractors.errors import CorruptFileError, UnsupportedFileError
from extractors.read import sniff


@pytest.mark.parametrize(
    "name,head,expected",
    [
        ("a.pdf", b"%PDF-1.7\n", sniff.PDF),
        ("a.PNG", b"\x89PNG\r\n\x1a\n....", sniff.PNG),
        ("a.jpeg", b"\xff\xd8\xff\xe0", sniff.JPEG),
        ("a.tif", b"II*\x00", sniff.TIFF),
        ("a.html", b"<!doctype html><p>x", sniff.HTML),
        ("a.txt", b"\xff\xfeh\x00", sniff.TEXT),
        ("notes.md", b"# hi", sniff.MARKDOWN),
    ],
)
def test_known_types(name, head, expected):
    assert sniff.sniff_media_type(Path(name), head) == expected


def test_jpeg_that_is_really_html_is_refused_with_reason():
    with pytest.raises(CorruptFileError, match="text/html"):
        sniff.sniff_media_type(Path("photo.jpg"), b"<!DOCTYPE html><html>")


def test_random_bytes_named_pdf():
    with pytest.raises(CorruptFileError, match="not application/pdf"):
        sniff.sniff_media_type(Path("x.pdf"), b"\x13\x37garbage")


def test_unsupported_extension():
    with pytest.raises(UnsupportedFileError, match=".docx"):
        sniff.sniff_media_type(Path("memo.docx"), b"PK\x03\x04")
