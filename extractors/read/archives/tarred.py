"""Tar archives, plain or compressed (.tar, .tgz, .tar.gz, .tbz2, .txz): a tar file in, every regular
member streamed to the sink as a part; the tar itself has no pages.

``tarfile`` opens it with ``r:*`` (the compression found from the bytes) and the members are read in
order, each streamed while the archive is read forward, so a compressed tar is decompressed once.
Folders are not parts; symbolic and hard links, devices and pipes are rows, never followed. A tar
damaged part way keeps the members before the damage and ends with a failed row.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

from extractors.errors import CorruptFileError
from extractors.read.archives.members import MEMBER_ERRORS, add_member, link_reason, one_line, special_reason
from extractors.read.parts import Extracted, PartSink
from extractors.settings import Settings


def read_tar(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Every regular member of the tar as a part, in the tar's order."""
    try:
        archive = tarfile.open(path, "r:*")
    except (*MEMBER_ERRORS, OSError) as exc:
        raise CorruptFileError(
            f"not a readable tar archive ({one_line(exc)}); the file may be truncated or damaged"
        ) from exc
    with archive:
        seen = 0
        members = iter(archive)
        while not sink.full:
            try:
                member = next(members, None)
            except (*MEMBER_ERRORS, OSError) as exc:
                if not seen:
                    raise CorruptFileError(f"the tar archive cannot be read ({one_line(exc)})") from exc
                sink.skip(
                    "(rest of the archive)",
                    f"the tar archive is damaged after its first {seen} members ({one_line(exc)})",
                    status="failed",
                )
                break
            if member is None:
                break
            seen += 1
            _add(archive, member, sink)
    return Extracted(pages=[])


def _add(archive: tarfile.TarFile, member: tarfile.TarInfo, sink: PartSink) -> None:
    if member.isdir():
        return
    if member.issym():
        sink.skip(member.name, link_reason("symbolic link", member.linkname))
    elif member.islnk():
        sink.skip(member.name, link_reason("hard link", member.linkname))
    elif member.ischr() or member.isblk():
        sink.skip(member.name, special_reason("device file"))
    elif member.isfifo():
        sink.skip(member.name, special_reason("named pipe (FIFO)"))
    elif not member.isreg():
        sink.skip(member.name, special_reason(f"tar entry of type {member.type!r}"))
    else:
        add_member(sink, member.name, lambda: archive.extractfile(member))
