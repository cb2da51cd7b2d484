"""What one OCR read of a page is: its text, its words with boxes and confidences, the mean confidence.

``assemble`` builds the page text from words in reading order, so each word's ``start`` is its
character offset in that text (the text NER runs on, and the offsets table cells keep).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    lang: str | None = None  # the tesseract languages that read it ("eng", "chi_sim"), when known


def assemble(placed) -> OcrResult:
    """Page text and its words from ``(text, confidence, (left, top, width, height), block, paragraph,
    line)`` in reading order: a space between words of one line (none between two words that meet in
    Chinese or Japanese characters, which are written without spaces), a newline between lines, a
    blank line where the paragraph changes. Word offsets point into the text."""
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    previous: tuple | None = None
    for text, conf, (left, top, width, height), block, paragraph, line in placed:
        if previous is not None:
            sep = "\n\n" if paragraph != previous[0] else "\n" if line != previous[1] else " "
            if sep == " " and words and is_cjk(words[-1].text[-1]) and is_cjk(text[0]):
                sep = ""
            parts.append(sep)
            length += len(sep)
        previous = (paragraph, line)
        words.append(OcrWord(text, conf, left, top, width, height, block, line, length))
        parts.append(text)
        length += len(text)
    confidences = [w.confidence for w in words]
    confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text="".join(parts), confidence=confidence, words=words)


def is_cjk(ch: str) -> bool:
    """A Chinese or Japanese character, CJK punctuation or a full-width form."""
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
