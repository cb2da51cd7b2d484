import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.document import read_document
from extractors.ocr import OcrCache, ocr_image, tesseract_available
from extractors.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not tesseract_available(), reason="tesseract missing")]

LINES = ["MEMORANDUM", "Mayor Helen Brandt of Northbridge", "met officials in Calgary, Canada", "on 12 March 2019."]


def _page_image() -> Image.Image:
    image = Image.new("L", (1400, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(LINES):
        draw.text((60, 50 + i * 100), line, fill=0, font=font)
    return image


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


def test_image_document_is_ocrd(tmp_path):
    path = tmp_path / "scan.png"
    _page_image().save(path)
    result = read_document(path, settings=Settings(workers=1))
    assert result.document.status == "ok", result.document.error
    assert result.pages[0].method == "ocr"
    assert "Brandt" in result.pages[0].text
    assert result.pages[0].ocr_confidence > 0
