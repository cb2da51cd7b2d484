"""RAR archives (RAR 3/4 and RAR 5): a .rar file in, every regular member streamed to the sink as a
part; the archive itself has no pages.

rarfile reads the headers itself and pipes each compressed member out of Debian's free ``unar``
(``unar -o -``), so a member is streamed, never held whole. Links (RAR 5 redirections, Unix symlinks)
are rows, never followed. A member encrypted with a password is opened with the first candidate
password whose first megabyte comes out whole; a member none opens is a failed row. An archive whose
headers are encrypted (``rar -hp``) lists nothing without its password: it raises
``EncryptedFileError`` unless a candidate opens it.
"""

from __future__ import annotations

from pathlib import Path

from extractors.errors import CorruptFileError, EncryptedFileError, ExtractionError
from extractors.read.archives.members import (
    MEMBER_ERRORS,
    add_member,
    count_rest,
    encrypted_reason,
    link_reason,
    one_line,
)
from extractors.read.crypto import candidate_passwords
from extractors.read.parts import CHUNK, Extracted, PartSink
from extractors.settings import Settings

ENCRYPTED = (
    "the RAR archive's file list is encrypted with a password; put the password in a file named by "
    "LEAKSIFT_PASSWORDS and run again"
)
_HARD_LINK, _FILE_COPY = 4, 5  # RAR 5 redirection types that are not symbolic links


def read_rar(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Every regular member of the RAR as a part, in the archive's order."""
    import rarfile

    errors = (rarfile.Error, *MEMBER_ERRORS)
    passwords = candidate_passwords(settings)
    archive = _open(path, passwords)
    infos = archive.infolist()
    for index, info in enumerate(infos):
        if sink.full:
            count_rest(sink, (i.filename for i in infos[index:] if i.is_file()))
            break
        if info.is_dir():
            continue
        if info.file_redir or info.is_symlink():
            kind = (
                "hard link" if info.file_redir and info.file_redir[0] in (_HARD_LINK, _FILE_COPY) else "symbolic link"
            )
            sink.skip(info.filename, link_reason(kind, info.file_redir[2] if info.file_redir else None))
        elif info.needs_password():
            password = next((p for p in passwords if _opens(archive, info, p, errors)), None)
            if password is None:
                sink.skip(info.filename, encrypted_reason(settings), status="failed")
            else:
                add_member(sink, info.filename, lambda i=info, p=password: archive.open(i, pwd=p), errors=errors)
        else:
            add_member(sink, info.filename, lambda i=info: archive.open(i), errors=errors)
    archive.close()
    return Extracted(pages=[])


def _open(path: Path, passwords: list[str]):
    """The archive, its headers decrypted with a candidate password when they are encrypted."""
    import rarfile

    _use_unar()
    try:
        archive = rarfile.RarFile(path)
    except rarfile.NeedFirstVolume as exc:
        raise CorruptFileError(
            "a later volume of a multi-volume RAR archive; put its first volume beside it and ingest that"
        ) from exc
    except (rarfile.Error, *MEMBER_ERRORS, OSError) as exc:
        raise CorruptFileError(
            f"not a readable RAR archive ({one_line(exc)}); the file may be truncated or damaged"
        ) from exc
    if not (archive.needs_password() and not archive.infolist()):
        return archive
    archive.close()
    for password in passwords:
        archive = rarfile.RarFile(path)
        try:
            archive.setpassword(password)
            if archive.infolist():
                return archive
        except rarfile.Error:
            pass  # the wrong password garbles the headers; the next one is tried
        archive.close()
    raise EncryptedFileError(ENCRYPTED)


def _opens(archive, info, password: str, errors) -> bool:
    """Whether the password decrypts the member (its first megabyte, or all of a smaller one, whose
    checksum is then checked)."""
    try:
        with archive.open(info, pwd=password) as stream:
            stream.read(CHUNK)
    except errors:
        return False
    return True


def _use_unar() -> None:
    """rarfile drives Debian's free ``unar`` (the non-free ``unrar`` is not installed)."""
    import rarfile

    rarfile.UNAR_TOOL = "unar"
    try:
        rarfile.tool_setup(unrar=False, unar=True, bsdtar=False, sevenzip=False, sevenzip2=False)
    except rarfile.RarCannotExec as exc:
        raise ExtractionError("RAR archives need the unar tool; install Debian's unar package") from exc
