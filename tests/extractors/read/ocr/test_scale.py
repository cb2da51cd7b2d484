"""Text height: how much a page is resized for a second read."""

import pytest

from extractors.read.ocr.results import OcrResult, OcrWord
from extractors.read.ocr.scale import rescale_factor


def _result(height: int, n: int = 9) -> OcrResult:
    words = [OcrWord("word", 90.0, 10 * i, 0, 40, height, 1, 1, 5 * i) for i in range(n)]
    return OcrResult(" ".join(w.text for w in words), 90.0, words)


def test_rescale_factor_targets_readable_text_height():
    assert rescale_factor(_result(12)) == pytest.approx(35 / 12)  # small text is enlarged
    assert rescale_factor(_result(70)) == pytest.approx(0.5)  # very large text is reduced
    assert rescale_factor(_result(33)) is None  # close enough: one read only
    assert rescale_factor(_result(5)) == 3.0  # never more than 3x
    assert rescale_factor(_result(12, n=3)) is None  # too few words to tell
