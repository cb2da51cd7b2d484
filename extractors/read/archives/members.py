"""What every archive reader does with a member: one member in, a part streamed into the sink (or a row
with the reason it was not read) out.

The sink (``extractors.read.parts.PartSink``) keeps the limits and refuses names that escape their
folder; the readers hand it every regular file as a stream, never whole, and the raw member name. A
member that is damaged inside an otherwise readable archive becomes a failed row, and the reading goes
on with the next one.
"""

from __future__ import annotations

import gzip
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import BinaryIO

from extractors.read.crypto import candidate_passwords
from extractors.read.parts import PartSink
from extractors.settings import Settings

#: what a damaged member raises while it is decompressed (not a write error of the sink: those propagate)
MEMBER_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    zlib.error,
    lzma.LZMAError,
    gzip.BadGzipFile,
    zipfile.BadZipFile,
    tarfile.TarError,
    NotImplementedError,
    ValueError,
    RuntimeError,
)


def link_reason(kind: str, target: str | None) -> str:
    """The row of a link member: what it is and where it points; it is never followed."""
    to = f" (to {target})" if target else ""
    return f"a {kind} in the archive{to}; links are never followed"


def special_reason(kind: str) -> str:
    return f"a {kind} in the archive, not a regular file; it was not read"


def encrypted_reason(settings: Settings) -> str:
    """The row of a member no candidate password opens (the reason never quotes a password)."""
    if candidate_passwords(settings):
        return "encrypted with a password; none of the passwords in LEAKSIFT_PASSWORDS opens it"
    return "encrypted with a password; put the password in a file named by LEAKSIFT_PASSWORDS and run again"


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def add_member(
    sink: PartSink,
    name: str,
    open_member: Callable[[], AbstractContextManager[BinaryIO]],
    *,
    errors: tuple[type[BaseException], ...] = (),
) -> bool:
    """Stream one member into the sink; a member damaged inside the archive becomes a failed row.
    Returns whether the member was written."""
    try:
        with open_member() as stream:
            return sink.add(name, stream)
    except MEMBER_ERRORS + errors as exc:
        sink.skip(name, f"damaged in the archive ({one_line(exc)}); it was not extracted", status="failed")
        return False


def count_rest(sink: PartSink, names: Iterable[str]) -> None:
    """Once the sink is full, the members not read are counted in its closing row (nothing is read)."""
    for name in names:
        sink.add(name, b"")
