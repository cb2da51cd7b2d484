"""Calling tesseract: a prepared page image in, tesseract's words as an ``OcrResult`` out.

The image goes to tesseract as an uncompressed PNM file and comes back as TSV rows
(``image_to_data``); ``words_to_text`` rebuilds the page text from those rows so word offsets point
into it. Failures and timeouts raise ``OcrError``.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from PIL import Image

from extractors.errors import OcrError
from extractors.read.ocr.results import OcrResult, assemble


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def words_to_text(data: dict[str, list]) -> OcrResult:
    """Rebuild page text from tesseract's TSV rows so word offsets point into it.

    Words of one line are joined by a space, lines by a newline, blocks and paragraphs by a blank line.
    """
    placed = []
    for i, raw in enumerate(data["text"]):
        word = (raw or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        block, par, line = int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])
        box = (int(data["left"][i]), int(data["top"][i]), int(data["width"][i]), int(data["height"][i]))
        placed.append((word, conf, box, block, (block, par), block * 10000 + par * 100 + line))
    return assemble(placed)


def image_to_data(image: Image.Image, lang: str, psm: int, timeout: float) -> dict:
    import pytesseract

    # Handed over as an uncompressed PNM file: pytesseract's own PNG encoding took 1.6 s of CPU for a
    # 300 dpi page (0.02 s as PNM), a third of what tesseract itself spends on it.
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    fd, path = tempfile.mkstemp(prefix="leaksift-ocr-", suffix=".pgm" if image.mode == "L" else ".ppm")
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, format="PPM")
        return pytesseract.image_to_data(
            path,
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
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
