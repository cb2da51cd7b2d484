"""Prefect flows: the batch run over a corpus folder, and manual ingestion of named files.

Work is batched into coarse tasks (each Prefect task run cost ~70 ms here): one task reads and analyses
a batch of documents, one resolves and writes the records. Document results are handed to tasks inside
``quote``: Prefect otherwise walks every field of every page and mention of a parameter looking for
futures (measured: 48 s of a 5,000-message mailbox's run). Documents already processed with the same
bytes and settings are taken from the output folder's cache, not processed again. The flows take the
run's ``Sources`` (``flows.sources``, found and hashed once by the CLI) or find them themselves.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from extractors.batch.pipeline import analyse_documents, extract_documents
from extractors.mentions.ner_pool import PARALLEL_CHARS, warm_ner_pool
from extractors.output.cache import ResultCache
from extractors.output.store import OutputStore, checkpoint
from extractors.read.ocr.cache import OcrCache
from extractors.records import DocumentResult, SourceFile
from extractors.settings import Settings
from flows import progress as progress_mod
from flows.curate import curation_stamp, publish_records
from flows.parts import with_parts
from flows.plan import record_stamp, updated_manifest
from flows.runtime import skip_flow_heartbeats
from flows.sources import Sources
from flows.summary import RunSummary

log = logging.getLogger(__name__)
skip_flow_heartbeats()

BATCH_DOCUMENTS = 16


def _settings(settings: dict[str, Any] | Settings | None) -> Settings:
    if isinstance(settings, Settings):
        return settings
    return Settings(**(settings or {}))


def _extract(
    files: list[SourceFile], settings: Settings, state_dir: str, progress=None, more=None
) -> list[DocumentResult]:
    """Read a batch of documents and the parts of its containers; parts whose bytes OUT already holds
    a current result for are not read again. Part files live under OUT's state folder while read."""
    state = Path(state_dir)
    results = ResultCache(state / "results")

    def is_current(doc_id: str) -> bool:
        return results.cached_result(doc_id, settings)[1] == "current"

    return extract_documents(
        files,
        settings=settings,
        ocr_cache=OcrCache(state / "ocr"),
        progress=progress,
        parts_dir=state / "parts",
        is_current=is_current,
        more=more,
    )


