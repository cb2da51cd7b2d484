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
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractors.output.atomic import atomic_write, fsync_dir, stage_file
from extractors.output.cache import ResultCache
from extractors.output.jsonl import jsonl_lines
from extractors.output.lock import out_lock
from extractors.output.manifest import ManifestEntry, load_manifest, save_manifest
from extractors.output.sqlite import stage_sqlite
from extractors.records import DocumentResult, Entity, as_dict
from extractors.settings import Settings

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


class OutputStore:
    """One output folder: its records, its per-document cache and its manifest."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.state = self.out / STATE_DIR
        self.results_dir = self.state / "results"
        self.ocr_dir = self.state / "ocr"
        self.results = ResultCache(self.results_dir)

    # -- locking --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """An exclusive lock on OUT, held while the manifest and records are rewritten."""
        with out_lock(self.state):
            yield

    # -- manifest -------------------------------------------------------------------------------
    def load_manifest(self) -> dict[str, ManifestEntry]:
        return load_manifest(self.state)

    def save_manifest(self, entries: dict[str, ManifestEntry]) -> None:
        save_manifest(self.state, entries)

    # -- per-document results (extractors.output.cache) ----------------------------------------
    def cached_result(self, doc_id: str, settings: Settings) -> tuple[DocumentResult | None, str]:
        """A document's stored result and whether it is usable under ``settings`` (see ``ResultCache``)."""
        return self.results.cached_result(doc_id, settings)

    def load_result(self, doc_id: str) -> DocumentResult | None:
        return self.results.load_result(doc_id)

    def save_result(self, result: DocumentResult, settings: Settings) -> None:
        self.results.save_result(result, settings)

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
                staged.append((f"{name}.jsonl", stage_file(self.out / f"{name}.jsonl", jsonl_lines(records[name]))))
            staged.append(("leaksift.sqlite", stage_sqlite(self.out / "leaksift.sqlite", records)))
            checkpoint("records-staged")
            marker = self.state / PUBLISHING_MARKER
            atomic_write(marker, ["the record files are being replaced\n"])
            for number, (name, tmp) in enumerate(staged, start=1):
                os.replace(tmp, self.out / name)
                checkpoint(f"records-renamed-{number}")
            fsync_dir(self.out)
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
