import pytest

from extractors.read.pdf import decide_ocr, read_pdf
from extractors.settings import Settings
from tests.conftest import make_pdf


def test_text_layer_pages_and_tables(tmp_path):
    path = make_pdf(
        tmp_path / "memo.pdf",
        ["Foreign Affairs Office of Northbridge. Memo dated 12 March 2019 about overseas officials."],
        table=[["Name", "Title", "Country"], ["Helen Brandt", "Mayor", "Canada"], ["Priya Raman", "Director", "India"]],
    )
    content = read_pdf(path, settings=Settings())
    assert len(content.pages) == 1
    page = content.pages[0]
    assert not page.needs_ocr and page.ocr_reason == "text layer"
    assert "Foreign Affairs Office" in page.text
    assert len(page.tables) == 1
    assert page.tables[0].header == ["Name", "Title", "Country"]
    assert page.tables[0].rows == [["Helen Brandt", "Mayor", "Canada"], ["Priya Raman", "Director", "India"]]


@pytest.mark.parametrize(
    "text,area,mode,expected",
    [
        ("", 0.0, "auto", (True, "no text layer")),
        ("p. 3", 0.0, "auto", (True, "too little text (2 characters)")),
        ("x" * 100, 0.9, "auto", (True, "mostly image (90% of the page) with little text")),
        ("x" * 500, 0.9, "auto", (False, "text layer")),
        ("x" * 500, 0.0, "always", (True, "ocr=always")),
        ("", 1.0, "never", (False, "ocr=never")),
    ],
)
def test_ocr_decision(text, area, mode, expected):
    assert decide_ocr(text, image_area=area, settings=Settings(ocr=mode)) == expected


def test_ocr_starts_while_later_pages_are_read(tmp_path):
    """Pages that need OCR are announced as soon as they are read, in page order."""
    path = make_pdf(tmp_path / "mixed.pdf", ["", "The council approved the harbour deal. " * 5, ""])
    seen = []
    content = read_pdf(path, settings=Settings(), on_ocr_page=seen.append)
    assert seen == [1, 3] == [p.number for p in content.pages if p.needs_ocr]
