"""Legacy binary Word and PowerPoint files (.doc, .dot, .ppt, .pps): the OLE file in, pages of text,
title, date and people out; a Word file's embedded objects as parts.

Word text is antiword's (``-m UTF-8.txt -w 0``: UTF-8, paragraphs unwrapped), catdoc's when antiword
refuses the file (Word 6/95, some fast-saved files). PowerPoint text is read from the records with
olefile (``ppt_records``: catppt misses the slide text of many files). The summary information
stream gives the title, the created date and the author / last saved by people. An encrypted Word
file (the FIB's fEncrypted flag) or PowerPoint file (the encrypted Current User token) fails as such.
"""

from __future__ import annotations

import logging
import struct
import subprocess
from pathlib import Path

from extractors.errors import CorruptFileError, EmptyDocumentError, EncryptedFileError, LimitExceededError
from extractors.read.office import ppt_records
from extractors.read.office.common import ENCRYPTED_REASON, OLE_MAGIC, words
from extractors.read.office.embedded import add_object_pool
from extractors.read.parts import Extracted, PageBuilder

log = logging.getLogger(__name__)

TOOL_TIMEOUT = 300  # seconds antiword or catdoc may take on one file
FIB_ENCRYPTED = 0x0100


def read_doc(path: Path, sink, settings) -> Extracted:
    with _open_ole(path, "Word document") as ole:
        if not ole.exists("WordDocument"):
            raise CorruptFileError("the OLE file holds no WordDocument stream; not a Word document")
        fib = ole.openstream("WordDocument").read(12)
        if len(fib) >= 12 and struct.unpack_from("<H", fib, 10)[0] & FIB_ENCRYPTED:
            raise EncryptedFileError(ENCRYPTED_REASON)
        title, published, people = ole_metadata(ole)
        add_object_pool(ole, sink)
    text = doc_text(path)
    builder = PageBuilder()
    for block in text.split("\n\n"):
        builder.paragraph(block.strip("\n"))
    page = builder.page()
    if not page.text:
        raise EmptyDocumentError("the Word document holds no text")
    return Extracted(pages=[page], title=title, published=published, people=people)


def doc_text(path: Path) -> str:
    """The text of a .doc: antiword's, else catdoc's."""
    errors = []
    for command in (["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], ["catdoc", "-d", "utf-8", "-w", str(path)]):
        try:
            done = subprocess.run(command, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
        except FileNotFoundError:
            errors.append(f"{command[0]} is not installed")
            continue
        except subprocess.TimeoutExpired as exc:
            raise LimitExceededError(f"{command[0]} took over {TOOL_TIMEOUT} s on the file") from exc
        text = done.stdout.decode("utf-8", "replace")
        if done.returncode == 0 and text.strip():
            return text.replace("\f", "\n\n")
        errors.append(f"{command[0]}: {words(done.stderr.decode('utf-8', 'replace'))[:160] or 'no text'}")
    raise CorruptFileError(f"the Word document could not be read ({'; '.join(errors)})")


def read_ppt(path: Path, sink, settings) -> Extracted:
    with _open_ole(path, "PowerPoint presentation") as ole:
        stream = ppt_records.check_stream(
            ole.openstream("PowerPoint Document").read() if ole.exists("PowerPoint Document") else None
        )
        current_user = ole.openstream("Current User").read() if ole.exists("Current User") else None
        title, published, people = ole_metadata(ole)
    slides = ppt_records.slide_texts(current_user, stream)
    if len(slides) > settings.max_pages:
        raise LimitExceededError(f"the presentation has {len(slides)} slides, over the limit of {settings.max_pages}")
    pages = []
    for texts in slides:
        builder = PageBuilder()
        for text in texts:
            builder.paragraph(text.strip())
        pages.append(builder.page())
    if not any(p.text for p in pages):
        raise EmptyDocumentError("the presentation holds no slide text")
    return Extracted(pages=pages, title=title, published=published, people=people)


def _open_ole(path: Path, what: str):
    import olefile

    with open(path, "rb") as fh:
        if fh.read(8) != OLE_MAGIC:
            raise CorruptFileError(f"not a legacy {what} (no OLE signature); the file may be damaged or misnamed")
    try:
        return olefile.OleFileIO(str(path))
    except Exception as exc:  # olefile raises OSError and NotOleFileError on damaged files
        raise CorruptFileError(f"not a readable {what} (damaged OLE file: {exc})") from exc


def ole_metadata(ole) -> tuple[str | None, str | None, list[tuple[str, str, str]]]:
    """Title, created date and people (author, last saved by) of an OLE file's summary information."""
    try:
        meta = ole.get_metadata()
    except Exception as exc:  # a damaged property stream must not lose the text
        log.debug("summary information unreadable: %s", exc)
        return None, None, []
    encoding = _codec(getattr(meta, "codepage", None))
    title = _decoded(meta.title, encoding) or None
    created = meta.create_time.date().isoformat() if getattr(meta.create_time, "date", None) else None
    people: list[tuple[str, str, str]] = []
    for value, role in ((meta.author, "author"), (meta.last_saved_by, "last saved by")):
        name = _decoded(value, encoding)
        if name and not any(p[0] == name for p in people):
            people.append((name, "", role))
    return title, created, people


def _codec(codepage) -> str:
    if codepage == 65001:
        return "utf-8"
    if isinstance(codepage, int) and 0 < codepage < 65000:
        import codecs

        try:
            codecs.lookup(f"cp{codepage}")
            return f"cp{codepage}"
        except LookupError:
            pass
    return "cp1252"


def _decoded(value, encoding: str) -> str:
    if isinstance(value, bytes):
        value = value.decode(encoding, "replace")
    return words(str(value).replace("\0", "")) if value else ""
