"""NER on every core: page texts in, raw entity mentions out, as ``ner.find_entities`` gives them (or,
with ``models``, as the language router ``languages.find_routed`` gives them: each page read by the model
of its language, every model loaded once per worker, when its first page comes).

A text-heavy batch (more than ``PARALLEL_CHARS`` characters) is cut into chunks of whole pages and
run in a small pool of worker processes, each with its own copy of the spaCy pipeline (loaded once per
worker, when the pool starts, in parallel); the chunks' mentions are put back in page order, so the
result equals a single-process run. The workers come from the ``forkserver`` the reader pool also
uses (a clean process, not a fork of a flow process with Prefect's threads in it), and the pool is
kept for the life of the process. Small batches (one article ingested by hand) run in this process:
starting workers would cost more than it saves. Daemonic processes (a Dask worker) cannot start
children and also run in-process.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from extractors.mentions.languages import find_routed
from extractors.mentions.ner import find_entities, load_pipeline
from extractors.records import Mention, Page

log = logging.getLogger(__name__)

#: batches with fewer characters of page text run in this process
PARALLEL_CHARS = 50_000
#: characters of page text per chunk sent to a worker
CHUNK_CHARS = 40_000

_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}
_lock = threading.Lock()


def find_entities_parallel(
    pages: Sequence[Page], *, model: str, processes: int, batch_size: int = 16, max_chars: int = 200_000
) -> list[Mention]:
    """``find_entities`` over ``pages``, on ``processes`` worker processes when the batch is big."""
    return start_entities(pages, model=model, processes=processes, batch_size=batch_size, max_chars=max_chars)()


def start_entities(
    pages: Sequence[Page],
    *,
    model: str,
    processes: int,
    batch_size: int = 16,
    max_chars: int = 200_000,
    languages: Sequence[str | None] | None = None,
    models: dict[str, str] | None = None,
) -> Callable[[], list[Mention]]:
    """Start NER over ``pages`` and return the call that waits for its mentions: a big batch runs in
    the worker processes meanwhile, so the caller can do other work (patterns) before it waits.

    With ``models`` (language -> model) and ``languages`` (one per page), each page is read by the model
    of its language (``languages.find_routed``); without, every page by ``model``."""
    total = sum(len(p.text) for p in pages)
    routed = models is not None and languages is not None
    if processes <= 1 or total < PARALLEL_CHARS or multiprocessing.current_process().daemon:
        if routed:
            return lambda: find_routed(pages, languages, models=models, batch_size=batch_size, max_chars=max_chars)
        return lambda: find_entities(pages, model=model, batch_size=batch_size, max_chars=max_chars)
    langs = list(languages) if routed else [None] * len(pages)
    chunks = _chunks(list(zip(pages, langs)), max(CHUNK_CHARS, total // (processes * 8)))
    pool = _pool(model, processes)
    futures = [
        pool.submit(
            _work,
            (
                [p for p, _ in chunk],
                [lang for _, lang in chunk] if routed else None,
                model,
                models,
                batch_size,
                max_chars,
            ),
        )
        for chunk in chunks
    ]

    def collect() -> list[Mention]:
        mentions: list[Mention] = []
        for future in futures:
            mentions.extend(future.result())
        return mentions

    return collect


def warm_ner_pool(model: str, processes: int) -> None:
    """Start the NER workers now (each loads the pipeline), so the first big batch finds them ready."""
    if processes > 1 and not multiprocessing.current_process().daemon:
        pool = _pool(model, processes)
        for _ in range(processes):
            pool.submit(_nothing)


def _nothing() -> None:
    return None


def _chunks(pages: Sequence, size: int) -> list[list]:
    """Consecutive runs of ``pages`` (pages, or ``(page, language)`` pairs) of about ``size`` characters."""
    chunks: list[list] = [[]]
    filled = 0
    for item in pages:
        page = item[0] if isinstance(item, tuple) else item
        if filled >= size:
            chunks.append([])
            filled = 0
        chunks[-1].append(item)
        filled += len(page.text)
    return [c for c in chunks if c]


def _work(job: tuple) -> list[Mention]:
    pages, languages, model, models, batch_size, max_chars = job
    if languages is not None and models is not None:
        return find_routed(pages, languages, models=models, batch_size=batch_size, max_chars=max_chars)
    return find_entities(pages, model=model, batch_size=batch_size, max_chars=max_chars)


def _pool(model: str, processes: int) -> ProcessPoolExecutor:
    with _lock:
        pool = _pools.get((model, processes))
        if pool is None:
            context = multiprocessing.get_context("forkserver")
            pool = ProcessPoolExecutor(
                max_workers=processes, mp_context=context, initializer=load_pipeline, initargs=(model,)
            )
            _pools[(model, processes)] = pool
            log.info("started %d NER worker processes for %s", processes, model)
        return pool


@atexit.register
def close_pools() -> None:
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        _pools.clear()
