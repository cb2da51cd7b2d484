"""Single compressed files (.gz, .bz2, .xz): a compressed file in, the one file it holds streamed to the
sink as a part; the compressed file itself has no pages.

The part is named after the original file: gzip's header field FNAME when it is there (``bob.gz``
holding ``alice.txt``), else the file's own name without its compression suffix (``report.pdf.xz``
gives ``report.pdf``). A compressed tar (``x.tar.gz``, ``x.tar.xz``) is a tar, whatever its name says:
when the decompressed bytes start with a tar header the file is read as a tar (``tarred.read_tar``).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
from pathlib import Path, PurePosixPath

from extractors.errors import CorruptFileError
from extractors.read.archives.members import MEMBER_ERRORS, one_line
from extractors.read.archives.tarred import read_tar
from extractors.read.parts import Extracted, PartSink
from extractors.settings import Settings

_FEXTRA, _FNAME = 0x04, 0x08
_OPENERS = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}
_SUFFIXES = {"gzip": (".gz", ".gzip", ".z"), "bzip2": (".bz2", ".bz"), "xz": (".xz", ".lzma")}


def read_gzip(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    return _read(path, sink, settings, "gzip")


def read_bzip2(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    return _read(path, sink, settings, "bzip2")


def read_xz(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    return _read(path, sink, settings, "xz")


def _read(path: Path, sink: PartSink, settings: Settings, kind: str) -> Extracted:
    opener = _OPENERS[kind]
    try:
        with opener(path, "rb") as stream:
            head = stream.read(tarfile.BLOCKSIZE)
    except (*MEMBER_ERRORS, OSError) as exc:
        raise CorruptFileError(
            f"not a readable {kind} file ({one_line(exc)}); the file may be truncated or damaged"
        ) from exc
    if _is_tar(head):
        return read_tar(path, sink, settings)
    name = (_gzip_name(path) if kind == "gzip" else None) or _stem(path, kind)
    try:
        with opener(path, "rb") as stream:
            sink.add(name, stream)
    except (*MEMBER_ERRORS, OSError) as exc:
        raise CorruptFileError(f"the {kind} data is damaged ({one_line(exc)}); the file may be truncated") from exc
    return Extracted(pages=[])


def _is_tar(head: bytes) -> bool:
    """Whether a block is a tar header (its checksum holds: POSIX ustar, GNU and old v7 tars alike)."""
    if len(head) < tarfile.BLOCKSIZE:
        return False
    try:
        tarfile.TarInfo.frombuf(head, "utf-8", "surrogateescape")
    except tarfile.HeaderError:
        return False
    return True


def _gzip_name(path: Path) -> str | None:
    """The original file name a gzip header records (FNAME), without any folder."""
    with open(path, "rb") as fh:
        header = fh.read(10)
        if len(header) < 10 or header[:2] != b"\x1f\x8b" or not header[3] & _FNAME:
            return None
        if header[3] & _FEXTRA:
            size = int.from_bytes(fh.read(2), "little")
            fh.read(size)
        raw = fh.read(1024).split(b"\0", 1)[0]
    try:  # RFC 1952 says ISO 8859-1; gzip on today's systems writes the name's bytes, mostly UTF-8
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    name = PurePosixPath(text.replace("\\", "/")).name
    return name or None


def _stem(path: Path, kind: str) -> str:
    name = path.name
    for suffix in _SUFFIXES[kind]:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem or name
