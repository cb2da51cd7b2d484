"""``leaksift browse``: OUT's database in Datasette, with table and column descriptions, facets, full-text
search on pages and canned queries.

In: OUT (its ``leaksift.sqlite``), a port. Out: a Datasette server on 127.0.0.1 (this process becomes it,
so stopping it stops the server), opened in the web browser unless ``--no-open``. The database is opened
immutable (``datasette -i``): nothing is written to it or locked, so a running pipeline is never blocked;
a run replaces the file by a rename, so the server keeps showing the version it opened until restarted.
The Datasette metadata (``metadata(db_name)``) is written to ``OUT/.leaksift/datasette-metadata.json``.
Exit status 2 when OUT has no database yet. Imports no Prefect.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from flows.cli.options import EXIT_USAGE, add_out

TABLES: dict[str, tuple[str, str, dict[str, str]]] = {
    "documents": (
        "Documents",
        "One row per file of the corpus (and per part of a container).",
        {
            "id": "SHA-256 hex of the file's bytes",
            "path": "the file's path, relative to the corpus",
            "media_type": "the file's media type",
            "title": "the document's title, or null",
            "pages": "number of pages",
            "language": "ISO 639-1 language, or null",
            "status": "ok | failed | skipped",
            "error": "null, or a one-line reason a person can act on",
            "parent_id": "the container this document was found in, or null",
            "paths": "every path these bytes were found at (JSON list)",
        },
    ),
    "pages": (
        "Pages",
        "The text of every page, exactly as NER read it; full-text search with the box above.",
        {
            "document_id": "the document (documents.id)",
            "page": "1-based page number",
            "method": "text (from the file) | ocr",
            "text": "the exact text that NER ran on",
            "ocr_confidence": "0-100 for OCR pages, else null",
            "language": "ISO 639-1 language of the page, or null",
        },
    ),
    "mentions": (
        "Mentions",
        "Every place an entity is named: the page and character offsets into that page's text.",
        {
            "entity_id": "the entity (entities.id)",
            "document_id": "the document (documents.id)",
            "page": "1-based page number",
            "start": "character offset of the mention in the page's text",
            "end": "character offset after the mention (exclusive)",
            "text": "the surface form, equal to text[start:end]",
            "source": "ner | pattern | table",
        },
    ),
    "tables": (
        "Tables",
        "Every table found in a document, as a person would read it.",
        {
            "document_id": "the document (documents.id)",
            "page": "1-based page number",
            "index": "0-based index of the table on its page",
            "header": "list of header cells (JSON), or null",
            "rows": "list of rows, each a list of cells (JSON), header excluded",
        },
    ),
    "entities": (
        "Entities",
        "Deduplicated people, organisations, places, dates, e-mail addresses, phones and URLs.",
        {
            "id": "stable id: the same entity gets the same id in every run",
            "type": "PERSON | ORG | PLACE | DATE | EMAIL | PHONE | URL",
            "name": "canonical name",
            "aliases": "other surface forms (JSON list)",
            "attributes": "by type: titles, acronym, country, iso, precision (JSON object)",
            "document_ids": "the documents it appears in (JSON list)",
            "mention_count": "number of mentions",
        },
    ),
}

FACETS = {
    "documents": ["status", "media_type", "language"],
    "pages": ["document_id", "method", "language"],
    "mentions": ["source", "document_id"],
    "tables": ["document_id"],
    "entities": ["type"],
}

# An entity given by id, name or alias (case-insensitive), as the canned queries take it.
_ENTITY = (
    "SELECT id FROM entities WHERE id = :{p} OR lower(name) = lower(:{p}) "
    "OR EXISTS (SELECT 1 FROM json_each(entities.aliases) WHERE lower(value) = lower(:{p}))"
)

QUERIES = {
    "who_appears_with": {
        "title": "Who appears with X",
        "description": "Entities named on the same page as X (id, name or alias), by number of pages shared.",
        "sql": (
            "SELECT e.id, e.type, e.name, count(DISTINCT m2.document_id || ':' || m2.page) AS pages_together, "
            "e.mention_count FROM mentions m1 "
            "JOIN mentions m2 ON m2.document_id = m1.document_id AND m2.page = m1.page "
            "AND m2.entity_id != m1.entity_id "
            "JOIN entities e ON e.id = m2.entity_id "
            f"WHERE m1.entity_id IN ({_ENTITY.format(p='x')}) "
            "GROUP BY e.id ORDER BY pages_together DESC, e.mention_count DESC, e.name LIMIT 200"
        ),
    },
    "documents_mentioning_both": {
        "title": "Documents that mention both X and Y",
        "description": "Documents with at least one mention of X and one of Y (each an id, name or alias).",
        "sql": (
            "SELECT d.id, d.path, d.title, "
            f"(SELECT count(*) FROM mentions m WHERE m.document_id = d.id AND m.entity_id IN ({_ENTITY.format(p='x')}))"
            " AS mentions_of_x, "
            f"(SELECT count(*) FROM mentions m WHERE m.document_id = d.id AND m.entity_id IN ({_ENTITY.format(p='y')}))"
            " AS mentions_of_y FROM documents d WHERE mentions_of_x > 0 AND mentions_of_y > 0 ORDER BY d.path"
        ),
    },
    "mentions_of": {
        "title": "Mentions of X",
        "description": "Every mention of X (id, name or alias) with the text around it.",
        "sql": (
            "SELECT d.path, m.page, m.text, m.source, "
            "substr(p.text, max(1, m.start - 79), min(m.start, 80) + (m.end - m.start) + 80) AS context "
            "FROM mentions m JOIN documents d ON d.id = m.document_id "
            "LEFT JOIN pages p ON p.document_id = m.document_id AND p.page = m.page "
            f"WHERE m.entity_id IN ({_ENTITY.format(p='x')}) ORDER BY d.path, m.page, m.start"
        ),
    },
}


def metadata(db_name: str = "leaksift") -> dict[str, Any]:
    """Datasette metadata for the database opened under ``db_name``."""
    tables: dict[str, Any] = {}
    for table, (title, description, columns) in TABLES.items():
        tables[table] = {"title": title, "description": description, "columns": columns, "facets": FACETS[table]}
    tables["pages"].update({"fts_table": "pages_fts", "fts_pk": "rowid", "searchmode": "escaped"})
    tables["entities"].update({"fts_table": "entities_fts", "fts_pk": "rowid", "searchmode": "escaped"})
    tables["entities"]["sort_desc"] = "mention_count"
    for fts in ("pages_fts", "entities_fts"):
        tables[fts] = {"hidden": True}
    return {
        "title": "leaksift",
        "description": "Documents, pages, mentions and entities extracted by leaksift (read-only).",
        "databases": {db_name: {"tables": tables, "queries": QUERIES}},
    }


def add_parser(sub) -> None:
    browse = sub.add_parser(
        "browse",
        help="explore an output folder's database in Datasette",
        description="Open OUT's leaksift.sqlite in Datasette (read-only), in the web browser unless --no-open.",
    )
    add_out(browse)
    browse.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default: 8001; 0: any free)")
    browse.add_argument("--no-open", action="store_true", help="do not open a web browser")


def datasette_argv(db: Path, metadata_path: Path, port: int, open_browser: bool) -> list[str]:
    argv = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--metadata", str(metadata_path)]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]
    return argv + (["--open"] if open_browser else [])


def command(args: argparse.Namespace) -> int:
    out = Path(args.out)
    db = out / "leaksift.sqlite"
    if not db.exists():
        print(f"leaksift: no database in {args.out} (run `leaksift run` first)", file=sys.stderr)
        return EXIT_USAGE
    state = out / ".leaksift"
    state.mkdir(parents=True, exist_ok=True)
    metadata_path = state / "datasette-metadata.json"
    metadata_path.write_text(json.dumps(metadata(db.stem), ensure_ascii=False, indent=1), "utf-8")
    print(f"leaksift: browsing {db} at http://127.0.0.1:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    argv = datasette_argv(db, metadata_path, args.port, not args.no_open)
    os.execv(argv[0], argv)
    return 0  # not reached
