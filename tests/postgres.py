"""A throwaway PostgreSQL server from Debian's ``postgresql`` package (``initdb`` and ``pg_ctl`` in
``/usr/lib/postgresql/NN/bin``), for the Postgres export's tests and ``bench/export_scale.py``.

The cluster lives in a temporary folder and listens on a Unix socket in that folder only (no TCP). The
server refuses to run as root, so when we are root (sessions, CI) the folder is given to the ``postgres``
user and the binaries run through ``runuser -u postgres``. Authentication is ``trust`` (only this
machine's socket, only for the test's lifetime).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"


def postgres_bin() -> Path | None:
    """The newest installed server's bin folder (holding ``initdb`` and ``pg_ctl``), or None."""
    found = [p for p in Path("/").glob(BIN_GLOB.lstrip("/")) if (p / "initdb").exists() and (p / "pg_ctl").exists()]
    found.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a fresh cluster, yield a connection URL for its ``postgres`` database (superuser
    ``postgres``), and always stop it and delete its folder afterwards."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise FileNotFoundError(f"no PostgreSQL server binaries in {BIN_GLOB} (Debian package postgresql)")
    root = Path(tempfile.mkdtemp(prefix="leaksift-pg-"))
    data, sockets, log = root / "data", root / "sock", root / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (root, sockets):
            shutil.chown(path, "postgres", "postgres")
    try:
        subprocess.run(
            _as_postgres(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
                + ["--locale=C", "--no-sync"]
            ),
            check=True,
            capture_output=True,
        )
        port = _free_port()
        options = f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        result = subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60"])
            + ["-o", options, "start"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()}\n{tail}")
        yield f"postgresql://postgres@/postgres?host={sockets}&port={port}"
    finally:
        if (data / "postmaster.pid").exists():  # also after a start that timed out
            subprocess.run(
                _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A new empty database on the server of ``url`` (a superuser's); returns its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return url.replace("/postgres?", f"/{name}?", 1)


def _norm(value):
    return int(value) if isinstance(value, bool) else value


def sqlite_rows(out: Path) -> dict[str, dict[tuple, dict]]:
    """Every record table of OUT's SQLite database: key -> row, JSON text parsed."""
    import sqlite3

    from extractors.export.postgres import JSON_COLUMNS, KEYS
    from extractors.output.sqlite import SCHEMAS

    con = sqlite3.connect(out / "leaksift.sqlite")
    con.row_factory = sqlite3.Row

    tables = {}
    try:
        for table in SCHEMAS:
            rows = {}
            for r in con.execute(f'SELECT * FROM "{table}"'):
                row = dict(r)
                for c in JSON_COLUMNS.get(table, ()):
                    if row.get(c) is not None:
                        row[c] = json.loads(row[c])
                rows[tuple(row[k] for k in KEYS[table])] = row
            tables[table] = rows
    finally:
        con.close()
    return tables


def postgres_rows(url: str) -> dict[str, dict[tuple, dict]]:
    import psycopg
    from psycopg.rows import dict_row

    from extractors.export.postgres import KEYS
    from extractors.output.sqlite import SCHEMAS

    with psycopg.connect(url) as con:
        con.row_factory = dict_row
        return {
            table: {
                tuple(r[k] for k in KEYS[table]): {c: _norm(v) for c, v in r.items()}
                for r in con.execute(f'SELECT * FROM "{table}"')
            }
            for table in SCHEMAS
        }


def assert_same_tables(out: Path, url: str) -> None:
    """The Postgres tables are OUT's SQLite tables, row for row (same keys, same columns, same values)."""
    from extractors.output.sqlite import SCHEMAS

    expected, got = sqlite_rows(out), postgres_rows(url)
    for table in SCHEMAS:
        assert len(got[table]) == len(expected[table]), table
        assert got[table] == expected[table], table
