"""The hostile-file suite end to end: every case ends as one record with a clear reason, exit status 1,
and the good files in the same batch give exactly the records they give alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import flows.sources
from extractors.output.jsonl import read_jsonl
from extractors.output.store import RECORD_FILES
from flows.cli import main
from tests.e2e.make_hostile import CASES, GOOD, build

pytestmark = pytest.mark.usefixtures("prefect_server")


def _load(out: Path) -> dict[str, list[dict]]:
    return {name: read_jsonl(out / f"{name}.jsonl") for name in RECORD_FILES}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, prefect_server):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    build(corpus)
    real_discover = flows.sources.discover

    def discover_then_meddle(*args, **kwargs):
        # staged between discovery (hashing) and reading: one file vanishes, one is still being written
        found = real_discover(*args, **kwargs)
        (corpus / "vanishing.txt").unlink()
        with (corpus / "growing.txt").open("a") as fh:
            fh.write("And a second paragraph arrived while leaksift was reading.\n")
        return found

    flows.sources.discover = discover_then_meddle
    try:
        out = root / "out"
        code = main(["run", str(corpus), "--out", str(out), "--quiet"])
    finally:
        flows.sources.discover = real_discover

    alone = root / "alone"
    shutil.copytree(corpus / "good", alone / "good")
    alone_out = root / "alone-out"
    alone_code = main(["run", str(alone), "--out", str(alone_out), "--quiet"])
    return code, out, _load(out), alone_code, _load(alone_out)


def test_every_case_ends_as_one_record_with_a_clear_reason(hostile_run):
    code, _, records, _, _ = hostile_run
    assert code == 1  # some failed; the batch itself completed
    docs = records["documents"]
    by_path = {d["path"]: d for d in docs}
    assert len(by_path) == len(docs)  # one row per file
    for case in CASES:
        doc = by_path.get(case.path)
        assert doc is not None, f"no record for {case.path!r}"
        assert doc["status"] == case.status, (case.path, doc["status"], doc["error"])
        if case.reason is None:
            assert doc["error"] is None, (case.path, doc["error"])
        else:
            assert case.reason in doc["error"], (case.path, doc["error"])
            assert "\n" not in doc["error"] and len(doc["error"]) < 300
    for good in GOOD:
        assert by_path[good]["status"] == "ok"
    assert len(docs) == len(CASES) + len(GOOD)


def test_recovered_cases_keep_their_text(hostile_run):
    _, _, records, _, _ = hostile_run
    by_path = {d["path"]: d for d in records["documents"]}
    text = {p["document_id"]: p["text"] for p in records["pages"]}
    assert "Fjordline Holdings" in text[by_path["encrypted_empty.pdf"]["id"]]
    assert "Dmitri Volkov" in text[by_path["broken_xref.pdf"]["id"]]
    assert "François Lefèvre" in text[by_path["latin1.txt"]["id"]]
    assert "Kwame Mensah" in text[by_path["utf16_bom.txt"]["id"]]
    nasty = text[by_path["nasty.html"]["id"]]
    assert "Wilhelmina Castellanos" in nasty and "alert" not in nasty and "evil.example" not in nasty
    assert all("must never be read" not in t for t in text.values())  # the link target stayed unread


def test_good_files_give_the_records_they_give_alone(hostile_run):
    _, _, records, alone_code, alone = hostile_run
    assert alone_code == 0
    good_ids = {d["id"] for d in alone["documents"]}
    assert len(good_ids) == len(GOOD)

    def restricted(recs: dict[str, list[dict]]) -> dict[str, list]:
        mentions = [m for m in recs["mentions"] if m["document_id"] in good_ids]
        entity_ids = {m["entity_id"] for m in mentions}
        return {
            "documents": [d for d in recs["documents"] if d["id"] in good_ids],
            "pages": [p for p in recs["pages"] if p["document_id"] in good_ids],
            "mentions": mentions,
            "tables": [t for t in recs["tables"] if t["document_id"] in good_ids],
            "entities": [e for e in recs["entities"] if e["id"] in entity_ids],
        }

    together, by_themselves = restricted(records), restricted(alone)
    assert together["mentions"], "the good files should yield mentions"
    for name in RECORD_FILES:
        assert together[name] == by_themselves[name], name


def test_outputs_are_one_json_object_per_line(hostile_run):
    _, out, records, _, _ = hostile_run
    for name in RECORD_FILES:
        raw = (out / f"{name}.jsonl").read_text("utf-8")
        lines = raw.splitlines()  # splits on U+2028, U+0085 too: none may be raw in the file
        assert len(lines) == len(records[name])
        for line in lines:
            json.loads(line)
    weird = next(d for d in records["documents"] if "\n" in d["path"])
    assert "Отчёт 報告" in weird["path"]  # kept as UTF-8, newline escaped


def test_rerun_reuses_and_keeps_the_same_records(hostile_run, tmp_path):
    _, out, records, _, _ = hostile_run
    # the suite again into the same OUT (files restaged: growing now complete, vanishing gone)
    corpus = tmp_path / "corpus"
    build(corpus)
    (corpus / "vanishing.txt").unlink()
    with (corpus / "growing.txt").open("a") as fh:
        fh.write("And a second paragraph arrived while leaksift was reading.\n")
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 1
    again = _load(out)
    growing = next(d for d in again["documents"] if d["path"] == "growing.txt")
    assert growing["status"] == "ok"  # complete now: read normally
    good = {d["id"] for d in records["documents"] if d["path"].startswith("good/")}
    assert [m for m in again["mentions"] if m["document_id"] in good] == [
        m for m in records["mentions"] if m["document_id"] in good
    ]
