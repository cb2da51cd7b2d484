"""OCR: a page image in, its text, word boxes and confidence out.

By default (``OcrOptions.engine == "auto"``, languages eng and/or chi_sim) tesseract reads the page;
unless it is a clean print that tesseract reads surely, PaddleOCR's PP-OCR models then read the
characters and tesseract's words give the word breaks (``extractors/read/ocr/ppocr.py``), and the words are
checked against English word frequencies (``extractors/read/ocr/lexicon.py``). Measured on the devset receipts:
0.940 word recall against 0.738 for tesseract alone (0.929 without the word check). Otherwise tesseract
alone reads the page, as described below.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): measured here, one page took 8.7-9.0 s with
its default threading and 4.1-4.5 s single-threaded, and two single-threaded pages side by side took
4.0 s. Parallelism therefore comes from running one page per core, which is the caller's job.

Each page is read in one or two passes. The first reads the page as scanned, only straightened and with
thin ruling lines whitened (each step measured on its own: ``bench/README.md``). Tesseract reads best
when words are about 35 pixels tall (x-height ~20 px); when the first read's words are much smaller or
larger, the page is resized to that height and read again, and the read with more confidently read
characters is kept. Pages that are already at a good scale cost one pass.

Results are cached on disk keyed by the image's pixels, languages and settings, so a re-run never OCRs
the same page twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import statistics
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from extractors.errors import OcrError
from extractors.settings import OcrOptions

log = logging.getLogger(__name__)

OCR_ENGINE_VERSION = "tesseract-psm3-v2"


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
    placed = []
    for i, raw in enumerate(data["text"]):
        word = (raw or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        block, par, line = int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])
        box = (int(data["left"][i]), int(data["top"][i]), int(data["width"][i]), int(data["height"][i]))
        placed.append((word, conf, box, block, (block, par), block * 10000 + par * 100 + line))
    return _assemble(placed)


def _assemble(placed) -> OcrResult:
    """Page text and its words from ``(text, confidence, (left, top, width, height), block, paragraph,
    line)`` in reading order: a space between words of one line, a newline between lines, a blank line
    where the paragraph changes. Word offsets point into the text."""
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    previous: tuple | None = None
    for text, conf, (left, top, width, height), block, paragraph, line in placed:
        if previous is not None:
            sep = "\n\n" if paragraph != previous[0] else "\n" if line != previous[1] else " "
            parts.append(sep)
            length += len(sep)
        previous = (paragraph, line)
        words.append(OcrWord(text, conf, left, top, width, height, block, line, length))
        parts.append(text)
        length += len(text)
    confidences = [w.confidence for w in words]
    confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text="".join(parts), confidence=confidence, words=words)


# --- preprocessing -----------------------------------------------------------------------------

DESKEW_MAX_ANGLE = 6.0
DESKEW_STEP = 0.2


def estimate_skew(image: Image.Image) -> float:
    """The rotation in degrees (counter-clockwise positive) that levels the text lines (projection profile).

    Rows of a dark-pixel mask are summed at each candidate angle; the angle at which text lines fall
    into the fewest, darkest rows (largest variance of the row sums) is the page's skew.
    """
    import numpy as np

    small = image.convert("L")
    scale = 800 / max(small.size)
    if scale < 1:
        small = small.resize((max(1, int(small.width * scale)), max(1, int(small.height * scale))))
    pixels = np.asarray(small, dtype=np.uint8)
    threshold = min(160, int(pixels.mean() * 0.75))
    mask = Image.fromarray(((pixels < threshold) * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rotated = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32)
        rows = rotated.sum(axis=1)
        return float(np.var(rows))

    angles = [round(-DESKEW_MAX_ANGLE + i * DESKEW_STEP, 2) for i in range(int(2 * DESKEW_MAX_ANGLE / DESKEW_STEP) + 1)]
    best = max(angles, key=score)
    # refine around the best coarse angle
    fine = [best + d / 20 for d in range(-4, 5)]
    return max(fine, key=score)


def detect_orientation(image: Image.Image, *, timeout: float) -> int:
    """Degrees to rotate the page clockwise so its text is upright (tesseract OSD), 0 when unsure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT,
                                       timeout=min(timeout, 30))
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to tell: leave the page as it is
    if float(osd.get("orientation_conf", 0)) < 2.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


