"""The reader pool: a document that stalls, crashes its process or exhausts memory fails alone."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from extractors.batch.isolation import ReaderPool
from extractors.read.dispatch import read_document
from extractors.records import SourceFile
from extractors.settings import Settings


def misbehaving_reader(path: Path, **kwargs):
    """read_document, except for files whose name says how to misbehave."""
    name = path.name
    if name.startswith("stall"):
        time.sleep(600)
    if name.startswith("segfault"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hog"):
        hog = []
        while True:  # until RLIMIT_AS says no
            hog.append(bytearray(64 * 1024 * 1024))
    if name.startswith("bug"):
        raise TypeError("an unexpected bug")
    return read_document(path, **kwargs)


@pytest.fixture
def pool():
    pool = ReaderPool(processes=2, memory_mb=512, slot_count=1, reader=misbehaving_reader)
    yield pool
    pool.close()


def _sources(folder: Path, names: list[str]) -> list[SourceFile]:
    from extractors.hashing import file_sha256

    out = []
    for name in names:
        path = folder / name
        path.write_text(f"Note by Helen Brandt about {name}.\n")
        doc_id, stamp = file_sha256(path)  # as discovery does: the hash and the stat it was taken at
        out.append(SourceFile(path=path, display_path=name, doc_id=doc_id, stamp=stamp))
    return out


def test_each_failure_stays_with_its_document(tmp_path, pool):
    names = ["a.txt", "stall.txt", "b.txt", "segfault.txt", "hog.txt", "bug.txt", "c.txt"]
    sources = _sources(tmp_path, names)
    started = time.monotonic()
    results = pool.read(sources, settings=Settings(doc_timeout=5, workers=1))
    assert time.monotonic() - started < 60
    by_name = {r.document.path: r for r in results}
    assert [r.document.path for r in results] == names  # one result per file, in order
    for good in ("a.txt", "b.txt", "c.txt"):
        assert by_name[good].document.status == "ok"
        assert by_name[good].pages[0].text.startswith("Note by Helen Brandt")
    assert "longer than 5 s (LEAKSIFT_DOC_TIMEOUT)" in by_name["stall.txt"].document.error
    assert "SIGSEGV" in by_name["segfault.txt"].document.error
    assert "more than 512 MB of memory (LEAKSIFT_MAX_MEMORY_MB)" in by_name["hog.txt"].document.error
    assert "TypeError: an unexpected bug" in by_name["bug.txt"].document.error
    for bad in ("stall.txt", "segfault.txt", "hog.txt", "bug.txt"):
        doc = by_name[bad].document
        assert doc.status == "failed" and "\n" not in doc.error
        assert by_name[bad].transient  # not cached: a higher limit and a new run retry it
    assert pool.stats.killed == 1 and pool.stats.died == 1


def test_pool_is_reused_across_batches(tmp_path, pool):
    settings = Settings(workers=1)
    pool.read(_sources(tmp_path, ["a.txt", "b.txt"]), settings=settings)
    pool.read(_sources(tmp_path, ["c.txt", "d.txt"]), settings=settings)
    assert pool.stats.started == 2  # two workers, started once


def counting_reader(path: Path, **kwargs):
    """read_document, noting in the result how many full-file hashes the worker took for it."""
    import extractors.read.dispatch as dispatch

    # patched where read_document looks it up (dispatch's binding of extractors.hashing.file_sha256)
    real, taken = dispatch.file_sha256, []
    dispatch.file_sha256 = lambda p: taken.append(p) or real(p)
    try:
        result = read_document(path, **kwargs)
    finally:
        dispatch.file_sha256 = real
    result.timings["hashes"] = len(taken)
    return result


def test_workers_check_files_against_the_parents_hash_without_hashing_again(tmp_path):
    sources = _sources(tmp_path, ["a.txt", "b.txt"])  # hashed here, in the parent
    pool = ReaderPool(processes=2, memory_mb=512, slot_count=1, reader=counting_reader)
    try:
        results = pool.read(sources, settings=Settings(workers=1))
        assert [(r.document.status, r.timings["hashes"]) for r in results] == [("ok", 0), ("ok", 0)]
        (tmp_path / "a.txt").write_text("Rewritten after it was hashed, by Priya Raman.\n")
        results = pool.read(sources, settings=Settings(workers=1))
    finally:
        pool.close()
    changed, same = results
    assert changed.document.status == "failed" and "changed while it was read" in changed.document.error
    assert changed.timings["hashes"] == 1 and (same.document.status, same.timings["hashes"]) == ("ok", 0)


def test_the_modules_the_forkserver_preloads_exist():
    """A module the forkserver cannot preload is skipped silently (a renamed reader module would only
    make every worker's first document slower): each one must import here."""
    from extractors.batch.preload import preload

    assert preload() == []


def test_a_broken_library_does_not_stop_the_preload(monkeypatch):
    """A library that fails to load with something other than ImportError (a broken shared object
    raises OSError) would kill the forkserver, and every reader with it: it is skipped instead."""
    import extractors.batch.preload as preload_module

    monkeypatch.setattr(preload_module, "READER_MODULES", ("json", "extractors.batch.no_such_module", "csv"))
    real_import = preload_module.importlib.import_module

    def import_module(name):
        if name == "csv":
            raise OSError("libbroken.so: cannot open shared object file")
        return real_import(name)

    monkeypatch.setattr(preload_module.importlib, "import_module", import_module)
    assert preload_module.preload() == ["extractors.batch.no_such_module", "csv"]
