"""What the Office readers share: opening a zip package under the limits, parsing its XML safely,
refusing encrypted OOXML, and the document metadata of OOXML (``docProps/core.xml``) and
OpenDocument (``meta.xml``) packages as title, date and people.

Every XML member goes through defusedxml (no entity expansion, no external references) and no
member larger than ``settings.max_file_bytes`` is read into memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from extractors.errors import CorruptFileError, EncryptedFileError, LimitExceededError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_REASON = (
    "the document is encrypted with a password; decrypt it (or give leaksift the password) and ingest again"
)


def local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace."""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return None


def refuse_encrypted_ooxml(path: Path) -> None:
    """Raise ``EncryptedFileError`` when an OOXML file is really an OLE container holding an
    ``EncryptedPackage`` stream (how Office stores a password-protected .docx/.pptx/.xlsx)."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head != OLE_MAGIC:
        return
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            encrypted = ole.exists("EncryptedPackage")
    except Exception as exc:  # olefile raises OSError and its own types on damaged files
        raise CorruptFileError(f"an OLE file named as an Office Open XML file, and damaged ({exc})") from exc
    if encrypted:
        raise EncryptedFileError(ENCRYPTED_REASON)
    raise CorruptFileError("an OLE (legacy Office) file named as an Office Open XML file; rename it and ingest again")


def open_package(path: Path, what: str) -> zipfile.ZipFile:
    """The zip package of an OOXML/OpenDocument/EPUB file, or a typed error saying why not."""
    refuse_encrypted_ooxml(path)
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFileError(f"not a readable {what} (the zip package is damaged: {exc})") from exc


def read_member(package: zipfile.ZipFile, name: str, settings) -> bytes | None:
    """A member's bytes (None when absent); a member over ``settings.max_file_bytes`` is refused."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > settings.max_file_bytes:
        raise LimitExceededError(
            f"the member {name} expands to {info.file_size} bytes, over the limit of "
            f"{settings.max_file_bytes} (LEAKSIFT_MAX_FILE_BYTES)"
        )
    try:
        return package.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # zlib.error is not an OSError
        raise CorruptFileError(f"the member {name} is damaged ({exc})") from exc
    except Exception as exc:  # zlib.error, NotImplementedError for unknown compression
        raise CorruptFileError(f"the member {name} could not be read ({type(exc).__name__}: {exc})") from exc


def parse_xml(data: bytes, what: str):
    """The root element of ``data``, parsed by defusedxml (hostile XML: no entities, no DTD tricks)."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise CorruptFileError(f"{what} is not readable XML ({exc})") from exc


def member_xml(package: zipfile.ZipFile, name: str, settings):
    """A package member parsed as XML, or None when the package has no such member."""
    data = read_member(package, name, settings)
    return None if data is None else parse_xml(data, name)


def words(text: str | None) -> str:
    """``text`` with its whitespace runs made one space (empty for None)."""
    return " ".join((text or "").split())


def iso_date(value: str | None) -> str | None:
    """The ISO 8601 day of a metadata timestamp (``2009-10-05T19:04:01Z`` -> ``2009-10-05``)."""
    value = (value or "").strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        return value[:10]
    return None


def core_properties(package: zipfile.ZipFile, settings) -> tuple[str | None, str | None, list]:
    """Title, created date and people (author, last saved by) of an OOXML package's core.xml."""
    root = member_xml(package, "docProps/core.xml", settings)
    if root is None:
        return None, None, []
    found = {local(child.tag): words("".join(child.itertext())) for child in root}
    people = _people((found.get("creator"), "author"), (found.get("lastModifiedBy"), "last saved by"))
    return found.get("title") or None, iso_date(found.get("created")), people


def opendocument_meta(package: zipfile.ZipFile, settings) -> tuple[str | None, str | None, list]:
    """Title, created date and people (initial creator, last creator) of an OpenDocument meta.xml."""
    root = member_xml(package, "meta.xml", settings)
    if root is None:
        return None, None, []
    found: dict[str, str] = {}
    for element in root.iter():
        name = local(element.tag)
        if name in ("title", "initial-creator", "creator", "creation-date", "date") and name not in found:
            found[name] = words("".join(element.itertext()))
    people = _people((found.get("initial-creator"), "author"), (found.get("creator"), "last saved by"))
    return found.get("title") or None, iso_date(found.get("creation-date")), people


def _people(*named: tuple[str | None, str]) -> list[tuple[str, str, str]]:
    people: list[tuple[str, str, str]] = []
    for name, role in named:
        name = words(name)
        if name and not any(p[0] == name for p in people):
            people.append((name, "", role))
    return people
