"""OCR results on disk: an image and everything that changes its read in, a cached ``OcrResult`` out.

The key hashes the image's pixels, the languages and the settings (``image_key``), so a re-run never
OCRs the same page twice and a changed setting never returns a stale read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from PIL import Image

from extractors.read.ocr.results import OcrResult, OcrWord

log = logging.getLogger(__name__)

# Part of every cache key: bumped when a change to the reading makes the cached reads stale.
OCR_ENGINE_VERSION = "tesseract-psm3-v3"


def image_key(image: Image.Image, *, lang: str) -> str:
    """A hash of the image's pixels plus everything that changes the OCR output."""
    digest = hashlib.sha256()
    digest.update(f"{OCR_ENGINE_VERSION}|{lang}|{image.mode}|{image.size}".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


class OcrCache:
    """OCR results on disk, one JSON file per image key."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> OcrResult | None:
        path = self._path(key)
        if path is None or not path.exists():
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
            return OcrResult(
                text=data["text"],
                confidence=data["confidence"],
                words=[OcrWord(**w) for w in data["words"]],
                lang=data.get("lang"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignoring unreadable OCR cache entry %s", path)
            return None

    def put(self, key: str, result: OcrResult) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(result), fh, ensure_ascii=False)
        os.replace(tmp, path)
