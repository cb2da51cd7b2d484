import codecs

import pytest

from extractors.errors import EmptyDocumentError
from extractors.read.text import decode_text


def test_utf8_unchanged_including_crlf():
    raw = "Calgary\r\nMayor Naheed Nenshi — café\n".encode()
    text, enc = decode_text(raw)
    assert text == "Calgary\r\nMayor Naheed Nenshi — café\n"
    assert enc == "utf-8"


def test_utf16_with_bom():
    raw = codecs.BOM_UTF16_LE + "Daqing, China".encode("utf-16-le")
    assert decode_text(raw)[0] == "Daqing, China"


def test_latin1_is_guessed():
    raw = "Le maire de Montréal a déclaré à la presse que la ville était prête.".encode("latin-1")
    text, _ = decode_text(raw)
    assert "Montréal" in text and "déclaré" in text


def test_empty_file():
    with pytest.raises(EmptyDocumentError):
        decode_text(b"")
