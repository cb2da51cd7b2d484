"""PP-OCR characters with tesseract's word breaks: a page image and tesseract's read in, one read out.

``with_ppocr`` reads the page's lines with PP-OCR (``extractors/read/ocr/ppocr.py``), splits them
into words at ink gaps and at tesseract's word breaks, and keeps tesseract's reading of a word where
tesseract is sure of it or differs only by accents. ``clean_print`` tells the pages tesseract reads
well enough alone (``CLEAN_PRINT_CONFIDENCE``).
"""

from __future__ import annotations

import logging
import statistics

from PIL import Image

from extractors.read.ocr.results import OcrResult, OcrWord, assemble

log = logging.getLogger(__name__)


# A row further below the previous one than this many line heights starts a new paragraph.
PARAGRAPH_GAP = 1.2


def with_ppocr(image: Image.Image, tesseract: OcrResult, lang: str | None = None) -> OcrResult:
    """The page read by PP-OCR, split into words at ink gaps and at tesseract's word breaks.

    Falls back to tesseract's own read when PP-OCR finds no text at all (a blank page, or a page on its
    side, which tesseract's orientation fallback handles better). With ``lang``, the words are checked
    against that language's word frequencies (``extractors/read/ocr/lexicon.py``).
    """
    from extractors.read.ocr import lexicon, ppocr

    wordfreq_lang = lexicon.language(lang) if lang else None

    try:
        lines = ppocr.read_lines(image)
    except Exception as exc:  # a broken model install must not lose the page: tesseract's read stands
        log.warning("PP-OCR failed on a page (%s); keeping tesseract's read", exc)
        return tesseract
    if not lines:
        return tesseract
    rows = ppocr.layout_rows(lines)
    line_height = statistics.median(ln.height for ln in lines)
    placed = []
    block = 1
    previous_bottom: float | None = None
    for row_number, row in enumerate(rows, start=1):
        top, bottom = min(ln.top for ln in row), max(ln.bottom for ln in row)
        # only tesseract's words level with this row can give it word breaks or readings
        near = [t for t in tesseract.words if t.top < bottom and t.top + t.height > top]
        boxes = [(t.left, t.top, t.width, t.height) for t in near]
        row_words = [w for line in row for w in ppocr.line_words(line, ppocr.word_breaks(line, boxes), wordfreq_lang)]
        if not row_words:
            continue
        if previous_bottom is not None and top - previous_bottom > PARAGRAPH_GAP * line_height:
            block += 1
        previous_bottom = bottom
        for word in row_words:
            word = _prefer_sure_tesseract(word, near)
            box = (word.left, word.top, word.width, word.height)
            placed.append((word.text, word.confidence, box, block, block, row_number))
    return assemble(placed) if placed else tesseract


# A page whose words tesseract reads with this mean confidence or more is a clean print, and tesseract's
# own read of it is kept: on clean pages it reads better than PP-OCR (measured on rendered devset PDF
# pages: 0.942 against 0.848 word recall; PP-OCR turns "1,252" into "1.252" and its angle classifier
# sometimes reads a line upside down), and the page costs no PP-OCR time. Receipt photos and other poor
# scans fall below it (devset receipts: 63-86, one at 90.6).
CLEAN_PRINT_CONFIDENCE = 90.0
# Fewer words with a letter or digit than this are too few to call a page a clean print.
CLEAN_PRINT_MIN_WORDS = 20


def clean_print(result: OcrResult) -> float:
    """Mean confidence of the words with a letter or digit (0 when there are too few to tell)."""
    confidences = [w.confidence for w in result.words if any(c.isalnum() for c in w.text)]
    return sum(confidences) / len(confidences) if len(confidences) >= CLEAN_PRINT_MIN_WORDS else 0.0


# Where tesseract reads the same word box this surely and PP-OCR reads it differently, tesseract's
# reading is kept (measured on the devset receipts: +1 point of word recall and precision). Tesseract's
# reading is also kept when it differs only by accents, which PP-OCR's models cannot read.
SURE_TESSERACT = 90.0
# A tesseract word is the same word box as a PP-OCR word when the two overlap by more than this
# intersection over union (neighbouring words overlap by far less).
SAME_BOX_IOU = 0.5


def _prefer_sure_tesseract(word, tesseract_words: list[OcrWord]):
    from dataclasses import replace

    best, best_iou = None, SAME_BOX_IOU
    for t in tesseract_words:
        ix = min(word.left + word.width, t.left + t.width) - max(word.left, t.left)
        iy = min(word.top + word.height, t.top + t.height) - max(word.top, t.top)
        if ix <= 0 or iy <= 0:
            continue
        inter = ix * iy
        iou = inter / (word.width * word.height + t.width * t.height - inter)
        if iou > best_iou:
            best, best_iou = t, iou
    if best is None or best.text == word.text:
        return word
    if best.confidence >= SURE_TESSERACT:
        return replace(word, text=best.text, confidence=best.confidence)
    if _without_accents(best.text) == word.text:
        # PP-OCR's models know no accents: tesseract's "Amélie" is the same word as its "Amelie"
        return replace(word, text=best.text)
    return word


def _without_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
