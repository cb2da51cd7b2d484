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
    with pytest.raises(UnsupportedFileError, match=".exe"):
        sniff.sniff_media_type(Path("setup.exe"), b"MZ\x90\x00")


MESSAGE = (
    b"From: Jane Roe <jane@example.org>\nTo: a@example.org\nSubject: Hi\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nBody\n"
)


@pytest.mark.parametrize(
    "name,head,expected",
    [
        ("saved-message", MESSAGE, sniff.EML),
        ("notes.txt", MESSAGE, sniff.EML),
        ("archive", b"From jane@example.org Mon Jan  1 10:00:00 2024\n" + MESSAGE, sniff.MBOX),
        ("1234.emlx", b"120\n" + MESSAGE, sniff.EMLX),
        ("winmail.dat", b"\x78\x9f\x3e\x22\x01\x00", sniff.TNEF),
        ("blob", b"\x1f\x8b\x08\x00", sniff.GZIP),
        ("blob", b"7z\xbc\xaf\x27\x1c\x00\x04", sniff.SEVEN_ZIP),
        ("blob", b"{\\rtf1\\ansi hello}", sniff.RTF),
        ("study.txt", b"a\tb\tc\n1\t2\t3\n4\t5\t6\n", sniff.TSV),
        ("readme.txt", b"An ordinary note\n\twith an indented line\n", sniff.TEXT),
        ("README", b"Plain words, no format at all.\n", sniff.TEXT),
    ],
)
def test_files_are_typed_by_content_when_the_name_does_not_say(name, head, expected):
    assert sniff.sniff_media_type(Path(name), head) == expected


def test_zip_containers_are_told_apart_by_their_members(tmp_path):
    import zipfile

    def make(name, members):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as z:
            for member, data in members.items():
                z.writestr(member, data)
        return sniff.sniff_media_type(path, path.read_bytes()[:2048])

    assert make("a", {"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}) == sniff.DOCX
    assert make("b", {"[Content_Types].xml": "<x/>", "ppt/presentation.xml": "<p/>"}) == sniff.PPTX
    assert make("c", {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<o/>"}) == sniff.ODT
    assert make("d", {"notes/a.txt": "hello"}) == sniff.ZIP


def test_an_unknown_binary_without_extension_is_unsupported():
    with pytest.raises(UnsupportedFileError, match="no extension"):
        sniff.sniff_media_type(Path("blob"), bytes(range(256)))
