"""OCR: preprocessing, the cache key, languages."""

import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.ocr import OcrOptions, estimate_skew, image_key, ocr_image

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

    fonts = glob.glob("/usr/share/fonts/**/*CJK*", recursive=True) + glob.glob("/usr/share/fonts/**/*wqy*", recursive=True)
    if not fonts:
        pytest.skip("no CJK font to draw the test page")
    image = Image.new("L", (1200, 300), 255)
    ImageDraw.Draw(image).text((40, 100), "港口协议由市议会签署", fill=0, font=ImageFont.truetype(fonts[0], 60))
    result = ocr_image(image, lang="chi_sim")
    assert "港口" in result.text.replace(" ", "")
