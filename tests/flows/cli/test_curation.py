"""`leaksift entities merge|reject|rename|retype|undo|history`: decisions shown at once, kept by re-runs and
ingestions, reported when they no longer match, stored append-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from flows.cli import main

pytestmark = pytest.mark.usefixtures("prefect_server")

A = "Mayor Helen Brandt visited Calgary in May 2016. The U.S. Department of State said so.\n"
B = "H. Brandt met Priya Raman in Halifax. The US State Department agreed.\n"
NEW = "Helen Brandt and H. Brandt flew to Halifax with Priya Raman. The US State Department paid.\n"


def _entities(out: Path) -> dict[tuple[str, str], dict]:
    return {(e["type"], e["name"]): e for e in read_jsonl(out / "entities.jsonl")}


def _run(corpus: Path, out: Path) -> None:
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0


@pytest.fixture
def curated(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(A)
    (corpus / "b.txt").write_text(B)
    out = tmp_path / "out"
    _run(corpus, out)
    return corpus, out


def _check(out: Path, ids: dict[str, str]) -> None:
    """Every decision of the test is in effect in OUT's records."""
    entities = _entities(out)
    helen = entities[("PERSON", "Helen Brandt")]
    assert helen["id"] == ids["helen"] and helen["merged_ids"] == [ids["short"]]
    assert "H. Brandt" in helen["aliases"] and ("PERSON", "H. Brandt") not in entities
    assert not any(name == "Halifax" for _, name in entities)
    state = entities[("ORG", "US Department of State")]
    assert state["id"] == ids["state"] and "U.S. Department of State" in state["aliases"]
    assert entities[("PLACE", "2016-05")]["id"] == ids["date"]
    mentions = read_jsonl(out / "mentions.jsonl")
    assert ids["short"] not in {m["entity_id"] for m in mentions}
    assert not any(m["text"] == "Halifax" for m in mentions)
    assert {m["type"] for m in mentions if m["entity_id"] == ids["date"]} == {"PLACE"}
    assert {m["text"] for m in read_jsonl(out / "rejected_mentions.jsonl")} == {"Halifax"}
    # the SQLite table has the same entities, merged_ids included
    import sqlite3

    con = sqlite3.connect(out / "leaksift.sqlite")
    try:
        (merged,) = con.execute("SELECT merged_ids FROM entities WHERE id = ?", (ids["helen"],)).fetchone()
    finally:
        con.close()
    assert json.loads(merged) == [ids["short"]]


def test_decisions_apply_at_once_and_survive_reruns_and_ingestion(curated, tmp_path, capsys, monkeypatch):
    corpus, out = curated
    monkeypatch.setenv("LEAKSIFT_USER", "tester")
    before = _entities(out)
    ids = {
        "helen": before[("PERSON", "Helen Brandt")]["id"],
        "short": before[("PERSON", "H. Brandt")]["id"],
        "halifax": before[("PLACE", "Halifax")]["id"],
        "state": before[("ORG", "U.S. Department of State")]["id"],
        "date": before[("DATE", "2016-05")]["id"],
    }
    o = ["--out", str(out)]
    log = out / "curation.jsonl"
    sizes = []
    for argv in (
        ["merge", ids["helen"], ids["short"], "--note", "same person"],
        ["reject", ids["halifax"]],
        ["rename", ids["state"], "US Department of State"],
        ["retype", ids["date"], "place"],
    ):
        previous = log.read_bytes() if log.exists() else b""
        assert main(["entities", *argv, *o]) == 0
        assert log.read_bytes().startswith(previous)  # append-only
        sizes.append(len(log.read_bytes()))
    assert sizes == sorted(sizes)
    decisions = read_jsonl(log)
    assert [d["action"] for d in decisions] == ["merge", "reject", "rename", "retype"]
    assert decisions[0]["who"] == "tester" and decisions[0]["note"] == "same person"
    assert decisions[0]["when"].endswith("Z") and decisions[0]["keep"] == ids["helen"]
    assert decisions[1]["entities"][0]["name"] == "Halifax"
    _check(out, ids)  # at once, no run needed

    _run(corpus, out)  # a re-run (nothing new to read)
    _check(out, ids)
    new = tmp_path / "new.txt"
    new.write_text(NEW)
    assert main(["ingest", str(new), *o, "--quiet"]) == 0  # a new document mentions every name again
    _check(out, ids)
    entities = _entities(out)
    assert len(entities[("PERSON", "Helen Brandt")]["document_ids"]) == 3
    assert len(read_jsonl(out / "documents.jsonl")) == 3
    # changed settings: every document's mentions are found again, the decisions still hold
    capsys.readouterr()
    assert main(["run", str(corpus), *o, "--quiet", "--phone-region", "GB", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["processed"] > 0
    _check(out, ids)

    capsys.readouterr()
    assert main(["entities", "history", *o]) == 0
    history = capsys.readouterr().out
    assert history.count("[applied]") == 4 and "note: same person" in history and "tester" in history

    # undo the retype, then the reject (by number): each takes effect at once and after a run
    previous = log.read_bytes()
    assert main(["entities", "undo", *o]) == 0
    assert main(["entities", "undo", "2", *o]) == 0
    assert log.read_bytes().startswith(previous)
    assert [d["action"] for d in read_jsonl(log)] == ["merge", "reject", "rename", "retype", "undo", "undo"]
    for rerun in (False, True):
        if rerun:
            _run(corpus, out)
        entities = _entities(out)
        assert entities[("DATE", "2016-05")]["id"] == ids["date"]
        assert any(name == "Halifax" for _, name in entities)
        assert ("PERSON", "H. Brandt") not in entities and ("ORG", "US Department of State") in entities
    assert main(["entities", "undo", "2", *o]) == 2  # not in force any more


def test_a_decision_that_no_longer_matches_is_reported(curated, capsys):
    corpus, out = curated
    raman = _entities(out)[("PERSON", "Priya Raman")]
    halifax = _entities(out)[("PLACE", "Halifax")]
    assert main(["entities", "reject", halifax["id"], "--out", str(out)]) == 0
    assert main(["entities", "rename", raman["id"], "P. Raman", "--out", str(out)]) == 0
    (corpus / "b.txt").unlink()  # the only document naming them
    capsys.readouterr()
    _run(corpus, out)
    err = capsys.readouterr().err
    assert "decision #1 (reject): unmatched" in err and "Halifax" in err
    assert "decision #2 (rename): unmatched" in err
    assert main(["entities", "history", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("[unmatched]") == 2 and "no longer found" in captured.out
    # the decision is kept (not dropped): the name comes back, the decision applies again
    (corpus / "b.txt").write_text(B)
    _run(corpus, out)
    assert "unmatched" not in capsys.readouterr().err
    assert ("PERSON", "P. Raman") in _entities(out) and ("PLACE", "Halifax") not in _entities(out)


def test_bad_ids_and_the_plain_table(curated, capsys):
    _, out = curated
    o = ["--out", str(out)]
    assert main(["entities", "reject", "0000000000000000", *o]) == 2
    assert "no entity 0000000000000000" in capsys.readouterr().err
    helen = _entities(out)[("PERSON", "Helen Brandt")]["id"]
    assert main(["entities", "merge", helen, helen, *o]) == 2
    assert main(["entities", "retype", helen, "ANIMAL", *o]) == 2
    assert main(["entities", "undo", *o]) == 2
    assert not (out / "curation.jsonl").exists()
    capsys.readouterr()
    assert main(["entities", *o, "--type", "person"]) == 0  # no action: the table, as before
    assert capsys.readouterr().out.startswith("TYPE")