def prepare_image(image: Image.Image, *, settings: OcrOptions, timeout: float = 60.0) -> Image.Image:
    """Greyscale page image made ready for tesseract: upright, deskewed, without ruling lines."""
    from PIL import ImageOps

    page = image.convert("L")
    if settings.upscale_below and min(page.size) < settings.upscale_below:
        factor = min(3.0, settings.upscale_below / min(page.size))
        page = page.resize((int(page.width * factor), int(page.height * factor)), Image.Resampling.LANCZOS)
    if settings.contrast:
        page = ImageOps.autocontrast(page, cutoff=1)
    if settings.orientation:
        rotate = detect_orientation(page, timeout=timeout)
        if rotate:
            page = page.rotate(-rotate, expand=True, fillcolor=255)
    if settings.deskew:
        angle = estimate_skew(page)
        if abs(angle) >= 0.1:
            page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grid = ruling_grid(page) if settings.rulings or settings.flatten else None
    if settings.rulings and grid is not None:
        page = remove_rulings(page, grid)
    # a 3-pixel median removes scanner grain and JPEG texture on high-resolution pages (measured: the
    # scanned list's table page goes from 60 to 87 mean confidence) but erodes the thin strokes of
    # low-resolution ones (-6 points of word recall on the receipt photos)
    if settings.denoise and min(page.size) >= 1500:
        from PIL import ImageFilter

        page = page.filter(ImageFilter.MedianFilter(3))
    # only on ruled tables, whose shaded header rows lose their text to tesseract's global threshold;
    # on photographed receipts it turns the dark surroundings into letters (-1 point recall, -8 precision)
    if settings.flatten and grid is not None:
        page = flatten_background(page)
    return page


def flatten_background(page: Image.Image, *, cell: int = 16) -> Image.Image:
    """Divide the page by its background so paper, shaded cells and uneven light all become white.

    Tesseract binarises with one global threshold: text on a grey shaded table header (or in the
    shadow of a photographed sheet) falls on the dark side with its background and is lost. The
    background is the page's brightest level around each point: the page shrunk by ``cell``, dilated
    (a 5-cell maximum wipes out text strokes), smoothed and enlarged again.
    """
    import numpy as np
    from PIL import ImageFilter

    small = page.resize((max(1, page.width // cell), max(1, page.height // cell)), Image.Resampling.BOX)
    background = (
        small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2)).resize(page.size, Image.Resampling.BILINEAR)
    )
    pixels = np.asarray(page, dtype=np.float32)
    level = np.maximum(np.asarray(background, dtype=np.float32), 1.0)
    return Image.fromarray(np.clip(pixels / level * 255.0, 0, 255).astype(np.uint8))


# A ruling line is at most this share of the page's side thick (and never thinner than 4 pixels) and
# runs unbroken over at least RULING_MIN_LENGTH of it.
RULING_MAX_THICKNESS = 0.004
RULING_MIN_LENGTH = 0.15
# Rulings are removed only from a ruled grid: at least this many horizontal and vertical lines. A
# receipt's or letter's separator lines are left to tesseract, which reads them as dashes.
RULING_MIN_GRID = 3


def ruling_grid(page: Image.Image):
    """The pixel rows and columns of a ruled table's lines, or None when the page has no ruled grid.

    A ruling is a thin run of pixel rows (columns) each holding one long unbroken dark run; a grid has
    at least RULING_MIN_GRID of both. Text never draws a long unbroken dark run, however dense the line
    is: counting dark pixels instead took the horizontal strokes of bold lines on narrow receipts for
    rulings (measured: -5 points of word recall). A wide dark band is the background around a
    photographed sheet, not a ruling. Needs an upright, deskewed page.
    """
    import numpy as np

    pixels = np.asarray(page.convert("L"), dtype=np.uint8)
    dark = pixels < min(160, int(pixels.mean() * 0.75))
    height, width = dark.shape
    rows = _thin_runs(_longest_runs(dark) >= RULING_MIN_LENGTH * width, height)
    cols = _thin_runs(_longest_runs(dark.T) >= RULING_MIN_LENGTH * height, width)
    if _count_runs(rows) < RULING_MIN_GRID or _count_runs(cols) < RULING_MIN_GRID:
        return None
    return rows, cols


def remove_rulings(page: Image.Image, grid=None) -> Image.Image:
    """Whiten the ruling lines of a ruled table (``ruling_grid``); a page without a grid is returned as
    it is. Tesseract reads ruling lines as ``|``, ``_`` or stray letters and lets them join table rows."""
    import numpy as np

    grid = grid if grid is not None else ruling_grid(page)
    if grid is None:
        return page
    rows, cols = grid
    pixels = np.asarray(page, dtype=np.uint8)
    dark = pixels < min(160, int(pixels.mean() * 0.75))
    cleaned = pixels.copy()
    # the line's rows plus one pixel either side (anti-aliased edges)
    for mask, axis in ((rows, 0), (cols, 1)):
        wide = mask | np.roll(mask, 1) | np.roll(mask, -1)
        if axis == 0:
            cleaned[wide, :] = np.where(dark[wide, :], 255, cleaned[wide, :])
        else:
            cleaned[:, wide] = np.where(dark[:, wide], 255, cleaned[:, wide])
    return Image.fromarray(cleaned)


def _longest_runs(dark):
    """The longest run of dark pixels in each row, bridging gaps of up to two pixels (scan noise)."""
    import numpy as np

    closed = dark.copy()
    closed[:, 1:-1] |= dark[:, :-2] & dark[:, 2:]
    closed[:, 1:-2] |= dark[:, :-3] & dark[:, 3:]
    closed[:, 2:-1] |= dark[:, :-3] & dark[:, 3:]
    padded = np.zeros((closed.shape[0], closed.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = closed
    rows, cols = np.nonzero(np.diff(padded, axis=1))
    longest = np.zeros(closed.shape[0], dtype=np.int64)
    # transitions come in (start, end) pairs per row, in order
    np.maximum.at(longest, rows[::2], cols[1::2] - cols[::2])
    return longest


def _count_runs(mask) -> int:
    import numpy as np

    return int(np.count_nonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))) == 1))


