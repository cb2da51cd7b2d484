"""Zip member names: the entries of a zip in, each entry's name as its author wrote it out.

A zip entry whose UTF-8 flag (bit 11) is clear stores its name in whatever code page the zipping
machine used; ``zipfile`` decodes such a name as CP437, which turns a Chinese, Japanese or Cyrillic
name into box-drawing mojibake. The raw bytes are recovered (``name.encode("cp437")``) and decoded
again, in this order: the Info-ZIP Unicode Path extra field (0x7075) when it belongs to the name;
UTF-8 when every such name is valid UTF-8 (many tools write UTF-8 without setting the flag); CP437
itself when every name reads as CP437 letters (a real DOS name); otherwise the code page that
charset-normalizer finds for all the names of the zip together (one zip is written on one machine).
"""

from __future__ import annotations

import struct
import zipfile
import zlib

UTF8_FLAG = 0x800
UNICODE_PATH_FIELD = 0x7075
#: CP437's accented Latin letters (0x80-0xA5); its other high bytes are box drawing, blocks and Greek
#: or mathematical signs, which no one puts in a file name
_CP437_LETTERS = frozenset(bytes(range(0x80, 0xA6)).decode("cp437"))
_FALLBACKS = ("gb18030", "shift_jis", "big5", "cp1251", "cp1252")


def member_names(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Each entry's name, decoded as its author's machine wrote it (see the module docstring)."""
    raw: dict[int, bytes] = {}
    names: list[str] = []
    for index, info in enumerate(infos):
        name = info.orig_filename
        if not info.flag_bits & UTF8_FLAG and not name.isascii():
            bytes_ = name.encode("cp437")
            unicode_path = _unicode_path(info.extra, bytes_)
            if unicode_path is not None:
                name = unicode_path
            else:
                raw[index] = bytes_
        names.append(name)
    if raw:
        decode = _decoder(list(raw.values()))
        for index, bytes_ in raw.items():
            names[index] = decode(bytes_)
    return names


def _decoder(raw: list[bytes]):
    if all(_decodes(b, "utf-8") for b in raw):
        return lambda b: b.decode("utf-8")
    if all(set(b.decode("cp437")) <= _CP437_LETTERS | set(map(chr, range(128))) for b in raw):
        return lambda b: b.decode("cp437")
    encoding = _detect(raw)
    return lambda b: b.decode(encoding, "replace")


def _detect(raw: list[bytes]) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(b"\n".join(raw)).best()
    if best is not None and all(_decodes(b, best.encoding) for b in raw):
        return best.encoding
    for encoding in _FALLBACKS:
        if all(_decodes(b, encoding) for b in raw):
            return encoding
    return "cp437"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _unicode_path(extra: bytes, raw_name: bytes) -> str | None:
    """The UTF-8 name of the Info-ZIP Unicode Path field, when its CRC says it is for this name."""
    offset = 0
    while offset + 4 <= len(extra):
        field, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if field == UNICODE_PATH_FIELD and len(body) > 5 and body[0] == 1:
            (crc,) = struct.unpack_from("<I", body, 1)
            if crc == zlib.crc32(raw_name) and _decodes(body[5:], "utf-8"):
                return body[5:].decode("utf-8")
    return None
