"""Reading one file: a path in, a ``DocumentResult`` with its Document, Pages and Tables out.

This stage dispatches on the media type and never raises for a bad document: any ``ExtractionError``
becomes a document with status ``failed`` (or ``skipped`` for unsupported or oversized files) and a
one-line reason, so one bad file never stops a batch. OCR work is handed to an executor so pages of
several documents can be OCR'd in parallel, one single-threaded tesseract per core.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path

from extractors.errors import (
    EmptyDocumentError,
    ExtractionError,
    LimitExceededError,
    OcrError,
    UnsupportedFileError,
)
from extractors.hashing import file_sha256
from extractors.read import djvu, images, pdf, sniff
from extractors.read import html as html_reader
from extractors.read.cards import read_vcards
from extractors.read.delimited import read_delimited
from extractors.read.ocr.cache import OcrCache
from extractors.read.ocr.engine import ocr_image
from extractors.read.ocr.results import OcrResult
from extractors.read.parts import PartSink
from extractors.read.structured import json_text, svg_text
from extractors.read.structured_result import (
    calendar_result,
    read_workbook,
    structured_reader,
    structured_result,
    tables_result,
    text_result,
)
from extractors.read.tables.aligned import alignment_tables
from extractors.read.tables.continuations import link_continuations
from extractors.read.tables.header import with_header
from extractors.read.tables.words import FoundTable, ocr_word_boxes, table_spans
from extractors.read.text import decode_text
from extractors.read.unlock import unlocked
from extractors.records import Document, DocumentResult, FileStamp, Page, SourceFile, Table
from extractors.settings import Settings

log = logging.getLogger(__name__)


class _InlineExecutor(Executor):
    """Runs submitted work at once, in the caller's thread (used when no pool is given)."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


