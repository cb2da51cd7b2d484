"""Passwords for encrypted files: the candidates a person supplied in, an opened file (or a typed error) out.

``candidate_passwords`` reads the file named by ``Settings.passwords`` (``LEAKSIFT_PASSWORDS``): one
password a line, spaces inside a line kept, only the line break stripped, tried in the file's order.
Each reader that meets an encrypted file (an Office document, a PDF, an archive member) tries them;
formats that have an empty password (PDF's user password) try that first themselves.

A password is a secret of the person who runs leaksift: the one that opened a file is never written to
a record, a log line or an error message, so no message here ever quotes one.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from extractors.errors import CorruptFileError, EncryptedFileError
from extractors.settings import Settings

log = logging.getLogger(__name__)

#: Excel's built-in password: a workbook "protected" without one a person chose is encrypted with it
EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"

OFFICE_ENCRYPTED = (
    "the document is encrypted with a password; put the password in a file named by LEAKSIFT_PASSWORDS and run again"
)

_reported: set[str] = set()  # passwords files already reported missing (once per process, not per file)


def candidate_passwords(settings: Settings) -> list[str]:
    """The passwords to try, in the file's order, without repeats (an empty list when none is set)."""
    if not settings.passwords:
        return []
    path = Path(settings.passwords).expanduser()
    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        if str(path) not in _reported:
            _reported.add(str(path))
            log.error(
                "the passwords file %s (LEAKSIFT_PASSWORDS) cannot be read (%s); encrypted files are read "
                "without candidate passwords",
                path,
                exc.strerror or type(exc).__name__,
            )
        return []
    seen: dict[str, None] = {}
    for line in text.split("\n"):
        password = line.removesuffix("\r")
        if password:
            seen.setdefault(password, None)
    return list(seen)


def is_encrypted_office(path: Path) -> bool:
    """Whether an Office file (OLE or OOXML) is encrypted with a password."""
    import msoffcrypto

    try:
        with open(path, "rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # not an Office file msoffcrypto knows: nothing it could decrypt
        return False


def decrypt_office(path: Path, settings: Settings) -> bytes:
    """The decrypted bytes of an encrypted Office file (OOXML in an OLE ``EncryptedPackage``, or legacy
    Word, Excel and PowerPoint), opened with the first candidate password that fits.

    A file that is not encrypted comes back as it is. Raises ``EncryptedFileError`` when no candidate
    opens it and ``CorruptFileError`` when its encryption headers cannot be read."""
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    data = path.read_bytes()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if not office.is_encrypted():
            return data
    except Exception as exc:
        raise CorruptFileError(f"the document's encryption headers cannot be read ({type(exc).__name__})") from exc
    for password in [*candidate_passwords(settings), EXCEL_DEFAULT_PASSWORD]:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))  # a failed key leaves state behind: start afresh
        out = io.BytesIO()
        try:
            if isinstance(office, OOXMLFile):
                office.load_key(password=password, verify_password=True)
            else:
                office.load_key(password=password)  # legacy formats check the password as they load it
            office.decrypt(out)
        except Exception:  # a wrong password; the next one is tried (the exception may quote it)
            continue
        if out.getbuffer().nbytes:
            return out.getvalue()
    raise EncryptedFileError(OFFICE_ENCRYPTED)
