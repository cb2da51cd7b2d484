"""Report generation at scale (issue 16): ``leaksift report`` on the sample corpus's records and on a
generated output of 10,000 entities and 100,000 mentions (the contract's JSON Lines), then the big
report's index, network and busiest entity page loaded in Debian's Chromium (headless, selenium).

    .venv/bin/python bench/report_scale.py [--corpus-out OUT] [--entities 10000] [--mentions 100000]

``--corpus-out``: an OUT already holding the records of ``corpus/`` (default: the golden copy in
tests/golden/corpus). Prints seconds and sizes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LEAKSIFT = ROOT / ".venv" / "bin" / "leaksift"
GIVEN = (
    "Anna Ben Chloe David Emma Farid Greta Hugo Ines Jonas Karin Liam Mara Nils Olga Pavel Rosa Sami Tara Ugo".split()
)
FAMILY = "Berg Costa Dahl Evans Fischer Garcia Haddad Ivanova Jensen Kowalski Larsen Moreau Novak Okafor Park".split()
WORDS = "the board met on harbour terms and said that a contract was signed with payment due after review".split()


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def generate(out: Path, n_entities: int, n_mentions: int, seed: int = 16) -> None:
    """An OUT of ``n_entities`` entities and ``n_mentions`` mentions on pages of ~10 mentions each
    (mentions per entity Zipf-like), 1 in 10 documents an e-mail between two people."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    kinds = [("PERSON", 0.4), ("ORG", 0.3), ("PLACE", 0.2), ("DATE", 0.1)]
    entities = []
    for i in range(n_entities):
        kind = next(
            k for k, share in kinds if i < n_entities * sum(s for kk, s in kinds[: kinds.index((k, share)) + 1])
        )
        if kind == "PERSON":
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}"
            attrs = {"titles": ["Director"], "organisation": f"Org {i % 300}", "email": f"p{i}@example.org"}
        elif kind == "ORG":
            name, attrs = f"Org {i} <Holdings> & Co", {}
        elif kind == "PLACE":
            name, attrs = f"Place {i}", {"country": "DK"}
        else:
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            year = 1990 + (i // 336) % 35
            name = f"{year:04d}-{month:02d}-{day:02d}"
            attrs = {"iso": name, "precision": "day"}
        entities.append(
            {
                "id": f"{i:016x}",
                "type": kind,
                "name": name,
                "aliases": [],
                "attributes": attrs,
                "document_ids": [],
                "mention_count": 0,
            }
        )
    weights = [1 / (rank + 1) ** 0.8 for rank in range(n_entities)]
    per_page = 10
    n_pages = n_mentions // per_page
    pages_per_doc = 5
    documents, pages, mentions = [], [], []
    for p in range(n_pages):
        doc_no = p // pages_per_doc
        doc_id = f"{doc_no:064x}"
        if p % pages_per_doc == 0:
            email = None
            if doc_no % 10 == 0:
                a, b = rng.sample(range(0, int(n_entities * 0.4)), 2)
                email = {
                    "from": {"name": entities[a]["name"], "address": f"p{a}@example.org"},
                    "to": [{"name": entities[b]["name"], "address": f"p{b}@example.org"}],
                    "cc": [],
                    "bcc": [],
                    "reply_to": [],
                    "date": f"20{10 + doc_no % 15:02d}-0{1 + doc_no % 9}-1{doc_no % 10}T09:00:00",
                    "subject": f"Re: terms {doc_no}",
                    "message_id": f"<{doc_no}@example.org>",
                    "in_reply_to": None,
                    "references": [],
                }
            documents.append(
                {
                    "id": doc_id,
                    "path": f"leak/box{doc_no % 50}/doc{doc_no}.txt",
                    "media_type": "message/rfc822" if email else "text/plain",
                    "title": f"Document {doc_no}",
                    "pages": pages_per_doc,
                    "language": "en",
                    "status": "ok",
                    "error": None,
                    "parent_id": None,
                    "email": email,
                }
            )
        chosen = rng.choices(range(n_entities), weights=weights, k=per_page)
        parts, pos = [], 0
        for eid in chosen:
            filler = " ".join(rng.choices(WORDS, k=8)) + " "
            parts.append(filler)
            pos += len(filler)
            name = entities[eid]["name"]
            mentions.append(
                {
                    "entity_id": entities[eid]["id"],
                    "document_id": doc_id,
                    "page": p % pages_per_doc + 1,
                    "start": pos,
                    "end": pos + len(name),
                    "text": name,
                    "source": "ner",
                    "type": entities[eid]["type"],
                }
            )
            parts.append(name + ". ")
            pos += len(name) + 2
            entities[eid]["mention_count"] += 1
            if doc_id not in entities[eid]["document_ids"][-1:]:
                entities[eid]["document_ids"].append(doc_id)
        pages.append(
            {
                "document_id": doc_id,
                "page": p % pages_per_doc + 1,
                "method": "text",
                "text": "".join(parts),
                "ocr_confidence": None,
            }
        )
    entities = [x for x in entities if x["mention_count"]] + [x for x in entities if not x["mention_count"]]
    write_jsonl(out / "entities.jsonl", entities)
    write_jsonl(out / "documents.jsonl", documents)
    write_jsonl(out / "pages.jsonl", pages)
    write_jsonl(out / "mentions.jsonl", mentions)
    write_jsonl(out / "tables.jsonl", [])


def time_report(out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(LEAKSIFT), "report", "--out", str(out)], check=True, capture_output=True)
    return time.perf_counter() - started


