"""The sources of a run, found once and handed to the flow as its ``sources`` parameter (no Prefect here).

In: a corpus folder (``Sources.discover``) or the files named for ingestion (``Sources.named``); each
file is hashed there, once. Out: ``Sources``: the files to process as ``{path, display_path, doc_id, stamp}``,
and the entries that end as failed or skipped rows without being read. It is a pydantic model because
it is a flow parameter: Prefect sends its JSON form to the API (and shows it in the UI), so it holds
no document results. The plan made from it (``plan``) is kept on it privately, in this process only:
the CLI plans to say "nothing to do" without starting Prefect, and the flow it then starts uses that
plan instead of loading every stored result again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, PrivateAttr

from extractors.batch.discover import Discovery, discover, source_for
from extractors.output.store import OutputStore
from extractors.records import Document, DocumentResult, FileStamp, SourceFile
from extractors.settings import Settings
from flows.plan import Plan, make_plan


class SourceEntry(BaseModel):
    path: str
    display_path: str
    doc_id: str
    # the file's stat when it was hashed: the read checks the file against it instead of hashing again
    stamp: FileStamp | None = None


class Sources(BaseModel):
    files: list[SourceEntry] = []
    # (display path, reason): files that could not be hashed (failed rows)
    unreadable: list[tuple[str, str]] = []
    # (display path, reason): links and special files of a corpus (skipped rows)
    passed_over: list[tuple[str, str]] = []

    _plan: Plan | None = PrivateAttr(default=None)
    _planned_for: tuple[str, Settings] | None = PrivateAttr(default=None)

    @classmethod
    def from_discovery(cls, found: Discovery) -> Sources:
        files = [
            SourceEntry(path=str(f.path), display_path=f.display_path, doc_id=f.doc_id, stamp=f.stamp)
            for f in found.files
        ]
        return cls(files=files, unreadable=found.unreadable, passed_over=found.passed_over)

    @classmethod
    def discover(cls, corpus: Path, *, out: Path) -> Sources:
        """Every file under ``corpus`` (``extractors.batch.discover``), OUT left out."""
        return cls.from_discovery(discover(Path(corpus), exclude=Path(out)))

    @classmethod
    def named(cls, files: list[str]) -> Sources:
        """The files named for ingestion, shown as given."""
        found = Discovery()
        for name in files:
            path = Path(name)
            if path.is_symlink() and not path.exists():
                found.unreadable.append((name, "broken symbolic link"))
                continue
            try:
                found.files.append(source_for(path))
            except OSError as exc:
                found.unreadable.append((name, f"the file could not be read: {exc.strerror or exc}"))
        return cls.from_discovery(found)

    def source_files(self) -> list[SourceFile]:
        return [
            SourceFile(path=Path(e.path), display_path=e.display_path, doc_id=e.doc_id, stamp=e.stamp)
            for e in self.files
        ]

    def extras(self) -> list[tuple[str, str, str]]:
        """(display path, status, reason) of the rows written without reading: every entry of a corpus
        ends as a record."""
        return [(p, "failed", r) for p, r in self.unreadable] + [(p, "skipped", r) for p, r in self.passed_over]

    def extra_results(self) -> list[DocumentResult]:
        return [_unread_result(path, status, reason) for path, status, reason in self.extras()]

    def plan(self, store: OutputStore, settings: Settings) -> Plan:
        """The plan for these sources into ``store`` under ``settings``: made once, then the same."""
        key = (str(store.out), settings)
        if self._plan is None or self._planned_for != key:
            self._plan, self._planned_for = make_plan(self.source_files(), store, settings), key
        return self._plan


def _unread_result(display_path: str, status: str, reason: str) -> DocumentResult:
    """A record for a file that was never read: its id is hashed from its path (there are no bytes)."""
    doc = Document(
        id=hashlib.sha256(display_path.encode()).hexdigest(),
        path=display_path,
        media_type="unknown",
        status=status,
        error=reason,
    )
    return DocumentResult(document=doc)
