"""Zip archives: a zip file in, every regular member streamed to the sink as a part; the zip itself has
no pages.

Names are decoded as the zipping machine wrote them (``names.member_names``). Folders are not parts;
links, devices and pipes (Unix modes of the entry) are rows, never followed. A member encrypted with
ZipCrypto is opened by ``zipfile``, one encrypted with AES by pyzipper, with the first candidate
password that decrypts it (``crypto.candidate_passwords``); a member none opens is a failed row and
the other members are read as usual.
"""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

from extractors.errors import CorruptFileError
from extractors.read.archives.members import (
    MEMBER_ERRORS,
    add_member,
    count_rest,
    encrypted_reason,
    link_reason,
    one_line,
    special_reason,
)
from extractors.read.archives.names import member_names
from extractors.read.crypto import candidate_passwords
from extractors.read.parts import CHUNK, Extracted, PartSink
from extractors.settings import Settings

AES_METHOD = 99  # WinZip AES: the real method is in the entry's 0x9901 extra field
UNIX = 3  # ZipInfo.create_system of an entry whose external attributes hold a Unix mode
_SPECIAL = {
    stat.S_IFCHR: "character device file",
    stat.S_IFBLK: "block device file",
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFSOCK: "socket",
}


def read_zip(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Every regular member of the zip as a part, in the zip's order."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error, OSError) as exc:
        raise CorruptFileError(
            f"not a readable zip archive ({one_line(exc)}); the file may be truncated or damaged"
        ) from exc
    with archive:
        infos = archive.infolist()
        names = member_names(infos)
        encrypted = _Encrypted(path, settings)
        for index, (info, name) in enumerate(zip(infos, names)):
            if sink.full:
                count_rest(sink, (n for i, n in zip(infos[index:], names[index:]) if _kind(i) == "file"))
                break
            kind = _kind(info)
            if kind == "folder":
                continue
            if kind == "symbolic link":
                sink.skip(name, link_reason(kind, _link_target(archive, info)))
            elif kind != "file":
                sink.skip(name, special_reason(kind))
            elif info.flag_bits & 0x1:
                encrypted.add(sink, archive, index, name)
            else:
                add_member(sink, name, lambda info=info: archive.open(info))
        encrypted.close()
    return Extracted(pages=[])


def _kind(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16 if info.create_system == UNIX else 0
    kind = stat.S_IFMT(mode)
    if info.is_dir() or kind == stat.S_IFDIR:
        return "folder"
    if kind == stat.S_IFLNK:
        return "symbolic link"
    return _SPECIAL.get(kind, "file")


def _link_target(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """A zip symlink's target is its content (read only when it is small, as a target is)."""
    if info.file_size > 4096 or info.flag_bits & 0x1:
        return None
    try:
        return archive.read(info).decode("utf-8", "replace") or None
    except MEMBER_ERRORS:
        return None


class _Encrypted:
    """Opens encrypted members with the candidate passwords (pyzipper for AES, opened once)."""

    def __init__(self, path: Path, settings: Settings):
        self.path = path
        self.settings = settings
        self._passwords: list[bytes] | None = None
        self._aes = None

    def add(self, sink: PartSink, archive: zipfile.ZipFile, index: int, name: str) -> None:
        if self._passwords is None:
            self._passwords = [p.encode("utf-8", "surrogateescape") for p in candidate_passwords(self.settings)]
        info = archive.infolist()[index]
        source, entry = (self._aes_archive(), None) if info.compress_type == AES_METHOD else (archive, info)
        if source is not None:
            entry = entry or source.infolist()[index]
            for password in self._passwords:
                if _opens(source, entry, password):
                    add_member(sink, name, lambda p=password: source.open(entry, pwd=p))
                    return
        sink.skip(name, encrypted_reason(self.settings), status="failed")

    def _aes_archive(self):
        if self._aes is None and self._passwords:
            import pyzipper

            try:
                self._aes = pyzipper.AESZipFile(self.path)
            except (zipfile.BadZipFile, EOFError, ValueError, OSError):
                return None
        return self._aes

    def close(self) -> None:
        if self._aes is not None:
            self._aes.close()


def _opens(source, entry, password: bytes) -> bool:
    """Whether the password decrypts the member: its check bytes pass and its first megabyte
    decompresses (a wrong key that passes the one-byte check yields data no decompressor accepts; a
    small member is read to its end, where its CRC or MAC is checked)."""
    try:
        with source.open(entry, pwd=password) as stream:
            stream.read(CHUNK)
    except MEMBER_ERRORS:
        return False
    return True
