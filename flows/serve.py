"""``leaksift serve``: scheduled batch runs from a Prefect deployment, plus warm manual ingestion.

The deployment is served from this process (Prefect's ``flow.serve``): Prefect's scheduler creates a
run of ``leaksift-run`` at every cron tick and this process executes it. Scheduling needs a real
Prefect server (the temporary one has no scheduler): with ``PREFECT_API_URL`` set, that server is used
and nothing is started; otherwise ``prefect server start`` runs as a child of this process, with its UI.

The same process listens on ``OUT/.leaksift/serve.sock``. ``leaksift ingest`` finds that socket and
hands its files over, so a manual ingestion runs in a process where Prefect and spaCy are already
loaded (a fresh process spends 2-3 s importing Prefect and loading spaCy before any work).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from flows.runtime import prefect_home
from flows.summary import RunSummary

log = logging.getLogger(__name__)

SOCKET_NAME = "serve.sock"


def socket_path(out: Path) -> Path:
    return Path(out) / ".leaksift" / SOCKET_NAME


# -- the Prefect server ----------------------------------------------------------------------------


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_api(api_url: str, *, timeout: float = 300.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with status {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server at {api_url} did not answer within {timeout:.0f} s")


def tied_to_this_process(command: list[str]) -> list[str]:
    """``command`` so started that it gets SIGTERM when this process dies, however it dies: the child
    sets Linux's parent-death signal, then becomes ``command`` (the signal survives the exec). A Prefect
    server is never left running by a ``serve`` or shared server that was killed (a test's SIGKILL after
    a slow shutdown left one behind). Other systems run ``command`` as it is."""
    if not sys.platform.startswith("linux"):
        return command
    code = (
        "import ctypes, os, signal, sys\n"
        "ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n"  # PR_SET_PDEATHSIG
        "if os.getppid() != int(sys.argv[1]):\n"
        "    sys.exit(0)\n"  # the parent died before the signal was set
        "os.execv(sys.argv[2], sys.argv[2:])\n"
    )
    return [sys.executable, "-c", code, str(os.getpid()), *command]


def server_command(port: int) -> list[str]:
    """``prefect server start`` on ``port`` of this machine, tied to this process (``tied_to_this_process``)."""
    return tied_to_this_process(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    )


def start_server(*, port: int | None = None, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start ``prefect server start`` as a child process in its own session; returns it and its API URL.

    ``env`` (default: this process's environment) decides ``PREFECT_HOME``; the server's output goes to
    ``PREFECT_HOME/server.log``.
    """
    port = port or _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ if env is None else env)
    env.pop("PREFECT_API_URL", None)
    home = Path(env.get("PREFECT_HOME") or prefect_home()).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "server.log", "ab") as log_file:
        process = subprocess.Popen(
            server_command(port),
            stdout=log_file,
            stderr=log_file,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    try:
        wait_for_api(api_url, process=process)
    except BaseException:
        stop_process_group(process)
        raise
    return process, api_url


def stop_process_group(process: subprocess.Popen, *, sig: int | None = None, timeout: float = 20) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started: ``sig``
    (SIGTERM by default) to its process group, SIGKILL if it is still there after ``timeout``."""
    import signal

    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig or signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started by ``start_server`` (its whole process group)."""
    stop_process_group(process)


# -- warm ingestion ------------------------------------------------------------------------------


class _ProgressLines:
    """A text stream for ``Progress`` that sends what it is given to the client, one JSON line per
    write; a client that went away is ignored (the run goes on and writes its records)."""

    def __init__(self, wfile, *, tty: bool):
        self._wfile, self._tty, self._lock = wfile, tty, threading.Lock()

    def write(self, text: str) -> int:
        with self._lock, contextlib.suppress(OSError, ValueError):
            self._wfile.write((json.dumps({"progress": text}) + "\n").encode())
        return len(text)

    def flush(self) -> None:
        with self._lock, contextlib.suppress(OSError, ValueError):
            self._wfile.flush()

    def isatty(self) -> bool:
        return self._tty


class _IngestHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        try:
            request = json.loads(self.rfile.readline())
            request.setdefault("out", None)
            if request.get("command") == "run":
                stream = _ProgressLines(self.wfile, tty=bool(request.get("tty")))
                summary = self.server.run(request, stream)  # type: ignore[attr-defined]
            else:
                summary = self.server.ingest(request["files"], request["out"], request.get("settings") or {})  # type: ignore[attr-defined]
            reply: dict[str, Any] = {"ok": True, "summary": summary.to_json()}
        except Exception as exc:  # reported to the client, never kills the server
            log.exception("ingestion request failed")
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        self.wfile.write((json.dumps(reply, ensure_ascii=False) + "\n").encode())


class IngestServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, out: Path | None, *, ingest=None, run=None):
        """Listen on ``path``; ingest into ``out``, or into each request's ``out`` when it is None, with
        ``ingest(files, out, settings)`` (default: the ``leaksift-ingest`` flow here, one at a time).
        With ``run(request, progress_stream)`` it also runs whole corpora (the shared local server)."""
        self.out = out
        self._ingest = ingest
        self._run = run
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        super().__init__(str(path), _IngestHandler)

    def ingest(self, files: list[str], out: str | None, settings: dict[str, Any]) -> RunSummary:
        from flows.pipeline import ingest_files

        target = str(self.out) if self.out is not None else out
        if not target:
            raise ValueError("no output folder in the request")
        if self._ingest is not None:
            return self._ingest(files, target, settings)
        with self._lock:  # one ingestion at a time in this process; OUT's lock guards other writers
            return ingest_files(files=files, out=target, settings=settings)

    def run(self, request: dict[str, Any], stream) -> RunSummary:
        if self._run is None:
            raise ValueError("this listener ingests files only")
        return self._run(request, stream)


