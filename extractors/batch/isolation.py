"""Isolated reading: files in, one ``DocumentResult`` per file out, whatever the files do to the reader.

Each document is read (``read_document``) in a worker process with limits on wall time
(``Settings.doc_timeout``) and address space (``Settings.max_memory_mb``, ``RLIMIT_AS``, inherited by
the tesseract processes it starts). A document that runs over its time is killed with its whole process
group; a worker that dies (out of memory, a crash in a C library, a signal) is replaced. Either way the
document becomes a ``failed`` result with a one-line reason and the other documents go on.

The workers are a small pool reused across documents and batches (forked from a ``forkserver`` that has
already imported the readers, so a replacement worker starts in milliseconds), not a process per file.
OCR pages of a document still run in parallel inside its worker; a cross-process set of OCR slots
(``flock`` on slot files, released by the kernel if a worker is killed) keeps the number of concurrent
tesseract runs at ``Settings.workers`` over all workers.

Results of limit failures are marked ``transient``: they are not cached, so raising the limit and
running again reprocesses the document.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extractors.read.dispatch import read_document
from extractors.read.ocr.cache import OcrCache
from extractors.records import Document, DocumentResult
from extractors.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[DocumentResult], None]

_PR_SET_PDEATHSIG = 1
_M_ARENA_MAX = -8


# --- the worker side ---------------------------------------------------------------------------


@contextlib.contextmanager
def ocr_slot(folder: Path, count: int) -> Iterator[None]:
    """Hold one of ``count`` OCR slots (lock files in ``folder``) shared by every worker process."""
    handles = [open(folder / f"slot-{i}", "a+") for i in range(count)]  # noqa: SIM115
    try:
        while True:
            for fh in handles:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                try:
                    yield
                finally:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
                return
            time.sleep(0.05)
    finally:
        for fh in handles:
            fh.close()


class _SlotExecutor(Executor):
    """A thread pool whose every task first takes an OCR slot."""

    def __init__(self, threads: int, folder: Path, count: int):
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ocr")
        self._folder, self._count = folder, count

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        def gated():
            with ocr_slot(self._folder, self._count):
                return fn(*args, **kwargs)

        return self._pool.submit(gated)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def _limit_self(memory_mb: int) -> None:
    """Own process group (so a timeout kills tesseract too), die with the parent, cap memory."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        # glibc reserves 64 MB of address space per thread arena; RLIMIT_AS counts reservations
        libc.mallopt(_M_ARENA_MAX, 2)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(conn: Connection, memory_mb: int, slots: str, slot_count: int, reader: Callable) -> None:
    _limit_self(memory_mb)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, source, settings, ocr_cache, parts_dir = job
        try:
            with _SlotExecutor(max(1, settings.workers), Path(slots), slot_count) as executor:
                result = reader(
                    source.path,
                    display_path=source.display_path,
                    settings=settings,
                    ocr_executor=executor,
                    ocr_cache=ocr_cache,
                    doc_id=source.doc_id,
                    stamp=source.stamp,
                    parts_dir=parts_dir,
                    parent_id=source.parent_id,
                    depth=source.depth,
                    budget=source.budget,
                )
        except MemoryError:
            result = failed_result(source, _memory_reason(memory_mb), transient=True)
        except Exception as exc:  # a bug or an unwrapped library error: recorded, never escapes
            log.exception("reading %s failed unexpectedly", source.display_path)
            reason = f"leaksift could not read the document ({type(exc).__name__}: {_one_line(exc)}); please report it"
            result = failed_result(source, reason, transient=True)
        try:
            conn.send((index, result))
        except MemoryError:
            conn.send((index, failed_result(source, _memory_reason(memory_mb), transient=True)))


# --- the parent side ---------------------------------------------------------------------------


def failed_result(source: Any, reason: str, *, transient: bool = False) -> DocumentResult:
    """A failed document for ``source`` (a ``SourceFile``) with ``reason``."""
    document = Document(
        id=source.doc_id,
        path=source.display_path,
        media_type=_claimed_type(source.path),
        status="failed",
        error=reason,
        parent_id=getattr(source, "parent_id", None),
    )
    with contextlib.suppress(OSError):
        document = replace(document, size=source.path.stat().st_size)
    return DocumentResult(document=document, transient=transient)


def _claimed_type(path: Path) -> str:
    from extractors.read.sniff import EXTENSIONS

    return EXTENSIONS.get(path.suffix.lower(), "application/octet-stream")


def _memory_reason(memory_mb: int) -> str:
    return (
        f"needed more than {memory_mb} MB of memory (LEAKSIFT_MAX_MEMORY_MB); the file may be "
        "built to exhaust memory, or raise the limit and run again"
    )


def _timeout_reason(settings: Settings) -> str:
    return (
        f"took longer than {settings.doc_timeout:g} s (LEAKSIFT_DOC_TIMEOUT); the file may be built to stall "
        "readers, or raise the limit and run again"
    )


def _death_reason(exitcode: int | None, memory_mb: int) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    return (
        f"the reader process died ({how}) on this file: it is damaged or built to crash readers, or it "
        f"needed more than {memory_mb} MB (LEAKSIFT_MAX_MEMORY_MB)"
    )


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    job: int | None = None  # index of the document it is reading
    deadline: float = 0.0
    started: float = 0.0