def read_document(
    path: Path,
    *,
    display_path: str | None = None,
    settings: Settings,
    ocr_executor: Executor | None = None,
    ocr_cache: OcrCache | None = None,
    doc_id: str | None = None,
    stamp: FileStamp | None = None,
    parts_dir: Path | None = None,
    parent_id: str | None = None,
    depth: int = 0,
    budget: int | None = None,
) -> DocumentResult:
    """Read ``path`` into a DocumentResult (pages and tables; mentions come later).

    ``doc_id`` is the hash discovery took, with ``stamp`` the file's stat then: after reading, the
    file is checked against them (see ``_check_unchanged``). A container (an e-mail, an Office file,
    an archive) writes its parts into ``parts_dir`` (``extractors.read.parts``); the result lists
    them (``parts``) and the files to read next (``part_sources``). ``parent_id``, ``depth`` and
    ``budget`` describe a document that is itself a part."""
    started = time.perf_counter()
    shown = display_path or str(path)
    expected_id = doc_id
    try:
        if doc_id is None:
            doc_id, hashed = file_sha256(path)
            size = hashed.size
        else:
            size = path.stat().st_size
    except OSError as exc:
        document = Document(
            id=doc_id or hashlib.sha256(shown.encode()).hexdigest(),
            path=shown,
            media_type="unknown",
            status="failed",
            error=f"the file could not be read: {exc.strerror or exc}",
        )
        return DocumentResult(document=document, transient=True)  # it may be back on the next run
    media_type = sniff.EXTENSIONS.get(path.suffix.lower(), "application/octet-stream")
    base = Document(id=doc_id, path=shown, media_type=media_type, size=size, parent_id=parent_id)
    source = SourceFile(path, shown, doc_id, stamp, parent_id=parent_id, depth=depth, budget=budget)
    sink: PartSink | None = None
    original, unlocking = path, contextlib.ExitStack()
    try:
        if size > settings.max_file_bytes:
            raise LimitExceededError(
                f"the file is {size} bytes, over the limit of {settings.max_file_bytes} (LEAKSIFT_MAX_FILE_BYTES)"
            )
        if size == 0 and sniff.is_supported(path):
            raise EmptyDocumentError("the file is empty (0 bytes)")
        with path.open("rb") as fh:
            head = fh.read(2048)
        media_type = sniff.sniff_media_type(path, head)
        # an encrypted Office file is read through its decrypted copy (the candidate passwords)
        path, media_type = unlocking.enter_context(unlocked(path, head, media_type, settings, parts_dir))
        base = _replace(base, media_type=media_type)
        reader = structured_reader(media_type)
        executor = ocr_executor or _InlineExecutor()
        if media_type == sniff.PDF:
            result = _read_pdf(path, base, settings, executor, ocr_cache)
        elif media_type in sniff.IMAGE_TYPES:
            result = _read_image(path, base, settings, executor, ocr_cache)
        elif media_type == sniff.DJVU:
            result = _read_djvu(path, base, settings, executor, ocr_cache)
        elif media_type == sniff.HTML:
            result = _read_html(path, base)
        elif media_type in (sniff.CSV, sniff.TSV):
            written = read_delimited(path.read_bytes(), delimiter="\t" if media_type == sniff.TSV else None)
            result = tables_result(base, [(path.name, written)])
        elif media_type == sniff.VCARD:
            result = tables_result(base, [(path.name, read_vcards(path.read_bytes()))])
        elif media_type == sniff.CALENDAR:
            result = calendar_result(path, base)
        elif media_type in (sniff.JSON, sniff.JSON_LINES):
            text = json_text(path.read_bytes(), lines=media_type == sniff.JSON_LINES)
            result = text_result(base, text, title=None)
        elif media_type == sniff.SVG:
            text, title = svg_text(path.read_bytes())
            result = text_result(base, text, title=title)
        elif media_type in sniff.SPREADSHEET_TYPES:
            result = read_workbook(path, base, settings)
        elif reader is not None:
            sink = PartSink(parts_dir, source, settings.part_limits(), container_size=size)
            result = structured_result(base, reader(path, sink, settings), max_pages=settings.max_pages)
        elif media_type in sniff.TEXT_TYPES:
            result = _read_text(path, base)
        else:
            raise UnsupportedFileError(f"no reader for {media_type} files yet")
    except UnsupportedFileError as exc:
        result = DocumentResult(document=_replace(base, status="skipped", error=str(exc)))
    except LimitExceededError as exc:
        result = DocumentResult(document=_replace(base, status="failed", error=str(exc)))
        result.transient = True  # not cached: raising the limit and running again retries it
    except ExtractionError as exc:
        result = DocumentResult(document=_replace(base, status="failed", error=str(exc)))
        result.transient = exc.transient
        result.retry = isinstance(exc, OcrError) and exc.transient
    except MemoryError:
        result = DocumentResult(
            document=_replace(
                base,
                status="failed",
                error=f"ran out of memory reading the document (limit {settings.max_memory_mb} MB, "
                "LEAKSIFT_MAX_MEMORY_MB)",
            ),
            transient=True,
        )
    finally:
        unlocking.close()
        path = original
    if sink is not None:  # a container keeps the parts it wrote, even when it failed part-way
        result.parts, result.part_sources = sink.finish(), list(sink.sources)
    if expected_id is not None:
        result = _check_unchanged(path, expected_id, stamp, result)
    result.timings["read"] = round(time.perf_counter() - started, 4)
    return result


def _check_unchanged(path: Path, expected_id: str, stamp: FileStamp | None, result: DocumentResult) -> DocumentResult:
    """Fail a document whose bytes are no longer the ones its id was hashed from (still being written).

    A file whose stat still equals the stamp taken when it was hashed is unchanged, and is not read
    again; only a file without a known stamp, or whose stamp changed, is hashed again to decide.
    """
    try:
        if stamp is not None and FileStamp.of(path.stat()) == stamp:
            return result
        now_id, _ = file_sha256(path)
    except OSError as exc:
        reason = f"the file disappeared or became unreadable while it was read: {exc.strerror or exc}"
    else:
        if now_id == expected_id:
            return result
        reason = "the file changed while it was read (is it still being written?); run again once it is complete"
    document = _replace(result.document, status="failed", error=reason, title=None, pages=0)
    return DocumentResult(document=document, timings=result.timings, transient=True)


