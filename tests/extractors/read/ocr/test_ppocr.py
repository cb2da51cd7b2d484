"""PP-OCR characters with word breaks from ink gaps and tesseract (extractors/read/ocr/ppocr.py)."""

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.read.ocr import ppocr
from extractors.read.ocr.engine import ocr_image, use_ppocr
from extractors.read.ocr.ppocr import Line, _ink_gaps, layout_rows, line_words, word_breaks
from extractors.settings import OcrOptions

needs_engines = pytest.mark.skipif(
    shutil.which("tesseract") is None or not ppocr.available(), reason="tesseract or rapidocr missing"
)


def _line(text: str, gaps=(), left=0.0, pitch=10.0, top=100.0, height=20.0) -> Line:
    """A recognised line whose characters sit every `pitch` pixels from `left`."""
    xs = [left + pitch * (i + 0.5) for i in range(len(text))]
    return Line(
        chars=list(text),
        xs=xs,
        probs=[0.95] * len(text),
        left=left,
        right=left + pitch * len(text),
        top=top,
        bottom=top + height,
        score=0.95,
        gaps=list(gaps),
    )


def test_words_split_at_ink_gaps():
    # "TQFORSHOP" with blank runs between Q|F and R|S
    words = line_words(_line("TQFORSHOP", gaps=[20.0, 50.0]))
    assert [w.text for w in words] == ["TQ", "FOR", "SHOP"]
    assert words[1].left == 20 and words[1].width == 30  # boxes in page pixels
    assert all(w.top == 100 and w.height == 20 for w in words)
    assert all(0 <= w.confidence <= 100 for w in words)


def test_words_split_at_tesseract_breaks_too():
    line = _line("SUBTOTAL", gaps=[])
    assert [w.text for w in line_words(line, [30.0])] == ["SUB", "TOTAL"]


def test_no_break_inside_numbers_or_between_cjk():
    assert [w.text for w in line_words(_line("21.90", gaps=[15.0, 25.0]))] == ["21.90"]
    assert [w.text for w in line_words(_line("10:51:00", gaps=[25.0]))] == ["10:51:00"]
    assert [w.text for w in line_words(_line("北京市", gaps=[10.0, 20.0]))] == ["北京市"]
    # a break between a number and a word still counts
    assert [w.text for w in line_words(_line("RM21.90", gaps=[20.0]))] == ["RM", "21.90"]


def test_recogniser_spaces_and_full_width_forms():
    assert [w.text for w in line_words(_line("NO：4 AB"))] == ["NO:4", "AB"]
    assert [w.text for w in line_words(_line("（GST）"))] == ["(GST)"]


def test_zero_inside_words_becomes_o():
    texts = [w.text for w in line_words(_line("C0AT te0d0res 2019 A0"))]
    assert texts == ["COAT", "teodores", "2019", "A0"]  # "A0" has too few letters to tell


def test_word_breaks_come_from_boxes_on_the_same_line():
    line = _line("ABCDEFGH", top=100, height=20)
    boxes = [(0, 102, 28, 16), (34, 101, 40, 18), (0, 300, 50, 18)]  # the last is on another line
    assert word_breaks(line, boxes) == [31.0]


def test_ink_gaps_need_a_word_sized_blank():
    crop = np.full((40, 200, 3), 255, np.uint8)
    crop[10:30, 10:50] = 0  # a word
    crop[10:30, 53:90] = 0  # letter-spaced: 3 px blank
    crop[10:30, 110:190] = 0  # 20 px blank = word space at 20 px ink height
    gaps, top, bottom = _ink_gaps(crop)
    assert len(gaps) == 1 and 95 <= gaps[0] <= 105
    assert (top, bottom) == (10, 30)  # the ink's rows, not the padded box


def test_layout_rows_groups_boxes_sharing_a_baseline():
    a = _line("LEFT", left=0, top=100)
    b = _line("RIGHT", left=300, top=103)
    c = _line("NEXT", left=0, top=140)
    rows = layout_rows([c, b, a])
    assert [[ln.chars[0] for ln in row] for row in rows] == [["L", "R"], ["N"]]


def test_engine_choice_follows_languages_and_option():
    assert ppocr.supports("eng") and ppocr.supports("eng+chi_sim")
    assert not ppocr.supports("eng+fra") and not ppocr.supports("deu")
    assert not use_ppocr(OcrOptions(engine="tesseract"), "eng")
    assert not use_ppocr(OcrOptions(), "fra")
    assert use_ppocr(OcrOptions(), "eng") == ppocr.available()
    assert use_ppocr(OcrOptions(engine="ppocr"), "eng") == ppocr.available()


@pytest.mark.slow
@needs_engines
def test_clean_prints_keep_tesseracts_read(monkeypatch):
    """auto: a page tesseract reads with high confidence never goes to PP-OCR."""
    calls = []
    monkeypatch.setattr(ppocr, "read_lines", lambda image: calls.append(1) or [])
    ocr_image(_clean_page(), options=OcrOptions(engine="auto"))
    assert calls == []
    ocr_image(_clean_page(), options=OcrOptions(engine="ppocr"))
    assert calls == [1]


def _clean_page() -> Image.Image:
    image = Image.new("RGB", (1400, 700), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    for i in range(8):
        draw.text((60, 40 + i * 80), "The council approved the harbour budget for next year", fill="black", font=font)
    return image


def _receipt() -> Image.Image:
    image = Image.new("RGB", (900, 360), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    lines = ["TAX INVOICE NO: 4471", "COAT HANGER    2 x 21.90", "SUB TOTAL      43.80", "THANK YOU COME AGAIN"]
    for i, text in enumerate(lines):
        draw.text((40, 30 + i * 80), text, fill="black", font=font)
    return image


@pytest.mark.slow
@needs_engines
def test_hybrid_reads_words_with_boxes_on_the_page():
    result = ocr_image(_receipt(), options=OcrOptions(engine="ppocr"))  # a clean print: force PP-OCR
    words = result.text.split()
    for expected in ["TAX", "INVOICE", "4471", "COAT", "HANGER", "21.90", "43.80", "THANK", "AGAIN"]:
        assert expected in words, result.text
    assert result.text.count("\n") >= 3  # one text line per printed line
    for w in result.words:
        assert result.text[w.start : w.start + len(w.text)] == w.text
        assert 0 <= w.left and w.left + w.width <= 900 and 0 <= w.top and w.top + w.height <= 360
    hanger = next(w for w in result.words if w.text == "HANGER")
    total = next(w for w in result.words if w.text == "43.80")
    assert hanger.top < total.top and hanger.left < total.left  # boxes follow the page layout


@pytest.mark.slow
@needs_engines
def test_hybrid_falls_back_to_tesseract_when_ppocr_breaks(monkeypatch):
    def broken(image):
        raise RuntimeError("model file damaged")

    monkeypatch.setattr(ppocr, "read_lines", broken)
    result = ocr_image(_receipt(), options=OcrOptions(engine="ppocr"))
    assert "INVOICE" in result.text  # tesseract's own read stands
