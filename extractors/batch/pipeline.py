"""The extraction pipeline without orchestration: files in, document results and entities out.

``flows/`` wraps these functions in Prefect tasks; benchmarks call them directly to measure what the
orchestration costs. Stages, in order:

1. ``extract_documents``: read each file into pages and tables (text layer or OCR). Documents are read
   in parallel and OCR pages of all documents share one pool of single-threaded tesseract workers.
   By default each document is read in a worker process under time and memory limits
   (``extractors.batch.isolation``), so one hostile file cannot stall or kill the batch.
2. ``analyse_documents``: NER (one ``nlp.pipe`` stream over all pages), patterns, normalisation,
   in-document aliases and type consistency (``extractors.resolve.aliases``), then table rows as PERSON records
   (``table_entities``); mentions over low-confidence OCR words are flagged.
3. ``build_records``: resolve mentions across documents into entities with stable ids.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from extractors.mentions.languages import model_for, note_missing, route
from extractors.mentions.ner_pool import start_entities
from extractors.mentions.patterns import find_patterns
from extractors.normalize.mentions import normalize_mentions
from extractors.normalize.recall import add_missed_mentions
from extractors.normalize.table_rows import drop_in_headers, drop_overlapped, table_mentions
from extractors.read.dispatch import read_document
from extractors.read.language import with_languages
from extractors.read.ocr.cache import OcrCache
from extractors.records import DocumentResult, Entity, Mention, SourceFile
from extractors.resolve.aliases import resolve_document
from extractors.resolve.entities import resolve, with_entity_ids
from extractors.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[DocumentResult], None]


def extract_documents(
    files: Sequence[SourceFile],
    *,
    settings: Settings,
    ocr_cache: OcrCache | None = None,
    progress: Progress | None = None,
    parts_dir: Path | None = None,
    is_current: Callable[[str], bool] | None = None,
    more: Callable[[int], None] | None = None,
) -> list[DocumentResult]:
    """Read every file (stage 1), then the parts of every container among them, level by level.

    Results come back in the order of ``files``, followed by the parts read. Parts are written into a
    scratch folder under ``parts_dir`` and removed once read; without ``parts_dir`` containers only
    list their parts. A part whose bytes already have a current result (``is_current``) is not read
    again, nor is a part met twice. ``more`` is told how many parts each level adds to the work."""
    if parts_dir is None:
        return _read_files(files, settings=settings, ocr_cache=ocr_cache, progress=progress, parts_dir=None)
    Path(parts_dir).mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="parts-", dir=parts_dir))
    try:
        results = _read_files(files, settings=settings, ocr_cache=ocr_cache, progress=progress, parts_dir=scratch)
        seen = {f.doc_id for f in files}
        level = list(results)
        while True:
            todo = []
            for result in level:
                for source in result.part_sources:
                    if source.doc_id in seen or (is_current is not None and is_current(source.doc_id)):
                        continue
                    seen.add(source.doc_id)
                    todo.append(source)
                result.part_sources = []
            if not todo:
                return results
            if more is not None:
                more(len(todo))
            level = _read_files(todo, settings=settings, ocr_cache=ocr_cache, progress=progress, parts_dir=scratch)
            results.extend(level)
            for source in todo:  # read: its bytes are no longer needed
                source.path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_files(
    files: Sequence[SourceFile],
    *,
    settings: Settings,
    ocr_cache: OcrCache | None,
    progress: Progress | None,
    parts_dir: Path | None,
) -> list[DocumentResult]:
    if not files:
        return []
    if settings.isolation == "process" and not _in_daemon_process():
        from extractors.batch.isolation import read_isolated

        return read_isolated(files, settings=settings, ocr_cache=ocr_cache, progress=progress, parts_dir=parts_dir)
    workers = max(1, settings.workers)
    with (
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as ocr_pool,
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="read") as doc_pool,
    ):
        futures = [
            doc_pool.submit(
                read_document,
                f.path,
                display_path=f.display_path,
                settings=settings,
                ocr_executor=ocr_pool,
                ocr_cache=ocr_cache,
                doc_id=f.doc_id,
                stamp=f.stamp,
                parts_dir=parts_dir,
                parent_id=f.parent_id,
                depth=f.depth,
                budget=f.budget,
            )
            for f in files
        ]
        results = []
        for future in futures:
            result = future.result()
            if progress is not None:
                progress(result)
            results.append(result)
    return results


def _in_daemon_process() -> bool:
    """Daemonic processes (a Dask worker, say) may not start children: there the documents are read
    in threads, and the cluster's own worker processes are the isolation."""
    import multiprocessing

    return multiprocessing.current_process().daemon


