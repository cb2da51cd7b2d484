"""OCR of whole pages: rescaling, skew, languages, word offsets, the cache, image documents."""

import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.read.dispatch import read_document
from extractors.read.ocr.cache import OcrCache
from extractors.read.ocr.engine import ocr_image
from extractors.settings import OcrOptions, Settings
from tests.extractors.read.ocr.pages import printed_page as _page

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract missing")


@pytest.mark.slow
@needs_tesseract
def test_small_text_is_read_after_rescaling():
    """A page whose words are ~12 px tall is read again enlarged, and the better read is kept."""
    image = Image.new("L", (700, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13)
    for i, line in enumerate(
        [
            "Harbour deal signed by council members",
            "Payment to offshore account 2019",
            "Director approved the budget transfer",
        ]
    ):
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
    assert all(result.text[w.start : w.start + len(w.text)] == w.text for w in result.words)


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