def _replace(document: Document, **changes) -> Document:
    from dataclasses import replace

    return replace(document, **changes)


def _read_text(path: Path, base: Document) -> DocumentResult:
    text, _ = decode_text(path.read_bytes())
    return text_result(base, text, title=None)


def _read_html(path: Path, base: Document) -> DocumentResult:
    article = html_reader.read_article(path.read_bytes())
    document = _replace(base, title=article.title, pages=1, language=article.language, published=article.published)
    return DocumentResult(document=document, pages=[Page(base.id, 1, "text", article.text)])


def _ocr_pages(
    base: Document,
    numbers: list[int],
    load: Callable[[int], object],
    settings: Settings,
    executor: Executor,
    cache: OcrCache | None,
) -> dict[int, Future]:
    def work(number: int) -> OcrResult:
        image = load(number)
        return ocr_image(
            image,
            lang=settings.ocr_lang,
            timeout=settings.ocr_timeout,
            cache=cache,
            options=settings.ocr_options(),
        )

    return {number: executor.submit(work, number) for number in numbers}


def _collect(futures: dict[int, Future]) -> tuple[dict[int, OcrResult], list[str]]:
    results: dict[int, OcrResult] = {}
    errors: list[str] = []
    for number, future in futures.items():
        try:
            results[number] = future.result()
        except ExtractionError as exc:
            errors.append(f"page {number}: {exc}")
            if exc.transient:
                errors.append(_TRANSIENT)
    return results, errors


_TRANSIENT = "\0transient"


def _read_pdf(
    path: Path, base: Document, settings: Settings, executor: Executor, cache: OcrCache | None
) -> DocumentResult:
    def load(number: int):
        return pdf.render_page(
            path,
            number,
            dpi=settings.ocr_dpi,
            max_pixels=settings.max_image_pixels,
            passwords=pdf.pdf_passwords(settings),
        )

    futures: dict[int, Future] = {}

    def start_ocr(number: int) -> None:
        futures.update(_ocr_pages(base, [number], load, settings, executor, cache))

    try:
        content = pdf.read_pdf(path, settings=settings, on_ocr_page=start_ocr)
    except BaseException:
        for future in futures.values():
            future.cancel()
        raise
    results, errors = _collect(futures)
    pages: list[Page] = []
    found: list[tuple[int, list[FoundTable]]] = []
    for p in content.pages:
        if p.needs_ocr:
            ocr = results.get(p.number)
            if ocr is None:
                continue  # its failure is in ``errors``; the other pages are kept
            pages.append(ocr_page(base.id, p.number, ocr, p.ocr_reason, settings=settings))
            found.append((p.number, ocr_tables(ocr)))
        else:
            pages.append(Page(base.id, p.number, "text", p.text, None, p.ocr_reason))
            found.append((p.number, p.tables))
    tables = table_records(base.id, found)
    document = _replace(base, title=content.title, pages=len(content.pages))
    return _ocr_document_result(document, errors, pages, tables)


def _read_image(
    path: Path, base: Document, settings: Settings, executor: Executor, cache: OcrCache | None
) -> DocumentResult:
    count = images.count_frames(path, max_pixels=settings.max_image_pixels)
    if count > settings.max_pages:
        raise LimitExceededError(f"the image has {count} frames, over the limit of {settings.max_pages}")
    if settings.ocr == "never":
        document = _replace(base, pages=count)
        pages = [Page(base.id, n, "ocr", "", None, "ocr=never") for n in range(1, count + 1)]
        return DocumentResult(document=document, pages=pages)

    def load(number: int):
        return images.load_frame(path, number - 1, max_pixels=settings.max_image_pixels)

    numbers = list(range(1, count + 1))
    results, errors = _collect(_ocr_pages(base, numbers, load, settings, executor, cache))
    pages = [ocr_page(base.id, n, results[n], "image", settings=settings) for n in numbers if n in results]
    tables = table_records(base.id, [(n, ocr_tables(results[n])) for n in numbers if n in results])
    return _ocr_document_result(_replace(base, pages=count), errors, pages, tables)


