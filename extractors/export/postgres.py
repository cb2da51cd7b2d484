"""OUT's record tables in a PostgreSQL database, for a team: ``leaksift export --format postgres --to URL``.

In: an output folder OUT (the contract's JSON Lines) and a libpq URL (``postgresql://user@host/db``).
Out: the tables of ``OUT/leaksift.sqlite`` (``documents``, ``pages``, ``mentions``, ``tables``,
``entities``: same names, same columns, one row per record), written in ONE transaction:

- each table is created when missing (with a primary key: ``id`` for documents and entities, the natural
  key for the others, see ``KEYS``) and gains the columns records have added since;
- the records are copied (``COPY``) into a temporary table, then upserted by key
  (``INSERT ... ON CONFLICT DO UPDATE``, only rows that differ are rewritten), then every row whose key is
  not in this export is deleted: an entity merged or rejected since the last export does not linger;
- lists and objects (aliases, attributes, ``documents.email``...) are ``jsonb``, counts and offsets
  ``bigint``. PostgreSQL cannot store the NUL character: one in leaked text becomes U+FFFD (one character
  for one, so offsets still hold).

Repeating an export of the same OUT changes nothing. Two exports into the same database serialise (an
advisory lock), and a failed one leaves the database as it was. One database (or schema: add
``?options=-csearch_path%3Dname`` to the URL) per OUT: an export makes the tables equal to its OUT.
Errors a person can act on (bad URL, server unreachable, login refused, missing privilege) are raised as
``PostgresError`` with a one-line message.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from extractors.output.jsonl import read_jsonl
from extractors.output.sqlite import INDEXES, SCHEMAS

#: the primary key of each table: what "the same row" means from one export to the next
KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("id",),
    "pages": ("document_id", "page"),
    "mentions": ("document_id", "page", "start", "end", "entity_id", "source"),
    "tables": ("document_id", "page", "index"),
    "entities": ("id",),
}
#: columns holding lists or objects (JSON text in SQLite)
JSON_COLUMNS = {
    "documents": {"email", "paths"},
    "tables": {"header", "rows", "spans"},
    "entities": {"aliases", "attributes", "document_ids", "merged_ids"},
}
_PG_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision"}
_LOCK = 0x1EA45F7  # pg_advisory_xact_lock key: one leaksift export at a time per database


class PostgresError(Exception):
    """The export could not be written; nothing was changed. ``usage`` when the URL itself is wrong."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def redact(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"(://[^/:@?]*):[^@/?]*@", r"\1:***@", url)


def _infer(values: list[Any]) -> str:
    """The Postgres type of a column records added beyond SCHEMAS, from its values."""
    present = [v for v in values if v is not None]
    if any(isinstance(v, (list, dict)) for v in present):
        return "jsonb"
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "bigint"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double precision"
    return "text"


def columns(table: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Column -> Postgres type: SCHEMAS' columns in order, then the ones records add (sorted)."""
    cols = {}
    for name, sql_type in SCHEMAS[table].items():
        base = sql_type.split()[0]
        cols[name] = "jsonb" if name in JSON_COLUMNS.get(table, ()) else _PG_TYPES.get(base, "text")
    extra = sorted({k for row in rows for k in row} - set(cols))
    for name in extra:
        cols[name] = _infer([row.get(name) for row in rows])
    return cols


def _clean(value: Any) -> Any:
    """NUL characters (which PostgreSQL's text and jsonb refuse) replaced by U+FFFD, recursively."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _cell(value: Any, pg_type: str) -> Any:
    from psycopg.types.json import Jsonb

    value = _clean(value)
    if value is None:
        return None
    if pg_type == "jsonb":
        return Jsonb(value)
    if pg_type == "text" and not isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    if pg_type == "boolean":
        return bool(value)
    return value


def connect(url: str):
    """A connection, or a PostgresError saying why not."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    if not re.match(r"^postgres(ql)?://", url):
        raise PostgresError(f"--to must be a postgresql:// URL, not {redact(url)!r}", usage=True)
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise PostgresError(f"not a valid PostgreSQL URL {redact(url)!r}: {_first_line(error)}", usage=True) from None
    try:
        return psycopg.connect(url, connect_timeout=15, application_name="leaksift export")
    except psycopg.OperationalError as error:
        raise PostgresError(f"cannot connect to {redact(url)}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    # libpq prefixes "connection failed: connection to server at ... failed:" lines; keep the reason too
    return " ".join(lines[:2]) if lines else type(error).__name__


def load_records(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {table: read_jsonl(Path(out) / f"{table}.jsonl") for table in SCHEMAS}


def export_postgres(out: Path, url: str) -> dict[str, dict[str, int]]:
    """Write OUT's tables into the database of ``url``; returns, per table, rows ``inserted``,
    ``updated``, ``deleted`` and ``rows`` (the table's size after)."""
    import psycopg

    records = load_records(out)
    con = connect(url)
    try:
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            return {table: _write_table(con, table, records[table]) for table in SCHEMAS}
    except psycopg.errors.InsufficientPrivilege as error:
        user = con.info.user
        raise PostgresError(
            f"permission denied for PostgreSQL user {user!r}: {_first_line(error)} (the user needs CREATE on "
            "the schema, or to own the tables; nothing was written)"
        ) from None
    except psycopg.Error as error:
        raise PostgresError(f"PostgreSQL refused the export (nothing was written): {_first_line(error)}") from None
    finally:
        con.close()


def _write_table(con, table: str, rows: list[dict[str, Any]]) -> dict[str, int]:
    cols = columns(table, rows)
    key = KEYS[table]
    t = _q(table)
    definition = ", ".join(f"{_q(c)} {pg_type}" for c, pg_type in cols.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {t} ({definition}, PRIMARY KEY ({', '.join(map(_q, key))}))")
    for c, pg_type in cols.items():
        con.execute(f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {_q(c)} {pg_type}")
    # every column the table has (earlier exports may have added more: they become NULL, as in SQLite)
    all_cols = [
        r[0]
        for r in con.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
            "ORDER BY attnum",
            (t,),
        )
    ]
    stage = _q(f"leaksift_stage_{table}")
    con.execute(f"CREATE TEMP TABLE {stage} (LIKE {t}) ON COMMIT DROP")
    names = list(cols)
    types = [cols[c] for c in names]
    with con.cursor() as cur:
        with cur.copy(f"COPY {stage} ({', '.join(map(_q, names))}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_cell(row.get(c), pg_type) for c, pg_type in zip(names, types, strict=True)])
    quoted = ", ".join(map(_q, all_cols))
    others = [c for c in all_cols if c not in key]
    key_list = ", ".join(map(_q, key))
    on_key = " AND ".join(f"s.{_q(k)} = t.{_q(k)}" for k in key)
    if others:
        sets = ", ".join(f"{_q(c)} = EXCLUDED.{_q(c)}" for c in others)
        old = ", ".join(f"t.{_q(c)}" for c in others)
        new = ", ".join(f"EXCLUDED.{_q(c)}" for c in others)
        conflict = f"DO UPDATE SET {sets} WHERE ROW({old}) IS DISTINCT FROM ROW({new})"
    else:
        conflict = "DO NOTHING"
    # DISTINCT ON: a key twice in the records (never expected) is one row, not a failed export;
    # ``xmax = 0``: the row was inserted, not updated (a PostgreSQL idiom)
    changed = con.execute(
        f"INSERT INTO {t} AS t ({quoted}) SELECT DISTINCT ON ({key_list}) {quoted} FROM {stage} "
        f"ON CONFLICT ({key_list}) {conflict} RETURNING (xmax = 0)"
    ).fetchall()
    deleted = con.execute(f"DELETE FROM {t} AS t WHERE NOT EXISTS (SELECT 1 FROM {stage} AS s WHERE {on_key})").rowcount
    for statement in INDEXES:
        if f" ON {table}(" in statement:
            con.execute(statement)
    (size,) = con.execute(f"SELECT count(*) FROM {t}").fetchone()
    inserted = sum(1 for (new_row,) in changed if new_row)
    return {"inserted": inserted, "updated": len(changed) - inserted, "deleted": deleted, "rows": size}
