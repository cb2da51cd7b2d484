"""Password-protected Office files: an encrypted Word, Excel or PowerPoint file in, a decrypted copy to
read out (``unlocked``), opened with the candidate passwords of ``LEAKSIFT_PASSWORDS``.

The decrypted copy is written into the scratch folder under OUT's state folder (or a private temporary
folder for a direct read) and removed as soon as the document is read; the document keeps the id and
path of the encrypted file. No password is ever written to a record or a log.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from extractors.read import sniff
from extractors.settings import Settings

OFFICE_TYPES = (sniff.DOCX, sniff.PPTX, sniff.XLSX, sniff.XLSM, sniff.XLSB, sniff.DOC, sniff.PPT, sniff.XLS)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@contextlib.contextmanager
def unlocked(
    path: Path, head: bytes, media_type: str, settings: Settings, folder: Path | None
) -> Iterator[tuple[Path, str]]:
    """``(path, media type)`` to read: the file itself, or for an encrypted Office file its decrypted
    copy and the type its content shows. Raises ``EncryptedFileError`` when no candidate opens it."""
    if media_type not in OFFICE_TYPES or not head.startswith(_OLE) or not _encrypted(path):
        yield path, media_type
        return
    from extractors.read.crypto import decrypt_office

    data = decrypt_office(path, settings)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="unlocked-", suffix=path.suffix.lower(), dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        plain = Path(name)
        found = sniff.by_content(plain, data[:2048], text_allowed=False) or media_type
        yield plain, found
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _encrypted(path: Path) -> bool:
    from extractors.read.crypto import is_encrypted_office

    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage"):
                return True
    except (OSError, ValueError, IndexError, TypeError):
        return False
    return is_encrypted_office(path)
