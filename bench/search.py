"""What full-text search costs: building the FTS5 indexes with the database, and ``leaksift search`` time.

In: an output folder of a run (``--out``, e.g. of ``leaksift run corpus --out /tmp/x``), and a generated one
of ``--pages`` pages (mixed English and Chinese text, 1,500 characters a page) built here. Out on stdout:
for each, the database build time with and without the FTS statements, the database size, and the wall time
of the ``leaksift search`` command (a fresh process, best of ``--repeat``) for a few queries.

    .venv/bin/python bench/search.py --out /tmp/x [--pages 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extractors.output import sqlite as sqlite_out
from extractors.output.jsonl import read_jsonl
from extractors.output.store import RECORD_FILES

ROOT = Path(__file__).resolve().parent.parent
LEAKSIFT = ROOT / ".venv" / "bin" / "leaksift"

WORDS = "the council minister payment offshore account transfer meeting mayor company shares report".split()
HANZI = "国务院总理北京人民大会堂会见外国代表团新华社消息公司账户转账会议市长报告"


def generated(pages: int, seed: int = 1) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    docs, rows = [], []
    for d in range(pages // 10):
        docs.append({"id": f"d{d}", "path": f"gen/{d}.txt", "media_type": "text/plain", "pages": 10, "status": "ok"})
        for p in range(1, 11):
            if rng.random() < 0.3:
                text = "".join(rng.choice(HANZI) for _ in range(500))
            else:
                text = " ".join(rng.choice(WORDS) for _ in range(200))
            if rng.random() < 0.01:
                text += " Helen Brandt 北京人民大会堂"
            rows.append({"document_id": f"d{d}", "page": p, "method": "text", "text": text})
    return {"documents": docs, "pages": rows, "mentions": [], "tables": [], "entities": []}


def build_time(records: dict[str, list[dict]], folder: Path, fts: bool) -> tuple[float, int]:
    saved = sqlite_out.FTS
    if not fts:
        sqlite_out.FTS = ()
    try:
        path = folder / ("fts.sqlite" if fts else "plain.sqlite")
        start = time.perf_counter()
        sqlite_out.write_sqlite(path, records)
        return time.perf_counter() - start, path.stat().st_size
    finally:
        sqlite_out.FTS = saved


def search_time(out: Path, query: str, repeat: int) -> tuple[float, str]:
    best, last = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([str(LEAKSIFT), "search", query, "--out", str(out)], capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
    return best, last


def report(name: str, records: dict[str, list[dict]], queries: list[str], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain, plain_size = build_time(records, folder, fts=False)
        with_fts, size = build_time(records, folder, fts=True)
        chars = sum(len(p["text"] or "") for p in records["pages"])
        print(f"{name}: {len(records['pages'])} pages, {chars:,} characters")
        print(f"  database build {plain:.2f} s without FTS, {with_fts:.2f} s with; {plain_size:,} -> {size:,} bytes")
        out = folder / "out"
        out.mkdir()
        (folder / "fts.sqlite").rename(out / "leaksift.sqlite")
        for query in queries:
            seconds, summary = search_time(out, query, repeat)
            print(f"  leaksift search {query!r}: {seconds * 1000:.0f} ms  {summary}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="output folder of a run")
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    queries = ["Helen Brandt", "北京人民大会堂", "北京", 'offshore "account'] if args.pages else []
    if args.out:
        records = {name: read_jsonl(args.out / f"{name}.jsonl") for name in RECORD_FILES}
        report(str(args.out), records, ["Hartmann", "Spree Valley", "Rotterdam"], args.repeat)
    if args.pages:
        report(f"generated ({args.pages} pages)", generated(args.pages), queries, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