def _thin_runs(mask, side: int):
    """``mask`` with its runs of consecutive True values thicker than a ruling line cleared."""
    import numpy as np

    limit = max(4, int(RULING_MAX_THICKNESS * side))
    out = mask.copy()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    for start, end in zip(edges[::2], edges[1::2]):
        if end - start > limit:
            out[start:end] = False
    return out


# --- text height -------------------------------------------------------------------------------

# Word-box height (capitals and descenders) tesseract reads best at, in pixels: about 20 px x-height.
TARGET_WORD_HEIGHT = 35
# Within this ratio of the target a page is read once; further off it is resized and read again.
RESCALE_TOLERANCE = 1.3
MAX_RESCALE = 3.0


def word_height(result: OcrResult) -> float | None:
    """The median height of the words read with some confidence (None when too few to tell)."""
    import statistics

    heights = [w.height for w in result.words if w.confidence >= 30 and sum(ch.isalnum() for ch in w.text) >= 2]
    return float(statistics.median(heights)) if len(heights) >= 5 else None


def rescale_factor(result: OcrResult, *, target: float = TARGET_WORD_HEIGHT) -> float | None:
    """How much to resize the page so its words are ``target`` pixels tall, or None to keep it."""
    height = word_height(result)
    if height is None:
        return None
    factor = target / height
    if 1 / RESCALE_TOLERANCE <= factor <= RESCALE_TOLERANCE:
        return None
    return max(1 / MAX_RESCALE, min(MAX_RESCALE, factor))


def _scaled(result: OcrResult, factor: float) -> OcrResult:
    """Word boxes of a read of a page resized by ``factor``, in the unresized page's coordinates."""
    from dataclasses import replace

    def s(v: int) -> int:
        return int(round(v / factor))

    words = [replace(w, left=s(w.left), top=s(w.top), width=s(w.width), height=s(w.height)) for w in result.words]
    return OcrResult(text=result.text, confidence=result.confidence, words=words)


