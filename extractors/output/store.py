"""The output folder: document results in, the contract's JSONL files and SQLite database out.

Layout of OUT:
  documents.jsonl pages.jsonl mentions.jsonl tables.jsonl entities.jsonl leaksift.sqlite   (the contract)
  .leaksift/manifest.json        which documents OUT holds, where they came from, with which settings
  .leaksift/results/<id>.json    each document's extracted result, reused by incremental runs
  .leaksift/ocr/                 OCR cache keyed by page-image hash
  .leaksift/lock                 serialises writers (several processes may share one OUT)

Every file is written to a temporary name and renamed into place, so a reader never sees half a file
and a killed run leaves the previous complete version.

Crash safety (a ``kill -9`` at any moment loses no record and duplicates none):
  * the per-document cache and the manifest are the truth; the record files are derived from them and
    every run rewrites all of them, so a run after an interrupted one rebuilds a consistent set;
  * the flow saves each batch's results to the cache as soon as they exist, then the manifest, and
    writes the records last;
  * ``write_records`` writes all six files to temporary names first and only then renames them into
    place one after the other (microseconds), with ``.leaksift/publishing`` present meanwhile: if that
    marker is found, the last run was killed between two renames and the files may mix two runs until
    the next run rewrites them (``leaksift entities`` warns about it).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
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
PUBLISHING_MARKER = "publishing"


def checkpoint(name: str) -> None:
    """A named point of a run's write sequence; the crash tests stop the process at one of them."""
    if _crash_at is not None and _crash_at == name:
        os.kill(os.getpid(), 9)


_crash_at: str | None = None


def set_crash_point(name: str | None) -> None:
    """Test hook: SIGKILL this process when ``checkpoint(name)`` is reached (set by the CLI from
    ``LEAKSIFT_TEST_CRASH_AT``; library code never reads the environment)."""
    global _crash_at
    _crash_at = name or None


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, lines: Iterable[str]) -> None:
    """Write ``lines`` to ``path`` through a temporary file and an atomic rename."""
    os.replace(_stage(path, lines), path)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _stage(path: Path, lines: Iterable[str]) -> Path:
    """Write ``lines`` to a temporary file next to ``path`` (flushed to disk); returns its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, _umask_mode())
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        return Path(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Characters JSON allows raw in strings but that some line splitters treat as line ends
# (Python's str.splitlines, JavaScript before ES2019): escaped so one record is always one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAKS_RE = re.compile("[\u2028\u2029\x85]")


def jsonl_line(row: dict[str, Any]) -> str:
    """One record as one line of JSON (UTF-8 text, control and line-break characters escaped)."""
    text = json.dumps(row, ensure_ascii=False, sort_keys=False)
    return _LINE_BREAKS_RE.sub(lambda m: _LINE_BREAKS[m.group()], text) + "\n"


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield jsonl_line(row)


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
        self.state.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries()
        staged: list[tuple[str, Path]] = []
        try:
            for name in RECORD_FILES:
                staged.append((f"{name}.jsonl", _stage(self.out / f"{name}.jsonl", jsonl_lines(records[name]))))
            staged.append(("leaksift.sqlite", stage_sqlite(self.out / "leaksift.sqlite", records)))
            checkpoint("records-staged")
            marker = self.state / PUBLISHING_MARKER
            atomic_write(marker, ["the record files are being replaced\n"])
            for number, (name, tmp) in enumerate(staged, start=1):
                os.replace(tmp, self.out / name)
                checkpoint(f"records-renamed-{number}")
            _fsync_dir(self.out)
            marker.unlink()
        except BaseException:
            for _, tmp in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise
        return {name: len(rows) for name, rows in records.items()}

    def save_stamp(self, stamp: str) -> None:
        """Record which manifest the record files were last written from (see ``flows.plan``)."""
        atomic_write(self.state / "published", [stamp + "\n"])

    def stamp(self) -> str | None:
        try:
            return (self.state / "published").read_text("utf-8").strip() or None
        except OSError:
            return None

    def interrupted(self) -> bool:
        """Whether the last run was killed while renaming record files (they may mix two runs)."""
        return (self.state / PUBLISHING_MARKER).exists()

    def _remove_stale_temporaries(self) -> None:
        """Temporary record files left by a killed run (record files are only written under the lock)."""
        for path in self.out.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                path.unlink()


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
    os.replace(stage_sqlite(path, records), path)


def stage_sqlite(path: Path, records: dict[str, list[dict[str, Any]]]) -> Path:
    """Build the database under a temporary name next to ``path``; returns that name."""
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
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        return Path(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
