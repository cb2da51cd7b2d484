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


#: a gap between two words of Chinese or Japanese characters at least as wide as they are high is
#: kept as a space (tesseract's boxes of characters of one run stand up to two thirds of their height apart)
CJK_COLUMN_GAP = 1.0


def assemble(placed) -> OcrResult:
    """Page text and its words from ``(text, confidence, (left, top, width, height), block, paragraph,
    line)`` in reading order: a space between words of one line (none between two words that meet in
    Chinese or Japanese characters, which are written without spaces, unless a wide gap parts them), a
    newline between lines, a blank line where the paragraph changes. Word offsets point into the text."""
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    previous: tuple | None = None
    for text, conf, (left, top, width, height), block, paragraph, line in placed:
        if previous is not None:
            sep = "\n\n" if paragraph != previous[0] else "\n" if line != previous[1] else " "
            if sep == " " and words and written_together(words[-1].text[-1], text[0]):
                last = words[-1]
                gap = left - (last.left + last.width)
                # no space inside a run of characters; a gap of a character's width or more is a
                # column's or a table cell's edge (王小明   处长   外事办公室), which keeps its space
                sep = " " if gap >= CJK_COLUMN_GAP * max(height, last.height, 1) else ""
            parts.append(sep)
            length += len(sep)
        previous = (paragraph, line)
        words.append(OcrWord(text, conf, left, top, width, height, block, line, length))
        parts.append(text)
        length += len(text)
    confidences = [w.confidence for w in words]
    confidence = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text="".join(parts), confidence=confidence, words=words)


#: middle dots that join the parts of a transliterated name (纳希德·年希)
_NAME_DOTS = "·•‧"


def written_together(left: str, right: str) -> bool:
    """Whether two words that meet in characters ``left`` and ``right`` are written without a space
    between them: Chinese or Japanese characters, and a name's middle dot between them."""
    return (is_cjk(left) or left in _NAME_DOTS) and (is_cjk(right) or right in _NAME_DOTS)


def is_cjk(ch: str) -> bool:
    """A Chinese or Japanese character, CJK punctuation or a full-width form."""
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
