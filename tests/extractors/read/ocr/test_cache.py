"""The OCR cache key: the image plus everything that changes its read."""

from extractors.read.ocr.cache import image_key
from extractors.settings import OcrOptions
from tests.extractors.read.ocr.pages import printed_page as _page


def test_cache_key_depends_on_settings():
    image = _page()
    assert image_key(image, lang="eng") != image_key(image, lang="eng+chi_sim")
    assert OcrOptions().key() != OcrOptions(deskew=False).key()
