"""OUT's writers' lock, in a module that imports nothing heavy (the unchanged-run check takes it too)."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def out_lock(state: Path) -> Iterator[None]:
    """An exclusive lock on the OUT whose state folder is ``state`` (``.leaksift/lock``), held while
    its manifest and records are rewritten or looked at."""
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
