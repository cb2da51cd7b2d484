"""The shared local server's process (``python -m flows.local_daemon``), started by ``flows.local_server``.

In: ``--home`` (its ``PREFECT_HOME``), ``--key`` (the code version it runs) and ``--idle`` seconds.
Out: while it lives, a Prefect server (``prefect server start`` as its child, UI included) whose address
is in the state file, and an ingestion socket: a request ``{"files", "out", "settings"}`` runs the
``leaksift-ingest`` flow here, where Prefect and spaCy are already loaded, and gets the run summary back
(the protocol of ``leaksift serve``'s socket). It stops itself, and its Prefect server, once no command
holds the lease and none has used it for ``--idle`` seconds; SIGTERM stops it the same way. Its output
and Prefect's go to ``PREFECT_HOME/leaksift-server.log``, never to a user's terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from flows.local_server import ServerFiles, locked, read_state, write_state
from flows.runtime import configure_prefect

log = logging.getLogger("leaksift.server")


def _start_prefect(files: ServerFiles) -> tuple[subprocess.Popen, str]:
    """``prefect server start`` in this process group (a group kill stops both), on a free port."""
    from flows.serve import _free_port, server_command, wait_for_api

    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # output: our log file; a daemon killed alone (not its group) takes the server with it
    process = subprocess.Popen(server_command(port), stdin=subprocess.DEVNULL, env=env)
    wait_for_api(api_url, timeout=900, process=process)
    return process, api_url


class Daemon:
    """One shared server: its Prefect child, its ingestion listener, its idle clock."""

    def __init__(self, files: ServerFiles, idle: float):
        self.files = files
        self.idle = idle
        self.busy = 0
        self.last_use = time.time()
        self._lock = threading.Lock()
        self.prefect: subprocess.Popen | None = None
        self.listener = None

    def ingest(self, files: list[str], out: str, settings: dict[str, Any]):
        from flows.pipeline import ingest_files

        self.busy += 1
        try:
            with self._lock:  # one ingestion at a time here; OUT's own lock guards other writers
                return ingest_files(files=files, out=out, settings=settings)
        finally:
            self.busy -= 1
            self.last_use = time.time()

    def run(self, request: dict[str, Any], stream):
        """A corpus run for a ``leaksift run`` command, its progress sent back on ``stream``."""
        from flows import progress
        from flows.pipeline import run_corpus, source_parameters
        from flows.sources import Sources

        self.busy += 1
        try:
            with self._lock:
                reporter = progress.Progress(stream=stream, enabled=bool(request.get("progress", True)))
                progress.set_current(reporter)
                try:
                    return run_corpus(
                        corpus=request["corpus"],
                        out=request["out"],
                        settings=request.get("settings") or {},
                        **source_parameters(Sources.model_validate(request["sources"])),
                    )
                finally:
                    progress.set_current(None)
        finally:
            self.busy -= 1
            self.last_use = time.time()

    def start(self) -> None:
        from extractors.batch.pipeline import warm_up
        from extractors.settings import Settings

        # spaCy loads here while the Prefect server (another process, another core) starts
        warming = threading.Thread(target=warm_up, args=(Settings(),), name="warm-up", daemon=True)
        warming.start()
        self.prefect, api_url = _start_prefect(self.files)
        self._publish(api_url=api_url, ready=False)
        os.environ["PREFECT_API_URL"] = api_url  # before Prefect is first imported in this process
        warming.join()
        self._listen()
        self._warm_flow()
        self._publish(api_url=api_url, ready=True)
        log.info("shared server ready: %s (pid %d), idle stop after %.0f s", api_url, os.getpid(), self.idle)

    def _listen(self) -> None:
        from flows.serve import IngestServer

        self.listener = IngestServer(self.files.socket, None, ingest=self.ingest, run=self.run)
        threading.Thread(target=self.listener.serve_forever, name="ingest-listener", daemon=True).start()

    def _warm_flow(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="leaksift-warm-") as scratch:
            self.ingest([], scratch, {})  # Prefect's client, flow and task machinery are warm too

    def _publish(self, **fields: Any) -> None:
        with locked(self.files.lock):
            state = read_state(self.files.state) or {}
            if state.get("pid") not in (None, os.getpid()):
                raise SystemExit(f"another shared server took over ({state.get('pid')})")
            state.update(pid=os.getpid(), socket=str(self.files.socket), idle=self.idle, **fields)
            write_state(self.files.state, state)

    def idle_out(self) -> None:
        """Return once idle: no lease held, nothing running, nothing used for ``idle`` seconds."""
        tick = max(0.2, min(self.idle / 5, 5.0))
        with open(self.files.lease, "a+") as lease:
            while True:
                time.sleep(tick)
                if self.busy:
                    self.last_use = time.time()
                    continue
                try:
                    fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:  # a command is using the server
                    self.last_use = time.time()
                    continue
                last = max(self.last_use, os.stat(self.files.lease).st_mtime)
                if time.time() - last >= self.idle and not self.busy:
                    # still holding the lease: a command arriving now waits, then finds no server
                    self._forget()
                    return
                fcntl.flock(lease, fcntl.LOCK_UN)

    def _forget(self) -> None:
        with locked(self.files.lock):
            state = read_state(self.files.state) or {}
            if state.get("pid") == os.getpid():
                with contextlib.suppress(FileNotFoundError):
                    self.files.state.unlink()
        with contextlib.suppress(FileNotFoundError):
            self.files.socket.unlink()

    def stop(self) -> None:
        self._forget()
        if self.listener is not None:
            self.listener.server_close()
        if self.prefect is not None and self.prefect.poll() is None:
            self.prefect.terminate()
            try:
                self.prefect.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.prefect.kill()
                self.prefect.wait()


def _on_sigterm(signum, frame) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.local_daemon")
    parser.add_argument("--home", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--idle", type=float, required=True)
    args = parser.parse_args(argv)
    os.environ["PREFECT_HOME"] = args.home
    os.environ.pop("PREFECT_API_URL", None)
    configure_prefect()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    for noisy in ("pdfminer", "PIL", "trafilatura", "htmldate", "charset_normalizer", "vobject", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    signal.signal(signal.SIGTERM, _on_sigterm)
    daemon = Daemon(ServerFiles(home=Path(args.home), key=args.key), args.idle)
    try:
        daemon.start()
        daemon.idle_out()
        log.info("idle for %.0f s: stopping", args.idle)
    finally:
        daemon.stop()
        with contextlib.suppress(Exception):
            from extractors.batch.isolation import close_pools

            close_pools()
    return 0


if __name__ == "__main__":
    sys.exit(main())
