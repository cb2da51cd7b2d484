"""What curation costs: a decision's command on the sample corpus's output (it rewrites the records from the
cache at once), and applying many decisions to a generated 10,000-entity resolution.

In: OUT, a finished run of ``corpus/`` (``leaksift run corpus --out OUT --local``), copied to a scratch
folder first (OUT itself is not changed). Out: seconds per command and per application, on stdout.

    .venv/bin/python bench/curation.py /tmp/curc/out
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.records import Mention  # noqa: E402
from extractors.resolve.curation import apply_curation, entity_ref  # noqa: E402
from extractors.resolve.entities import resolve, with_entity_ids  # noqa: E402


def _cli(*argv: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "leaksift"), *argv], check=True, capture_output=True)
    return time.perf_counter() - started


def corpus_commands(out: Path) -> None:
    from extractors.output.jsonl import read_jsonl

    with tempfile.TemporaryDirectory(prefix="leaksift-bench-curation-") as folder:
        work = Path(folder) / "out"
        shutil.copytree(out, work)
        rows = read_jsonl(work / "entities.jsonl")
        people = [r for r in rows if r["type"] == "PERSON"]
        o = ["--out", str(work)]
        timings = {
            "entities (table)": _cli("entities", *o),
            "merge": _cli("entities", "merge", people[0]["id"], people[1]["id"], *o),
            "reject": _cli("entities", "reject", people[2]["id"], *o),
            "rename": _cli("entities", "rename", people[3]["id"], "A New Name", *o),
            "retype": _cli("entities", "retype", people[4]["id"], "ORG", *o),
            "undo": _cli("entities", "undo", *o),
            "history": _cli("entities", "history", *o),
            "run (nothing new)": _cli("run", str(ROOT / "corpus"), *o, "--local", "--quiet"),
        }
        print(f"sample corpus ({len(rows)} entities), wall seconds per command:")
        for name, seconds in timings.items():
            print(f"  {name:<20} {seconds:6.2f}")


def generated(entities: int, decisions: int, *, changed_ids: bool) -> float:
    rng = random.Random(17)
    mentions = []
    for i in range(entities):
        name = f"Person Number{i}"
        for k in range(3):
            mentions.append(Mention(f"d{i % 500}", 1, k * 40, k * 40 + len(name), name, "PERSON", "ner", name=name))
    resolved, linked = resolve(mentions)
    rows = with_entity_ids(linked)
    refs = [
        entity_ref({"id": e.id, "type": e.type, "name": e.name, "aliases": e.aliases, "merged_ids": []})
        for e in resolved
    ]
    if changed_ids:  # every id stale: each decision finds its entity by name
        refs = [{**r, "id": "0" * 16} for r in refs]
    picked = rng.sample(range(len(refs)), min(len(refs), decisions * 2))
    log = []
    for n in range(decisions):
        a, b = refs[picked[2 * n]], refs[picked[2 * n + 1]]
        action = ("merge", "reject", "rename", "retype")[n % 4]
        record = {"decision": n + 1, "action": action, "entities": [a, b] if action == "merge" else [a]}
        record.update(
            {"merge": {"keep": a["id"]}, "rename": {"name": f"Renamed {n}"}, "retype": {"type": "ORG"}}.get(action, {})
        )
        log.append(record)
    started = time.perf_counter()
    curated = apply_curation(resolved, rows, log)
    seconds = time.perf_counter() - started
    assert not curated.problems, curated.problems[:3]
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a finished run of corpus/")
    args = parser.parse_args()
    corpus_commands(args.out)
    print("generated resolution: 10,000 PERSON entities, 30,000 mentions; seconds to apply the decisions:")
    for decisions in (100, 1000):
        for changed in (False, True):
            seconds = generated(10_000, decisions, changed_ids=changed)
            how = "found by name (ids changed)" if changed else "found by id"
            print(f"  {decisions:>5} decisions, {how:<28} {seconds:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