def analyse_documents(results: Sequence[DocumentResult], *, settings: Settings) -> None:
    """Find and normalise the mentions of every document (stage 2), in place."""
    for result in results:
        with_languages(result)  # documents.language and pages.language
    pages = [p for r in results for p in r.pages]
    if not pages:
        return
    started = time.perf_counter()
    models = settings.ner_models()
    # each page is read in its own language, or its document's when it has too little text to tell
    routing = {
        (p.document_id, p.page): route(p.language, r.document.language, p.text) for r in results for p in r.pages
    }
    read = [p for p in pages if not p.tabular]  # a page that is only a people table: its rows say it all
    languages = [routing[p.document_id, p.page] for p in read]
    note_missing(languages, models)
    entities = start_entities(
        read,
        model=settings.model,
        processes=settings.workers,
        batch_size=settings.ner_batch_size,
        max_chars=settings.max_ner_chars,
        languages=languages,
        models=models,
    )
    patterns = find_patterns(pages, phone_region=settings.phone_region)  # while NER runs in its workers
    pattern_seconds = time.perf_counter() - started
    raw = entities()
    ner_seconds = time.perf_counter() - started - pattern_seconds
    started = time.perf_counter() - pattern_seconds
    # the gazetteer and label propagation only on pages a model read (not: patterns and dates only)
    modelled = [p for p in pages if model_for(routing[p.document_id, p.page], models) != "none"]
    raw = add_missed_mentions(modelled, raw) + patterns
    by_document: dict[str, list[Mention]] = {}
    for mention in raw:
        by_document.setdefault(mention.document_id, []).append(mention)
    total_chars = sum(len(p.text) for p in pages) or 1
    for result in results:
        page_map = {p.page: p for p in result.pages}
        normalised = normalize_mentions(
            by_document.get(result.document.id, []),
            page_map,
            published=result.document.published,
            phone_region=settings.phone_region,
            language=result.document.language,
        )
        rows = table_mentions(result.tables, page_map, phone_region=settings.phone_region)
        marks = marked_mentions(result.pages)
        normalised = drop_in_headers(normalised, result.tables, page_map)
        mentions = resolve_document(drop_overlapped(drop_overlapped(normalised, rows), marks), page_map) + rows + marks
        result.mentions = mentions
        share = sum(len(p.text) for p in result.pages) / total_chars
        result.timings["ner"] = round(ner_seconds * share, 4)
    normalize_seconds = time.perf_counter() - started
    for result in results:
        share = sum(len(p.text) for p in result.pages) / total_chars
        result.timings["normalize"] = round(normalize_seconds * share, 4)


def marked_mentions(pages: Sequence) -> list[Mention]:
    """The mentions readers marked as certain (an e-mail's sent date on its Date line)."""
    out = []
    for page in pages:
        for start, end, kind, name in page.marks:
            attributes = {}
            if kind == "DATE":
                precision = {4: "year", 7: "month"}.get(len(name), "day")
                attributes = {"iso": name[:10], "precision": precision}
            out.append(
                Mention.on_page(
                    page,
                    start,
                    end,
                    type=kind,
                    source="pattern",
                    label="header",
                    name=name[:10] if kind == "DATE" else name,
                    attributes=attributes,
                )
            )
    return out


def build_records(results: Sequence[DocumentResult]) -> tuple[list[dict], list[Entity]]:
    """Resolve all mentions into entities (stage 3): mention rows with entity ids, and the entities."""
    mentions = [m for r in results for m in r.mentions]
    entities, linked = resolve(mentions)
    rows = with_entity_ids(linked)
    for row, (_, mention) in zip(rows, linked):
        row["low_confidence"] = mention.low_confidence
    return rows, entities


def process_files(files: Sequence[SourceFile], *, settings: Settings, ocr_cache: OcrCache | None = None):
    """All three stages for a list of files, without any orchestration (for tests and benchmarks)."""
    results = extract_documents(files, settings=settings, ocr_cache=ocr_cache)
    analyse_documents(results, settings=settings)
    mentions, entities = build_records(results)
    return results, mentions, entities


def warm_up(settings: Settings) -> None:
    """Load everything the analysis stage needs (spaCy, gazetteer, date parser) by running it once
    on a small made-up page, so the first real document does not pay for it."""
    from extractors.records import Document, Page

    doc = Document(id="0" * 64, path="(warm-up)", media_type="text/plain", pages=1)
    text = "Mayor Jane Example of Calgary, Canada met officials on Nov. 21, 2019 and in May 2016 (jane@example.org)."
    analyse_documents([DocumentResult(document=doc, pages=[Page(doc.id, 1, "text", text)])], settings=settings)