def size_mb(folder: Path) -> tuple[int, float]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


def browser_load(site: Path) -> dict[str, float]:
    """Seconds from navigation to the page's script done (index: rows drawn), in headless Chromium."""
    from selenium.webdriver.common.by import By

    from tests.browser import start_chromium

    profile = tempfile.mkdtemp(prefix="leaksift-bench-chromium-")
    driver, service = start_chromium(profile)
    entities = [json.loads(line) for line in (site.parent / "entities.jsonl").open(encoding="utf-8")]
    busiest = max(entities, key=lambda x: x["mention_count"])
    timings = {}
    try:
        for label, page in (
            ("index", site / "index.html"),
            ("network", site / "network.html"),
            (f"entity ({busiest['mention_count']} mentions)", site / "e" / f"{busiest['id']}.html"),
            ("timeline", site / "timeline.html"),
        ):
            driver.get("about:blank")
            started = time.perf_counter()
            driver.get(page.as_uri())  # returns after the load event (the page's scripts have run)
            wall = time.perf_counter() - started
            load = driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd / 1000"
            )
            timings[label] = (wall, load)
            if label == "index":
                count = driver.find_element(By.ID, "count").text
                timings["index rows"] = count
                box = driver.find_element(By.ID, "q")
                started = time.perf_counter()
                box.send_keys("Okafor")
                timings["index search 'Okafor' (s)"] = round(time.perf_counter() - started, 3)
                timings["index search result"] = driver.find_element(By.ID, "count").text
    finally:
        driver.quit()
        service.stop()
        shutil.rmtree(profile, ignore_errors=True)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-out", type=Path, default=None)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leaksift-bench-report-") as folder:
        small = Path(folder) / "corpus-out"
        if args.corpus_out:
            shutil.copytree(args.corpus_out, small, ignore=shutil.ignore_patterns("report"))
        else:
            shutil.copytree(ROOT / "tests" / "golden" / "corpus", small)
        seconds = time_report(small)
        files, mb = size_mb(small / "report")
        print(f"corpus/ records: report in {seconds:.2f} s ({files} files, {mb:.1f} MB)")
        big = Path(folder) / "big-out"
        started = time.perf_counter()
        generate(big, args.entities, args.mentions)
        print(f"generated {args.entities} entities, {args.mentions} mentions in {time.perf_counter() - started:.1f} s")
        seconds = time_report(big)
        files, mb = size_mb(big / "report")
        print(
            f"{args.entities} entities / {args.mentions} mentions: report in {seconds:.2f} s "
            f"({files} files, {mb:.1f} MB)"
        )
        if not args.no_browser and Path("/usr/bin/chromium").exists():
            for label, value in browser_load(big / "report").items():
                if isinstance(value, tuple):
                    print(f"  chromium {label}: {value[0]:.2f} s to load (load event at {value[1]:.2f} s)")
                else:
                    print(f"  {label}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
