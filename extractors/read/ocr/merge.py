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

from extractors.read.ocr.results import OcrResult, OcrWord, assemble, is_cjk

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
    if len(best.text) != len(word.text) and any(is_cjk(c) for c in best.text + word.text):
        # tesseract's boxes of Chinese words are loose (民政 drawn over 北京市人民政府外事办公室): a sure
        # reading with other characters in another number is another stretch of the line, not this word
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


# A tesseract line whose words (those with a letter or digit) it read with this mean confidence or more
# is kept as tesseract read it; the others are read again by PP-OCR's recogniser (``with_ppocr_lines``).
SURE_LINE = 90.0


def with_ppocr_lines(image: Image.Image, tesseract: OcrResult, lang: str | None = None) -> OcrResult:
    """Tesseract's read, with the lines it read unsurely re-read by PP-OCR's recogniser alone.

    Tesseract's own line boxes are cut from the page and recognised in batches (no PP-OCR detector, no
    angle classifier); each re-read line is split into words at ink gaps and at tesseract's word breaks
    on that line, with the word check for ``lang``. Lines tesseract read surely (``SURE_LINE``), and
    lines PP-OCR reads nothing sure in, keep tesseract's words. Ink that no tesseract line of a normal
    height covers (lines tesseract missed, or two rows it read as one) is cut into text strips by its
    row and column profile (``uncovered_boxes``) and recognised in the same batches. The page keeps
    tesseract's reading order, blocks and paragraphs; a line tesseract missed goes after the tesseract
    line above it.
    """
    from extractors.read.ocr import lexicon, ppocr

    wordfreq_lang = lexicon.language(lang) if lang else None
    lines, boxes_of, line_height, tall = _line_boxes(tesseract)
    unsure = [key for key, words in lines.items() if key not in tall and _line_confidence(words) < SURE_LINE]
    ink = _ink(image) if line_height else None
    if ink is not None:
        for key in unsure:
            boxes_of[key] = _widened(ink, boxes_of[key])
    covered = [box for key, box in boxes_of.items() if key not in tall]
    extra = uncovered_boxes(ink, covered, line_height) if ink is not None else []
    if not unsure and not extra:
        return tesseract
    try:
        read = ppocr.recognise_boxes(image, [boxes_of[key] for key in unsure] + extra)
    except Exception as exc:  # a broken model install must not lose the page: tesseract's read stands
        log.warning("PP-OCR failed on a page (%s); keeping tesseract's read", exc)
        return tesseract
    again: dict[int, list] = {}
    for key, line in zip(unsure, read):
        if line is None:
            continue
        near = lines[key]
        breaks = ppocr.word_breaks(line, [(t.left, t.top, t.width, t.height) for t in near])
        words = [_prefer_sure_tesseract(w, near) for w in ppocr.line_words(line, breaks, wordfreq_lang)]
        if words:
            again[key] = words
    found = []  # lines tesseract missed: (middle y, left, words)
    for line in read[len(unsure) :]:
        if line is None:
            continue
        near = [w for w in tesseract.words if w.top < line.bottom and w.top + w.height > line.top]
        breaks = ppocr.word_breaks(line, [(t.left, t.top, t.width, t.height) for t in near])
        words = [_prefer_sure_tesseract(w, near) for w in ppocr.line_words(line, breaks, wordfreq_lang)]
        if words:
            found.append(((line.top + line.bottom) / 2, line.left, words))
    found.sort(key=lambda item: (item[0], item[1]))
    # a tall tesseract line whose ink was read again as lines of their own gives way to them
    for key in tall:
        left, top, width, height = boxes_of[key]
        if any(top <= middle <= top + height and left <= x < left + width for middle, x, _ in found):
            again[key] = []
    # each found line goes after the last tesseract line (in reading order) whose middle is above it
    order = list(lines)
    middles = [boxes_of[key][1] + boxes_of[key][3] / 2 for key in order]
    after: dict[int, list] = {}
    for middle, _left, words in found:
        above = [i for i, m in enumerate(middles) if m < middle]
        at = max(above, key=lambda i: middles[i]) if above else -1
        after.setdefault(at, []).append(words)
    placed = []
    paragraph = 0
    previous_end = None
    serial = max(lines, default=0) + 1

    def put(words, block, key):
        for w in words:
            placed.append((w.text, w.confidence, (w.left, w.top, w.width, w.height), block, paragraph, key))

    block = tesseract.words[0].block if tesseract.words else 1
    for words in after.get(-1, []):
        put(words, block, serial)
        serial += 1
    for i, key in enumerate(order):
        words = lines[key]
        first = words[0]
        if previous_end is not None and tesseract.text[previous_end : first.start].count("\n") > 1:
            paragraph += 1
        previous_end = words[-1].start + len(words[-1].text)
        put(again.get(key, words), first.block, key)
        if not again.get(key, words):
            previous_end = None
        for extra_words in after.get(i, []):
            put(extra_words, first.block, serial)
            serial += 1
    return assemble(placed)


