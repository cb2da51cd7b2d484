"""Orchestration benchmark (issue 5): what Prefect, incremental runs and warm ingestion cost, side by
side in one process tree on this machine.

    .venv/bin/python bench/bench_pipeline.py                 # all measurements, 50-document corpus
    .venv/bin/python bench/bench_pipeline.py --only overhead,rerun --docs 50
    .venv/bin/python bench/bench_pipeline.py --only memory --scan-pages 200

Measurements (each a ratio within this one run):

overhead  the 50-document mixed batch processed by the extractors called directly (no Prefect) and by
          the ``leaksift-run`` flow in this process against a running Prefect server (as a deployment
          or ``serve`` runs it). Overhead = (flow - direct) / flow. Target <= 5 %.
rerun     ``leaksift run`` as a user types it (fresh process, temporary Prefect server) on a new OUT,
          then again on the unchanged corpus. Ratio = second / first. Target <= 5 %.
ingest    ``leaksift serve`` running (its Prefect server, spaCy loaded), then ``leaksift ingest`` of one
          article: seconds from command to records. Target <= 3 s.
pdf       text-PDF pages: the pipeline (flow, in process) against the sum of pdfplumber's own work on the
          same pages (text and table finding) and spaCy NER on their text. Target <= 1.15.
memory    peak resident memory of a ``leaksift run`` process tree over one N-page scanned PDF.
          Target <= 2 GiB for 200 pages.

Results are printed as a table and written to bench/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LEAKSIFT = [sys.executable, "-m", "flows.cli"]

FIRST = ["Helen", "Priya", "Tomas", "Aiko", "Daniel", "Amara", "Lars", "Sofia", "Omar", "Grace", "Mateo", "Nadia"]
LAST = ["Brandt", "Raman", "Okafor", "Lindqvist", "Moreau", "Haddad", "Novak", "Castillo", "Tanaka", "Fraser"]
ORGS = [
    "Harbourview Economic Development Agency",
    "Northbridge City Council",
    "Westmoor University",
    "Atlantic Shipping Group",
    "Ministry of Foreign Affairs",
    "Coastal Energy Partners",
]
PLACES = ["Calgary", "Halifax", "Perth", "Esbjerg", "Madrid", "Karachi", "Auckland", "Leeds", "Denver", "Hamburg"]
MONTHS = ["January", "March", "May", "June", "September", "November"]


def _sentence(rng: random.Random) -> str:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return rng.choice(
        [
            f"{person}, a director at {rng.choice(ORGS)}, met officials in {rng.choice(PLACES)} on "
            f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2012, 2023)}.",
            f"The {rng.choice(ORGS)} said in {rng.choice(MONTHS)} {rng.randint(2012, 2023)} that {person} "
            f"would visit {rng.choice(PLACES)} to discuss the agreement.",
            f"Records show that {person} received payments routed through {rng.choice(PLACES)} and "
            f"{rng.choice(PLACES)} between {rng.randint(2010, 2015)} and {rng.randint(2016, 2022)}.",
            f"Contact {person.split()[0].lower()}.{person.split()[1].lower()}@example.org or "
            f"+44 20 7946 {rng.randint(1000, 9999)} for the {rng.choice(ORGS)} office.",
        ]
    )


def _article(rng: random.Random, sentences: int) -> str:
    paragraphs = []
    for _ in range(max(1, sentences // 4)):
        paragraphs.append(" ".join(_sentence(rng) for _ in range(4)))
    return "\n\n".join(paragraphs)


def make_corpus(folder: Path, docs: int, *, seed: int = 7) -> dict[str, int]:
    """A mixed corpus: 40 % text, 20 % HTML, 30 % text PDFs (3 pages, one with a table), 10 % scans."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {"txt": 0, "html": 0, "pdf": 0, "scan": 0}
    kinds = (["txt"] * 4 + ["html"] * 2 + ["pdf"] * 3 + ["scan"]) * (docs // 10 + 1)
    for i, kind in enumerate(kinds[:docs]):
        counts[kind] += 1
        if kind == "txt":
            (folder / f"doc{i:03d}.txt").write_text(f"Report {i}\n\n" + _article(rng, 24) + "\n")
        elif kind == "html":
            body = "".join(f"<p>{p}</p>" for p in _article(rng, 24).split("\n\n"))
            (folder / f"doc{i:03d}.html").write_text(
                f"<html><head><title>Dispatch {i}</title></head><body><nav>Home | News</nav>"
                f"<article><h1>Dispatch {i}</h1>{body}</article><footer>Example Press</footer></body></html>"
            )
        elif kind == "pdf":
            pdf = FPDF(format="A4")
            pdf.set_font("Helvetica", size=10)
            for page in range(3):
                pdf.add_page()
                pdf.multi_cell(0, 5, _article(rng, 16).replace("\n\n", "\n"))
                if page == 2:
                    with pdf.table() as table:
                        for r in range(8):
                            row = table.row()
                            values = (
                                ["Name", "Organisation", "City"]
                                if r == 0
                                else [f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ORGS), rng.choice(PLACES)]
                            )
                            for value in values:
                                row.cell(value)
            pdf.output(str(folder / f"doc{i:03d}.pdf"))
        else:
            image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
            draw = ImageDraw.Draw(image)
            font = ImageFont.load_default(size=24)
            y = 100
            for line in _article(rng, 12).replace("\n\n", " ").split(". "):
                while line:
                    draw.text((90, y), line[:80], fill=0, font=font)
                    line, y = line[80:], y + 38
            image.save(folder / f"doc{i:03d}.pdf", resolution=150)
    return counts


