"""The output folder: document results in, the contract's JSONL files and SQLite database out.

Layout of OUT:
  documents.jsonl pages.jsonl mentions.jsonl tables.jsonl entities.jsonl leaksift.sqlite   (the contract)
  .leaksift/manifest.json        which documents OUT holds, where they came from, with which settings
  .leaksift/results/<id>.json    each document's extracted result, reused by incremental runs
  .leaksift/ocr/                 OCR cache keyed by page-image hash
  .leaksift/lock                 serialises writers (several processes may share one OUT)

Every file is written to a temporary name and renamed into place, so a reader never sees half a file
and a killed run leaves the previous complete version.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.records import DocumentResult, Entity, as_dict
from extractors.settings import Settings

log = logging.getLogger(__name__)

RECORD_FILES = ("documents", "pages", "mentions", "tables", "entities")
STATE_DIR = ".leaksift"


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, lines: Iterable[str]) -> None:
    """Write ``lines`` to ``path`` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, _umask_mode())
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class ManifestEntry:
    id: str
    path: str
    origin: str  # "run" (a corpus sweep) or "ingest" (named by hand)
    fingerprint: str
    paths: list[str] = field(default_factory=list)


class OutputStore:
    """One output folder: its records, its per-document cache and its manifest."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.state = self.out / STATE_DIR
        self.results_dir = self.state / "results"
        self.ocr_dir = self.state / "ocr"

    # -- locking --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """An exclusive lock on OUT, held while the manifest and records are rewritten."""
        self.state.mkdir(parents=True, exist_ok=True)
        with open(self.state / "lock", "a+") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    # -- manifest -------------------------------------------------------------------------------
    def load_manifest(self) -> dict[str, ManifestEntry]:
        path = self.state / "manifest.json"
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text("utf-8"))
            return {e["id"]: ManifestEntry(**e) for e in data["documents"]}
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("the manifest in %s is unreadable; rebuilding it from this run", self.state)
            return {}

    def save_manifest(self, entries: dict[str, ManifestEntry]) -> None:
        rows = [as_dict(e) for e in sorted(entries.values(), key=lambda e: (e.path, e.id))]
        atomic_write(self.state / "manifest.json", [json.dumps({"documents": rows}, ensure_ascii=False, indent=1)])

    # -- per-document results -------------------------------------------------------------------
    def _result_path(self, doc_id: str) -> Path:
        return self.results_dir / doc_id[:2] / f"{doc_id}.json"

    def cached_result(self, doc_id: str, settings: Settings) -> tuple[DocumentResult | None, str]:
        """A document's stored result and whether it is usable under ``settings``.

        The second value is ``"current"`` (use as is), ``"reanalyse"`` (pages still valid, mentions
        must be found again: the model or the phone region changed) or ``"missing"``.
        """
        path = self._result_path(doc_id)
        if not path.exists():
            return None, "missing"
        try:
            data = json.loads(path.read_text("utf-8"))
            result = DocumentResult.from_json(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None, "missing"
        ocr_used = any(p.method == "ocr" for p in result.pages)
        if data.get("extract") != settings.extract_fingerprint(result.document.media_type, ocr_used=ocr_used):
            return None, "missing"
        if data.get("analyse") != settings.analyse_fingerprint():
            return result, "reanalyse"
        return result, "current"

    def load_result(self, doc_id: str) -> DocumentResult | None:
        """A document's stored result whatever settings made it (None if absent or unreadable)."""
        try:
            data = json.loads(self._result_path(doc_id).read_text("utf-8"))
            return DocumentResult.from_json(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save_result(self, result: DocumentResult, settings: Settings) -> None:
        ocr_used = any(p.method == "ocr" for p in result.pages)
        payload = {
            "extract": settings.extract_fingerprint(result.document.media_type, ocr_used=ocr_used),
            "analyse": settings.analyse_fingerprint(),
            "result": result.to_json(),
        }
        atomic_write(self._result_path(result.document.id), [json.dumps(payload, ensure_ascii=False)])

    # -- records --------------------------------------------------------------------------------
    def write_records(
        self,
        results: list[DocumentResult],
        mentions: list[dict[str, Any]],
        entities: list[Entity],
        paths: dict[str, list[str]] | None = None,
    ) -> dict[str, int]:
        """Write the contract files and the SQLite database for the given documents."""
        paths = paths or {}
        documents = []
        for r in results:
            row = as_dict(r.document)
            row["paths"] = paths.get(r.document.id, [r.document.path])
            documents.append(row)
        records: dict[str, list[dict[str, Any]]] = {
            "documents": documents,
            "pages": [as_dict(p) for r in results for p in r.pages],
            "mentions": mentions,
            "tables": [as_dict(t) for r in results for t in r.tables],
            "entities": [as_dict(e) for e in entities],
        }
        self.out.mkdir(parents=True, exist_ok=True)
        for name in RECORD_FILES:
            atomic_write(self.out / f"{name}.jsonl", jsonl_lines(records[name]))
        write_sqlite(self.out / "leaksift.sqlite", records)
        return {name: len(rows) for name, rows in records.items()}


_SQL_TYPES = {bool: "INTEGER", int: "INTEGER", float: "REAL", str: "TEXT"}

# The column types of each table, so an empty table still gets its full schema.
SCHEMAS: dict[str, dict[str, str]] = {
    "documents": {
        "id": "TEXT PRIMARY KEY", "path": "TEXT", "media_type": "TEXT", "title": "TEXT", "pages": "INTEGER",
        "language": "TEXT", "status": "TEXT", "error": "TEXT", "size": "INTEGER", "published": "TEXT",
        "paths": "TEXT",
    },
    "pages": {
        "document_id": "TEXT", "page": "INTEGER", "method": "TEXT", "text": "TEXT",
        "ocr_confidence": "REAL", "ocr_reason": "TEXT",
    },
    "mentions": {
        "entity_id": "TEXT", "document_id": "TEXT", "page": "INTEGER", "start": "INTEGER", "end": "INTEGER",
        "text": "TEXT", "source": "TEXT", "type": "TEXT", "label": "TEXT",
    },
    "tables": {
        "document_id": "TEXT", "page": "INTEGER", "index": "INTEGER", "header": "TEXT", "rows": "TEXT",
    },
    "entities": {
        "id": "TEXT PRIMARY KEY", "type": "TEXT", "name": "TEXT", "aliases": "TEXT", "attributes": "TEXT",
        "document_ids": "TEXT", "mention_count": "INTEGER",
    },
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id)",
    "CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id, page)",
    "CREATE INDEX IF NOT EXISTS pages_document ON pages(document_id, page)",
    "CREATE INDEX IF NOT EXISTS entities_type ON entities(type, name)",
)


def _sql_value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_sqlite(path: Path, records: dict[str, list[dict[str, Any]]]) -> None:
    """Build the database under a temporary name, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, _umask_mode())
    try:
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
            for statement in INDEXES:
                con.execute(statement)
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
