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
