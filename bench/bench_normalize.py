"""What normalisation and resolution cost next to NER.

Runs NER, then the recall helpers, patterns, normalisation, in-document aliases and cross-document
resolution over the plain-text documents given (default: the seed articles and the corpus's text
articles), warm (model and gazetteer loaded once before timing), best of ``--repeat`` runs, and prints
the ratio. Target (issue 3): normalisation + resolution add at most 15 % to NER time.

    .venv/bin/python bench/bench_normalize.py [FILE ...] [--repeat 5]
    .venv/bin/python bench/bench_normalize.py --cold [--no-cache]

``--cold`` runs once in a fresh subprocess and times what a new process pays: loading the spaCy model
and the first NER pass, against the first normalisation + resolution pass (gazetteer tables, date
parser). ``--no-cache`` points the gazetteer cache at an empty folder (the first run on a machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extractors.mentions.ner import find_entities, load_pipeline
from extractors.mentions.patterns import find_patterns
from extractors.normalize.mentions import normalize_mentions
from extractors.normalize.recall import add_missed_mentions
from extractors.records import Page
from extractors.resolve.aliases import resolve_document
from extractors.resolve.entities import resolve
from extractors.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) + sorted((ROOT / "corpus").glob("*.txt"))


def _post(pages, raw, settings):
    raw = add_missed_mentions(pages, raw) + find_patterns(pages, phone_region=settings.phone_region)
    mentions = []
    for page in pages:
        mine = [m for m in raw if m.document_id == page.document_id]
        mentions += resolve_document(normalize_mentions(mine, {1: page}), {1: page})
    resolve(mentions)


def _timed_pass(pages, settings) -> tuple[float, float]:
    """Seconds of one NER pass and of the normalisation and resolution after it."""
    started = time.perf_counter()
    raw = find_entities(pages, model=settings.model)
    ner = time.perf_counter() - started
    started = time.perf_counter()
    _post(pages, raw, settings)
    return ner, time.perf_counter() - started


def _cold_child(pages, settings) -> None:
    started = time.perf_counter()
    load_pipeline(settings.model)
    load = time.perf_counter() - started
    ner, post = _timed_pass(pages, settings)
    print(json.dumps({"load": load, "ner": ner, "post": post}))


def _cold(args) -> None:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as empty:
        if args.no_cache:
            env["LEAKSIFT_CACHE_DIR"] = empty
        command = [sys.executable, __file__, "--cold-child", *map(str, args.files)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    t = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"cold process ({'empty' if args.no_cache else 'warm'} gazetteer cache), {len(args.files)} documents")
    print(f"model load                   {t['load'] * 1000:8.1f} ms")
    print(f"first NER pass               {t['ner'] * 1000:8.1f} ms")
    print(f"first normalisation + resol. {t['post'] * 1000:8.1f} ms")
    print(f"ratio to first NER pass      {t['post'] / t['ner'] * 100:8.1f} %")
    print(f"ratio to load + NER          {t['post'] / (t['load'] + t['ner']) * 100:8.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="time one run in a fresh subprocess")
    parser.add_argument("--no-cache", action="store_true", help="with --cold: an empty gazetteer cache")
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        _cold(args)
        return
    settings = Settings()
    pages = []
    for path in args.files:
        text = path.read_text(encoding="utf-8")
        pages.append(Page(hashlib.sha256(text.encode()).hexdigest(), 1, "text", text))
    if args.cold_child:
        _cold_child(pages, settings)
        return
    load_pipeline(settings.model)
    ner_best = post_best = float("inf")
    for run in range(args.repeat + 1):  # the first run warms caches (gazetteer, regexes) and is not counted
        ner, post = _timed_pass(pages, settings)
        if run:
            ner_best, post_best = min(ner_best, ner), min(post_best, post)
    chars = sum(len(p.text) for p in pages)
    print(f"{len(pages)} documents, {chars} characters, best of {args.repeat} warm runs")
    print(f"NER                          {ner_best * 1000:8.1f} ms")
    print(f"normalisation + resolution   {post_best * 1000:8.1f} ms")
    print(f"ratio                        {post_best / ner_best * 100:8.1f} %  (target <= 15 %)")


if __name__ == "__main__":
    main()
