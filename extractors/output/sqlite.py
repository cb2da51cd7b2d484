"""The SQLite database of OUT: the records of every JSON Lines file in tables of the same names.

Lists and objects are stored as JSON text; each table gets its full schema even when empty, and columns
that records add beyond it. Built under a temporary name and renamed into place, like the JSONL files.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from extractors.output.atomic import temporary_beside

_SQL_TYPES = {bool: "INTEGER", int: "INTEGER", float: "REAL", str: "TEXT"}

# The column types of each table, so an empty table still gets its full schema.
SCHEMAS: dict[str, dict[str, str]] = {
    "documents": {
        "id": "TEXT PRIMARY KEY",
        "path": "TEXT",
        "media_type": "TEXT",
        "title": "TEXT",
        "pages": "INTEGER",
        "language": "TEXT",
        "status": "TEXT",
        "error": "TEXT",
        "size": "INTEGER",
        "published": "TEXT",
        "parent_id": "TEXT",
        "email": "TEXT",
        "paths": "TEXT",
    },
    "pages": {
        "document_id": "TEXT",
        "page": "INTEGER",
        "method": "TEXT",
        "text": "TEXT",
        "ocr_confidence": "REAL",
        "ocr_reason": "TEXT",
        "language": "TEXT",
        "ocr_lang": "TEXT",
    },
    "mentions": {
        "entity_id": "TEXT",
        "document_id": "TEXT",
        "page": "INTEGER",
        "start": "INTEGER",
        "end": "INTEGER",
        "text": "TEXT",
        "source": "TEXT",
        "type": "TEXT",
        "label": "TEXT",
    },
    "tables": {
        "document_id": "TEXT",
        "page": "INTEGER",
        "index": "INTEGER",
        "header": "TEXT",
        "rows": "TEXT",
        "spans": "TEXT",
    },
    "entities": {
        "id": "TEXT PRIMARY KEY",
        "type": "TEXT",
        "name": "TEXT",
        "aliases": "TEXT",
        "attributes": "TEXT",
        "document_ids": "TEXT",
        "mention_count": "INTEGER",
        "merged_ids": "TEXT",
    },
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id)",
    "CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id, page)",
    "CREATE INDEX IF NOT EXISTS pages_document ON pages(document_id, page)",
    "CREATE INDEX IF NOT EXISTS entities_type ON entities(type, name)",
)

# Full-text search (``leaksift search``, ``leaksift browse``): FTS5 indexes over the page text and the entity
# names and aliases, with the trigram tokenizer (SQLite >= 3.34), which needs no word boundaries and so finds
# a substring of Chinese or Japanese text as well as words of spaced languages, case-insensitively. They are
# external-content tables: the text is stored once, in ``pages`` and ``entities``; the index is built with
# the database (every run and ingestion rewrites it) and is not a record table of the contract.
FTS_TABLES = ("pages_fts", "entities_fts")
FTS = (
    "CREATE VIRTUAL TABLE pages_fts USING fts5(text, content='pages', content_rowid='rowid', tokenize='trigram')",
    "INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE entities_fts USING fts5(name, aliases, content='entities', content_rowid='rowid', "
    "tokenize='trigram')",
    "INSERT INTO entities_fts(entities_fts) VALUES ('rebuild')",
)


def _sql_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_sqlite(path: Path, records: dict[str, list[dict[str, Any]]]) -> None:
    """Build the database under a temporary name, then rename it into place."""
    os.replace(stage_sqlite(path, records), path)


def stage_sqlite(path: Path, records: dict[str, list[dict[str, Any]]]) -> Path:
    """Build the database under a temporary name next to ``path``; returns that name."""
    with temporary_beside(path) as tmp:
        con = sqlite3.connect(tmp)
        try:
            for table, columns in SCHEMAS.items():
                extra = {k for row in records[table] for k in row} - set(columns)
                all_columns = dict(columns, **{k: "" for k in sorted(extra)})
                cols_sql = ", ".join(f'"{c}" {t}'.strip() for c, t in all_columns.items())
                con.execute(f'DROP TABLE IF EXISTS "{table}"')
                con.execute(f'CREATE TABLE "{table}" ({cols_sql})')
                names = list(all_columns)
                placeholders = ", ".join("?" for _ in names)
                quoted = ", ".join(f'"{c}"' for c in names)
                con.executemany(
                    f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})',
                    ([_sql_value(row.get(c)) for c in names] for row in records[table]),
                )
            for statement in INDEXES + FTS:
                con.execute(statement)
            con.commit()
        finally:
            con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        return tmp
