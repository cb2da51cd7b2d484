"""`leaksift browse`: Datasette on a free port, read through its JSON API (canned queries, page search,
facets), then stopped with no process left."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from extractors.output.sqlite import write_sqlite
from flows.cli import main
from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _entity(eid: str, etype: str, name: str, aliases: list[str], count: int) -> dict:
    return {
        "id": eid,
        "type": etype,
        "name": name,
        "aliases": aliases,
        "attributes": {},
        "document_ids": [],
        "mention_count": count,
    }


def _mention(eid: str, doc: str, page: int, start: int, text: str) -> dict:
    return {
        "entity_id": eid,
        "document_id": doc,
        "page": page,
        "start": start,
        "end": start + len(text),
        "text": text,
        "source": "ner",
    }


@pytest.fixture
def out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    p1 = "Helen Brandt met Priya Raman in Halifax."
    p2 = "Helen Brandt flew to Calgary."
    p3 = "国务院总理在北京会见了Priya Raman。"
    records = {
        "documents": [
            {"id": "a", "path": "a.txt", "media_type": "text/plain", "title": None, "pages": 2, "status": "ok"},
            {"id": "b", "path": "b.txt", "media_type": "text/plain", "title": None, "pages": 1, "status": "ok"},
        ],
        "pages": [
            {"document_id": "a", "page": 1, "method": "text", "text": p1},
            {"document_id": "a", "page": 2, "method": "text", "text": p2},
            {"document_id": "b", "page": 1, "method": "text", "text": p3},
        ],
        "mentions": [
            _mention("h", "a", 1, 0, "Helen Brandt"),
            _mention("p", "a", 1, 17, "Priya Raman"),
            _mention("x", "a", 1, 32, "Halifax"),
            _mention("h", "a", 2, 0, "Helen Brandt"),
            _mention("c", "a", 2, 21, "Calgary"),
            _mention("p", "b", 1, 11, "Priya Raman"),
        ],
        "tables": [],
        "entities": [
            _entity("h", "PERSON", "Helen Brandt", ["H. Brandt"], 2),
            _entity("p", "PERSON", "Priya Raman", [], 2),
            _entity("x", "PLACE", "Halifax", [], 1),
            _entity("c", "PLACE", "Calgary", [], 1),
        ],
    }
    write_sqlite(out / "leaksift.sqlite", records)
    return out


def _get(port: int, path: str, **params) -> dict | list:
    url = f"http://127.0.0.1:{port}/leaksift/{path}?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_browse_serves_canned_queries_and_search(out):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "browse", "--out", str(out), "--port", str(port), "--no-open"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "entities.json")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.3)
        # by alias: Helen Brandt shares page a:1 with Priya Raman and Halifax, page a:2 with Calgary
        rows = _get(port, "who_appears_with.json", x="h. brandt", _shape="array")
        assert sorted(r["name"] for r in rows) == ["Calgary", "Halifax", "Priya Raman"]
        rows = _get(port, "documents_mentioning_both.json", x="Priya Raman", y="Helen Brandt", _shape="array")
        assert [r["path"] for r in rows] == ["a.txt"]
        rows = _get(port, "mentions_of.json", x="Priya Raman", _shape="array")
        assert [(r["path"], r["page"]) for r in rows] == [("a.txt", 1), ("b.txt", 1)]
        assert "Priya Raman" in rows[1]["context"]
        rows = _get(port, "pages.json", _search="北京会见", _shape="array")
        assert [(r["document_id"], r["page"]) for r in rows] == [("b", 1)]
        rows = _get(port, "pages.json", _search='Calgary"', _shape="array")  # escaped: no FTS syntax error
        assert [(r["document_id"], r["page"]) for r in rows] == [("a", 2)]
        facets = _get(port, "entities.json", _facet="type")["facet_results"]
        assert {f["value"]: f["count"] for f in facets["type"]["results"]} == {"PERSON": 2, "PLACE": 2}
        meta = _get(port, "pages.json")
        assert meta["table"] == "pages" and meta["human_description_en"] is not None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert proc.poll() is not None


def test_browse_without_database_is_a_clear_message(tmp_path, capsys):
    assert main(["browse", "--out", str(tmp_path / "none"), "--no-open"]) == 2
    assert "no database" in capsys.readouterr().err
