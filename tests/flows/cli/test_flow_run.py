"""`leaksift run` finds its sources once: each file is hashed by the CLI's discovery only (not again by the
flow, nor after reading: the read compares the file's stat with the one taken when it was hashed), and
each stored result is looked up once. The flow gets the discovered files as a JSON parameter.

Counted in this process: the runs use ``LEAKSIFT_ISOLATION=none`` so that reading happens here too
(isolation workers are separate processes a monkeypatch does not reach). Before this change a fresh
4-file run hashed 12 times, and a run adding a fifth file looked up 10 stored results and hashed 11 times.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import extractors.hashing as hashing
from extractors.output.jsonl import read_jsonl
from extractors.output.store import OutputStore
from flows.cli import main

pytestmark = pytest.mark.usefixtures("prefect_server")


@pytest.fixture
def hashes(monkeypatch):
    """Paths of the full-file hashes taken during the test (every module's binding of file_sha256), but
    not those of the unchanged-run snapshot (``flows/unchanged.py``), which hashes again, once, the files
    written less than ``RACY_SECONDS`` before they were hashed (every file here, written by the test
    itself), depending on how long the run took: its own tests are in ``tests/flows/test_unchanged.py``."""
    real = hashing.file_sha256
    taken: list[str] = []

    def counting(path, *args, **kwargs):
        if sys._getframe(1).f_globals.get("__name__") != "flows.unchanged":
            taken.append(str(path))
        return real(path, *args, **kwargs)

    import extractors.batch.discover  # noqa: F401 - the modules that bind it, imported before patching
    import extractors.read.dispatch  # noqa: F401
    import flows.sources  # noqa: F401

    for module in list(sys.modules.values()):
        if getattr(module, "file_sha256", None) is real:
            monkeypatch.setattr(module, "file_sha256", counting)
    yield taken
    # no module imported meanwhile holds the uncounted function
    assert not [m for m in list(sys.modules.values()) if getattr(m, "file_sha256", None) is real]


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "a.txt": "Mayor Helen Brandt of Calgary spoke on 12 March 2019.\n",
        "b.txt": "Priya Raman met Tomas Okafor in Halifax.\n",
        "c.html": "<html><body><p>Ingrid Solberg paid Fjordline Holdings in Bergen.</p></body></html>",
        "sub/d.txt": "Amara Okafor of Bluewater Dredging called from Rotterdam.\n",
    }
    for name, text in texts.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text)
    return corpus


def test_a_run_hashes_each_file_once(tmp_path, hashes, monkeypatch):
    monkeypatch.setenv("LEAKSIFT_ISOLATION", "none")
    corpus = _corpus(tmp_path)
    assert main(["run", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    print(f"full-file hashes: {len(hashes)}")
    assert len(hashes) == 4, hashes
    assert len(read_jsonl(tmp_path / "out" / "documents.jsonl")) == 4


def test_a_run_with_work_loads_each_stored_result_once(tmp_path, hashes, monkeypatch):

    monkeypatch.setenv("LEAKSIFT_ISOLATION", "none")
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    (corpus / "e.txt").write_text("Gui Minhai was seen in Bangkok in October 2015.\n")
    real = OutputStore.cached_result
    loaded: list[str] = []

    def counting(self, doc_id, settings):
        loaded.append(doc_id)
        return real(self, doc_id, settings)

    monkeypatch.setattr(OutputStore, "cached_result", counting)
    hashes.clear()
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    print(f"stored results looked up: {len(loaded)}; full-file hashes: {len(hashes)}")
    assert sorted(loaded) == sorted(set(loaded)) and len(loaded) == 5
    assert len(hashes) == 5


def test_a_file_changed_after_discovery_fails_and_only_it_is_hashed_again(tmp_path, hashes, monkeypatch):
    import flows.sources

    monkeypatch.setenv("LEAKSIFT_ISOLATION", "none")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "steady.txt").write_text("Priya Raman spoke in Halifax.\n")
    (corpus / "growing.txt").write_text("Helen Brandt spoke in Calgary.\n")
    real_discover = flows.sources.discover

    def discover_then_append(*args, **kwargs):
        found = real_discover(*args, **kwargs)
        with (corpus / "growing.txt").open("a") as fh:
            fh.write("A second paragraph arrived while leaksift was reading.\n")
        return found

    monkeypatch.setattr(flows.sources, "discover", discover_then_append)
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 1
    docs = {d["path"]: d for d in read_jsonl(out / "documents.jsonl")}
    assert docs["steady.txt"]["status"] == "ok"
    assert docs["growing.txt"]["status"] == "failed" and "changed while it was read" in docs["growing.txt"]["error"]
    # discovery hashed both; after reading, only the file whose stat changed was hashed again
    assert sorted(Path(p).name for p in hashes) == ["growing.txt", "growing.txt", "steady.txt"]


def test_the_flow_run_parameters_are_the_discovered_files_only(tmp_path, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import FlowRunSort

    monkeypatch.setenv("LEAKSIFT_ISOLATION", "none")
    corpus = _corpus(tmp_path)
    assert main(["run", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    with get_client(sync_client=True) as client:
        (flow_run,) = client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1)
    sources = flow_run.parameters["sources"]
    assert set(sources) == {"files", "unreadable", "passed_over"}
    assert sorted(f["display_path"] for f in sources["files"]) == ["a.txt", "b.txt", "c.html", "sub/d.txt"]
    # each file: where it is, its hash, and the stat it had when hashed (small values, no results)
    assert all(set(f) == {"path", "display_path", "doc_id", "stamp"} for f in sources["files"])
    assert all(set(f["stamp"]) == {"device", "inode", "size", "mtime_ns", "ctime_ns"} for f in sources["files"])
