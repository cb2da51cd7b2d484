"""Media type detection: file name and first bytes in, a media type (or a typed error) out.

The extension says what the sender claims; the leading bytes say what the file is. When the two
disagree the file is refused with a reason, since a mislabelled file is itself worth a person's look.
"""

from __future__ import annotations

from pathlib import Path

from extractors.errors import CorruptFileError, UnsupportedFileError

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.12"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
VCARD = "text/vcard"
JSON = "application/json"
JSON_LINES = "application/jsonl"
SVG = "image/svg+xml"
DJVU = "image/vnd.djvu"
CALENDAR = "text/calendar"
TSV = "text/tab-separated-values"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
WEBP = "image/webp"
BMP = "image/bmp"
JP2 = "image/jp2"
# e-mail (extractors/read/mail)
EML = "message/rfc822"
MBOX = "application/mbox"
EMLX = "message/x-emlx"
MSG = "application/vnd.ms-outlook"
PST = "application/vnd.ms-outlook-pst"
TNEF = "application/vnd.ms-tnef"
# Office, OpenDocument and other documents (extractors/read/office)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
RTF = "application/rtf"
DOC = "application/msword"
PPT = "application/vnd.ms-powerpoint"
EPUB = "application/epub+zip"
SPREADSHEETML = "application/x-spreadsheetml+xml"  # Excel 2003 XML
XML = "application/xml"
DBF = "application/x-dbf"
MDB = "application/x-msaccess"
# archives (extractors/read/archives)
ZIP = "application/zip"
TAR = "application/x-tar"
GZIP = "application/gzip"
BZIP2 = "application/x-bzip2"
XZ = "application/x-xz"
SEVEN_ZIP = "application/x-7z-compressed"
RAR = "application/vnd.rar"

EXTENSIONS: dict[str, str] = {
    ".pdf": PDF,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".csv": CSV,
    ".tsv": TSV,
    ".tab": TSV,
    ".xlsx": XLSX,
    ".xlsm": XLSM,
    ".xlsb": XLSB,
    ".xls": XLS,
    ".ods": ODS,
    ".vcf": VCARD,
    ".vcard": VCARD,
    ".ics": CALENDAR,
    ".json": JSON,
    ".jsonl": JSON_LINES,
    ".ndjson": JSON_LINES,
    ".svg": SVG,
    ".djvu": DJVU,
    ".djv": DJVU,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".tif": TIFF,
    ".tiff": TIFF,
    ".gif": GIF,
    ".webp": WEBP,
    ".bmp": BMP,
    ".jp2": JP2,
    ".j2k": JP2,
    ".jpf": JP2,
    ".jpx": JP2,
    ".eml": EML,
    ".mht": EML,
    ".mhtml": EML,
    ".mbox": MBOX,
    ".mbx": MBOX,
    ".emlx": EMLX,
    ".msg": MSG,
    ".pst": PST,
    ".ost": PST,
    ".tnef": TNEF,
    ".docx": DOCX,
    ".docm": DOCX,
    ".dotx": DOCX,
    ".pptx": PPTX,
    ".pptm": PPTX,
    ".ppsx": PPTX,
    ".odt": ODT,
    ".ott": ODT,
    ".odp": ODP,
    ".rtf": RTF,
    ".doc": DOC,
    ".dot": DOC,
    ".ppt": PPT,
    ".pps": PPT,
    ".epub": EPUB,
    ".xml": XML,
    ".dbf": DBF,
    ".mdb": MDB,
    ".accdb": MDB,
    ".vcs": CALENDAR,
    ".zip": ZIP,
    ".tar": TAR,
    ".tgz": TAR,
    ".tbz": TAR,
    ".tbz2": TAR,
    ".txz": TAR,
    ".gz": GZIP,
    ".bz2": BZIP2,
    ".xz": XZ,
    ".7z": SEVEN_ZIP,
    ".rar": RAR,
}

IMAGE_TYPES = (PNG, JPEG, TIFF, GIF, WEBP, BMP, JP2)
SPREADSHEET_TYPES = (XLSX, XLSM, XLSB, XLS, ODS)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"BM", BMP),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", JP2),
    (b"\xff\x4f\xff\x51", JP2),  # a bare JPEG 2000 codestream (.j2k)
)


def is_supported(path: Path) -> bool:
    """Whether the file name has an extension leaksift reads."""
    return path.suffix.lower() in EXTENSIONS


def _describe(head: bytes) -> str:
    for magic, media_type in _MAGIC:
        if head.startswith(magic) or (media_type == PDF and magic in head[:1024]):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return HTML
    return "unknown"


def sniff_media_type(path: Path, head: bytes) -> str:
    """The media type of ``path``, checked against its first bytes ``head``.

    Raises ``UnsupportedFileError`` for extensions leaksift does not read and ``CorruptFileError``
    for a binary type whose bytes are something else (a ``.jpg`` that is really HTML).
    """
    claimed = EXTENSIONS.get(path.suffix.lower())
    if claimed is None:
        raise UnsupportedFileError(f"unsupported file type {path.suffix or '(no extension)'!r}")
    if claimed in (PDF, *IMAGE_TYPES):
        actual = _describe(head)
        if actual != claimed:
            what = "an unknown format" if actual == "unknown" else actual
            raise CorruptFileError(
                f"named {path.suffix} but its bytes are {what}, not {claimed}; check the file's origin"
            )
    return claimed
