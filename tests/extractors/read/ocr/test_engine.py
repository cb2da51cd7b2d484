"""OCR: preprocessing, the cache key, languages."""

import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.read.dispatch import read_document
from extractors.settings import OcrOptions
from extractors.read.ocr.engine import (
    OcrCache,
    OcrResult,
    OcrWord,
    estimate_skew,
    image_key,
    ocr_image,
    remove_rulings,
    rescale_factor,
    tesseract_available,
)
from extractors.settings import Settings

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract missing")


def _page(text="Harbour deal signed by the council", angle=0.0):
    image = Image.new("L", (1400, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for i in range(5):
        draw.text((60, 60 + i * 80), text, fill=0, font=font)
    return image.rotate(angle, fillcolor=255, expand=True) if angle else image


def test_skew_is_measured():
    assert abs(estimate_skew(_page(angle=3.0)) + 3.0) < 0.6  # the correction undoes the skew
    assert abs(estimate_skew(_page())) < 0.3


def test_cache_key_depends_on_settings():
    image = _page()
    assert image_key(image, lang="eng") != image_key(image, lang="eng+chi_sim")
    assert OcrOptions().key() != OcrOptions(deskew=False).key()


def _result(height: int, n: int = 9) -> OcrResult:
    words = [OcrWord("word", 90.0, 10 * i, 0, 40, height, 1, 1, 5 * i) for i in range(n)]
    return OcrResult(" ".join(w.text for w in words), 90.0, words)


def test_rescale_factor_targets_readable_text_height():
    assert rescale_factor(_result(12)) == pytest.approx(35 / 12)  # small text is enlarged
    assert rescale_factor(_result(70)) == pytest.approx(0.5)  # very large text is reduced
    assert rescale_factor(_result(33)) is None  # close enough: one read only
    assert rescale_factor(_result(5)) == 3.0  # never more than 3x
    assert rescale_factor(_result(12, n=3)) is None  # too few words to tell


def test_issue_rulings_kept_off_receipts():
    """Dense bold text and a lone separator are no ruled grid: nothing is whitened."""
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 130, 4):  # a bold text line: most pixels of each row dark, in short runs
        for x in range(20, 580, 6):
            draw.rectangle((x, y, x + 3, y + 2), fill=0)
    draw.line((20, 200, 580, 200), fill=0, width=2)  # one separator line
    assert remove_rulings(image).tobytes() == image.tobytes()


def test_grid_rulings_are_removed_but_not_text():
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    for y in (50, 120, 190, 260):
        draw.line((20, y, 580, y), fill=0, width=2)
    for x in (20, 200, 400, 580):
        draw.line((x, 50, x, 260), fill=0, width=2)
    draw.rectangle((60, 80, 70, 100), fill=0)  # a letter's stroke inside a cell
    cleaned = remove_rulings(image)
    assert cleaned.getpixel((300, 120)) == 255 and cleaned.getpixel((200, 150)) == 255
    assert cleaned.getpixel((65, 90)) == 0


@pytest.mark.slow
@needs_tesseract
def test_small_text_is_read_after_rescaling():
    """A page whose words are ~12 px tall is read again enlarged, and the better read is kept."""
    image = Image.new("L", (700, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13)
    for i, line in enumerate(["Harbour deal signed by council members", "Payment to offshore account 2019",
                              "Director approved the budget transfer"]):
        draw.text((10, 10 + i * 30), line, fill=0, font=font)
    result = ocr_image(image, options=OcrOptions(engine="tesseract"))  # the rescaled second read is tesseract's
    words = set(result.text.lower().split())
    assert {"harbour", "offshore", "director", "budget"} <= words
    assert all(w.left + w.width <= 720 and w.top + w.height <= 140 for w in result.words)  # page coordinates


@pytest.mark.slow
@needs_tesseract
def test_skewed_page_is_read():
    result = ocr_image(_page(angle=4.0))
    words = result.text.lower().split()
    assert words.count("harbour") >= 4
    assert result.confidence and result.confidence > 60
    assert all(result.text[w.start:w.start + len(w.text)] == w.text for w in result.words)


def _has_lang(lang):
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return lang in out.split()


@pytest.mark.slow
@pytest.mark.skipif(not _has_lang("chi_sim"), reason="tesseract-ocr-chi-sim not installed")
def test_chinese_page():
    import glob

    fonts = [
        f
        for pattern in ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/*wqy*")
        for f in glob.glob(pattern, recursive=True)
        if f.lower().endswith((".ttf", ".ttc", ".otf"))
    ]
    if not fonts:
        pytest.skip("no CJK font to draw the test page")
    image = Image.new("L", (1200, 300), 255)
    ImageDraw.Draw(image).text((40, 100), "港口协议由市议会签署", fill=0, font=ImageFont.truetype(fonts[0], 60))
    result = ocr_image(image, lang="chi_sim")
    assert "港口" in result.text.replace(" ", "")


LINES = ["MEMORANDUM", "Mayor Helen Brandt of Northbridge", "met officials in Calgary, Canada", "on 12 March 2019."]


def _page_image() -> Image.Image:
    image = Image.new("L", (1400, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(LINES):
        draw.text((60, 50 + i * 100), line, fill=0, font=font)
    return image


@pytest.mark.slow
@needs_tesseract
def test_ocr_reads_words_with_offsets_and_confidence(tmp_path):
    cache = OcrCache(tmp_path / "cache")
    result = ocr_image(_page_image(), cache=cache)
    words = set(result.text.replace(",", " ").replace(".", " ").split())
    assert {"Mayor", "Helen", "Brandt", "Calgary", "Canada", "2019"} <= words
    assert result.confidence is not None and result.confidence > 60
    for word in result.words:
        assert result.text[word.start : word.start + len(word.text)] == word.text
    # second call is served from the cache, with the same result
    assert list((tmp_path / "cache").rglob("*.json"))
    assert ocr_image(_page_image(), cache=cache) == result


@pytest.mark.slow
@needs_tesseract
def test_image_document_is_ocrd(tmp_path):
    path = tmp_path / "scan.png"
    _page_image().save(path)
    result = read_document(path, settings=Settings(workers=1))
    assert result.document.status == "ok", result.document.error
    assert result.pages[0].method == "ocr"
    assert "Brandt" in result.pages[0].text
    assert result.pages[0].ocr_confidence > 0
