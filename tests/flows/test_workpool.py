"""Prefect's way to scale out: deployments in a work pool, two workers writing into one OUT."""

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


@pytest.mark.slow
def test_two_workers_share_one_output(tmp_path):
    from flows.serve import start_server, stop_server

    env = dict(os.environ)
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    env.pop("PREFECT_API_URL", None)
    server, api_url = start_server(env=env)
    env["PREFECT_API_URL"] = api_url
    env["PREFECT_WORKER_QUERY_SECONDS"] = "2"
    workers: list[subprocess.Popen] = []
    out = tmp_path / "out"
    try:

        def cli(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
            )

        done = cli("flows.cli", "deploy", str(tmp_path / "corpus"), "--pool", "leaksift-test", "--out", str(out))
        assert done.returncode == 0, done.stderr
        for _ in range(2):
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "prefect", "worker", "start", "--pool", "leaksift-test", "--limit", "1"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        texts = {
            "a.txt": "Mayor Helen Brandt of Calgary met Priya Raman on 12 March 2019.\n",
            "b.txt": "Priya Raman and Tomas Okafor spoke in Halifax in May 2016.\n",
        }
        for name, text in texts.items():
            path = tmp_path / name
            path.write_text(text)
            done = cli(
                "prefect", "deployment", "run", "leaksift-ingest/ingest", "--param", f"files={json.dumps([str(path)])}"
            )
            assert done.returncode == 0, done.stderr
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            docs = read_jsonl(out / "documents.jsonl") if (out / "documents.jsonl").exists() else []
            if len(docs) == 2:
                break
            time.sleep(2)
        docs = read_jsonl(out / "documents.jsonl")
        assert sorted(Path(d["path"]).name for d in docs) == ["a.txt", "b.txt"]
        entities = {e["name"]: e for e in read_jsonl(out / "entities.jsonl")}
        # resolved across both workers' documents: one record, both documents
        assert len(entities["Priya Raman"]["document_ids"]) == 2
        mention_ids = {m["entity_id"] for m in read_jsonl(out / "mentions.jsonl")}
        assert mention_ids == {e["id"] for e in entities.values()}
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGINT)
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        stop_server(server)
