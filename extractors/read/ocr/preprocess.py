"""Preprocessing: a scanned page image in, a greyscale image made ready for tesseract out.

``prepare_image`` turns the page upright (tesseract OSD), levels its text lines (``estimate_skew``),
whitens the lines of a ruled table (``ruling_grid``, ``remove_rulings``), removes scanner grain and
flattens shaded backgrounds, each step only where it was measured to help (``bench/README.md``).
"""

from __future__ import annotations

from PIL import Image

from extractors.settings import OcrOptions

# Skews up to this many degrees either way are measured, in steps of DESKEW_STEP degrees (a scanned
# or photographed sheet is rarely off by more; a page on its side is a matter for OSD).
DESKEW_MAX_ANGLE = 6.0
DESKEW_STEP = 0.2
# The skew is measured on the page shrunk to this many pixels on its longer side: text lines stay
# distinct rows and each candidate angle costs a fraction of the full page's rotation.
SKEW_SAMPLE_SIDE = 800
# A pixel is ink when darker than this share of the page's mean grey, and never when lighter than
# DARK_LEVEL (a grey or yellowed sheet would otherwise count as ink all over).
DARK_SHARE_OF_MEAN = 0.75
DARK_LEVEL = 160
# Tesseract's orientation guess is trusted only from this confidence on (its own scale; below it
# the page is left as it is), and asked for at most OSD_TIMEOUT seconds.
OSD_MIN_CONFIDENCE = 2.0
OSD_TIMEOUT = 30
# Small images are enlarged to ``OcrOptions.upscale_below`` pixels, at most this many times.
MAX_UPSCALE = 3.0
# A measured skew under this many degrees is noise of the estimate: rotating would only blur.
MIN_DESKEW_ANGLE = 0.1
# The median filter runs only on pages at least this many pixels on their shorter side (see below).
DENOISE_MIN_SIDE = 1500


def estimate_skew(image: Image.Image) -> float:
    """The rotation in degrees (counter-clockwise positive) that levels the text lines (projection profile).

    Rows of a dark-pixel mask are summed at each candidate angle; the angle at which text lines fall
    into the fewest, darkest rows (largest variance of the row sums) is the page's skew.
    """
    import numpy as np

    small = image.convert("L")
    scale = SKEW_SAMPLE_SIDE / max(small.size)
    if scale < 1:
        small = small.resize((max(1, int(small.width * scale)), max(1, int(small.height * scale))))
    pixels = np.asarray(small, dtype=np.uint8)
    threshold = min(DARK_LEVEL, int(pixels.mean() * DARK_SHARE_OF_MEAN))
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


def page_osd(image: Image.Image, *, timeout: float) -> dict | None:
    """Tesseract's orientation and script detection of the page (``rotate``, ``orientation_conf``,
    ``script``, ``script_conf``), or None when there is too little text to tell."""
    import pytesseract

    try:
        return pytesseract.image_to_osd(
            image, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=min(timeout, OSD_TIMEOUT)
        )
    except (pytesseract.TesseractError, RuntimeError):
        return None


def detect_orientation(image: Image.Image, *, timeout: float, osd: dict | None = None) -> int:
    """Degrees to rotate the page clockwise so its text is upright (tesseract OSD), 0 when unsure.

    ``osd`` is a detection already made for this image (``page_osd``)."""
    osd = osd if osd is not None else page_osd(image, timeout=timeout)
    if osd is None or float(osd.get("orientation_conf", 0)) < OSD_MIN_CONFIDENCE:
        return 0  # too little text to tell: leave the page as it is
    return int(osd.get("rotate", 0)) % 360


def prepare_image(image: Image.Image, *, settings: OcrOptions, timeout: float = 60.0) -> Image.Image:
    """Greyscale page image made ready for tesseract: upright, deskewed, without ruling lines."""
    from PIL import ImageOps

    page = image.convert("L")
    if settings.upscale_below and min(page.size) < settings.upscale_below:
        factor = min(MAX_UPSCALE, settings.upscale_below / min(page.size))
        page = page.resize((int(page.width * factor), int(page.height * factor)), Image.Resampling.LANCZOS)
    if settings.contrast:
        page = ImageOps.autocontrast(page, cutoff=1)
    if settings.orientation:
        rotate = detect_orientation(page, timeout=timeout)
        if rotate:
            page = page.rotate(-rotate, expand=True, fillcolor=255)
    if settings.deskew:
        angle = estimate_skew(page)
        if abs(angle) >= MIN_DESKEW_ANGLE:
            page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grid = ruling_grid(page) if settings.rulings or settings.flatten else None
    if settings.rulings and grid is not None:
        page = remove_rulings(page, grid)
    # a 3-pixel median removes scanner grain and JPEG texture on high-resolution pages (measured: the
    # scanned list's table page goes from 60 to 87 mean confidence) but erodes the thin strokes of
    # low-resolution ones (-6 points of word recall on the receipt photos)
    if settings.denoise and min(page.size) >= DENOISE_MIN_SIDE:
        page = median3(page)
    # only on ruled tables, whose shaded header rows lose their text to tesseract's global threshold;
    # on photographed receipts it turns the dark surroundings into letters (-1 point recall, -8 precision)
    if settings.flatten and grid is not None:
        page = flatten_background(page)
    return page


def median3(page: Image.Image) -> Image.Image:
    """A 3-pixel median filter: OpenCV's (the same pixels as Pillow's ``MedianFilter(3)``, measured
    over whole pages, at a tenth of its time: 0.01 s against 0.14 s on an A4 page at 300 dpi)."""
    try:
        import cv2
        import numpy as np
    except ImportError:  # OpenCV comes with PP-OCR's RapidOCR; without it Pillow's filter does the same
        from PIL import ImageFilter

        return page.filter(ImageFilter.MedianFilter(3))
    return Image.fromarray(cv2.medianBlur(np.asarray(page, dtype=np.uint8), 3))


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
        small.filter(ImageFilter.MaxFilter(5))
        .filter(ImageFilter.GaussianBlur(2))
        .resize(page.size, Image.Resampling.BILINEAR)
    )
    pixels = np.asarray(page, dtype=np.float32)
    level = np.maximum(np.asarray(background, dtype=np.float32), 1.0)
    return Image.fromarray(np.clip(pixels / level * 255.0, 0, 255).astype(np.uint8))


# A ruling line is at most this share of the page's side thick (and never thinner than
# RULING_MIN_THICKNESS pixels) and runs unbroken over at least RULING_MIN_LENGTH of it.
RULING_MAX_THICKNESS = 0.004
RULING_MIN_THICKNESS = 4
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
    dark = pixels < min(DARK_LEVEL, int(pixels.mean() * DARK_SHARE_OF_MEAN))
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
    dark = pixels < min(DARK_LEVEL, int(pixels.mean() * DARK_SHARE_OF_MEAN))
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

    limit = max(RULING_MIN_THICKNESS, int(RULING_MAX_THICKNESS * side))
    out = mask.copy()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    for start, end in zip(edges[::2], edges[1::2]):
        if end - start > limit:
            out[start:end] = False
    return out
