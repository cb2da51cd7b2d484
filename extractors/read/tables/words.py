"""Word boxes: a page's words in, the text lines and cell segments the table finders work on out.

``WordBox`` is one word in page coordinates, from pdfplumber (``pdf_words``) or tesseract
(``ocr_word_boxes``); ``FoundTable`` is what every finder returns: cell strings plus the words each
cell was built from. ``group_lines`` puts words into text lines, ``line_segments`` cuts a line at wide gaps.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


# A word joins a text line when its middle is within this many line heights of the line's typical middle.
SAME_LINE = 0.5
# Tesseract's words read with less confidence are mostly ruling-line debris: no word boxes for tables.
OCR_WORD_MIN_CONFIDENCE = 20


@dataclass(frozen=True)
class WordBox:
    """One word on a page, in page coordinates (y grows downwards)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    start: int | None = None  # character offset of the word in the page text, when known
    confidence: float | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class FoundTable:
    """A table found on one page: cell strings plus the words each cell was built from."""

    rows: list[list[str]]
    bbox: tuple[float, float, float, float]
    header: list[str] | None = None
    cell_words: list[list[list[WordBox]]] = field(default_factory=list)
    strategy: str = "lines"


@dataclass
class TextLine:
    words: list[WordBox]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.height for w in self.words)


def group_lines(words: Iterable[WordBox]) -> list[TextLine]:
    """Words into text lines: a word joins the line whose vertical extent holds its middle."""
    lines: list[TextLine] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if not word.text.strip():
            continue
        if lines:
            line = lines[-1]
            # against the line's typical word, not its extent, so one tall box cannot swallow rows
            middle = statistics.median(w.middle for w in line.words)
            if abs(word.middle - middle) <= SAME_LINE * line.height:
                line.words.append(word)
                continue
        lines.append(TextLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def line_segments(line: TextLine, gap: float) -> list[list[WordBox]]:
    segments: list[list[WordBox]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.x0 - previous.x1 > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def join_words(words: Sequence[WordBox]) -> str:
    return " ".join(" ".join(w.text for w in words).split())


def pdf_words(page) -> list[WordBox]:
    return [
        WordBox(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]


def ocr_word_boxes(words) -> list[WordBox]:
    """Tesseract's words (``OcrWord``) as word boxes that keep their offsets into the page text."""
    return [
        WordBox(w.text, w.left, w.top, w.left + w.width, w.top + w.height, w.start, w.confidence)
        for w in words
        if any(ch.isalnum() for ch in w.text) and w.confidence >= OCR_WORD_MIN_CONFIDENCE  # ruling-line debris
    ]
