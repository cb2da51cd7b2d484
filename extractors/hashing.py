"""A file's content hash and the stat it was taken at, in a module that imports nothing heavy.

Discovery hashes every corpus file on every run; keeping this apart from ``extractors.read.dispatch``
(which imports every reader: trafilatura, numpy, PIL ...) lets an unchanged re-run skip those imports.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from extractors.records import FileStamp


def file_sha256(path: Path) -> tuple[str, FileStamp]:
    """The SHA-256 hex digest of a file, read in chunks, and its stat taken before the first byte was
    read (a write while hashing changes it): a later read checks the file against that stamp."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        stamp = FileStamp.of(os.fstat(fh.fileno()))
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest(), stamp
