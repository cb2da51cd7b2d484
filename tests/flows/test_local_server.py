"""The shared local Prefect server (``flows.local_server``, ``flows.local_daemon``): one for commands
started at the same moment, stopped on request and after its idle time, found without importing Prefect.

The cold-command tests are real ``leaksift`` subprocesses with their own temporary ``PREFECT_HOME`` (one
per module: the Prefect database is made once); the session fixture in ``tests/conftest.py`` stops any
server left and fails if one survives."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from flows import local_server
from tests.conftest import ROOT, session_daemons

LEAKSIFT = [sys.executable, "-m", "flows.cli"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("shared-prefect-home")
    yield home
    local_server.stop(home)


def _env(home: Path, *, idle: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "LEAKSIFT_TEST_CRASH_AT")}
    env.update(PREFECT_HOME=str(home), LEAKSIFT_SERVER_IDLE=str(idle), PYTHONPATH=str(ROOT))
    return env


def _ingest(text_file: Path, out: Path, env: dict[str, str]) -> subprocess.Popen:
    command = [*LEAKSIFT, "ingest", str(text_file), "--out", str(out), "--quiet"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _group_alive(pgid: int) -> list[int]:
    """The processes still in a process group (the daemon and its Prefect server share one)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


@pytest.mark.slow
def test_two_cold_commands_at_once_share_one_server(home, tmp_path):
    env = _env(home, idle=300)
    texts = []
    for name, text in (("a", "Mayor Helen Brandt visited Calgary in May 2016."), ("b", "Priya Raman met Ana Ruiz.")):
        texts.append(tmp_path / f"{name}.txt")
        texts[-1].write_text(text + "\n")
    runs = [_ingest(texts[i], tmp_path / f"out-{i}", env) for i in range(2)]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr and "CancelledError" not in stderr
    for i in range(2):
        assert [d["path"] for d in read_jsonl(tmp_path / f"out-{i}" / "documents.jsonl")] == [str(texts[i])]
    states = local_server.running(home)
    assert len(states) == 1 and states[0]["alive"] and states[0]["ready"]
    assert [pid for pid, _ in session_daemons([home])] == [states[0]["pid"]]
    # and the next command reuses it
    again = _ingest(texts[0], tmp_path / "out-again", env)
    assert again.wait(timeout=300) == 0
    assert [pid for pid, _ in session_daemons([home])] == [states[0]["pid"]]


@pytest.mark.slow
def test_server_stop_leaves_no_process(home, tmp_path):
    env = _env(home, idle=300)
    text = tmp_path / "a.txt"
    text.write_text("Helen Brandt met Priya Raman in Halifax.\n")
    assert _ingest(text, tmp_path / "out", env).wait(timeout=600) == 0
    (state,) = [s for s in local_server.running(home) if s["alive"]]
    assert len(_group_alive(state["pid"])) >= 2  # the daemon and its Prefect server
    done = subprocess.run([*LEAKSIFT, "server", "stop"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and f"pid {state['pid']}" in done.stdout
    assert _group_alive(state["pid"]) == []
    assert local_server.running(home) == [] and session_daemons([home]) == []


@pytest.mark.slow
def test_idle_server_stops_itself(home, tmp_path):
    env = _env(home, idle=1)
    text = tmp_path / "a.txt"
    text.write_text("Helen Brandt met Priya Raman in Halifax.\n")
    assert _ingest(text, tmp_path / "out", env).wait(timeout=600) == 0
    deadline = time.monotonic() + 60
    while session_daemons([home]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert session_daemons([home]) == []
    assert local_server.running(home) == []


def test_no_sharing_when_a_server_is_configured_or_idle_is_zero(monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")
    assert local_server.configured_api() == "http://127.0.0.1:1/api"
    assert local_server.ensure() is None
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setenv("LEAKSIFT_SERVER_IDLE", "0")
    assert local_server.ensure() is None
    assert list(tmp_path.iterdir()) == []  # nothing started, nothing written


def test_configured_api_is_read_from_the_active_profile(monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delitem(sys.modules, "prefect.settings", raising=False)  # read the file, as a fresh CLI does
    (tmp_path / "profiles.toml").write_text(
        'active = "team"\n[profiles.team]\nPREFECT_API_URL = "http://prefect.example:4200/api"\n'
    )
    assert local_server.configured_api() == "http://prefect.example:4200/api"
    monkeypatch.setenv("PREFECT_PROFILE", "ephemeral")
    assert local_server.configured_api() is None


def test_stale_state_is_cleared_and_long_homes_get_a_short_socket(tmp_path):
    files = local_server.ServerFiles(home=tmp_path, key="k")
    local_server.write_state(files.state, {"pid": 2**22 + 12345, "ready": True})  # no such process
    assert [s["alive"] for s in local_server.running(tmp_path)] == [False]
    assert local_server.stop(tmp_path) == [] and not files.state.exists()
    deep = local_server.ServerFiles(home=tmp_path / ("x" * 120), key="k")
    assert len(str(deep.socket)) < 108
