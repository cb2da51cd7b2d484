"""`leaksift run` on documents in other languages: a Chinese list with Latin-script names gives both kinds of
entity with exact offsets; a document in a language with no NER model records its language and gives no
entity of the English pipeline (dates and patterns only)."""

from __future__ import annotations

import pytest

from flows.cli import main
from tests.flows.cli.conftest import load_records

pytestmark = pytest.mark.usefixtures("prefect_server")

MIXED = (
    "关于外国官员访问的通知\n"
    "2019年11月21日，北京市人民政府副市长王小明在上海市会见了外国代表团。\n"
    "代表团名单如下：\n"
    "1. John Smith, Acme Corporation\n"
    "2. Maria Garcia\n"
    "联系人：李明，电话 +86 10 6512 3456，邮箱 liming@example.cn\n"
)
INDONESIAN = (
    "Presiden Joko Widodo bertemu dengan Menteri Luar Negeri Retno Marsudi di Istana Merdeka, Jakarta, "
    "pada 21 November 2019. Pertemuan itu membahas kerja sama ekonomi dengan Bank Dunia dan rencana "
    "pembangunan ibu kota baru di Kalimantan Timur. Informasi lebih lanjut: humas@setneg.go.id.\n"
)


def test_mixed_chinese_english_and_unsupported_language(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mixed_zh.txt").write_text(MIXED, encoding="utf-8")
    (corpus / "berita_id.txt").write_text(INDONESIAN, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    records = load_records(out)
    docs = {d["path"]: d for d in records["documents"]}
    assert docs["mixed_zh.txt"]["language"] == "zh"
    assert docs["berita_id.txt"]["language"] == "id"
    texts = {(p["document_id"], p["page"]): p["text"] for p in records["pages"]}
    entities = {e["id"]: e for e in records["entities"]}
    found: dict[str, set[tuple[str, str]]] = {"mixed_zh.txt": set(), "berita_id.txt": set()}
    path_of = {d["id"]: d["path"] for d in records["documents"]}
    for m in records["mentions"]:
        assert texts[m["document_id"], m["page"]][m["start"] : m["end"]] == m["text"]
        found[path_of[m["document_id"]]].add((m["text"], entities[m["entity_id"]]["type"]))
    mixed = found["mixed_zh.txt"]
    for expected in [("王小明", "PERSON"), ("李明", "PERSON"), ("北京市人民政府", "ORG"), ("2019年11月21日", "DATE")]:
        assert expected in mixed, expected
    assert ("John Smith", "PERSON") in mixed and ("Maria Garcia", "PERSON") in mixed
    dates = [e for e in records["entities"] if e["type"] == "DATE" and docs["mixed_zh.txt"]["id"] in e["document_ids"]]
    assert dates
    # no NER model for Indonesian: its date and e-mail, nothing of the English pipeline
    assert {t for _, t in found["berita_id.txt"]} <= {"DATE", "EMAIL", "PHONE", "URL"}
    assert ("21 November 2019", "DATE") in found["berita_id.txt"]
    assert ("humas@setneg.go.id", "EMAIL") in found["berita_id.txt"]
