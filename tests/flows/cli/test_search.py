"""`leaksift search`: ranking, marked snippets, CJK text, FTS syntax characters, entities first, and an index
that follows `ingest`. Most tests write a small database with ``write_sqlite`` (no pipeline, no Prefect)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from extractors.output.sqlite import write_sqlite
from flows.cli import main
from flows.cli.search import fts_query, search


def _doc(doc_id: str, path: str) -> dict:
    return {"id": doc_id, "path": path, "media_type": "text/plain", "title": None, "pages": 1, "status": "ok"}


def _page(doc_id: str, page: int, text: str) -> dict:
    return {"document_id": doc_id, "page": page, "method": "text", "text": text, "ocr_confidence": None}


@pytest.fixture
def out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    filler = "The committee met again to discuss the budget and other routine matters of the year. " * 3
    records = {
        "documents": [_doc("a", "a.txt"), _doc("b", "b.txt"), _doc("c", "zh.txt"), _doc("d", "d.txt")],
        "pages": [
            _page("a", 1, filler + "Helen Brandt was mentioned once."),
            _page("b", 1, "Helen Brandt met the mayor. Helen Brandt signed. Brandt left."),
            _page("b", 2, 'Nothing to see here: only (parentheses), quotes " and a-b:c*.'),
            _page("c", 1, "新华社消息，国务院总理在北京人民大会堂会见了外国代表团。"),
            *(_page("d", n, f"Unrelated page {n} about shipping schedules.") for n in range(1, 5)),
        ],
        "mentions": [],
        "tables": [],
        "entities": [
            {
                "id": "e1",
                "type": "PERSON",
                "name": "Helen Brandt",
                "aliases": ["H. Brandt"],
                "attributes": {},
                "document_ids": ["a", "b"],
                "mention_count": 3,
            },
            {
                "id": "e2",
                "type": "ORG",
                "name": "Brandt Holdings",
                "aliases": [],
                "attributes": {},
                "document_ids": ["b"],
                "mention_count": 1,
            },
            {
                "id": "e3",
                "type": "PLACE",
                "name": "北京",
                "aliases": [],
                "attributes": {},
                "document_ids": ["c"],
                "mention_count": 1,
            },
        ],
    }
    write_sqlite(out / "leaksift.sqlite", records)
    return out


def test_page_with_more_matches_ranks_first(out):
    pages = search(out, "Helen Brandt")["pages"]
    assert [(p["path"], p["page"]) for p in pages] == [("b.txt", 1), ("a.txt", 1)]
    assert pages[0]["score"] < pages[1]["score"]  # bm25: lower is better


def test_snippet_marks_the_match(out, capsys):
    hit = search(out, "brandt")["pages"][0]
    marked = [hit["snippet"][s:e] for s, e in hit["matches"]]
    assert marked and all(m.casefold() == "brandt" for m in marked)
    assert main(["search", "brandt", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "[Brandt]" in printed and "b.txt  p.1" in printed
    assert main(["search", "brandt", "--out", str(out), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    page_hits = [h for h in lines if h["kind"] == "page"]
    assert "«Brandt»" in page_hits[0]["marked"]


@pytest.mark.parametrize("query", ["北京", "人民大会堂", "国务院总理"])
def test_chinese_substring_finds_its_page(out, query):
    pages = search(out, query)["pages"]
    assert [(p["path"], p["page"]) for p in pages] == [("zh.txt", 1)]
    assert query in [pages[0]["snippet"][s:e] for s, e in pages[0]["matches"]]


@pytest.mark.parametrize(
    "query",
    ['"', 'foo"bar', "a*", "a -x", "a:b", "(parentheses)", "x AND y", "OR", "NEAR(a b)", 'quotes " and', "^*"],
)
def test_fts_syntax_characters_do_not_error(out, query, capsys):
    assert main(["search", query, "--out", str(out)]) == 0
    assert main(["search", "--out", str(out), "--json", "--", query]) == 0
    capsys.readouterr()


def test_syntax_characters_are_searched_as_text(out):
    pages = search(out, "(parentheses)")["pages"]
    assert [(p["path"], p["page"]) for p in pages] == [("b.txt", 2)]
    assert fts_query('a"b c') == '"a""b" "c"'


def test_raw_fts_syntax_is_opt_in(out, capsys):
    assert sorted(p["path"] for p in search(out, "mayor OR 北京人", raw=True)["pages"]) == ["b.txt", "zh.txt"]
    assert main(["search", 'foo"', "--fts", "--out", str(out)]) == 2
    assert "bad FTS5 query" in capsys.readouterr().err


def test_entities_come_first_and_filter_by_type(out, capsys):
    entities = search(out, "brandt")["entities"]
    assert [e["id"] for e in entities] == ["e1", "e2"]  # most mentioned first
    assert [e["id"] for e in search(out, "brandt", entity_type="org")["entities"]] == ["e2"]
    assert search(out, "h. brandt")["entities"][0]["matched"] == "H. Brandt"
    assert main(["search", "brandt", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("PERSON") and "[e1]" in printed[0]
    assert printed.index("") < next(i for i, line in enumerate(printed) if line.startswith("b.txt"))


def test_no_database_is_a_clear_message(tmp_path, capsys):
    assert main(["search", "x", "--out", str(tmp_path / "none")]) == 2
    assert "no database" in capsys.readouterr().err


def test_fts_tables_are_built_with_the_database(out):
    con = sqlite3.connect(out / "leaksift.sqlite")
    try:
        assert con.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH '\"brandt\"'").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM entities_fts WHERE entities_fts MATCH '\"holdings\"'").fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_server")
def test_index_follows_ingest(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mayor Helen Brandt visited Calgary in May 2016.\n")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--local"]) == 0
    assert search(out, "Halifax")["pages"] == []
    extra = tmp_path / "b.txt"
    extra.write_text("Helen Brandt met Priya Raman in Halifax.\n")
    assert main(["ingest", str(extra), "--out", str(out), "--quiet", "--local"]) == 0
    assert [p["path"] for p in search(out, "Halifax")["pages"]] == [str(extra)]
    assert {p["path"] for p in search(out, "Helen Brandt")["pages"]} == {"a.txt", str(extra)}
