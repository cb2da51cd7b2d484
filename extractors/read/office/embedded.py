"""Files embedded in Office documents: an embedded member or OLE object in, parts for the sink out.

OOXML packages keep embedded files under ``*/embeddings/``: Office files (``.docx``, ``.xlsx``...)
are handed on as they are; OLE objects (``oleObject1.bin``) are opened with olefile and what they
wrap becomes the part: the packaged file of an ``\\x01Ole10Native`` stream under its original name
(a ``.msg`` dragged into Word arrives so), the PDF of a ``CONTENTS`` stream, the OOXML file of a
``Package`` stream, or the whole OLE file named by what it is (a Word, Excel or PowerPoint document,
an Outlook message). Legacy Word keeps the same objects as storages of its ``ObjectPool``; there only
the wrapped streams can be handed on (olefile cannot write a storage out as a file of its own).
Equations carry no text and are passed over; other objects become a skipped row with their type.
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
from pathlib import PurePosixPath

from extractors.read.office.common import OLE_MAGIC

log = logging.getLogger(__name__)

#: the storage a stream marks, and the extension its whole OLE file gets as a part
WHOLE_FILE_KINDS = (("WordDocument", ".doc"), ("Workbook", ".xls"), ("Book", ".xls"), ("PowerPoint Document", ".ppt"))
EQUATION_STREAMS = ("Equation Native", "MathType Equation")


def add_package_embeddings(package: zipfile.ZipFile, sink, settings) -> None:
    """Every member under an ``embeddings/`` folder of an OOXML package, as parts."""
    for info in package.infolist():
        if sink.full:
            return
        if "/embeddings/" not in f"/{info.filename}" or info.is_dir():
            continue
        name = PurePosixPath(info.filename).name
        if info.file_size > settings.max_file_bytes:
            sink.skip(
                name, f"the embedded file is {info.file_size} bytes, over LEAKSIFT_MAX_FILE_BYTES; it was not read"
            )
            continue
        try:
            with package.open(info) as fh:
                head = fh.read(8)
                if head == OLE_MAGIC:
                    add_ole_object(head + fh.read(), name, sink)
                    continue
            with package.open(info) as fh:
                sink.add(name, fh)
        except Exception as exc:  # a damaged member (zlib.error, BadZipFile): a row, the rest goes on
            sink.skip(name, f"the embedded file could not be read ({type(exc).__name__}: {exc})", status="failed")


def add_ole_object(data: bytes, name: str, sink) -> None:
    """The file an OLE object (an ``oleObject*.bin``) wraps, as a part named after what it is."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile's own errors and OSError on damaged objects
        sink.skip(name, f"the embedded OLE object is damaged ({exc})", status="failed")
        return
    with ole:
        stem = PurePosixPath(name).stem
        if _add_wrapped(ole, [], stem, sink):
            return
        streams = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
        if any(s.startswith("__substg1.0_") for s in streams):
            sink.add(f"{stem}.msg", data)
            return
        for stream, suffix in WHOLE_FILE_KINDS:
            if stream in streams:
                sink.add(f"{stem}{suffix}", data)
                return
        if not streams.intersection(EQUATION_STREAMS):
            sink.skip(name, f"an embedded OLE object of a kind leaksift does not read ({_kind(ole, [])})")


def add_object_pool(ole, sink) -> None:
    """The objects of a legacy Word document's ``ObjectPool`` storage, where their streams can be
    handed on as files (a packaged file, a PDF, an OOXML document)."""
    pools = sorted(
        {tuple(entry[:2]) for entry in ole.listdir(streams=True) if entry[0] == "ObjectPool" and len(entry) > 2}
    )
    for storage in pools:
        if sink.full:
            return
        prefix = list(storage)
        if _add_wrapped(ole, prefix, storage[1].lstrip("_"), sink):
            continue
        streams = {entry[2] for entry in ole.listdir(streams=True) if list(entry[:2]) == prefix and len(entry) == 3}
        if streams.intersection(EQUATION_STREAMS):
            continue
        kind = _kind(ole, prefix)
        sink.skip(f"object {storage[1]}", f"an embedded object ({kind}) leaksift cannot take out of a .doc file")


def _add_wrapped(ole, prefix: list[str], stem: str, sink) -> bool:
    """Add the file an object's own streams wrap; False when it wraps none of the known kinds."""
    if ole.exists("/".join(prefix + ["\x01Ole10Native"])):
        native = ole.openstream(prefix + ["\x01Ole10Native"]).read()
        packaged = ole10_native(native)
        if packaged is None:
            sink.skip(f"{stem}.bin", "an OLE package whose packaged file could not be read", status="failed")
        else:
            sink.add(packaged[0] or f"{stem}.bin", packaged[1])
        return True
    for stream in ("CONTENTS", "Contents", "Package"):
        if ole.exists("/".join(prefix + [stream])):
            data = ole.openstream(prefix + [stream]).read()
            sink.add(f"{stem}{_suffix_of(data)}", data)
            return True
    return False


def ole10_native(data: bytes) -> tuple[str, bytes] | None:
    """(original file name, bytes) of an ``\\x01Ole10Native`` stream (an OLE "Package" object):
    size, flags, label, source path, then the temporary path and the file's bytes."""
    try:
        pos = 6  # total size (4), flags (2)
        label, pos = _cstring(data, pos)
        source, pos = _cstring(data, pos)
        pos += 4  # reserved
        (length,) = struct.unpack_from("<I", data, pos)
        pos += 4 + length  # temporary path
        (size,) = struct.unpack_from("<I", data, pos)
        pos += 4
        if pos + size > len(data):
            return None
        body = data[pos : pos + size]
    except (struct.error, ValueError):
        return None
    name = _file_name(label) or _file_name(source)
    return name, body


def _cstring(data: bytes, pos: int) -> tuple[str, int]:
    end = data.index(b"\0", pos)
    return data[pos:end].decode("cp1252", "replace"), end + 1


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].strip()


def _suffix_of(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return ".zip"
        for folder, suffix in (("word/", ".docx"), ("xl/", ".xlsx"), ("ppt/", ".pptx")):
            if any(n.startswith(folder) for n in names):
                return suffix
        return ".zip"
    if data.startswith(OLE_MAGIC):
        return ".bin"
    return ".bin"


def _kind(ole, prefix: list[str]) -> str:
    """The object's class as its CompObj stream names it ("Microsoft Graph Chart"), else "unknown"."""
    path = "/".join(prefix + ["\x01CompObj"])
    if not ole.exists(path):
        return "unknown type"
    data = ole.openstream(prefix + ["\x01CompObj"]).read()
    try:
        (length,) = struct.unpack_from("<I", data, 28)
        return data[32 : 32 + length].rstrip(b"\0").decode("cp1252", "replace") or "unknown type"
    except struct.error:
        return "unknown type"
