"""Prefect's environment, set before Prefect is first imported.

Measured here: on a fresh ``PREFECT_HOME`` the ephemeral API server took over 20 s to start, longer than
Prefect's default 20 s wait, so the first flow failed; and its INFO logs and shutdown noise reach the
terminal. These defaults fix both without overriding anything the user set.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

DEFAULTS = {
    # Wait for the ephemeral server as long as a slow first start needs.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "900",
    # Prefect's own INFO chatter (temporary server, task states) is not for our users by default.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "DO_NOT_TRACK": "1",
}


def configure_prefect(*, verbose: bool = False) -> None:
    """Set Prefect's environment defaults (call before ``import prefect``)."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    # Tesseract subprocesses: one thread each; parallelism is one page per core.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()


def ensure_prefect_state(*, quiet: bool = True) -> None:
    """Create and migrate Prefect's local database once, before the first flow run.

    Without this, the first ephemeral server start migrates a fresh database while the flow waits,
    which is what made the first run time out here. A no-op when an API server is configured.
    """
    if os.environ.get("PREFECT_API_URL"):
        return
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():  # a server is configured (or a test harness is running)
        return
    marker = prefect_home() / ".leaksift-initialised"
    if marker.exists():
        return
    logging.getLogger(__name__).info("preparing Prefect's local database (first run only)")
    if not quiet:
        print("leaksift: preparing Prefect's local database (first run only) ...", file=sys.stderr)
    prefect_home().mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode != 0:
        raise RuntimeError(
            "could not initialise Prefect's database: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        )
    marker.write_text("ok\n")


class _QuietSubprocess:
    """Prefect's ``subprocess`` module, but servers it starts write to a log file, not our terminal.

    The temporary API server's uvicorn output (and the ``CancelledError`` tracebacks it can print when
    stopped) belongs in a log a person can open, not between our progress lines.
    """

    def __init__(self, log_path: Path):
        self._log_path = log_path

    def __getattr__(self, name: str):
        return getattr(subprocess, name)

    def Popen(self, *args, **kwargs):  # noqa: N802 - mirrors subprocess.Popen
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        log_file = open(self._log_path, "ab")  # the child keeps its own copy of the descriptor
        kwargs.setdefault("stdout", log_file)
        kwargs.setdefault("stderr", log_file)
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        try:
            return subprocess.Popen(*args, **kwargs)
        finally:
            log_file.close()


_HEARTBEAT_SETTINGS = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


def skip_flow_heartbeats() -> None:
    """No flow-run heartbeats unless the user configured them.

    Prefect 3.8 sends a heartbeat event every 180 s from a thread that sleeps in one-second steps, and
    joins that thread when a flow run ends: measured here, 0.9 s of a 1.2 s ingestion of one article.
    Heartbeats serve automations that detect crashed runs on a shared server; leaksift's runs are
    local and end as records. Setting either heartbeat variable keeps Prefect's behaviour."""
    if any(os.environ.get(name) for name in _HEARTBEAT_SETTINGS):
        return
    try:
        from prefect import flow_engine

        flow_engine.BaseFlowRunEngine.heartbeat_seconds = property(lambda self: None)  # type: ignore[assignment]
    except (ImportError, AttributeError):  # another Prefect: its own behaviour
        pass


def quiet_ephemeral_server() -> None:
    """Send the temporary API server's output to ``PREFECT_HOME/ephemeral-server.log``."""
    import prefect.server.api.server as server_module

    if not isinstance(server_module.subprocess, _QuietSubprocess):
        server_module.subprocess = _QuietSubprocess(prefect_home() / "ephemeral-server.log")


def start_api_server_early() -> threading.Thread | None:
    """Start Prefect's temporary API server in the background, if one will be needed.

    It takes 10-20 s to come up here; starting it first lets discovery, hashing and loading spaCy run
    meanwhile. The flow later finds the same (singleton) server and waits only for what is left.
    """
    from prefect.settings import PREFECT_API_URL

    if os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value():
        return None
    from prefect.server.api.server import SubprocessASGIServer

    quiet_ephemeral_server()

    def start() -> None:
        try:
            SubprocessASGIServer().start()
        except Exception:  # the flow's own start reports a real failure
            logging.getLogger(__name__).debug("early API server start failed", exc_info=True)

    thread = threading.Thread(target=start, name="prefect-api-start", daemon=True)
    thread.start()
    return thread
