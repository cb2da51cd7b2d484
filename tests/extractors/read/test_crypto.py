"""Candidate passwords and encrypted Office files; PDFs with an owner or a user password."""

from __future__ import annotations

import io
import logging

import pytest

from extractors.errors import EncryptedFileError
from extractors.read import crypto
from extractors.read.crypto import candidate_passwords, decrypt_office
from extractors.settings import Settings
from tests.extractors.read.archives.helpers import devset_formats

FORMATS = devset_formats()


def test_passwords_keep_their_spaces_and_order(tmp_path):
    path = tmp_path / "pw.txt"
    path.write_bytes(b"    \r\n\nsecret one\nTika\nsecret one\n  lead and trail  ")
    assert candidate_passwords(Settings(passwords=str(path))) == ["    ", "secret one", "Tika", "  lead and trail  "]
    assert candidate_passwords(Settings()) == []


def test_a_missing_passwords_file_is_logged_once(tmp_path, caplog):
    crypto._reported.clear()
    settings = Settings(passwords=str(tmp_path / "nowhere.txt"))
    with caplog.at_level(logging.ERROR, logger="extractors.read.crypto"):
        assert candidate_passwords(settings) == []
        assert candidate_passwords(settings) == []
    assert len(caplog.records) == 1 and "LEAKSIFT_PASSWORDS" in caplog.records[0].getMessage()


def _encrypted_docx(tmp_path, password: str):
    import docx
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("The minutes of the board")
    document.save(plain)
    encrypted = tmp_path / "locked.docx"
    with open(plain, "rb") as fh, open(encrypted, "wb") as out:
        OOXMLFile(fh).encrypt(password, out)
    return plain, encrypted


def test_decrypt_office_opens_with_a_candidate_and_never_quotes_it(tmp_path):
    plain, encrypted = _encrypted_docx(tmp_path, "board 2024")
    with pytest.raises(EncryptedFileError) as raised:
        decrypt_office(encrypted, Settings())
    assert "LEAKSIFT_PASSWORDS" in str(raised.value)
    pw = tmp_path / "pw.txt"
    pw.write_text("nope\nboard 2024\n")
    data = decrypt_office(encrypted, Settings(passwords=str(pw)))
    import docx

    assert "The minutes of the board" in docx.Document(io.BytesIO(data)).paragraphs[0].text
    assert decrypt_office(plain, Settings()) == plain.read_bytes()  # not encrypted: as it is


@pytest.mark.skipif(not FORMATS.is_dir(), reason="no shared devset")
def test_devset_pdf_with_an_owner_password_only_reads(settings):
    from extractors.read.pdf import read_pdf

    content = read_pdf(FORMATS / "testPDF_protected.pdf", settings=settings.model_copy(update={"ocr": "never"}))
    assert "RETHINKING THE FINANCIAL NETWORK" in content.pages[0].text


@pytest.mark.skipif(not FORMATS.is_dir(), reason="no shared devset")
def test_devset_pdf_with_a_user_password_needs_it(tmp_path):
    from extractors.read.pdf import pdf_passwords, read_pdf, render_page

    path = FORMATS / "testPassword4Spaces.pdf"
    with pytest.raises(EncryptedFileError, match="password-protected"):
        read_pdf(path, settings=Settings(ocr="never"))
    pw = tmp_path / "pw.txt"
    pw.write_text("wrong\n    \n")
    settings = Settings(ocr="never", passwords=str(pw))
    assert "Just some text" in read_pdf(path, settings=settings).pages[0].text
    assert render_page(path, 1, dpi=72, max_pixels=10**8, passwords=pdf_passwords(settings)).size[0] > 0
    with pytest.raises(EncryptedFileError):
        render_page(path, 1, dpi=72, max_pixels=10**8)
