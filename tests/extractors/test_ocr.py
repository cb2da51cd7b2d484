"""OCR: preprocessing, the cache key, languages."""

import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.document import read_document
from extractors.ocr import OcrCache, OcrOptions, estimate_skew, image_key, ocr_image, tesseract_available
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
