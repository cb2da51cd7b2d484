"""Rich Text Format (.rtf): bytes in, one page of text, the title, date and author out.

Text is striprtf's: ``\\uN`` escapes become their characters and ``\\'xx`` bytes are decoded in the
document's ANSI code page (``\\ansicpgN``, else Windows-1252), as are any raw 8-bit bytes. The
``{\\info}`` group gives the title, the author and operator (last saved by) and the creation date.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.office.common import words
from extractors.read.parts import Extracted, PageBuilder

_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_INFO_FIELD = re.compile(r"\{\\(title|author|operator)\s*((?:[^{}\\]|\\.)*)\}", re.S)
_CREATED = re.compile(r"\{\\creatim\s*\\yr(\d{4})\s*\\mo(\d{1,2})\s*\\dy(\d{1,2})")


def read_rtf(path: Path, sink, settings) -> Extracted:
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise CorruptFileError("not an RTF file (it does not start with {\\rtf)")
    encoding = code_page(data)
    raw = data.decode(encoding, "replace")
    text = rtf_text(raw, encoding)
    if not text.strip():
        raise EmptyDocumentError("the RTF file holds no text")
    builder = PageBuilder()
    for block in re.split(r"\n\s*\n", text):
        builder.paragraph(block.strip("\n"))
    fields = info_fields(raw, encoding)
    people = [
        (fields[key], "", role)
        for key, role in (("author", "author"), ("operator", "last saved by"))
        if fields.get(key)
    ]
    if len(people) == 2 and people[0][0] == people[1][0]:
        people = people[:1]
    return Extracted(pages=[builder.page()], title=fields.get("title"), published=fields.get("created"), people=people)


def code_page(data: bytes) -> str:
    """The Python codec of the document's ``\\ansicpgN`` (Windows-1252 when absent or unknown)."""
    found = _CODE_PAGE.search(data[:4096])
    if found:
        name = f"cp{int(found.group(1))}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"


def rtf_text(raw: str, encoding: str) -> str:
    from striprtf.striprtf import rtf_to_text

    try:
        return rtf_to_text(raw, encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf raises plain ValueError/IndexError on broken groups
        raise CorruptFileError(f"the RTF could not be read ({type(exc).__name__}: {exc})") from exc


def info_fields(raw: str, encoding: str) -> dict[str, str]:
    """title, author, operator and created (ISO day) from the ``{\\info}`` group."""
    start = raw.find("{\\info")
    if start < 0:
        return {}
    info = raw[start : start + 8192]
    fields = {}
    for key, value in _INFO_FIELD.findall(info):
        value = words(rtf_text("{\\rtf1 " + value + "}", encoding))
        if value and key not in fields:
            fields[key] = value
    created = _CREATED.search(info)
    if created:
        year, month, day = created.groups()
        fields["created"] = f"{year}-{int(month):02d}-{int(day):02d}"
    return fields
