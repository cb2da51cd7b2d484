"""`leaksift ingest`: named files join an existing output folder."""

from __future__ import annotations

import pytest

from extractors.output.jsonl import read_jsonl
from flows.cli import main

pytestmark = pytest.mark.usefixtures("prefect_server")


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
