"""Plain-text documents: file bytes in, one page of decoded text out.

Page 1's text is the file's decoded text unchanged (no newline or whitespace rewriting), so character
offsets in mentions point straight into the file as a person opens it.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from extractors.errors import CorruptFileError, EmptyDocumentError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text, returning ``(text, encoding)``.

    A byte-order mark decides; else strict UTF-8; else the best guess of charset-normalizer.
    """
    if not data:
        raise EmptyDocumentError("the file is empty (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise CorruptFileError(f"starts with a {encoding} byte-order mark but {exc.reason}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise CorruptFileError("binary content (NUL bytes) in a text file; it is not plain text")
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise CorruptFileError("the text encoding could not be determined")
    # On short texts several code pages fit equally well (a Latin-1 "è" is a cp1250 "č"); among equal
    # guesses take Windows-1252/Latin-1, by far the most common single-byte encoding of documents.
    for match in matches:
        if match.encoding in _WESTERN and (match.chaos, -match.coherence) <= (best.chaos, -best.coherence):
            return str(match), match.encoding
    return str(best), best.encoding


_WESTERN = ("cp1252", "latin_1", "iso8859_15")
