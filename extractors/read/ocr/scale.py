"""Text height: a first read of a page in, how much to resize the page for a second read out.

Tesseract reads best when words are about ``TARGET_WORD_HEIGHT`` pixels tall; ``rescale_factor``
says how far a read's words are from that, and ``scaled`` maps a read of the resized page back
to the unresized page's coordinates.
"""

from __future__ import annotations

from extractors.read.ocr.results import OcrResult

# Word-box height (capitals and descenders) tesseract reads best at, in pixels: about 20 px x-height.
TARGET_WORD_HEIGHT = 35
# Within this ratio of the target a page is read once; further off it is resized and read again.
RESCALE_TOLERANCE = 1.3
# Never resized more than this many times either way (a page of huge or tiny text is read as it comes).
MAX_RESCALE = 3.0
# The text height is the median of the words read with at least this confidence and this many letters
# or digits (specks and punctuation have no text height), and only from this many such words on.
HEIGHT_MIN_CONFIDENCE = 30
HEIGHT_MIN_CHARACTERS = 2
HEIGHT_MIN_WORDS = 5


def word_height(result: OcrResult) -> float | None:
    """The median height of the words read with some confidence (None when too few to tell)."""
    import statistics

    heights = [
        w.height
        for w in result.words
        if w.confidence >= HEIGHT_MIN_CONFIDENCE and sum(ch.isalnum() for ch in w.text) >= HEIGHT_MIN_CHARACTERS
    ]
    return float(statistics.median(heights)) if len(heights) >= HEIGHT_MIN_WORDS else None


def rescale_factor(result: OcrResult, *, target: float = TARGET_WORD_HEIGHT) -> float | None:
    """How much to resize the page so its words are ``target`` pixels tall, or None to keep it."""
    height = word_height(result)
    if height is None:
        return None
    factor = target / height
    if 1 / RESCALE_TOLERANCE <= factor <= RESCALE_TOLERANCE:
        return None
    return max(1 / MAX_RESCALE, min(MAX_RESCALE, factor))


def scaled(result: OcrResult, factor: float) -> OcrResult:
    """Word boxes of a read of a page resized by ``factor``, in the unresized page's coordinates."""
    from dataclasses import replace

    def s(v: int) -> int:
        return int(round(v / factor))

    words = [replace(w, left=s(w.left), top=s(w.top), width=s(w.width), height=s(w.height)) for w in result.words]
    return OcrResult(text=result.text, confidence=result.confidence, words=words)