@dataclass
class PoolStats:
    """What the pool did, for tests and benchmarks."""

    started: int = 0
    killed: int = 0
    died: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class ReaderPool:
    """Worker processes that read documents under limits; reusable across batches.

    ``reader`` is the function run per document (``read_document``; tests pass a misbehaving one).
    """

    def __init__(self, *, processes: int, memory_mb: int, slot_count: int, reader: Callable = read_document):
        self.processes = processes
        self.memory_mb = memory_mb
        self.slot_count = slot_count
        self.reader = reader
        self.stats = PoolStats()
        self._slots = tempfile.mkdtemp(prefix="leaksift-ocr-slots-")
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["extractors.batch.isolation", "extractors.batch.preload"])

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.memory_mb, self._slots, self.slot_count, self.reader),
            name="leaksift-reader",
            daemon=True,
        )
        process.start()
        child.close()
        self.stats.started += 1
        return _Worker(process=process, conn=parent)

    def _stop(self, worker: _Worker, *, kill: bool) -> None:
        if kill:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.process.pid, signal.SIGKILL)  # the worker and its tesseract runs
            with contextlib.suppress(Exception):
                worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def read(
        self,
        files: Sequence[Any],
        *,
        settings: Settings,
        ocr_cache: OcrCache | None = None,
        progress: Progress | None = None,
        parts_dir: Path | None = None,
    ) -> list[DocumentResult]:
        """Read every file; results in the order of ``files``, one per file, always. Containers write
        their parts into ``parts_dir``."""
        with self._lock:
            return self._read(files, settings, ocr_cache, progress, parts_dir)

    def _read(self, files, settings, ocr_cache, progress, parts_dir) -> list[DocumentResult]:
        results: list[DocumentResult | None] = [None] * len(files)
        todo = deque(range(len(files)))
        wanted = min(self.processes, len(files))
        while len(self._workers) < wanted:
            self._workers.append(self._start())

        def finish(index: int, result: DocumentResult) -> None:
            results[index] = result
            if progress is not None:
                progress(result)

        while todo or any(w.job is not None for w in self._workers):
            for worker in self._workers:
                if worker.job is None and todo:
                    index = todo.popleft()
                    try:
                        source = files[index]
                        worker.conn.send((index, source, settings, ocr_cache, parts_dir))
                    except (OSError, ValueError):  # the idle worker had died: replace it, retry
                        todo.appendleft(index)
                        self._replace(worker, kill=True)
                        continue
                    worker.job, worker.started = index, time.monotonic()
                    worker.deadline = worker.started + settings.doc_timeout
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                continue
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            handles = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            ready = wait(handles, timeout=timeout)
            for worker in busy:
                index = worker.job
                source = files[index]
                if worker.conn in ready:
                    try:
                        got, result = worker.conn.recv()
                    except (EOFError, OSError):
                        pass  # it died while sending; handled as a death below
                    else:
                        worker.job = None
                        finish(got, result)
                        continue
                if worker.process.sentinel in ready or not worker.process.is_alive():
                    worker.process.join(timeout=5)
                    code = worker.process.exitcode
                    log.warning("reader process died (%s) on %s", code, source.display_path)
                    self.stats.died += 1
                    finish(index, failed_result(source, _death_reason(code, self.memory_mb), transient=True))
                    self._replace(worker, kill=True)
                elif time.monotonic() >= worker.deadline:
                    log.warning(
                        "%s took longer than %s s; killing its reader", source.display_path, settings.doc_timeout
                    )
                    self.stats.killed += 1
                    finish(index, failed_result(source, _timeout_reason(settings), transient=True))
                    self._replace(worker, kill=True)
        return [r for r in results if r is not None]

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        self._stop(worker, kill=kill)
        self._workers[self._workers.index(worker)] = self._start()

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                with contextlib.suppress(OSError, ValueError):
                    worker.conn.send(None)
            for worker in self._workers:
                worker.process.join(timeout=2)
                self._stop(worker, kill=worker.process.is_alive())
            self._workers = []
            shutil.rmtree(self._slots, ignore_errors=True)


_pools: dict[tuple[int, int, int], ReaderPool] = {}
_pools_lock = threading.Lock()


def shared_pool(settings: Settings) -> ReaderPool:
    """The process-wide pool for these settings' worker count and memory limit (made once)."""
    key = (settings.workers, settings.max_memory_mb, settings.workers)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = ReaderPool(
                processes=settings.workers, memory_mb=settings.max_memory_mb, slot_count=settings.workers
            )
        return pool


@atexit.register
def close_pools() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()


def read_isolated(
    files: Sequence[Any],
    *,
    settings: Settings,
    ocr_cache: OcrCache | None = None,
    progress: Progress | None = None,
    parts_dir: Path | None = None,
) -> list[DocumentResult]:
    """Read ``files`` (``SourceFile``s) in the shared worker pool, one result per file, in order."""
    pool = shared_pool(settings)
    return pool.read(files, settings=settings, ocr_cache=ocr_cache, progress=progress, parts_dir=parts_dir)
