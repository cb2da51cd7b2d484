"""Which tesseract language packs are installed, and ``--lang`` as it goes into fingerprints.

A top-level module (it uses no stage) because the settings fingerprint needs it: ``--lang auto``
reads pages again when a pack is installed or removed. The OCR stage picks among these packs
(``extractors/read/ocr/languages.py``).
"""

from __future__ import annotations

import functools
import subprocess

AUTO = "auto"


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The tesseract language packs installed (``osd`` excluded), empty when tesseract is missing."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The first line names the folder ("List of available languages in ..."); one pack per line after it.
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip() and line.strip() != "osd")


def settings_key(lang: str) -> str:
    """``lang`` as it goes into cache keys and settings fingerprints: ``auto`` with the packs it can
    pick from, so installing a pack reads the pages again."""
    if lang != AUTO:
        return lang
    return f"{AUTO}[{'+'.join(sorted(installed_languages()))}]"
