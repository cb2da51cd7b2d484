"""Atomic files: lines in, a file that appears whole under its name or not at all.

Every record file of OUT is written to a temporary name beside its target (flushed to disk) and renamed
into place, so a reader never sees half a file and a killed run leaves the previous complete version.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, lines: Iterable[str], *, durable: bool = True) -> None:
    """Write ``lines`` to ``path`` through a temporary file and an atomic rename. Without ``durable``
    the data is not forced to disk first: a killed process still leaves the old or the new file,
    only a power cut may lose it (fine for a cache that is rebuilt by reading again)."""
    os.replace(stage_file(path, lines, durable=durable), path)


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """A new empty file next to ``path`` (hidden, with the umask's mode), removed if the block fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, umask_mode())
    try:
        yield Path(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def stage_file(path: Path, lines: Iterable[str], *, durable: bool = True) -> Path:
    """Write ``lines`` to a temporary file next to ``path`` (flushed to disk); returns its name."""
    with temporary_beside(path) as tmp:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        return tmp
