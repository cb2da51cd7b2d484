"""What calamine does not read of a workbook: a workbook's path in, the text of its page headers and
footers and the people of its metadata out (``workbook_extras``), for the spreadsheet reader to add.

xlsx/xlsm: ``docProps/core.xml`` (author, last saved by) and every worksheet's ``headerFooter``;
ods: ``meta.xml`` and the master pages' headers and footers in ``styles.xml``; xls: the summary
information stream's author and last saved by (olefile). Header codes (``&L``, ``&C``, ``&P``,
``&"Arial,Bold"``...) are taken out, leaving the words.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from extractors.errors import ExtractionError
from extractors.read.office.common import OLE_MAGIC, core_properties, local, member_xml, opendocument_meta, words

log = logging.getLogger(__name__)

_CODE = re.compile(r'&"[^"]*"|&\d+|&[LCRPNDTZFAGBIUSEXYKlcrpndtzfagbiusexyk]|&&')
FIELD_TAGS = ("sheet-name", "page-number", "page-count", "date", "time", "title", "file-name", "chapter")
HEADER_TAGS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")


def header_footer_text(code: str | None) -> str:
    """The words of an Excel header/footer code (``&CHeader - For &"Arial,Bold"Internal&P``)."""
    return words(_CODE.sub(lambda m: "&" if m.group() == "&&" else " ", code or ""))


def workbook_extras(path: Path, settings=None) -> tuple[str, list[tuple[str, str, str]]]:
    """(header and footer text, one per line; people of the metadata) of the workbook at ``path``.
    Never raises for a damaged file: the cells are what matters, these are extras."""
    from extractors.settings import Settings

    settings = settings or Settings()
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head == OLE_MAGIC:
            return "", _xls_people(path)
        with zipfile.ZipFile(path) as package:
            if "meta.xml" in package.namelist():
                return _ods_extras(package, settings)
            return _xlsx_extras(package, settings)
    except (ExtractionError, zipfile.BadZipFile, OSError, ValueError) as exc:
        log.debug("workbook extras of %s not read: %s", path, exc)
        return "", []


def _xlsx_extras(package: zipfile.ZipFile, settings) -> tuple[str, list]:
    lines: list[str] = []
    sheets = sorted(
        (n for n in package.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
        key=lambda n: int(re.sub(r"\D", "", n) or 0),
    )
    for name in sheets:
        root = member_xml(package, name, settings)
        for element in root.iter() if root is not None else []:
            if local(element.tag) in HEADER_TAGS:
                text = header_footer_text(element.text)
                if text and text not in lines:
                    lines.append(text)
    _, _, people = core_properties(package, settings)
    return "\n".join(lines), people


def _ods_extras(package: zipfile.ZipFile, settings) -> tuple[str, list]:
    lines: list[str] = []
    styles = member_xml(package, "styles.xml", settings)
    for element in styles.iter() if styles is not None else []:
        if local(element.tag) in ("header", "footer", "header-left", "footer-left", "header-first", "footer-first"):
            for paragraph in element.iter():
                if local(paragraph.tag) == "p":
                    text = words(_without_fields(paragraph))
                    if _worded(text) and text not in lines:
                        lines.append(text)
    _, _, people = opendocument_meta(package, settings)
    return "\n".join(lines), people


def _worded(text: str) -> bool:
    """Whether a header line says something once its fields are gone ("Page /" does not)."""
    return any(w.isalnum() and w.lower() not in ("page", "of") for w in re.findall(r"\w+", text))


def _without_fields(element) -> str:
    """An element's text without that of its fields (sheet name, page number, date: the placeholder
    values the file stores, "???" and "Page 1", are not what any printed page says)."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in FIELD_TAGS:
            parts.append(_without_fields(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _xls_people(path: Path) -> list:
    import olefile

    from extractors.read.office.legacy import ole_metadata

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return ole_metadata(ole)[2]
    except Exception as exc:  # olefile's errors on a damaged file
        log.debug("xls metadata of %s not read: %s", path, exc)
        return []
