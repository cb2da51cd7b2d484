"""`leaksift entities`: the entity table and its JSON Lines."""

from __future__ import annotations

import json

import pytest

from flows.cli import main

pytestmark = pytest.mark.usefixtures("prefect_server")


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
