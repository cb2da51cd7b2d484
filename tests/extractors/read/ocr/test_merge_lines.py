"""``with_ppocr_lines``: tesseract's read with only its unsure lines re-read by PP-OCR's recogniser.

The page is drawn here and tesseract's read of it built by hand (boxes from the drawn words), so each
test decides which lines tesseract was sure of. The recogniser is replaced by one that reads the drawn
line under a box and records the boxes it was given, except in the slow test, which runs the real one.
"""

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.read.ocr import ppocr
from extractors.read.ocr.merge import SURE_LINE, with_ppocr_lines
from extractors.read.ocr.ppocr import Line
from extractors.read.ocr.results import OcrResult, assemble

LINES = ["Harbour deal signed", "by the council", "on Tuesday"]
TOPS = [60, 160, 260]


def _page() -> tuple[Image.Image, list[list[tuple[str, tuple[int, int, int, int]]]]]:
    """The drawn page and, per line, its words with their ink boxes (left, top, width, height)."""
    image = Image.new("RGB", (1000, 360), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    boxes = []
    for text, top in zip(LINES, TOPS):
        x, words = 60, []
        for word in text.split():
            left, upper, right, lower = draw.textbbox((x, top), word, font=font)
            draw.text((x, top), word, fill="black", font=font)
            words.append((word, (left, upper, right - left, lower - upper)))
            x = right + 24
        boxes.append(words)
    return image, boxes


def _tesseract(boxes, readings: dict[int, tuple[list[str], float]]) -> OcrResult:
    """Tesseract's read: for each line number in ``readings``, its words as read and their confidence
    (a line left out is one tesseract missed)."""
    placed = []
    for number, (texts, confidence) in readings.items():
        for text, (_, box) in zip(texts, boxes[number]):
            placed.append((text, confidence, box, 1, 1, number + 1))
    return assemble(placed)


@pytest.fixture
def recogniser(monkeypatch):
    """A recogniser that reads the drawn line whose middle lies in each box; records the boxes."""
    asked: list[tuple[int, int, int, int]] = []

    def recognise(image, boxes):
        lines = []
        for left, top, width, height in boxes:
            asked.append((left, top, width, height))
            drawn = [i for i, t in enumerate(TOPS) if top <= t + 20 <= top + height]
            if not drawn:
                lines.append(None)
                continue
            text = LINES[drawn[0]]
            pitch = width / len(text)
            lines.append(
                Line(
                    chars=list(text),
                    xs=[left + pitch * (i + 0.5) for i in range(len(text))],
                    probs=[0.97] * len(text),
                    left=float(left),
                    right=float(left + width),
                    top=float(top),
                    bottom=float(top + height),
                    score=0.97,
                    gaps=[],
                )
            )
        return lines

    monkeypatch.setattr(ppocr, "recognise_boxes", recognise)
    return asked


def _on_line(box, number: int) -> bool:
    left, top, width, height = box
    return top <= TOPS[number] + 20 <= top + height


def test_a_sure_line_is_kept_and_an_unsure_one_read_again(recogniser):
    image, boxes = _page()
    tesseract = _tesseract(
        boxes,
        {
            0: (["Harbour", "deal", "signed"], 96.0),  # sure: kept even though the recogniser would agree
            1: (["bv", "tne", "councll"], 55.0),  # unsure and wrong
            2: (["on", "Tuesday"], 95.0),
        },
    )
    result = with_ppocr_lines(image, tesseract)
    assert result.text == "Harbour deal signed\nby the council\non Tuesday"
    assert any(_on_line(box, 1) for box in recogniser)  # the unsure line was read again
    assert not any(_on_line(box, 0) or _on_line(box, 2) for box in recogniser)  # the sure ones were not
    sure = {w.text: w.confidence for w in result.words}
    assert sure["Harbour"] == 96.0 and sure["council"] == 97.0
    for word in result.words:
        assert result.text[word.start : word.start + len(word.text)] == word.text


def test_the_sure_threshold_decides(recogniser):
    image, boxes = _page()
    just_sure = _tesseract(
        boxes,
        {
            0: (["Harbour", "deal", "signed"], SURE_LINE),
            1: (["bv", "tne", "councll"], SURE_LINE),
            2: (["on", "Tuesday"], 99.0),
        },
    )
    assert with_ppocr_lines(image, just_sure) is just_sure  # nothing unsure, no ink uncovered: no recogniser call
    assert recogniser == []


def test_a_line_tesseract_missed_is_read_and_placed_below_the_line_above(recogniser):
    image, boxes = _page()
    tesseract = _tesseract(boxes, {0: (["Harbour", "deal", "signed"], 96.0), 2: (["on", "Tuesday"], 95.0)})
    result = with_ppocr_lines(image, tesseract)
    assert result.text.splitlines() == ["Harbour deal signed", "by the council", "on Tuesday"]


def test_a_broken_recogniser_keeps_tesseracts_read(monkeypatch):
    def broken(image, boxes):
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(ppocr, "recognise_boxes", broken)
    image, boxes = _page()
    tesseract = _tesseract(
        boxes,
        {0: (["Harbour", "deal", "signed"], 96.0), 1: (["bv", "tne", "councll"], 55.0), 2: (["on", "Tuesday"], 95.0)},
    )
    assert with_ppocr_lines(image, tesseract) is tesseract


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None or not ppocr.available(), reason="rapidocr missing")
def test_the_real_recogniser_reads_the_unsure_line():
    image, boxes = _page()
    tesseract = _tesseract(
        boxes,
        {0: (["Harbour", "deal", "signed"], 96.0), 1: (["bv", "tne", "councll"], 40.0), 2: (["on", "Tuesday"], 95.0)},
    )
    result = with_ppocr_lines(image, tesseract, lang="eng")
    lines = result.text.splitlines()
    assert lines[0] == "Harbour deal signed" and lines[2] == "on Tuesday"
    assert lines[1].split() == ["by", "the", "council"], result.text


def test_a_sure_tesseract_word_of_other_chinese_characters_does_not_replace_a_ppocr_word():
    from extractors.read.ocr.merge import _prefer_sure_tesseract
    from extractors.read.ocr.results import OcrWord

    ppocr_word = OcrWord("北京市人民政府外事办公室", 99.0, 640, 0, 480, 40, 1, 1, 0)
    loose = OcrWord("民政", 93.0, 806, 0, 312, 40, 1, 1, 0)  # tesseract's box over most of the word
    assert _prefer_sure_tesseract(ppocr_word, [loose]).text == "北京市人民政府外事办公室"
    same_length = OcrWord("北京市人民政府外事辦公室", 95.0, 640, 0, 480, 40, 1, 1, 0)
    assert _prefer_sure_tesseract(ppocr_word, [same_length]).text == "北京市人民政府外事辦公室"
    latin = OcrWord("TOTAL", 60.0, 0, 0, 100, 20, 1, 1, 0)
    assert _prefer_sure_tesseract(latin, [OcrWord("T0TAL:", 95.0, 0, 0, 100, 20, 1, 1, 0)]).text == "T0TAL:"
