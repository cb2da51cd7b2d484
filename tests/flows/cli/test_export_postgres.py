"""`leaksift run`, `leaksift export --format postgres`, `leaksift entities merge`, export again: the
database follows OUT (the merged entity's row is gone, its mentions point at the kept one) and equals
OUT's leaksift.sqlite row for row each time. A real PostgreSQL server (tests/postgres.py)."""

from __future__ import annotations

import psycopg
import pytest

from extractors.output.jsonl import read_jsonl
from flows.cli import main
from tests.postgres import assert_same_tables, postgres_rows

pytestmark = pytest.mark.usefixtures("prefect_server")

A = "Mayor Helen Brandt visited Calgary in May 2016. The U.S. Department of State said so.\n"
B = "H. Brandt met Priya Raman in Halifax. The US State Department agreed.\n"


def test_export_merge_export(tmp_path, postgres_db, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(A)
    (corpus / "b.txt").write_text(B)
    out = tmp_path / "out"
    o = ["--out", str(out)]
    assert main(["run", str(corpus), *o, "--quiet"]) == 0
    export = ["export", "--format", "postgres", "--to", postgres_db, *o]
    assert main(export) == 0
    assert_same_tables(out, postgres_db)
    first = postgres_rows(postgres_db)
    assert main(export) == 0  # repeated: the same rows, nothing rewritten
    printed = capsys.readouterr().out
    assert "entities:" in printed and "(0 new, 0 changed, 0 removed)" in printed.splitlines()[-1]
    assert postgres_rows(postgres_db) == first

    by_name = {e["name"]: e["id"] for e in read_jsonl(out / "entities.jsonl")}
    helen, short = by_name["Helen Brandt"], by_name["H. Brandt"]
    assert main(["entities", "merge", helen, short, *o, "--note", "same person"]) == 0
    assert main(export) == 0
    assert_same_tables(out, postgres_db)
    with psycopg.connect(postgres_db) as con:
        assert con.execute("SELECT count(*) FROM entities WHERE id = %s", (short,)).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM mentions WHERE entity_id = %s", (short,)).fetchone() == (0,)
        (merged,) = con.execute("SELECT merged_ids FROM entities WHERE id = %s", (helen,)).fetchone()
        assert merged == [short]
        (aliases,) = con.execute("SELECT aliases FROM entities WHERE id = %s", (helen,)).fetchone()
        assert "H. Brandt" in aliases
