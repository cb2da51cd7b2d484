"""DjVu files: a page's text layer when it holds real text, OCR of the page where it has none."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.read.dispatch import read_document
from extractors.settings import Settings

pytestmark = pytest.mark.skipif(shutil.which("cjb2") is None, reason="djvulibre-bin missing")


def _djvu(tmp_path, text: str, *, layer: str | None = None):
    """A one-page DjVu scan of ``text`` (cjb2), with ``layer`` as its hidden text layer when given."""
    image = Image.new("L", (1700, 400), 255)
    ImageDraw.Draw(image).text((60, 120), text, fill=0, font=ImageFont.load_default(size=90))
    bitmap = tmp_path / "page.pbm"
    image.convert("1").save(bitmap)
    path = tmp_path / "scan.djvu"
    subprocess.run(["cjb2", "-dpi", "300", str(bitmap), str(path)], check=True)
    if layer is not None:
        sexpr = tmp_path / "text.txt"
        sexpr.write_text(f'(page 0 0 1700 400 (line 60 120 1600 220 (word 60 120 1600 220 "{layer}")))\n')
        subprocess.run(["djvused", str(path), "-e", f"select 1; set-txt {sexpr}", "-s"], check=True)
    return path


@pytest.mark.slow
def test_a_page_without_a_text_layer_is_ocrd(tmp_path):
    result = read_document(_djvu(tmp_path, "Harbour council meeting"), settings=Settings(ocr_engine="tesseract"))
    assert result.document.status == "ok" and result.document.media_type == "image/vnd.djvu"
    [page] = result.pages
    assert (page.method, page.ocr_reason) == ("ocr", "no text layer")
    assert "Harbour council meeting" in " ".join(page.text.split())


def test_a_text_layer_is_kept(tmp_path):
    path = _djvu(tmp_path, "Harbour council meeting", layer="Minutes of the harbour council")
    [page] = read_document(path, settings=Settings()).pages
    assert (page.method, page.ocr_reason) == ("text", "text layer")
    assert page.text.strip() == "Minutes of the harbour council"


def test_a_damaged_djvu_fails_with_a_reason(tmp_path):
    path = tmp_path / "broken.djvu"
    path.write_bytes(b"AT&TFORM\x00\x00\x00\x10DJVU broken")
    result = read_document(path, settings=Settings())
    assert result.document.status == "failed" and "DjVu" in result.document.error