def _line_boxes(tesseract: OcrResult) -> tuple[dict[int, list[OcrWord]], dict, int, set[int]]:
    """Tesseract's words by line, each line's box, the median line height, and the lines taller than
    ``TALL_LINE`` of it."""
    lines: dict[int, list[OcrWord]] = {}
    for word in tesseract.words:
        lines.setdefault(word.line, []).append(word)
    boxes_of = {key: _union(words) for key, words in lines.items()}
    heights = sorted(box[3] for box in boxes_of.values())
    line_height = heights[len(heights) // 2] if heights else 0
    tall = {key for key, box in boxes_of.items() if line_height and box[3] > TALL_LINE * line_height}
    return lines, boxes_of, line_height, tall


def missed_ink(image: Image.Image, tesseract: OcrResult) -> bool:
    """Whether text-like ink lies outside every line tesseract read (``uncovered_boxes``): the cells of a
    sparse table or a line apart that its layout analysis skipped, however sure the rest of its read."""
    _lines, boxes_of, line_height, tall = _line_boxes(tesseract)
    if not line_height:
        return False
    covered = [box for key, box in boxes_of.items() if key not in tall]
    return bool(uncovered_boxes(_ink(image), covered, line_height))


# A tesseract line box taller than this many times the page's median line height holds two rows or
# debris: its ink is cut into strips again (``uncovered_boxes``) rather than recognised as one line.
TALL_LINE = 1.6


def _union(words: list[OcrWord]) -> tuple[int, int, int, int]:
    left, top = min(w.left for w in words), min(w.top for w in words)
    right = max(w.left + w.width for w in words)
    bottom = max(w.top + w.height for w in words)
    return left, top, right - left, bottom - top


def _ink(image: Image.Image):
    """The page's ink as a 0/1 array (adaptive threshold, specks of a pixel or two opened away)."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = cv2.adaptiveThreshold(grey, 1, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


# An unsure line's box is widened to the ink run it lies in, bridging blanks up to this many line heights
# (tesseract's line boxes often stop short of a long number's last digits or miss a line's first word).
WIDEN_GAP = 1.0


def _widened(ink, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    left, top, width, height = box
    columns = ink[top : top + height].sum(axis=0) > 0
    for a, b in _runs(columns, bridge=int(WIDEN_GAP * height)):
        if a < left + width and b > left:
            left, right = min(left, a), max(left + width, b)
            width = right - left
    return left, top, width, height


def uncovered_boxes(ink, covered: list[tuple[int, int, int, int]], line_height: int) -> list:
    """Boxes (left, top, width, height) of the text lines whose ink no ``covered`` box holds.

    ``ink`` is the binarised page (``_ink``): the covered boxes are blanked, and what ink is left cut
    into strips by its row profile and each strip into pieces by its column profile; strips much lower
    than a line and pieces narrower than half a line height are specks.
    """
    import numpy as np

    ink = ink.copy()
    pad = max(1, int(UNCOVERED_PAD * line_height))
    for left, top, width, height in covered:
        ink[max(0, top - pad) : top + height + pad, max(0, left - pad) : left + width + pad] = 0
    boxes = []
    rows = ink.sum(axis=1) >= max(3, line_height // 8)
    for top, bottom in _runs(rows, bridge=max(1, line_height // 8)):
        if bottom - top < UNCOVERED_MIN_HEIGHT * line_height:
            continue
        strip = ink[top:bottom]
        columns = strip.sum(axis=0) > 0
        for left, right in _runs(columns, bridge=int(UNCOVERED_WORD_GAP * line_height)):
            if right - left < 0.5 * line_height or strip[:, left:right].sum() < 0.5 * line_height * line_height * 0.1:
                continue
            sub = np.flatnonzero(strip[:, left:right].sum(axis=1) > 0)
            boxes.append((left, top + int(sub[0]), right - left, int(sub[-1] - sub[0]) + 1))
    return boxes


# Covered boxes are blanked this many line heights beyond their edges (ink tesseract's word boxes cut off).
UNCOVERED_PAD = 0.5
# An uncovered strip lower than this many line heights is a speck or a ruling's remains.
UNCOVERED_MIN_HEIGHT = 0.5
# Pieces of one strip closer than this many line heights are one line.
UNCOVERED_WORD_GAP = 2.0


def _runs(flags, bridge: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the runs of true values, joining runs separated by at most ``bridge`` falses."""
    runs: list[list[int]] = []
    start = None
    for i, flag in enumerate(list(flags) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if runs and start - runs[-1][1] <= bridge:
                runs[-1][1] = i
            else:
                runs.append([start, i])
            start = None
    return [(a, b) for a, b in runs]


def _line_confidence(words: list[OcrWord]) -> float:
    confidences = [w.confidence for w in words if any(c.isalnum() for c in w.text)]
    return sum(confidences) / len(confidences) if confidences else 0.0
