"""Word boxes: offsets into the page text, from pdfplumber's text map and from OCR words, and the cell
spans built from them."""

import pdfplumber
import pytest

from extractors.read.ocr.results import OcrWord
from extractors.read.tables.words import FoundTable, WordBox, cell_span, ocr_word_boxes, pdf_words, table_spans
from extractors.records import Document, DocumentResult, Table


def test_pdf_words_point_into_the_page_text(tmp_path):
    pytest.importorskip("fpdf")
    from tests.conftest import make_pdf

    path = make_pdf(tmp_path / "memo.pdf", ["Harbour deal: Helen Brandt met Bo Chan.\nThe Mayor signed the deal."])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        words = pdf_words(page, text)
        assert [w.text for w in words] == text.split()
        for word in words:
            assert text[word.start : word.end] == word.text
        # "deal" is written twice: each word box points at its own occurrence
        deals = [w.start for w in words if w.text.startswith("deal")]
        assert deals == [text.index("deal"), text.rindex("deal")]
        # a text that is not the page's text map gives no offsets rather than wrong ones
        assert all(w.start is None and w.end is None for w in pdf_words(page, text + " "))
        assert all(w.start is None for w in pdf_words(page))


def test_ocr_word_boxes_keep_their_offsets():
    words = [OcrWord("Helen", 91.0, 10, 5, 50, 12, 1, 1, 7), OcrWord("|", 10.0, 70, 5, 2, 12, 1, 1, 13)]
    (box,) = ocr_word_boxes(words)
    assert (box.start, box.end) == (7, 12)


def test_cell_spans_run_from_the_first_word_to_the_last():
    a, b = WordBox("Helen", 0, 0, 5, 1, 20, end=25), WordBox("Brandt", 6, 0, 12, 1, 26, end=32)
    assert cell_span([b, a]) == [20, 32]
    assert cell_span([]) is None and cell_span([a, WordBox("x", 0, 0, 1, 1)]) is None
    table = FoundTable(rows=[["Helen Brandt", ""]], bbox=(0, 0, 1, 1), cell_words=[[[a, b], []]])
    assert table_spans(table) == [[[20, 32], None]]
    assert table_spans(FoundTable(rows=[["Helen Brandt"]], bbox=(0, 0, 1, 1))) is None  # no cell words


def test_table_spans_survive_the_document_cache():
    table = Table("d", 1, 0, ["Name"], [["Helen Brandt"], ["?"]], [[[20, 32]], [None]])
    result = DocumentResult(document=Document("d", "memo.pdf", "application/pdf"), tables=[table])
    assert DocumentResult.from_json(result.to_json()).tables == [table]


def test_a_cells_chinese_words_are_joined_without_spaces():
    from extractors.read.tables.words import join_words

    def box(text):
        return WordBox(text, 0, 0, 1, 1)

    assert join_words([box("北京"), box("市"), box("人民政府")]) == "北京市人民政府"
    assert join_words([box("纳希德·"), box("年希")]) == "纳希德·年希"
    assert join_words([box("Springfield"), box("City"), box("Council")]) == "Springfield City Council"
    assert join_words([box("王小明"), box("(Wang"), box("Xiaoming)")]) == "王小明 (Wang Xiaoming)"
