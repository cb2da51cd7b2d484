"""OCR preprocessing: the skew estimate, ruling lines removed from grids only."""

from PIL import Image, ImageDraw

from extractors.read.ocr.preprocess import estimate_skew, remove_rulings
from tests.extractors.read.ocr.pages import printed_page as _page


def test_skew_is_measured():
    assert abs(estimate_skew(_page(angle=3.0)) + 3.0) < 0.6  # the correction undoes the skew
    assert abs(estimate_skew(_page())) < 0.3


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
