"""`leaksift run`: the batch flow over real folders (one Prefect test server for the session)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from extractors.output.store import RECORD_FILES
from extractors.settings import Settings
from flows.cli import main
from tests.conftest import CORPUS, SEEDS
from tests.flows.cli.conftest import load_records as _load

pytestmark = pytest.mark.usefixtures("prefect_server")


def test_run_writes_every_contract_file(corpus_run):
    code, out, records = corpus_run
    assert code == 0
    for name in RECORD_FILES:
        assert (out / f"{name}.jsonl").exists()
    con = sqlite3.connect(out / "leaksift.sqlite")
    for name in RECORD_FILES:
        (count,) = con.execute(f'select count(*) from "{name}"').fetchone()
        assert count == len(records[name]), name


def test_every_corpus_document_yields_entities(corpus_run):
    _, _, records = corpus_run
    docs = records["documents"]
    supported = sorted(p.name for p in CORPUS.iterdir() if p.suffix in {".pdf", ".txt", ".html", ".png", ".jpg"})
    assert sorted(d["path"] for d in docs) == supported
    assert all(d["status"] == "ok" for d in docs), [(d["path"], d["error"]) for d in docs]
    with_entities = {doc_id for e in records["entities"] for doc_id in e["document_ids"]}
    for doc in docs:
        assert doc["id"] in with_entities, f"no entities from {doc['path']}"
    scanned = next(d for d in docs if d["path"] == "scanned_list.pdf")
    scan_pages = [p for p in records["pages"] if p["document_id"] == scanned["id"]]
    assert scan_pages and all(p["method"] == "ocr" for p in scan_pages)
    assert all(p["ocr_confidence"] is not None for p in scan_pages)


def test_every_mention_round_trips_into_its_page_text(corpus_run):
    _, _, records = corpus_run
    texts = {(p["document_id"], p["page"]): p["text"] for p in records["pages"]}
    entity_ids = {e["id"] for e in records["entities"]}
    assert records["mentions"]
    for m in records["mentions"]:
        assert texts[(m["document_id"], m["page"])][m["start"] : m["end"]] == m["text"]
        assert m["entity_id"] in entity_ids
        assert m["source"] in ("ner", "pattern", "table")


def test_text_document_page_is_the_file(corpus_run):
    _, _, records = corpus_run
    doc = next(d for d in records["documents"] if d["path"].endswith(".txt"))
    page = next(p for p in records["pages"] if p["document_id"] == doc["id"])
    assert page["text"] == (CORPUS / doc["path"]).read_bytes().decode("utf-8")


def test_rerun_is_incremental_and_ids_are_stable(corpus_run, tmp_path):
    _, out, records = corpus_run
    # same OUT: nothing is processed again, records unchanged
    assert main(["run", str(CORPUS), "--out", str(out), "--quiet", "--json"]) == 0
    again = _load(out)
    assert again["entities"] == records["entities"]
    # a fresh OUT (only the OCR cache copied, to save time) recomputes everything: same ids
    fresh = tmp_path / "fresh"
    shutil.copytree(out / ".leaksift" / "ocr", fresh / ".leaksift" / "ocr")
    assert main(["run", str(CORPUS), "--out", str(fresh), "--quiet"]) == 0
    recomputed = _load(fresh)
    assert [e["id"] for e in recomputed["entities"]] == [e["id"] for e in records["entities"]]


def test_seed_articles(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    out = tmp_path / "seeds-out"
    assert main(["run", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    entities = read_jsonl(out / "entities.jsonl")
    names = {(e["type"], e["name"]) for e in entities}
    assert ("PERSON", "Naheed Nenshi") in names
    assert ("PLACE", "Calgary") in names
    assert ("PLACE", "Daqing") in names
    assert ("ORG", "Chinese People's Association for Friendship with Foreign Countries") in names
    assert any(e["type"] == "DATE" and e["attributes"].get("iso") == "2019-11-21" for e in entities)


def test_bad_file_fails_alone_and_exit_status_is_1(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Mayor Helen Brandt of Calgary spoke on 12 March 2019.\n")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n% truncated download")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus / "setup.exe").write_bytes(b"MZ\x90\x00" + bytes(64))
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 1
    docs = {d["path"]: d for d in read_jsonl(out / "documents.jsonl")}
    assert docs["good.txt"]["status"] == "ok"
    assert docs["broken.pdf"]["status"] == "failed" and docs["broken.pdf"]["error"]
    assert docs["empty.txt"]["status"] == "failed" and "empty" in docs["empty.txt"]["error"]
    assert docs["notes.docx"]["status"] == "failed" and "damaged" in docs["notes.docx"]["error"]
    assert docs["setup.exe"]["status"] == "skipped"
    printed = capsys.readouterr().out
    assert "FAILED   broken.pdf" in printed
    assert any(e["name"] == "Helen Brandt" for e in read_jsonl(out / "entities.jsonl"))


def test_removed_file_leaves_the_records(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Priya Raman spoke in Halifax.\n")
    (corpus / "b.txt").write_text("Helen Brandt spoke in Calgary.\n")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    (corpus / "b.txt").unlink()
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    names = {e["name"] for e in read_jsonl(out / "entities.jsonl")}
    assert "Priya Raman" in names and "Helen Brandt" not in names


def test_a_run_handed_to_the_shared_server_names_its_files_absolutely(tmp_path, monkeypatch):
    # the shared local server runs in a folder of its own: relative paths from here would miss there
    import argparse

    from flows import local_server, serve
    from flows.cli import flow_run
    from flows.sources import Sources

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "note.txt").write_text("Mayor Helen Brandt of Calgary spoke on 12 March 2019.\n")
    monkeypatch.chdir(tmp_path)
    sent = {}

    class Shared:
        socket = tmp_path / "none.sock"

        def release(self):
            pass

    monkeypatch.setattr(local_server, "ensure", lambda **kw: Shared())
    monkeypatch.setattr(
        serve, "remote_run", lambda out, corpus, settings, sources, **kw: sent.update(sources) or "done"
    )
    args = argparse.Namespace(local=False, out="out", corpus="c", quiet=True)
    sources = Sources.discover(Path("c"), out=Path("out"))
    assert flow_run._handoff_run(args, Settings(), sources) == "done"
    assert [Path(f["path"]) for f in sent["files"]] == [tmp_path / "c" / "note.txt"]
    assert [f["display_path"] for f in sent["files"]] == ["note.txt"]


def test_a_corpus_too_big_for_a_flow_parameter(tmp_path):
    # Prefect's API refuses flow parameters over 512 kB: 2,000 files' names and hashes are more than that
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(2000):
        (corpus / f"memo-{i:04d}-{'x' * 60}.txt").write_text(f"Memo {i} from Helen Brandt in Calgary.\n")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    docs = read_jsonl(out / "documents.jsonl")
    assert len(docs) == 2000 and all(d["status"] == "ok" for d in docs)
