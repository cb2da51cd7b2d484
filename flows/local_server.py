"""The local Prefect server leaksift commands share: found or started here, used, then left to idle out.

In: the environment (``PREFECT_HOME``, ``PREFECT_API_URL``, ``LEAKSIFT_SERVER_IDLE``). Out: a
``LocalServer`` (its API address and its ingestion socket) once it answers, or None when the user
configured a Prefect server (that one is used, unchanged), sharing is off (``LEAKSIFT_SERVER_IDLE=0``)
or the server could not start (the command then starts Prefect's temporary server, as before).

A fresh process spends 10-20 s here starting Prefect's temporary API server for every command. The
shared one is ``flows.local_daemon``: started in the background by the first command, it runs ``prefect
server start`` (UI included) and keeps Prefect and spaCy loaded, so a later ``ingest`` hands its files
over a socket and a later ``run`` only points its Prefect client at it. There is one per user,
``PREFECT_HOME`` and code version (the key hashes the interpreter and the code's files, so an edited
checkout never runs old code). Files under ``PREFECT_HOME``, ``<key>`` being that hash:

- ``leaksift-server-<key>.json``: the daemon's pid, API address, socket and ``ready`` (written by it);
- ``leaksift-server-<key>.lock``: ``fcntl`` lock held while the state is read and a daemon started, so
  two commands started at the same moment start one daemon and both use it;
- ``leaksift-server-<key>.lease``: every command holds a shared lock on it while it uses the server and
  touches it when done; the daemon stops once it can lock it exclusively and it is idle that long.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from flows.runtime import prefect_home

#: seconds a shared server stays up after its last use (``LEAKSIFT_SERVER_IDLE``; 0 turns sharing off)
DEFAULT_IDLE = 900.0
STATE_PREFIX = "leaksift-server-"
ROOT = Path(__file__).resolve().parent.parent


def idle_seconds() -> float:
    try:
        return float(os.environ.get("LEAKSIFT_SERVER_IDLE", DEFAULT_IDLE))
    except ValueError:
        return DEFAULT_IDLE


def configured_api() -> str | None:
    """The Prefect server the user configured (environment, or the active profile), if any.

    Read without importing Prefect (1.3 s here) unless it is already imported (a test harness)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    import tomllib

    try:
        profiles = tomllib.loads((prefect_home() / "profiles.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    return (profiles.get("profiles", {}).get(active) or {}).get("PREFECT_API_URL") or None


def code_key() -> str:
    """A short hash of the interpreter and the code (paths, sizes, mtimes of flows/ and extractors/)."""
    digest = hashlib.sha256(f"{sys.executable}\0{ROOT}".encode())
    for folder in ("flows", "extractors"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class ServerFiles:
    """Where one shared server's state lives."""

    home: Path
    key: str

    def _file(self, suffix: str) -> Path:
        return self.home / f"{STATE_PREFIX}{self.key}{suffix}"

    @property
    def state(self) -> Path:
        return self._file(".json")

    @property
    def lock(self) -> Path:
        return self._file(".lock")

    @property
    def lease(self) -> Path:
        return self._file(".lease")

    @property
    def log(self) -> Path:
        return self.home / "leaksift-server.log"

    @property
    def socket(self) -> Path:
        # a Unix socket path must stay under 108 bytes: long homes (test folders) use a private temp folder
        near = self._file(".sock")
        if len(str(near)) < 100:
            return near
        folder = Path(tempfile.gettempdir()) / f"leaksift-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder / f"{hashlib.sha256(str(near).encode()).hexdigest()[:16]}.sock"


def server_files(home: Path | None = None) -> ServerFiles:
    return ServerFiles(home=(home or prefect_home()), key=code_key())


def read_state(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write_state(path: Path, state: dict) -> None:
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(state), "utf-8")
    os.replace(temporary, path)


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped by its parent) counts as gone
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z"):
            return False
    return True


def healthy(api_url: str, *, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def locked(path: Path, mode: int = fcntl.LOCK_EX):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, mode)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class LocalServer:
    """A shared server in use by this command: release it when done (it then idles towards its stop)."""

    api_url: str
    socket: Path | None
    pid: int
    _lease: object = field(default=None, repr=False)

    def release(self) -> None:
        if self._lease is not None:
            with contextlib.suppress(OSError):
                os.utime(self._lease.name)
                self._lease.close()  # drops the shared lock
            self._lease = None


def _spawn(files: ServerFiles, idle: float) -> int:
    """Start the daemon in its own session (it outlives this command); returns its pid."""
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.pop("LEAKSIFT_TEST_CRASH_AT", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "flows.local_daemon", "--home", str(files.home), "--key", files.key]
    command += ["--idle", str(idle)]
    files.home.mkdir(parents=True, exist_ok=True)
    with open(files.log, "ab") as log_file:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file, env=env, cwd=str(files.home),
            start_new_session=True,
        )  # fmt: skip
    return process.pid


def _wait(files: ServerFiles, pid: int, *, ready: bool, timeout: float) -> dict | None:
    """The daemon's state once its API answers (and, with ``ready``, its ingestion socket listens)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = read_state(files.state) or {}
        if state.get("pid") != pid or not alive(pid):
            return None
        if state.get("api_url") and (state.get("ready") or not ready) and healthy(state["api_url"]):
            return state
        time.sleep(0.05)
    return None


def ensure(*, ready: bool = False, timeout: float = 900.0, home: Path | None = None) -> LocalServer | None:
    """Find this user's shared server or start it, and wait until it answers (see the module's text).

    ``ready`` waits for its ingestion socket too (spaCy loaded there). None: use Prefect's own way."""
    idle = idle_seconds()
    if idle <= 0 or configured_api():
        return None
    files = server_files(home)
    files.home.mkdir(parents=True, exist_ok=True)
    lease = open(files.lease, "a+")
    fcntl.flock(lease, fcntl.LOCK_SH)  # waits while a daemon that found itself idle is stopping
    os.utime(files.lease)
    with locked(files.lock):
        state = read_state(files.state)
        if state is None or not alive(state.get("pid")):
            state = {"pid": _spawn(files, idle), "started": time.time(), "ready": False}
            write_state(files.state, state)
    found = _wait(files, state["pid"], ready=ready, timeout=timeout)
    if found is None:
        lease.close()
        return None
    return LocalServer(api_url=found["api_url"], socket=Path(found["socket"]) if ready else None,
                       pid=found["pid"], _lease=lease)  # fmt: skip


