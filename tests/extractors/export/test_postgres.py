"""``leaksift export --format postgres`` against a real PostgreSQL server started by the test session
(tests/postgres.py: Debian's initdb and pg_ctl in a temporary folder): the SQLite tables row for row,
repeated exports change nothing, rows gone from OUT are deleted, errors are one line and change nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest

from extractors.export.postgres import PostgresError, export_postgres, redact
from extractors.output.jsonl import read_jsonl
from extractors.output.sqlite import SCHEMAS, write_sqlite
from flows.cli import main
from tests.conftest import ROOT
from tests.postgres import assert_same_tables, postgres_rows

GOLDEN = ROOT / "tests" / "golden" / "corpus"


def _golden_out(tmp_path: Path) -> Path:
    """The sample corpus's records (the golden copy) with their SQLite database, as a run writes it."""
    out = tmp_path / "out"
    shutil.copytree(GOLDEN, out)
    rewrite_sqlite(out)
    return out


def rewrite_sqlite(out: Path) -> None:
    write_sqlite(out / "leaksift.sqlite", {t: read_jsonl(out / f"{t}.jsonl") for t in SCHEMAS})


def test_tables_match_sqlite_and_repeat_changes_nothing(tmp_path, postgres_db):
    out = _golden_out(tmp_path)
    first = export_postgres(out, postgres_db)
    assert first["entities"]["inserted"] == len(read_jsonl(out / "entities.jsonl")) > 100
    assert first["mentions"]["rows"] == len(read_jsonl(out / "mentions.jsonl"))
    assert_same_tables(out, postgres_db)
    before = postgres_rows(postgres_db)
    second = export_postgres(out, postgres_db)
    assert all(c["inserted"] == c["updated"] == c["deleted"] == 0 for c in second.values()), second
    assert postgres_rows(postgres_db) == before
    with psycopg.connect(postgres_db) as con:
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'entities'"
            ).fetchall()
        )
        assert types["aliases"] == "jsonb" and types["mention_count"] == "bigint"
        # jsonb is queryable: an entity by one of its aliases
        (count,) = con.execute("SELECT count(*) FROM entities WHERE aliases ? '25 September'").fetchone()
        assert count == 1


def test_changed_and_removed_rows(tmp_path, postgres_db):
    out = _golden_out(tmp_path)
    export_postgres(out, postgres_db)
    entities = read_jsonl(out / "entities.jsonl")
    gone, renamed = entities[0], entities[1]
    renamed["name"] = "Renamed \x00 entity"  # a NUL in leaked text: stored as U+FFFD
    renamed["extra_score"] = 0.5  # a column a newer record adds
    kept = [e for e in entities if e is not gone]
    mentions = [m for m in read_jsonl(out / "mentions.jsonl") if m["entity_id"] != gone["id"]]
    (out / "entities.jsonl").write_text("".join(json.dumps(e) + "\n" for e in kept), encoding="utf-8")
    (out / "mentions.jsonl").write_text("".join(json.dumps(m) + "\n" for m in mentions), encoding="utf-8")
    counts = export_postgres(out, postgres_db)
    assert counts["entities"]["deleted"] == 1 and counts["entities"]["updated"] == 1
    assert counts["mentions"]["deleted"] == gone["mention_count"] and counts["mentions"]["inserted"] == 0
    got = postgres_rows(postgres_db)
    assert (gone["id"],) not in got["entities"]
    row = got["entities"][(renamed["id"],)]
    assert row["name"] == "Renamed \ufffd entity" and row["extra_score"] == 0.5
    assert sum(1 for r in got["entities"].values() if r["extra_score"] is None) == len(kept) - 1


def test_bad_url_unreachable_and_permission_errors(tmp_path, postgres_db, capsys):
    out = _golden_out(tmp_path)
    o = ["--out", str(out)]
    assert main(["export", "--format", "postgres", *o]) == 2
    assert "needs --to" in capsys.readouterr().err
    assert main(["export", "--format", "postgres", "--to", "/tmp/db", *o]) == 2
    assert "must be a postgresql:// URL" in capsys.readouterr().err
    assert main(["export", "--format", "postgres", "--to", "postgresql://u@h/db?bogus_option=1", *o]) == 2
    assert "not a valid PostgreSQL URL" in capsys.readouterr().err
    nowhere = f"postgresql://alice:s3cret@/db?host={tmp_path}&port=1"
    assert main(["export", "--format", "postgres", "--to", nowhere, *o]) == 1
    err = capsys.readouterr().err
    assert err.startswith("leaksift: cannot connect to postgresql://alice:***@/db") and "Traceback" not in err
    assert "s3cret" not in err and len(err.strip().splitlines()) == 1
    assert redact("postgresql://bob:pw@host:5432/x") == "postgresql://bob:***@host:5432/x"

    # a user who may read but not write: refused with the reason, the tables as they were
    export_postgres(out, postgres_db)
    with psycopg.connect(postgres_db, autocommit=True) as con:
        con.execute("CREATE ROLE reader LOGIN")
        con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    before = postgres_rows(postgres_db)
    reader = postgres_db.replace("postgresql://postgres@", "postgresql://reader@")
    (out / "entities.jsonl").write_text("", encoding="utf-8")
    assert main(["export", "--format", "postgres", "--to", reader, *o]) == 1
    err = capsys.readouterr().err
    assert "permission denied for PostgreSQL user 'reader'" in err and "Traceback" not in err
    assert postgres_rows(postgres_db) == before
    with pytest.raises(PostgresError):
        export_postgres(out, reader)


def test_throwaway_server_always_stops():
    """tests/postgres.py stops its server and deletes its folder, also when the body fails."""
    from urllib.parse import parse_qs, urlparse

    from tests.postgres import postgres_bin, temporary_postgres

    if postgres_bin() is None:
        pytest.skip("no PostgreSQL server binaries")
    with pytest.raises(RuntimeError, match="body failed"):
        with temporary_postgres() as url:
            with psycopg.connect(url) as con:
                assert con.execute("SELECT 1").fetchone() == (1,)
            raise RuntimeError("body failed")
    folder = Path(parse_qs(urlparse(url).query)["host"][0]).parent
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)
