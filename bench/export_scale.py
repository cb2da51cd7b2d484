"""Export times (issue 17): ``leaksift export`` in every format, PostgreSQL included, on the sample
corpus's records and on a generated output of 10,000 entities and 100,000 mentions (the generator of
``report_scale.py``), each timed as the command a user runs (process start included).

    .venv/bin/python bench/export_scale.py [--corpus-out OUT] [--entities 10000] [--mentions 100000]

``--corpus-out``: an OUT already holding the records of ``corpus/`` (default: the golden copy in
tests/golden/corpus). PostgreSQL: a throwaway server (``tests/postgres.py``, as the tests start it), one
database per OUT, exported twice (the second export finds every row already there: nothing changes).
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LEAKSIFT = ROOT / ".venv" / "bin" / "leaksift"
FILE_FORMATS = ("csv", "parquet", "ftm", "gexf", "graphml")


def timed(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(LEAKSIFT), *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench(out: Path, url: str | None) -> dict[str, str]:
    cells = {}
    for fmt in FILE_FORMATS:
        to = out / "exports" / fmt
        seconds, _ = timed(["export", "--format", fmt, "--out", str(out), "--to", str(to)])
        cells[fmt] = f"{seconds:.2f} s ({size_mb(to):.1f} MB)"
    if url:
        first, _ = timed(["export", "--format", "postgres", "--out", str(out), "--to", url])
        again, printed = timed(["export", "--format", "postgres", "--out", str(out), "--to", url])
        assert printed.count("(0 new, 0 changed, 0 removed)") == 5, printed
        cells["postgres"] = f"{first:.2f} s"
        cells["postgres again"] = f"{again:.2f} s"
    return cells


def main() -> int:
    from bench.report_scale import generate
    from tests.postgres import create_database, postgres_bin, temporary_postgres

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-out", type=Path, default=None)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=100_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="leaksift-bench-export-") as folder:
        small = Path(folder) / "corpus-out"
        shutil.copytree(
            args.corpus_out or ROOT / "tests" / "golden" / "corpus",
            small,
            ignore=shutil.ignore_patterns("exports", "report"),
        )
        big = Path(folder) / "big-out"
        generate(big, args.entities, args.mentions)
        labels = {
            small: "corpus/ (sample)",
            big: f"generated {args.entities:,} entities / {args.mentions:,} mentions",
        }
        server = temporary_postgres() if postgres_bin() else None
        url = server.__enter__() if server else None
        try:
            for index, out in enumerate((small, big)):
                n = sum(1 for _ in (out / "entities.jsonl").open(encoding="utf-8"))
                m = sum(1 for _ in (out / "mentions.jsonl").open(encoding="utf-8"))
                db = create_database(url, f"bench{index}") if url else None
                rows.append((f"{labels[out]} ({n} entities, {m} mentions)", bench(out, db)))
        finally:
            if server:
                server.__exit__(None, None, None)
    columns = [*FILE_FORMATS, "postgres", "postgres again"]
    print("| records | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for label, cells in rows:
        print(f"| {label} | " + " | ".join(cells.get(c, "n/a") for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
