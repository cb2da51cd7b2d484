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

TEXT_TYPES = (TEXT, MARKDOWN)
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

    A file without an extension (or with one leaksift does not know) is typed by its content
    (``by_content``): leaks and e-mail attachments are often named without one. Raises
    ``UnsupportedFileError`` for a file whose type is still unknown and ``CorruptFileError`` for a
    binary type whose bytes are something else (a ``.jpg`` that is really HTML).
    """
    claimed = EXTENSIONS.get(path.suffix.lower())
    if claimed is None:
        found = by_content(path, head, text_allowed=not path.suffix or _is_number(path.suffix))
        if found is None:
            raise UnsupportedFileError(f"unsupported file type {path.suffix or '(no extension)'!r}")
        return found
    if claimed == TEXT:
        # a .txt that is really a tab-separated table or a saved e-mail is read as what it is
        return TSV if _looks_tabular(head) else EML if _looks_like_message(head) else TEXT
    if claimed in (PDF, *IMAGE_TYPES):
        actual = _describe(head)
        if actual != claimed:
            what = "an unknown format" if actual == "unknown" else actual
            raise CorruptFileError(
                f"named {path.suffix} but its bytes are {what}, not {claimed}; check the file's origin"
            )
    return claimed


# --- typing a file by its content ------------------------------------------------------------------

_CONTENT_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", GZIP),
    (b"BZh", BZIP2),
    (b"\xfd7zXZ\x00", XZ),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_ZIP),
    (b"Rar!\x1a\x07", RAR),
    (b"{\\rtf", RTF),
    (b"!BDN", PST),
    (b"\x78\x9f\x3e\x22", TNEF),
    (b"AT&TFORM", DJVU),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MESSAGE_HEADERS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"received:",
    b"message-id:",
    b"return-path:",
    b"mime-version:",
    b"delivered-to:",
    b"cc:",
    b"reply-to:",
    b"content-type:",
    b"x-mailer:",
    b"sender:",
)


def by_content(path: Path, head: bytes, *, text_allowed: bool = True) -> str | None:
    """The media type the bytes show (None: unknown). Zip and OLE containers are told apart by the
    names inside them (Word, PowerPoint, Excel, OpenDocument, EPUB, Outlook). With ``text_allowed``, a
    file of text that is no known format is plain text."""
    described = _describe(head)
    if described != "unknown":
        return described
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(_OLE):
        return _ole_kind(path)
    for magic, media_type in _CONTENT_MAGIC:
        if head.startswith(magic):
            return media_type
    if len(head) > 262 and head[257:262] == b"ustar":
        return TAR
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    upper = stripped[:64].upper()
    if stripped.startswith(b"From ") and _looks_like_message(stripped.split(b"\n", 1)[-1]):
        return MBOX
    first, _, rest = stripped.partition(b"\n")
    if first.strip().isdigit() and _looks_like_message(rest):
        return EMLX
    if _looks_like_message(stripped):
        return EML
    if upper.startswith(b"BEGIN:VCALENDAR"):
        return CALENDAR
    if upper.startswith(b"BEGIN:VCARD"):
        return VCARD
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<"):
        return XML if b"<svg" not in stripped[:1024] else SVG
    if not text_allowed or b"\x00" in head:
        return None
    if stripped[:1] in (b"{", b"["):
        return JSON
    return TSV if _looks_tabular(head) else TEXT


def _looks_like_message(data: bytes) -> bool:
    """Whether ``data`` starts with RFC 822 header lines: the first line a header, and at least two
    of the usual message headers among the first lines."""
    lines = data.lstrip(b"\r\n").split(b"\n")[:60]
    if not lines or not _is_header(lines[0]):
        return False
    names = {line.split(b":", 1)[0].lower() + b":" for line in lines if _is_header(line)}
    return len(names.intersection(_MESSAGE_HEADERS)) >= 2


def _is_header(line: bytes) -> bool:
    name, colon, _ = line.partition(b":")
    return bool(colon) and 0 < len(name) <= 76 and all(33 <= c <= 126 and c != 58 for c in name)


def _looks_tabular(head: bytes) -> bool:
    """Whether the first lines all hold the same number (two or more) of tabs: a tab-separated table."""
    lines = [line for line in head.split(b"\n")[:-1] if line.strip()][:10]
    if len(lines) < 2:
        return False
    counts = {line.count(b"\t") for line in lines}
    return len(counts) == 1 and counts.pop() >= 2


def _is_number(suffix: str) -> bool:
    return suffix[1:].isdigit()  # "message.1", a split or numbered file


def _zip_kind(path: Path) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:5000]
            if "mimetype" in names:
                kind = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                odf = {
                    "application/vnd.oasis.opendocument.text": ODT,
                    "application/vnd.oasis.opendocument.spreadsheet": ODS,
                    "application/vnd.oasis.opendocument.presentation": ODP,
                    "application/epub+zip": EPUB,
                }
                if kind in odf:
                    return odf[kind]
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return ZIP
    prefixes = (("word/", DOCX), ("ppt/", PPTX), ("xl/", XLSX))
    for prefix, media_type in prefixes:
        if any(name.startswith(prefix) for name in names) and "[Content_Types].xml" in names:
            return media_type
    return ZIP


def _ole_kind(path: Path) -> str | None:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, TypeError):
        return None
    tops = {name.split("/")[0] for name in streams}
    if "encryptedpackage" in tops:
        return DOCX  # an encrypted OOXML file: the Office reader reports it as password-protected
    if any(name.startswith("__substg1.0_") for name in tops):
        return MSG
    for stream, media_type in (("worddocument", DOC), ("workbook", XLS), ("book", XLS), ("powerpoint document", PPT)):
        if stream in tops:
            return media_type
    return None
