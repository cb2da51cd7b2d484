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


GARBAGE = "(cid:12)(cid:7)(cid:45)(cid:3) (cid:9)(cid:22)(cid:14)"


@pytest.mark.parametrize(
    "text,area,mode,expected",
    [
        ("", 0.0, "auto", (True, "no text layer")),
        # a short page of real text is not a scan (OCR turned "Hello, World!" into "H World!")
        ("Hello, World!\n\nHello, World!", 0.0, "auto", (False, "text layer")),
        ("p. 3", 0.0, "auto", (False, "text layer")),
        (GARBAGE, 0.0, "auto", (True, "garbage text layer (unmapped glyphs: 100% of the characters)")),
        ("x" * 100, 0.9, "auto", (True, "mostly image (90% of the page) with little text")),
        ("x" * 500, 0.9, "auto", (False, "text layer")),
        ("x" * 500, 0.0, "force", (True, "ocr=force")),
        ("x" * 500, 0.0, "always", (True, "ocr=force")),  # the old name still works
        ("", 1.0, "never", (False, "ocr=never")),
        (GARBAGE, 0.0, "never", (False, "ocr=never")),
        ("Hello, World!", 0.0, "never", (False, "text layer")),
        (GARBAGE, 0.0, "redo", (True, "garbage text layer (unmapped glyphs: 100% of the characters)")),
        ("Hello, World!", 0.9, "redo", (False, "text layer")),
        ("", 1.0, "redo", (False, "no text layer (ocr=redo OCRs garbage text layers only)")),
    ],
)
def test_ocr_decision(text, area, mode, expected):
    assert decide_ocr(text, image_area=area, settings=Settings(ocr=mode)) == expected


def _policy_pdf(tmp_path):
    """Page 1 a short real text, page 2 empty, page 3 a picture covering the page with a page number."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(picture).text((50, 50), "SCANNED MEMO", fill=0)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 10, "Hello, World!")
    pdf.add_page()
    pdf.add_page()
    pdf.image(picture, x=0, y=0, w=210, h=297)
    pdf.set_xy(100, 285)
    pdf.cell(0, 5, "p. 3")
    path = tmp_path / "policy.pdf"
    pdf.output(str(path))
    return path


def test_ocr_policy_on_built_pdfs(tmp_path):
    from tests.e2e.make_hostile import cid_pdf

    (tmp_path / "cid.pdf").write_bytes(cid_pdf())
    pages = read_pdf(_policy_pdf(tmp_path), settings=Settings()).pages
    assert [(p.needs_ocr, p.ocr_reason) for p in pages] == [
        (False, "text layer"),
        (True, "no text layer"),
        (True, "mostly image (100% of the page) with little text"),
    ]
    assert pages[0].text == "Hello, World!"
    [garbled] = read_pdf(tmp_path / "cid.pdf", settings=Settings()).pages
    assert garbled.needs_ocr and garbled.ocr_reason.startswith("garbage text layer (unmapped glyphs")
    # redo: only the garbage text layer is read again
    assert [p.needs_ocr for p in read_pdf(_policy_pdf(tmp_path), settings=Settings(ocr="redo")).pages] == [
        False,
        False,
        False,
    ]
    assert read_pdf(tmp_path / "cid.pdf", settings=Settings(ocr="redo")).pages[0].needs_ocr


def test_ocr_starts_while_later_pages_are_read(tmp_path):
    """Pages that need OCR are announced as soon as they are read, in page order."""
    path = make_pdf(tmp_path / "mixed.pdf", ["", "The council approved the harbour deal. " * 5, ""])
    seen = []
    content = read_pdf(path, settings=Settings(), on_ocr_page=seen.append)
    assert seen == [1, 3] == [p.number for p in content.pages if p.needs_ocr]