def make_scan_pdf(path: Path, pages: int) -> None:
    """An image-only PDF of ``pages`` pages, each a few typed lines at 150 dpi."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(3)
    font = ImageFont.load_default(size=24)
    images = []
    for p in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for i in range(6):
            draw.text((90, 120 + 40 * i), f"Page {p + 1}. " + _sentence(rng)[:70], fill=0, font=font)
        images.append(image)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150)


# -- runners -------------------------------------------------------------------------------------


def _env(prefect_home: Path, api_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PREFECT_HOME"] = str(prefect_home)
    env.pop("PREFECT_API_URL", None)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def _timed_cli(args: list[str], env: dict[str, str]) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([*LEAKSIFT, *args, "--json", "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"leaksift {' '.join(args)} failed: {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def measure_overhead(corpus: Path, work: Path, results: dict) -> None:
    """Direct extractor calls vs the flow in this process, against a running Prefect server."""
    from extractors.batch.discover import discover
    from extractors.batch.pipeline import process_files, warm_up
    from extractors.output.store import OutputStore
    from extractors.read.ocr.cache import OcrCache
    from extractors.settings import Settings

    settings = Settings()
    warm_up(settings)
    started = time.perf_counter()
    found = discover(corpus)
    docs, mentions, entities = process_files(found.files, settings=settings, ocr_cache=OcrCache(None))
    OutputStore(work / "direct").write_records(docs, mentions, entities)
    direct = time.perf_counter() - started

    from flows.pipeline import run_corpus

    run_corpus(corpus=str(corpus), out=str(work / "warm-up"), settings={"ocr": "never"})  # client warm-up
    started = time.perf_counter()
    summary = run_corpus(corpus=str(corpus), out=str(work / "flow"), settings=settings.model_dump())
    flow = time.perf_counter() - started
    results["overhead"] = {
        "documents": summary.documents,
        "pages": summary.pages,
        "ocr_pages": summary.ocr_pages,
        "direct_s": round(direct, 2),
        "flow_s": round(flow, 2),
        "overhead": round((flow - direct) / flow, 4),
        "target": "<= 0.05",
    }


def measure_pdf(corpus: Path, work: Path, results: dict) -> None:
    """Text-PDF pages: pipeline vs pdfplumber (text + table finding) + NER on the same pages."""
    import pdfplumber

    from extractors.mentions.ner import find_entities
    from extractors.records import Page
    from extractors.settings import Settings
    from flows.pipeline import run_corpus

    pdf_corpus = work / "pdf-corpus"
    pdf_corpus.mkdir()
    texts = []
    started = time.perf_counter()
    for path in sorted(corpus.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            page_texts = [p.extract_text() or "" for p in pdf.pages]
            if sum(len(t) for t in page_texts) < 200:
                continue  # a scan: not a text PDF
            for page in pdf.pages:
                page.find_tables()
        texts.extend(page_texts)
        shutil.copy(path, pdf_corpus / path.name)
    plumber = time.perf_counter() - started
    settings = Settings()
    pages = [Page("x", i + 1, "text", t) for i, t in enumerate(texts)]
    started = time.perf_counter()
    find_entities(pages, model=settings.model, batch_size=settings.ner_batch_size)
    ner = time.perf_counter() - started
    started = time.perf_counter()
    run_corpus(corpus=str(pdf_corpus), out=str(work / "pdf-out"), settings=settings.model_dump())
    pipeline = time.perf_counter() - started
    results["pdf"] = {
        "pages": len(texts),
        "pdfplumber_s": round(plumber, 2),
        "ner_s": round(ner, 2),
        "pipeline_s": round(pipeline, 2),
        "ratio": round(pipeline / (plumber + ner), 3),
        "target": "<= 1.15",
    }


def measure_rerun(corpus: Path, work: Path, results: dict) -> None:
    env = _env(work / "prefect-home-cli")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from flows.runtime import configure_prefect, ensure_prefect_state;"
            "configure_prefect(); ensure_prefect_state()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    first, summary = _timed_cli(["run", str(corpus), "--out", str(work / "cli-out")], env)
    second, again = _timed_cli(["run", str(corpus), "--out", str(work / "cli-out")], env)
    assert again["processed"] == 0, again
    results["rerun"] = {
        "first_s": round(first, 2),
        "unchanged_s": round(second, 2),
        "ratio": round(second / first, 4),
        "first_processed": summary["processed"],
        "target": "<= 0.05",
    }


def measure_ingest(work: Path, api_url: str, results: dict, prefect_home: Path) -> None:
    corpus = work / "serve-corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text("Mayor Helen Brandt of Calgary met officials on 12 March 2019.\n")
    out = work / "serve-out"
    env = _env(prefect_home, api_url)
    serve = subprocess.Popen(
        [*LEAKSIFT, "serve", str(corpus), "--out", str(out), "--cron", "0 0 1 1 *"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        sock = out / ".leaksift" / "serve.sock"
        deadline = time.monotonic() + 180
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)
        timings = []
        rng = random.Random(11)
        for i in range(3):
            article = work / f"ingest{i}.txt"
            article.write_text(f"Ingested report {i}\n\n" + _article(rng, 16) + "\n")
            seconds, summary = _timed_cli(["ingest", str(article), "--out", str(out)], env)
            assert summary["processed"] == 1, summary
            timings.append(round(seconds, 2))
        results["ingest"] = {"seconds": timings, "median_s": sorted(timings)[1], "target": "<= 3 s"}
    finally:
        from flows.serve import stop_process_group

        stop_process_group(serve, sig=signal.SIGINT, timeout=30)


def measure_memory(work: Path, pages: int, results: dict) -> None:
    corpus = work / "scan-corpus"
    corpus.mkdir()
    make_scan_pdf(corpus / "scan.pdf", pages)
    env = _env(work / "prefect-home-cli")
    probe = (
        "import resource, subprocess, sys, json, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "print(json.dumps({'code': code, 'seconds': time.perf_counter() - t,"
        " 'children_max_rss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *LEAKSIFT, "run", str(corpus), "--out", str(work / "scan-out"), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    info = json.loads(done.stdout.strip().splitlines()[-1])
    results["memory"] = {
        "pages": pages,
        "seconds": round(info["seconds"], 1),
        "peak_rss_mib": round(info["children_max_rss_kib"] / 1024, 1),
        "note": "largest single process of the tree (leaksift; tesseract children are far smaller)",
        "target": "<= 2048 MiB",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--scan-pages", type=int, default=200)
    parser.add_argument("--only", default="overhead,pdf,rerun,ingest,memory")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="leaksift-bench-"))
    results: dict = {"machine": {"cores": os.cpu_count(), "loadavg_at_start": os.getloadavg()}}
    corpus = work / "corpus"
    results["corpus"] = make_corpus(corpus, args.docs)

    from flows.runtime import configure_prefect

    configure_prefect()
    server = None
    try:
        if wanted & {"overhead", "pdf", "ingest"}:
            os.environ["PREFECT_HOME"] = str(work / "prefect-home-server")
            from flows.serve import start_server, stop_server

            server, api_url = start_server()
            os.environ["PREFECT_API_URL"] = api_url
            if "overhead" in wanted:
                measure_overhead(corpus, work, results)
            if "pdf" in wanted:
                measure_pdf(corpus, work, results)
            if "ingest" in wanted:
                measure_ingest(work, api_url, results, work / "prefect-home-server")
        if "rerun" in wanted:
            measure_rerun(corpus, work, results)
        if "memory" in wanted:
            measure_memory(work, args.scan_pages, results)
    finally:
        if server is not None:
            stop_server(server)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
