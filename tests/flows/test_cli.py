"""End-to-end: the CLI's flows over real folders, with one Prefect test server for the session."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from extractors.output.store import RECORD_FILES
from extractors.output.jsonl import read_jsonl
from flows.cli import main
from tests.conftest import CORPUS, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")


def _load(out: Path) -> dict[str, list[dict]]:
    return {name: read_jsonl(out / f"{name}.jsonl") for name in RECORD_FILES}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, prefect_server):
    out = tmp_path_factory.mktemp("corpus-out")
    code = main(["run", str(CORPUS), "--out", str(out), "--quiet"])
    return code, out, _load(out)


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
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 1
    docs = {d["path"]: d for d in read_jsonl(out / "documents.jsonl")}
    assert docs["good.txt"]["status"] == "ok"
    assert docs["broken.pdf"]["status"] == "failed" and docs["broken.pdf"]["error"]
    assert docs["empty.txt"]["status"] == "failed" and "empty" in docs["empty.txt"]["error"]
    assert docs["notes.docx"]["status"] == "skipped"
    printed = capsys.readouterr().out
    assert "FAILED   broken.pdf" in printed
    assert any(e["name"] == "Helen Brandt" for e in read_jsonl(out / "entities.jsonl"))


def test_ingest_joins_existing_output(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mayor Helen Brandt visited Calgary in May 2016.\n")
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    extra = tmp_path / "b.txt"
    extra.write_text("Helen Brandt met Priya Raman in Halifax.\n")
    assert main(["ingest", str(extra), "--out", str(out), "--quiet"]) == 0
    docs = read_jsonl(out / "documents.jsonl")
    assert len(docs) == 2
    brandt = [e for e in read_jsonl(out / "entities.jsonl") if e["name"] == "Helen Brandt"]
    assert len(brandt) == 1 and len(brandt[0]["document_ids"]) == 2
    # a later corpus run keeps the ingested document
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert len(read_jsonl(out / "documents.jsonl")) == 2


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


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["ingest", str(tmp_path / "nofile.pdf"), "--out", str(tmp_path / "o")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["run", "--ocr", "sometimes"])
    assert exc.value.code == 2


def test_entities_command_prints_table_and_json(corpus_run, capsys):
    _, out, records = corpus_run
    assert main(["entities", "--out", str(out), "--type", "person"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("TYPE")
    people = [e for e in records["entities"] if e["type"] == "PERSON"]
    assert len(printed) == 1 + len(people)
    assert main(["entities", "--out", str(out), "--json", "--type", "PLACE"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["type"] == "PLACE" for r in rows)


def test_help_for_every_command(capsys):
    for command in ("run", "ingest", "entities", "serve", "config"):
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])
        assert exc.value.code == 0
        assert "usage: leaksift" in capsys.readouterr().out


def test_ocr_flags_reach_the_settings():
    from flows.cli import _settings, build_parser

    args = build_parser().parse_args(["config", "--ocr-engine", "tesseract", "--no-ocr-lexicon"])
    settings = _settings(args)
    assert settings.ocr_engine == "tesseract" and settings.ocr_lexicon is False
    assert settings.ocr_options().lexicon is False
    default = _settings(build_parser().parse_args(["config"]))
    assert default.ocr_lexicon is True and default.ocr_options().lexicon is True
    with_lexicon = _settings(build_parser().parse_args(["config", "--ocr-engine", "tesseract"]))
    assert settings.fingerprint() != with_lexicon.fingerprint()
