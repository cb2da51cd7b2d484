import json
import sqlite3

from extractors.output.jsonl import read_jsonl
from extractors.output.store import OutputStore
from extractors.records import Document, DocumentResult, Entity, Page, Table


def _result():
    doc = Document(id="a" * 64, path="x.txt", media_type="text/plain", pages=1)
    return DocumentResult(
        document=doc,
        pages=[Page(doc.id, 1, "text", 'He said "hi"\n\u2028 é')],
        tables=[Table(doc.id, 1, 0, ["Name"], [["=cmd()"]])],
    )


def test_records_written_as_jsonl_and_sqlite(tmp_path):
    store = OutputStore(tmp_path)
    entity = Entity("e1", "PERSON", "Helen Brandt", ["Brandt"], {"titles": ["Mayor"]}, ["a" * 64], 2)
    mention = {
        "entity_id": "e1",
        "document_id": "a" * 64,
        "page": 1,
        "start": 0,
        "end": 2,
        "text": "He",
        "source": "ner",
        "type": "PERSON",
        "label": "PERSON",
    }
    counts = store.write_records([_result()], [mention], [entity])
    assert counts == {"documents": 1, "pages": 1, "mentions": 1, "tables": 1, "entities": 1}
    pages = read_jsonl(tmp_path / "pages.jsonl")
    assert pages[0]["text"] == 'He said "hi"\n\u2028 é'
    con = sqlite3.connect(tmp_path / "leaksift.sqlite")
    row = con.execute("select name, aliases, attributes from entities").fetchone()
    assert row[0] == "Helen Brandt" and json.loads(row[1]) == ["Brandt"]
    assert con.execute('select "index", header from tables').fetchone() == (0, '["Name"]')
    # no temporary files left behind
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_result_cache_depends_on_settings(tmp_path):
    from extractors.settings import Settings

    store = OutputStore(tmp_path)
    result = _result()
    store.save_result(result, Settings())
    cached, state = store.cached_result(result.document.id, Settings())
    assert state == "current" and cached.pages == result.pages
    # a text document is not affected by OCR settings
    assert store.cached_result(result.document.id, Settings(ocr_lang="deu"))[1] == "current"
    # a new model keeps the pages but finds mentions again
    assert store.cached_result(result.document.id, Settings(model="other_model"))[1] == "reanalyse"
    assert store.cached_result("b" * 64, Settings())[1] == "missing"
