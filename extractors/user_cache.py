"""Built data kept between processes on this machine: ``$LEAKSIFT_CACHE_DIR``, else
``$XDG_CACHE_HOME/leaksift`` (default ``~/.cache/leaksift``).

Every file's name carries the versions of what built it, so an upgrade builds a new one; a missing,
damaged or unwritable file only costs the build again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def cache_dir() -> Path:
    root = os.environ.get("LEAKSIFT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "leaksift"
    )
    return Path(root)


def pickled(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, read from the cache file ``name`` when it is there, else built and written
    there (atomically: a process reading meanwhile sees the old file or the new one, never half)."""
    path = cache_dir() / name
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or foreign file: build it again
        log.warning("cache file %s unreadable (%s); rebuilding", path, exc)
    value = build()
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
            temporary = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as exc:  # a read-only or full disk: the value is used uncached, no half file is left
        log.info("cache file not written to %s (%s)", path, exc)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return value