def _read_djvu(
    path: Path, base: Document, settings: Settings, executor: Executor, cache: OcrCache | None
) -> DocumentResult:
    """Each page's text layer where it is real text, else the page rendered and OCR'd (as for PDFs)."""
    count = djvu.page_count(path)
    if count > settings.max_pages:
        raise LimitExceededError(f"the DjVu file has {count} pages, over the limit of {settings.max_pages}")
    texts = {n: djvu.page_text(path, n) for n in range(1, count + 1)}
    decisions = {n: pdf.decide_ocr(texts[n], image_area=0.0, settings=settings) for n in texts}
    todo = [n for n, (needs_ocr, _) in decisions.items() if needs_ocr]

    def load(number: int):
        return djvu.render_page(path, number, dpi=settings.ocr_dpi, max_pixels=settings.max_image_pixels)

    results, errors = _collect(_ocr_pages(base, todo, load, settings, executor, cache))
    pages: list[Page] = []
    found: list[tuple[int, list[FoundTable]]] = []
    for number, (needs_ocr, reason) in decisions.items():
        if not needs_ocr:
            pages.append(Page(base.id, number, "text", texts[number], None, reason))
        elif number in results:
            pages.append(ocr_page(base.id, number, results[number], reason, settings=settings))
            found.append((number, ocr_tables(results[number])))
    tables = table_records(base.id, found)
    return _ocr_document_result(_replace(base, pages=count), errors, pages, tables)


def _ocr_document_result(
    document: Document, errors: list[str], pages: list[Page], tables: list[Table]
) -> DocumentResult:
    """A document whose pages may have been OCR'd: failed (keeping the pages that worked) when a page
    failed, and marked for another try when the failure was tesseract's."""
    transient = False
    if errors:
        document, transient = _failed(document, errors)
    return DocumentResult(document=document, pages=pages, tables=tables, transient=transient, retry=transient)


def ocr_page(document_id: str, number: int, ocr: OcrResult, reason: str | None, *, settings: Settings) -> Page:
    """The page OCR read: its text, mean confidence, and the spans of the words read with a confidence
    below ``settings.ocr_low_confidence`` (mentions over them are flagged when they are made)."""
    uncertain = low_confidence_spans(ocr, settings.ocr_low_confidence)
    lang = ocr.lang or settings.ocr_lang
    return Page(document_id, number, "ocr", ocr.text, ocr.confidence, reason, ocr_lang=lang, uncertain=tuple(uncertain))


def low_confidence_spans(ocr: OcrResult, threshold: float) -> list[tuple[int, int]]:
    """Character spans of the words tesseract read with a confidence below ``threshold``."""
    return [(w.start, w.start + len(w.text)) for w in ocr.words if w.confidence < threshold]


def ocr_tables(ocr: OcrResult) -> list[FoundTable]:
    """Tables of an OCR'd page, from tesseract's word boxes."""
    return [with_header(t) for t in alignment_tables(ocr_word_boxes(ocr.words))]


def table_records(document_id: str, found: list[tuple[int, list[FoundTable]]]) -> list[Table]:
    """Table records of a document, a table continued over pages sharing its header; each body cell's
    characters in the page text (``spans``) are those of the words it was built from."""
    link_continuations(found)
    return [
        Table(document_id, number, index, t.header, t.rows, table_spans(t))
        for number, tables in found
        for index, t in enumerate(tables)
    ]


def _failed(document: Document, errors: list[str]) -> tuple[Document, bool]:
    transient = _TRANSIENT in errors
    errors = [e for e in errors if e != _TRANSIENT]
    return _replace(document, status="failed", error=_summarise(errors)), transient


def _summarise(errors: list[str]) -> str:
    if len(errors) == 1:
        return errors[0]
    return f"{errors[0]} (and {len(errors) - 1} more pages failed)"
