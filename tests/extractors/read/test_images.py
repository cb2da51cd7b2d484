"""Image documents in every format a leak brings: each is OCR'd like a PNG scan."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.read.dispatch import read_document
from extractors.settings import Settings

FORMATS = [("gif", "GIF"), ("webp", "WEBP"), ("bmp", "BMP"), ("jp2", "JPEG2000")]


def _page(text: str) -> Image.Image:
    image = Image.new("L", (1400, 220), 255)
    font = ImageFont.load_default(size=64)
    ImageDraw.Draw(image).text((40, 60), text, fill=0, font=font)
    return image


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract missing")
@pytest.mark.parametrize("extension,pil_format", FORMATS)
def test_every_image_format_is_ocrd(tmp_path, extension, pil_format):
    path = tmp_path / f"memo.{extension}"
    _page("Harbour council meeting").save(path, pil_format)
    result = read_document(path, settings=Settings(ocr_engine="tesseract"))
    assert result.document.status == "ok", result.document.error
    assert result.document.media_type.startswith("image/")
    [page] = result.pages
    assert page.method == "ocr" and "Harbour council meeting" in " ".join(page.text.split())


def test_a_file_named_as_an_image_that_is_not_one_fails(tmp_path):
    path = tmp_path / "memo.webp"
    path.write_bytes(b"<html><body>not a picture</body></html>")
    result = read_document(path, settings=Settings())
    assert result.document.status == "failed" and "not image/webp" in result.document.error