def remote_run(
    out: Path, corpus: Path, settings: dict[str, Any], sources: dict[str, Any], *, path: Path, progress: bool
) -> RunSummary | None:
    """Run the corpus in the shared local server listening on ``path`` (its progress copied to stderr);
    None when none is listening."""
    sock = _connect(path)
    if sock is None:
        return None
    with sock:
        sock.settimeout(None)  # a corpus run takes as long as it takes
        request = {
            "command": "run",
            "corpus": str(Path(corpus).resolve()),
            "out": str(Path(out).resolve()),
            "settings": settings,
            "sources": sources,
            "progress": progress,
            "tty": sys.stderr.isatty(),
        }
        sock.sendall((json.dumps(request) + "\n").encode())
        reply: dict[str, Any] = {}
        for line in sock.makefile("rb"):
            message = json.loads(line)
            if "progress" in message:
                sys.stderr.write(message["progress"])
                sys.stderr.flush()
                continue
            reply = message
            break
    if not reply.get("ok"):
        raise RuntimeError(reply.get("error", "the shared server gave no answer"))
    return RunSummary.from_json(reply["summary"])


def _connect(path: Path) -> socket.socket | None:
    if not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2)
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    return sock


def remote_ingest(
    out: Path, files: list[str], settings: dict[str, Any], *, timeout: float = 3600, path: Path | None = None
) -> RunSummary | None:
    """Hand files to a running ``leaksift serve`` for OUT (or to the listener on ``path``, the shared
    local server); None when none is listening."""
    sock = _connect(path or socket_path(out))
    if sock is None:
        return None
    with sock:
        sock.settimeout(timeout)
        files = [str(Path(f).resolve()) for f in files]
        request = {"files": files, "out": str(Path(out).resolve()), "settings": settings}
        sock.sendall((json.dumps(request) + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    reply = json.loads(data or b"{}")
    if not reply.get("ok"):
        raise RuntimeError(reply.get("error", "the serving process gave no answer"))
    return RunSummary.from_json(reply["summary"])


# -- serve ---------------------------------------------------------------------------------------


def serve(*, corpus: Path, out: Path, cron: str, name: str, settings: dict[str, Any]) -> None:
    """Serve the batch deployment until interrupted (Ctrl-C)."""
    server_process = None
    if not os.environ.get("PREFECT_API_URL"):
        print("leaksift serve: starting a Prefect server (UI and scheduler) ...", file=sys.stderr)
        server_process, api_url = start_server()
        os.environ["PREFECT_API_URL"] = api_url
        print(f"leaksift serve: Prefect UI at {api_url[:-4]}", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    from prefect.deployments.runner import EntrypointType

    from extractors.batch.pipeline import warm_up
    from extractors.settings import Settings
    from flows.pipeline import run_corpus

    warm_up(Settings(**settings))  # manual ingestion then pays for no model or data loading
    with tempfile.TemporaryDirectory(prefix="leaksift-warm-") as scratch:
        # one empty ingestion flow run: Prefect's client, flow and task machinery are warm too
        from flows.pipeline import ingest_files

        ingest_files(files=[], out=scratch, settings=settings)
    listener = IngestServer(socket_path(out), out)
    threading.Thread(target=listener.serve_forever, name="ingest-listener", daemon=True).start()
    print(
        f"leaksift serve: deployment 'leaksift-run/{name}' on cron '{cron}' over {corpus} into {out}; "
        f"`leaksift ingest FILE --out {out}` is handled here. Ctrl-C stops.",
        file=sys.stderr,
    )
    try:
        run_corpus.serve(
            name=name,
            cron=cron,
            parameters={"corpus": str(corpus), "out": str(out), "settings": settings},
            entrypoint_type=EntrypointType.MODULE_PATH,
            print_starting_message=False,
        )
    finally:
        listener.shutdown()
        with contextlib.suppress(FileNotFoundError):
            socket_path(out).unlink()
        if server_process is not None:
            stop_server(server_process)
