"""Crash safety: ``kill -9`` of a run at five points, then a new run: records identical to an
uninterrupted run, nothing lost, nothing duplicated, no worker process left behind.

The runs are real ``leaksift run`` subprocesses. ``LEAKSIFT_TEST_CRASH_AT=<point>`` makes the CLI
SIGKILL itself when the run reaches that named checkpoint (``extractors.output.store.checkpoint``), which makes
the kill points deterministic. One Prefect API server is started for the module so that the eleven
runs do not each start their own (about 15 s each here).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from extractors.output.store import RECORD_FILES, OutputStore
from tests.conftest import ROOT
from tests.e2e.make_hostile import _article, text_pdf

CRASH_POINTS = (
    "discovered",  # before anything is written
    "result-saved-2",  # mid-batch: two documents' results cached, the others not
    "manifest-saved",  # manifest written, records not yet
    "records-renamed-3",  # mid-swap: three record files new, three old
    "published",  # everything written, before the run reports
)


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory):
    from flows.serve import start_server, stop_server

    home = tmp_path_factory.mktemp("prefect-home")
    env = dict(
        os.environ,
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    try:
        server, url = start_server(env=env)
    except RuntimeError as exc:
        pytest.fail(f"the Prefect server did not start: {exc}")
    try:
        yield {"PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash-corpus")
    (folder / "memo.txt").write_text("Memo from Helen Brandt to Priya Raman in Calgary, 12 March 2019.\n")
    (folder / "note.txt").write_text("Tomas Lindqvist called +1 403 555 0100 from Rotterdam.\n")
    (folder / "report.pdf").write_bytes(text_pdf("Report by Amara Okafor of Bluewater Dredging in Halifax, 2021."))
    (folder / "article.html").write_text(_article())
    (folder / "sub").mkdir()
    (folder / "sub" / "ledger.txt").write_text("Ingrid Solberg paid Fjordline Holdings in Bergen on 9 May 2017.\n")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n% truncated download")
    return folder


def _start(corpus: Path, out: Path, api: dict[str, str], crash_at: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, **api)
    env.pop("LEAKSIFT_TEST_CRASH_AT", None)
    if crash_at:
        env["LEAKSIFT_TEST_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "flows.cli", "run", str(corpus), "--out", str(out), "--quiet", "--workers", "1"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait(process: subprocess.Popen) -> int:
    _, stderr = process.communicate(timeout=300)
    if process.returncode not in (0, 1, -signal.SIGKILL):
        pytest.fail(f"leaksift run exited {process.returncode}: {stderr[-2000:]}")
    return process.returncode


def _records(out: Path) -> dict[str, list[dict]]:
    records = {name: read_jsonl(out / f"{name}.jsonl") for name in RECORD_FILES}
    con = sqlite3.connect(out / "leaksift.sqlite")
    try:
        for name in RECORD_FILES:
            (count,) = con.execute(f'select count(*) from "{name}"').fetchone()
            assert count == len(records[name]), f"{name}: sqlite and JSON Lines disagree"
    finally:
        con.close()
    return records


def _processes_with(marker: str) -> list[int]:
    """Pids of processes whose environment holds ``marker`` (the killed run's workers, if any)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def runs(corpus, prefect_api, tmp_path_factory):
    """The reference run and the five killed runs side by side, then the five re-runs side by side
    (the runs are independent; running them together keeps CI time down on two cores)."""
    root = tmp_path_factory.mktemp("crash-runs")
    reference = _start(corpus, root / "reference", prefect_api)
    killed = {point: _start(corpus, root / point, prefect_api, crash_at=point) for point in CRASH_POINTS}
    outcome: dict[str, dict] = {point: {"out": root / point} for point in CRASH_POINTS}
    for point, process in killed.items():
        outcome[point]["killed_code"] = _wait(process)
        outcome[point]["interrupted"] = OutputStore(root / point).interrupted()
    reference_code = _wait(reference)
    deadline = time.monotonic() + 15
    for point in CRASH_POINTS:  # the killed runs' reader processes die with them
        marker = f"LEAKSIFT_TEST_CRASH_AT={point}"
        while _processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        outcome[point]["leftover"] = _processes_with(marker)
    reruns = {point: _start(corpus, root / point, prefect_api) for point in CRASH_POINTS}
    for point, process in reruns.items():
        outcome[point]["rerun_code"] = _wait(process)
    return reference_code, _records(root / "reference"), outcome


def test_reference_run(runs):
    code, reference, _ = runs
    assert code == 1  # broken.pdf fails, the others are written
    assert reference["documents"] and reference["mentions"] and reference["entities"]
    statuses = sorted(d["status"] for d in reference["documents"])
    assert statuses == ["failed"] + ["ok"] * 5


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_kill_then_rerun_gives_the_uninterrupted_records(point, runs):
    _, reference, outcome = runs
    result = outcome[point]
    assert result["killed_code"] == -signal.SIGKILL, f"the run was not killed at {point}"
    assert result["interrupted"] == (point == "records-renamed-3")
    assert not result["leftover"], "reader processes outlived the killed run"
    assert result["rerun_code"] == 1
    out = result["out"]
    assert not OutputStore(out).interrupted()
    assert _records(out) == reference
    assert not list(out.glob(".*.tmp"))