def running(home: Path | None = None) -> list[dict]:
    """Every shared server's state under ``home`` (any code version), with its state file's path."""
    home = home or prefect_home()
    found = []
    for path in sorted(home.glob(f"{STATE_PREFIX}*.json")):
        state = read_state(path)
        if state is not None:
            found.append({**state, "state_file": str(path), "alive": alive(state.get("pid"))})
    return found


def stop(home: Path | None = None, *, timeout: float = 15.0) -> list[int]:
    """Stop every shared server under ``home`` (its whole process group); returns the pids stopped."""
    stopped = []
    for state in running(home):
        pid = state.get("pid")
        if state["alive"]:
            stop_group(pid, timeout=timeout)
            stopped.append(pid)
        with contextlib.suppress(FileNotFoundError):
            Path(state["state_file"]).unlink()
    return stopped


def stop_group(pid: int, *, timeout: float = 15.0) -> None:
    """SIGTERM to a daemon's process group (it stops its Prefect server), SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _own_processes():
    """(pid, /proc entry, command-line arguments) of every process of this user on this machine."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            if entry.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        yield int(entry.name), entry, args


def daemons() -> list[tuple[int, Path]]:
    """Every shared server process of this user on this machine, with its ``PREFECT_HOME`` (from /proc)."""
    return [
        (pid, Path(args[args.index(b"--home") + 1].decode()))
        for pid, _, args in _own_processes()
        if b"flows.local_daemon" in args and b"--home" in args and alive(pid)
    ]


def prefect_servers() -> list[tuple[int, Path | None]]:
    """Every ``prefect server start`` process of this user, with the ``PREFECT_HOME`` it was started
    with (None when it has none, or its environment cannot be read)."""
    found = []
    for pid, entry, args in _own_processes():
        if not {b"prefect", b"server", b"start"} <= set(args):
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        home = next((item[len(b"PREFECT_HOME=") :] for item in environ if item.startswith(b"PREFECT_HOME=")), None)
        found.append((pid, Path(home.decode()) if home else None))
    return found