def ocr_image(
    image: Image.Image,
    *,
    lang: str = "eng",
    timeout: float = 180.0,
    cache: OcrCache | None = None,
    psm: int = 3,
    options: OcrOptions | None = None,
) -> OcrResult:
    """OCR one page image single-threaded. Raises ``OcrError`` on failure or timeout."""
    import pytesseract  # deferred: importing is cheap, but keep the module light for callers

    if not tesseract_available():
        raise OcrError("tesseract is not installed (Debian: apt-get install tesseract-ocr)")
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    options = options or OcrOptions()
    hybrid = use_ppocr(options, lang)
    if hybrid:
        from extractors.read.ocr import ppocr

        lang_key = f"{lang}|psm{psm}|{options.key()}|{ppocr.ENGINE_VERSION}|{ppocr.models()}"
    else:
        lang_key = f"{lang}|psm{psm}|{options.key()}"
    key = image_key(image, lang=lang_key) if cache is not None else ""
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    # The tesseract subprocess inherits our environment: one thread per page, one page per core.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    image = prepare_image(image, settings=options, timeout=timeout)
    result = _words_to_text(_image_to_data(image, lang, psm, timeout))
    # With PP-OCR reading the characters, tesseract only gives word breaks: no second read at a
    # better scale is needed (PP-OCR scales each line itself).
    factor = rescale_factor(result) if options.rescale and not hybrid else None
    if factor is not None:
        resized = image.resize(
            (max(1, round(image.width * factor)), max(1, round(image.height * factor))),
            Image.Resampling.LANCZOS if factor > 1 else Image.Resampling.BOX,
        )
        again = _scaled(_words_to_text(_image_to_data(resized, lang, psm, timeout)), factor)
        if _quality(again) > _quality(result):
            result = again
    if not options.orientation and _poor(result):
        # Little or nothing read: the page may lie on its side. OSD is slow (seconds per page), so
        # it is asked only here, and the rotated read is kept only when it reads better.
        rotate = detect_orientation(image, timeout=timeout)
        if rotate:
            turned = image.rotate(-rotate, expand=True, fillcolor=255)
            again = _words_to_text(_image_to_data(turned, lang, psm, timeout))
            if _quality(again) > _quality(result):
                result, image = again, turned
    if hybrid and (options.engine == "ppocr" or _clean_print(result) < CLEAN_PRINT_CONFIDENCE):
        result = _with_ppocr(image, result, lang=lang if options.lexicon else None)
    if cache is not None:
        cache.put(key, result)
    return result


def use_ppocr(options: OcrOptions, lang: str) -> bool:
    """Whether the PP-OCR recogniser reads this page's characters (see ``extractors/read/ocr/ppocr.py``)."""
    if options.engine not in ("auto", "ppocr"):
        return False
    from extractors.read.ocr import ppocr

    return ppocr.supports(lang) and ppocr.available()


# A row further below the previous one than this many line heights starts a new paragraph.
PARAGRAPH_GAP = 1.2


def _with_ppocr(image: Image.Image, tesseract: OcrResult, lang: str | None = None) -> OcrResult:
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
        row_words = [
            w
            for line in row
            for w in ppocr.line_words(line, ppocr.word_breaks(line, boxes), wordfreq_lang)
        ]
        if not row_words:
            continue
        if previous_bottom is not None and top - previous_bottom > PARAGRAPH_GAP * line_height:
            block += 1
        previous_bottom = bottom
        for word in row_words:
            word = _prefer_sure_tesseract(word, near)
            box = (word.left, word.top, word.width, word.height)
            placed.append((word.text, word.confidence, box, block, block, row_number))
    return _assemble(placed) if placed else tesseract


# A page whose words tesseract reads with this mean confidence or more is a clean print, and tesseract's
# own read of it is kept: on clean pages it reads better than PP-OCR (measured on rendered devset PDF
# pages: 0.942 against 0.848 word recall; PP-OCR turns "1,252" into "1.252" and its angle classifier
# sometimes reads a line upside down), and the page costs no PP-OCR time. Receipt photos and other poor
# scans fall below it (devset receipts: 63-86, one at 90.6).
CLEAN_PRINT_CONFIDENCE = 90.0


def _clean_print(result: OcrResult) -> float:
    """Mean confidence of the words with a letter or digit (0 when there are too few to tell)."""
    confidences = [w.confidence for w in result.words if any(c.isalnum() for c in w.text)]
    return sum(confidences) / len(confidences) if len(confidences) >= 20 else 0.0


# Where tesseract reads the same word box this surely and PP-OCR reads it differently, tesseract's
# reading is kept (measured on the devset receipts: +1 point of word recall and precision). Tesseract's
# reading is also kept when it differs only by accents, which PP-OCR's models cannot read.
SURE_TESSERACT = 90.0


def _prefer_sure_tesseract(word, tesseract_words: list[OcrWord]):
    from dataclasses import replace

    best, best_iou = None, 0.5
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


# Words read with less confidence are mostly noise (specks, ruling lines read as letters): they do not
# count towards a read's quality, or a read full of debris would win.
QUALITY_MIN_CONFIDENCE = 50


def _quality(result: OcrResult) -> float:
    """Confidence-weighted characters of the words read with some confidence: the better of two reads
    of one page has more of them."""
    return sum(w.confidence * len(w.text) for w in result.words if w.confidence >= QUALITY_MIN_CONFIDENCE)


def _poor(result: OcrResult) -> bool:
    return len(result.words) < 5 or (result.confidence or 0) < 40


def _image_to_data(image: Image.Image, lang: str, psm: int, timeout: float) -> dict:
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