@task(name="read", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(files: list[SourceFile], settings: Settings, state_dir: str) -> list[DocumentResult]:
    """Read a batch of documents into pages and tables (OCR of several pages in parallel)."""
    reporter = progress_mod.current()
    return _extract(files, settings, state_dir, progress=reporter.update, more=reporter.more)


@task(name="analyse", cache_policy=NO_CACHE, persist_result=False)
def analyse_batch(results: list[DocumentResult], settings: Settings) -> list[DocumentResult]:
    """Find the mentions of a batch of read documents (also used when only the model changed)."""
    for result in results:
        result.mentions = []
    analyse_documents(results, settings=settings)
    return results


@task(name="read-and-analyse", cache_policy=NO_CACHE, persist_result=False)
def process_batch(files: list[SourceFile], settings: Settings, state_dir: str) -> list[DocumentResult]:
    """Both stages in one task: the unit sent to a remote worker (Dask) when batches run in parallel."""
    results = _extract(files, settings, state_dir)
    analyse_documents(results, settings=settings)
    return results


@task(name="resolve-and-write", cache_policy=NO_CACHE, persist_result=False)
def publish(
    out: str, results: list[DocumentResult], paths: dict[str, list[str]]
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Resolve entities over every document OUT holds, apply OUT's curation decisions (``flows.curate``)
    and write the contract records.

    Returns the rows written per record file, the entities per type and the decisions to report."""
    return publish_records(Path(out), results, paths)


def _batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


#: file types that are quick to read (text, markup, tables): a batch holds up to ``TEXT_BATCH`` of
#: them, against ``BATCH_DOCUMENTS`` of the others (PDFs, scans, containers), so text-heavy corpora run
#: in few tasks and hand NER batches big enough for every core
QUICK_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".csv", ".tsv", ".json", ".jsonl", ".eml", ".xml"})
TEXT_BATCH = 64


def document_batches(files: list[SourceFile]) -> list[list[SourceFile]]:
    """``files`` in order, cut into batches: a quick file counts one, any other four, up to 64."""
    batches: list[list[SourceFile]] = []
    weight = TEXT_BATCH
    for source in files:
        cost = 1 if source.path.suffix.lower() in QUICK_SUFFIXES else TEXT_BATCH // BATCH_DOCUMENTS
        if weight + cost > TEXT_BATCH:
            batches.append([])
            weight = 0
        batches[-1].append(source)
        weight += cost
    return batches


def _run_batches(
    todo: list[SourceFile],
    settings: Settings,
    state_dir: str,
    *,
    parallel: bool,
    on_done: Callable[[list[DocumentResult]], None],
) -> None:
    """Process documents in coarse batches, handing each finished batch to ``on_done``.

    By default reading and analysis overlap: while this process runs NER on batch k, batch k+1 is
    read (in worker processes, OCR one page per core), so both cores stay busy. With ``parallel``
    every batch is submitted at once to the flow's task runner (a Dask cluster, say).
    """
    batches = document_batches(todo)
    if not batches:
        return
    if sum(f.stamp.size for f in todo if f.stamp is not None) >= PARALLEL_CHARS:
        warm_ner_pool(settings.model, settings.workers)  # the NER workers load spaCy while batch 1 is read
    if parallel:
        futures = [process_batch.submit(batch, settings, state_dir) for batch in batches]
        for future in futures:
            on_done(future.result())
        return
    pending = extract_batch.submit(batches[0], settings, state_dir)
    for index in range(len(batches)):
        results = pending.result()
        if index + 1 < len(batches):
            pending = extract_batch.submit(batches[index + 1], settings, state_dir)
        on_done(analyse_batch(quote(results), settings))


def process_sources(
    sources: Sources,
    *,
    out: Path,
    origin: str,
    settings: Settings,
    parallel: bool = False,
) -> RunSummary:
    """Shared body of both flows: process what is new or changed, then rebuild OUT's records."""
    started = time.perf_counter()
    store = OutputStore(out)
    summary = RunSummary(out=str(out))
    plan = sources.plan(store, settings)  # the CLI's plan when it made one
    extra_results = sources.extra_results()
    current = dict(plan.current)
    summary.reused = len(plan.current)
    summary.processed = len(plan.todo) + len(plan.reanalyse)

    reporter = progress_mod.current()
    reporter.start(len(plan.todo))
    stage: Counter = Counter()
    saved = 0

    def keep(results: list[DocumentResult]) -> None:
        # each batch is cached as soon as it is done: a killed run loses at most the batch under way
        nonlocal saved
        for result in results:
            for name, seconds in result.timings.items():
                stage[name] += seconds
            current[result.document.id] = result
            if not result.transient:
                store.save_result(result, settings)
                saved += 1
                checkpoint(f"result-saved-{saved}")

    _run_batches(plan.todo, settings, str(store.state), parallel=parallel, on_done=keep)
    # transient failures (an OCR timeout under load) get one more try; corrupt files never do
    retry = [plan.sources[doc_id] for doc_id, r in current.items() if r.retry and doc_id in plan.sources]
    if retry:
        log.info("retrying %d documents after transient failures", len(retry))
        _run_batches(retry, settings, str(store.state), parallel=parallel, on_done=keep)
    for batch in _batches(plan.reanalyse, BATCH_DOCUMENTS):
        keep(analyse_batch(quote(batch), settings))
    reporter.finish()

    publish_started = time.perf_counter()
    with store.lock():
        manifest = updated_manifest(store.load_manifest(), plan, origin=origin, settings=settings)
        top: list[DocumentResult] = []
        top_paths: dict[str, list[str]] = {}
        for doc_id, entry in sorted(manifest.items(), key=lambda kv: (kv[1].path, kv[0])):
            # documents this run did not name (ingested earlier) keep their stored result
            result = current.get(doc_id) or store.load_result(doc_id)
            if result is None:
                continue
            top.append(result)
            top_paths[doc_id] = entry.paths
        all_results, all_paths = with_parts(top, top_paths, lambda i: current.get(i) or store.load_result(i))
        all_results.extend(extra_results)
        # the manifest (with the cache) is the truth and the records are derived from it: saved first,
        # so a run killed while writing records is rebuilt whole by the next run
        store.save_manifest(manifest)
        checkpoint("manifest-saved")
        records, entity_counts, curation = publish(str(out), quote(all_results), quote(all_paths))
        checkpoint("published")
        extras = [(r.document.path, r.document.status, r.document.error or "") for r in extra_results]
        store.save_stamp(record_stamp(manifest, extras, curation=curation_stamp(out)))
    stage["resolve+write"] = time.perf_counter() - publish_started

    summary.entities = entity_counts
    summary.curation = curation
    summary.documents = records["documents"]
    summary.statuses = dict(Counter(r.document.status for r in all_results))
    summary.pages = sum(len(r.pages) for r in all_results)
    summary.ocr_pages = sum(1 for r in all_results for p in r.pages if p.method == "ocr")
    summary.failures = [(r.document.path, r.document.error or "") for r in all_results if r.document.status == "failed"]
    summary.skipped = [(r.document.path, r.document.error or "") for r in all_results if r.document.status == "skipped"]
    summary.stage_seconds = {k: round(v, 2) for k, v in stage.items()}
    summary.wall_seconds = round(time.perf_counter() - started, 2)
    return summary


#: sources handed to a flow started in this process, by handle: a flow's parameters go to Prefect's API,
#: which refuses more than 512 kB of them (about 1,800 files' names and hashes), so a command hands its
#: discovered corpus over here and passes only the handle
_HANDED: dict[str, Sources] = {}


def hand_over(sources: Sources) -> str:
    """A handle for ``sources``, for the ``sources_handle`` parameter of a flow run in this process."""
    import uuid

    handle = uuid.uuid4().hex
    _HANDED[handle] = sources
    return handle


#: sources whose JSON is smaller go to the flow as its ``sources`` parameter (shown in Prefect's UI)
MAX_PARAMETER_BYTES = 256 * 1024


def source_parameters(sources: Sources) -> dict[str, Any]:
    """The flow parameter naming ``sources``: the sources themselves when small, else a handle."""
    if len(sources.model_dump_json()) < MAX_PARAMETER_BYTES:
        return {"sources": sources}
    return {"sources_handle": hand_over(sources)}


def _given(sources: Sources | dict | None, handle: str | None = None) -> Sources | None:
    if handle is not None and handle in _HANDED:
        return _HANDED.pop(handle)
    # a run started through Prefect's API (a deployment run given ``sources``) gets its JSON form
    return Sources.model_validate(sources) if isinstance(sources, dict) else sources


@flow(name="leaksift-run", log_prints=False, validate_parameters=False, persist_result=False)
def run_corpus(
    corpus: str = "corpus",
    out: str = "output",
    settings: dict[str, Any] | None = None,
    parallel: bool = False,
    sources: Sources | None = None,
    sources_handle: str | None = None,
) -> RunSummary:
    """Batch flow: every file under CORPUS into OUT, incrementally.

    ``sources`` is the corpus as the CLI discovered it (each file hashed there, once), or
    ``sources_handle`` names it (``hand_over``: a big corpus is too big for a flow parameter);
    scheduled and deployment runs pass neither and the flow discovers CORPUS itself. ``parallel`` submits all batches to
    the flow's task runner at once (use with a Dask task runner); by default batches run one after
    another, each using every core for OCR.
    """
    settings_obj = _settings(settings)
    sources = _given(sources, sources_handle)
    if sources is None:
        sources = Sources.discover(Path(corpus), out=Path(out))
    checkpoint("discovered")
    summary = process_sources(sources, out=Path(out), origin="run", settings=settings_obj, parallel=parallel)
    summary.passed_over = list(sources.passed_over)
    return summary


@flow(name="leaksift-ingest", log_prints=False, validate_parameters=False, persist_result=False)
def ingest_files(
    files: list[str],
    out: str = "output",
    settings: dict[str, Any] | None = None,
    parallel: bool = False,
    sources: Sources | None = None,
    sources_handle: str | None = None,
) -> RunSummary:
    """Manual ingestion of named files into OUT (same records, same resolution).

    ``sources`` is ``files`` as the CLI already hashed them; without it the flow hashes them itself.
    """
    settings_obj = _settings(settings)
    sources = _given(sources, sources_handle)
    if sources is None:
        sources = Sources.named(files)
    return process_sources(sources, out=Path(out), origin="ingest", settings=settings_obj, parallel=parallel)
