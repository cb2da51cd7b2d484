"""What a run must do, decided before any orchestration starts (no Prefect import here).

A plan splits the sources into documents whose stored result is current, documents whose pages are
still valid but whose mentions must be found again (the model changed), and documents to process.
When a corpus run has nothing to do and OUT's records are complete, the CLI can say so at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.output.store import RECORD_FILES, ManifestEntry, OutputStore
from extractors.records import DocumentResult, SourceFile
from extractors.settings import Settings
from flows.curate import curation_problems, curation_stamp
from flows.parts import descendants_current
from flows.summary import RunSummary


@dataclass
class Plan:
    sources: dict[str, SourceFile] = field(default_factory=dict)  # by document id
    paths: dict[str, list[str]] = field(default_factory=dict)
    current: dict[str, DocumentResult] = field(default_factory=dict)
    reanalyse: list[DocumentResult] = field(default_factory=list)
    todo: list[SourceFile] = field(default_factory=list)

    @property
    def has_work(self) -> bool:
        return bool(self.todo or self.reanalyse)


def make_plan(sources: list[SourceFile], store: OutputStore, settings: Settings) -> Plan:
    plan = Plan()
    for source in sources:
        # the same bytes under several names are one document
        plan.sources.setdefault(source.doc_id, source)
        plan.paths.setdefault(source.doc_id, []).append(source.display_path)
    for doc_id, source in plan.sources.items():
        result, state = store.cached_result(doc_id, settings)
        parts = [] if result is None else descendants_current(result, lambda i: store.cached_result(i, settings))
        if parts is None:  # a part is not current: the container is read again to reach its bytes
            state = "missing"
        if state == "current":
            plan.current[doc_id] = result
            for part in parts:
                plan.current.setdefault(part.document.id, part)
        elif state == "reanalyse":
            plan.reanalyse.append(result)
        else:
            plan.todo.append(source)
    return plan


def updated_manifest(
    manifest: dict[str, ManifestEntry], plan: Plan, *, origin: str, settings: Settings
) -> dict[str, ManifestEntry]:
    """The manifest after this run: a corpus run replaces the previous run's documents."""
    entries = dict(manifest)
    if origin == "run":
        entries = {k: v for k, v in entries.items() if v.origin != "run" or k in plan.sources}
    for doc_id, source in plan.sources.items():
        previous = entries.get(doc_id)
        # a document both ingested by hand and found in the corpus stays "ingest": a later corpus
        # without it must not drop what a person added on purpose
        keep_origin = "ingest" if previous is not None and previous.origin == "ingest" else origin
        entries[doc_id] = ManifestEntry(
            id=doc_id,
            path=source.display_path,
            origin=keep_origin,
            fingerprint=settings.fingerprint(),
            paths=plan.paths[doc_id],
        )
    return entries


def record_stamp(
    manifest: dict[str, ManifestEntry], extras: list[tuple[str, str, str]], *, curation: str | None = None
) -> str:
    """A hash of what the record files hold: the manifest's documents and the extra rows (files that
    could not be read, links passed over). Saved after the records are written; a run whose stamp
    matches has nothing to write."""
    import hashlib
    import json

    from extractors import PIPELINE_VERSION

    payload = {
        "pipeline": PIPELINE_VERSION,
        "documents": sorted((e.id, e.path, e.origin, e.fingerprint, tuple(e.paths)) for e in manifest.values()),
        "extras": sorted(extras),
    }
    if curation is not None:  # the hash of OUT's curation decisions (``flows.curate``), when it has some
        payload["curation"] = curation
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def nothing_to_do(
    plan: Plan, store: OutputStore, *, origin: str, settings: Settings, extras: list[tuple[str, str, str]]
) -> bool:
    """True when processing would change nothing: every document current and the record files
    written, completely, from exactly this manifest (a run killed before or while writing them
    leaves an older stamp, so the next run writes them again)."""
    if plan.has_work or store.interrupted():
        return False
    if not all((store.out / f"{name}.jsonl").exists() for name in RECORD_FILES):
        return False
    if not (store.out / "leaksift.sqlite").exists():
        return False
    manifest = store.load_manifest()
    if updated_manifest(manifest, plan, origin=origin, settings=settings) != manifest:
        return False
    return store.stamp() == record_stamp(manifest, extras, curation=curation_stamp(store.out))


def output_summary(out: Path) -> RunSummary:
    """A run summary read back from OUT's records (used when nothing had to be done)."""
    from collections import Counter

    from extractors.output.jsonl import read_jsonl

    documents = read_jsonl(out / "documents.jsonl")
    pages = read_jsonl(out / "pages.jsonl")
    entities = read_jsonl(out / "entities.jsonl")
    return RunSummary(
        out=str(out),
        documents=len(documents),
        processed=0,
        reused=len(documents),
        statuses=dict(Counter(d["status"] for d in documents)),
        pages=len(pages),
        ocr_pages=sum(1 for p in pages if p["method"] == "ocr"),
        entities=dict(sorted(Counter(e["type"] for e in entities).items())),
        failures=[(d["path"], d["error"]) for d in documents if d["status"] == "failed"],
        skipped=[(d["path"], d["error"]) for d in documents if d["status"] == "skipped"],
        curation=curation_problems(out),
    )
