"""Word boxes: a page's words in, the text lines and cell segments the table finders work on out.

``WordBox`` is one word in page coordinates, from pdfplumber (``pdf_words``) or tesseract
(``ocr_word_boxes``); ``FoundTable`` is what every finder returns: cell strings plus the words each
cell was built from. ``group_lines`` puts words into text lines, ``line_segments`` cuts a line at wide gaps.

Every word box knows where it is in the page text (``start``/``end``, the text written to pages.jsonl
and read by NER) when that is known: OCR text is assembled from the words, and a text-layer page's
text is pdfplumber's text map, whose characters point at the PDF characters each word is made of.
``table_spans`` gives each cell the characters of the words it was built from.
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
    end: int | None = None  # offset just past the word in the page text: text[start:end] is the word

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
    """A cell's text: its words joined by a space, but none between words written together
    (北京市 + 人民政府, 纳希德· + 年希: ``written_together``)."""
    from extractors.read.ocr.results import written_together

    out = ""
    for text in (t for w in words for t in w.text.split()):
        out += text if out and written_together(out[-1], text[0]) else f" {text}" if out else text
    return out


def pdf_words(page, text: str | None = None) -> list[WordBox]:
    """A pdfplumber page's words; with the page's ``text`` (``page.extract_text()``), each word's
    offsets into it. The offsets come from the text map that text is made from: each of its characters
    points at its PDF character, and each word knows its PDF characters. A page whose text map does not
    give exactly ``text`` (other extraction arguments) gets no offsets rather than guessed ones."""
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=text is not None)
    where = _char_offsets(page, text) if text is not None else None
    boxes = []
    for w in raw:
        start = end = None
        if where is not None:
            indices = [i for c in w["chars"] for i in where.get(id(c), ())]
            if indices and text[min(indices) : max(indices) + 1] == w["text"]:
                start, end = min(indices), max(indices) + 1
        boxes.append(
            WordBox(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), start, end=end)
        )
    return boxes


def _char_offsets(page, text: str) -> dict[int, list[int]] | None:
    """Where each PDF character of the page is in ``text`` (by the character object's identity), or
    None when the page's text map is not ``text``."""
    textmap = page.get_textmap()
    if textmap.as_string != text or len(textmap.tuples) != len(text):
        return None
    where: dict[int, list[int]] = {}
    for index, (_, char) in enumerate(textmap.tuples):
        if char is not None:  # spaces and newlines the text map put in
            where.setdefault(id(char), []).append(index)
    return where


def cell_span(words: Sequence[WordBox]) -> list[int] | None:
    """``[start, end]`` of a cell in the page text: its first word's start to its last word's end, in
    page order; None for an empty cell or one with a word of unknown offsets."""
    if not words or any(w.start is None or w.end is None for w in words):
        return None
    return [min(w.start for w in words), max(w.end for w in words)]


def table_spans(table: FoundTable) -> list[list[list[int] | None]] | None:
    """Each body cell's span (``cell_span``), parallel to ``table.rows``; None when the table does not
    know its cells' words."""
    if len(table.cell_words) != len(table.rows) or any(
        len(cells) != len(row) for cells, row in zip(table.cell_words, table.rows)
    ):
        return None
    return [[cell_span(cell) for cell in cells] for cells in table.cell_words]


def ocr_word_boxes(words) -> list[WordBox]:
    """Tesseract's words (``OcrWord``) as word boxes that keep their offsets into the page text."""
    return [
        WordBox(w.text, w.left, w.top, w.left + w.width, w.top + w.height, w.start, w.confidence, w.start + len(w.text))
        for w in words
        if any(ch.isalnum() for ch in w.text) and w.confidence >= OCR_WORD_MIN_CONFIDENCE  # ruling-line debris
    ]
