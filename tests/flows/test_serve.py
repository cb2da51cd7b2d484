"""`leaksift serve`: a scheduled deployment picks up new corpus files without a restart, and a manual
ingestion is handled by the warm serving process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
LEAKSIFT = [sys.executable, "-m", "flows.cli"]


def _names(out: Path) -> set[str]:
    try:
        return {row["name"] for row in read_jsonl(out / "entities.jsonl")}
    except (ValueError, KeyError):
        return set()  # never happens with atomic writes; tolerated to keep polling simple


def _wait_for(predicate, *, timeout: float, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            pytest.fail(f"serve exited ({process.returncode}) before {what}")
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.mark.slow
def test_scheduled_runs_pick_up_new_files_and_ingest_is_warm(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Mayor Helen Brandt of Calgary met officials on 12 March 2019.\n")
    out = tmp_path / "out"
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        # schedule every minute and let the scheduler look often, so the test waits minutes, not hours
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_RUNNER_POLL_FREQUENCY": "5",
    }
    serve = subprocess.Popen(
        [*LEAKSIFT, "serve", str(corpus), "--out", str(out), "--cron", "* * * * *"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "serve.log", "wb"),
        start_new_session=True,
    )
    try:
        _wait_for(lambda: "Helen Brandt" in _names(out), timeout=300, what="the first scheduled run", process=serve)

        # manual ingestion goes to the running serve process (no Prefect import, no model load here)
        article = tmp_path / "article.txt"
        article.write_text("Gui Minhai was seen in Bangkok, Thailand in October 2015.\n")
        started = time.monotonic()
        done = subprocess.run(
            [*LEAKSIFT, "ingest", str(article), "--out", str(out), "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        seconds = time.monotonic() - started
        assert done.returncode == 0, done.stderr
        assert "Gui Minhai" in _names(out)
        assert json.loads(done.stdout)["processed"] == 1
        assert seconds < 15, f"warm ingestion took {seconds:.1f} s"

        # a file added to the corpus appears at a later tick, without restarting serve
        (corpus / "b.txt").write_text("Priya Raman spoke in Halifax on 3 May 2021.\n")
        _wait_for(lambda: "Priya Raman" in _names(out), timeout=240, what="the new corpus file", process=serve)
        names = _names(out)
        assert {"Helen Brandt", "Gui Minhai", "Priya Raman"} <= names  # the ingested file stays
    finally:
        from flows.serve import stop_process_group

        stop_process_group(serve, sig=signal.SIGINT, timeout=30)
