"""What the benchmarks share: a shared local Prefect server for this checkout's code, started before the
timed runs (the first command after a clean state is measured on its own by ``cold_start.py``)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def warm_server() -> None:
    """Stop the shared servers of other code versions (idle ones hold memory), then start this
    code's by one small ingestion, untimed."""
    leaksift = str(ROOT / ".venv" / "bin" / "leaksift")
    subprocess.run([leaksift, "server", "stop"], capture_output=True, check=False)
    with tempfile.TemporaryDirectory(prefix="leaksift-bench-warm-") as folder:
        note = Path(folder) / "note.txt"
        note.write_text("Helen Brandt met Priya Raman in Calgary on 12 March 2019.\n", encoding="utf-8")
        subprocess.run(
            [leaksift, "ingest", str(note), "--out", str(Path(folder) / "out"), "--quiet"],
            capture_output=True,
            check=False,
        )


def tree_rss_mb(root: int) -> float:
    """Memory (MB, proportional set size: shared pages split between the processes sharing them) now
    of ``root``'s process tree and of the shared local server's (which runs
    the corpus for ``leaksift run``: the daemon, its reader and NER workers), not counting the Prefect
    API server process itself, which is there whether or not anything runs."""
    import os

    prefect_home = os.environ.get("PREFECT_HOME") or str(Path.home() / ".prefect")
    home = f"--home\x00{prefect_home}\x00".encode()
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    roots = [root]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            # proportional set size: pages shared with the forkserver count once over all processes
            status = (entry / "smaps_rollup").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        pid = int(entry.name)
        if b"prefect\x00server" in command:
            continue
        if b"flows.local_daemon" in command and home in command:
            roots.append(pid)  # this user's shared server (other PREFECT_HOMEs' servers are not ours)
        children.setdefault(int(stat[1]), []).append(pid)
        for line in status.splitlines():
            if line.startswith("Pss:"):
                rss[pid] = int(line.split()[1])
    total, stack, seen = 0, list(roots), set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024
