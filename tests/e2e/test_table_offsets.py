"""Table mentions point at the table's own characters: the cell spans the reading stage takes from
the cells' words, never a search of the page text (which finds a name in the memo above the list)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.normalize.table_rows import table_mentions
from extractors.output.jsonl import read_jsonl
from extractors.read.dispatch import read_document, table_records
from extractors.read.tables.aligned import alignment_tables
from extractors.read.tables.header import with_header
from extractors.read.tables.words import WordBox
from extractors.records import Page
from extractors.settings import Settings
from tests.conftest import make_pdf

MEMO = "Memo: Helen Brandt, the Mayor of Halifax, met Bo Chan."
LIST = [
    ["Name", "Title", "City", "Email"],
    ["Helen Brandt", "Mayor", "Halifax", "helen@kb.example"],
    ["Bo Chan", "Clerk", "Bergen", "bo@x.example"],
    ["Ann Lee", "Deputy Mayor", "Halifax", "ann@kb.example"],
]


def _page_words(memo: str, rows: list[list[str]]) -> tuple[str, list[WordBox], list[list[list[int]]]]:
    """Page text (the memo line, then one line per row, cells set apart by a space) and its word
    boxes with their offsets: the memo's words close together, the cells' words in columns. Also
    each cell's [start, end] in the text."""
    lines = [[memo]] + rows
    text, words, spans = "", [], []
    for r, line in enumerate(lines):
        if r:
            text += "\n"
        x = 50
        row_spans = []
        for c, cell in enumerate(line):
            if c:
                text += " "
                x = 50 + c * 150
            row_spans.append([len(text), len(text) + len(cell)])
            for k, word in enumerate(cell.split(" ")):
                if k:
                    text += " "
                start = len(text)
                text += word
                words.append(WordBox(word, x, 100 + 20 * r, x + 6 * len(word), 110 + 20 * r, start, end=len(text)))
                x += 6 * len(word) + 4
        spans.append(row_spans)
    return text, words, spans[1:]


def test_mentions_point_at_the_tables_occurrence_of_a_cell():
    text, words, spans = _page_words(MEMO, LIST)
    (table,) = [with_header(t) for t in alignment_tables(words)]
    (record,) = table_records("d", [(1, [table])])
    assert record.header == LIST[0] and record.rows == LIST[1:]
    assert record.spans == spans[1:]
    for row, row_spans in zip(record.rows, record.spans):
        assert [text[s:e] for s, e in row_spans] == row

    mentions = table_mentions([record], {1: Page("d", 1, "text", text)})
    for m in mentions:
        assert text[m.start : m.end] == m.text
    table_starts = text.index("\nName")
    helen = [m for m in mentions if m.type == "PERSON" and m.text == "Helen Brandt"]
    # "Helen Brandt" and "Halifax" are written in the memo first: the mentions are the table's
    assert [m.start for m in helen] == [text.index("Helen Brandt", table_starts)]
    assert text.index("Helen Brandt") < table_starts
    places = sorted(m.start for m in mentions if m.type == "PLACE" and m.text == "Halifax")
    assert places == [text.index("Halifax", table_starts), text.rindex("Halifax")]
    assert {m.text for m in mentions if m.type == "EMAIL"} == {"helen@kb.example", "bo@x.example", "ann@kb.example"}


def test_a_cell_without_a_span_gives_no_mention_but_its_value_is_kept():
    text, words, _ = _page_words(MEMO, LIST)
    (table,) = [with_header(t) for t in alignment_tables(words)]
    (record,) = table_records("d", [(1, [table])])
    record.spans[0][2] = None  # Helen Brandt's city
    mentions = table_mentions([record], {1: Page("d", 1, "text", text)})
    helen = [m for m in mentions if m.type == "PERSON" and m.text == "Helen Brandt"][0]
    assert helen.attributes["city"] == "Halifax"
    assert [m.start for m in mentions if m.type == "PLACE" and m.text == "Halifax"] == [text.rindex("Halifax")]


def test_table_mentions_of_a_text_pdf_are_the_page_texts_characters(tmp_path):
    pytest.importorskip("fpdf")
    path = make_pdf(tmp_path / "list.pdf", [MEMO + " The list of officials follows."], table=LIST)
    result = read_document(path, settings=Settings(workers=1))
    pages = {p.page: p for p in result.pages}
    assert result.tables and all(t.spans is not None for t in result.tables)
    mentions = table_mentions(result.tables, pages)
    assert {m.text for m in mentions if m.type == "PERSON"} == {"Helen Brandt", "Bo Chan", "Ann Lee"}
    for m in mentions:
        assert pages[m.page].text[m.start : m.end] == m.text
    text = pages[1].text
    (helen,) = [m for m in mentions if m.text == "Helen Brandt"]
    assert helen.start > text.index("Helen Brandt")  # the list's row, not the memo


GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "corpus"


def _rows(name: str) -> list[dict]:
    return read_jsonl(GOLDEN / f"{name}.jsonl")


def test_corpus_table_mentions_and_spans_are_the_page_texts_characters():
    """Over the corpus's records (the golden copy, which a run must reproduce exactly)."""
    pages = {(p["document_id"], p["page"]): p["text"] for p in _rows("pages")}
    table_ms = [m for m in _rows("mentions") if m["source"] == "table"]
    assert len(table_ms) > 100
    for m in table_ms:
        assert pages[m["document_id"], m["page"]][m["start"] : m["end"]] == m["text"], m
    tables = _rows("tables")
    assert tables and all(t["spans"] is not None for t in tables)
    for t in tables:
        text = pages[t["document_id"], t["page"]]
        for row, spans in zip(t["rows"], t["spans"], strict=True):
            for cell, span in zip(row, spans, strict=True):
                assert (span is None) == (not cell), (cell, span)
                if span:  # OCR words of ruling debris ("|", "@" misread) are no cell words but lie inside
                    assert set(cell.split()) <= set(text[span[0] : span[1]].split()), (cell, text[span[0] : span[1]])
