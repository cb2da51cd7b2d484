"""A generated 2,000-document mixed corpus (issue 14): a long run as a user starts it.

Makes ``--docs`` documents (default 2,000) of the kinds a leak mixes: plain-text and HTML articles
(70 %), two-page text PDFs (15 %), e-mails, some with a PDF attached (14 %), and a few scanned one-page
PDFs (1 %, OCR'd). Then runs ``leaksift run`` on the folder, as typed, with its progress on stderr
(rate and time left), and reports the wall time, the progress lines it printed and the peak memory of
everything working on it (the command and the shared local server's processes, proportional set size;
the Prefect API server process not counted).

    .venv/bin/python bench/mixed_corpus.py [--docs 2000] [--work /tmp/leaksift-mixed]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import tree_rss_mb, warm_server  # noqa: E402

NAMES = ["Helen Brandt", "Priya Raman", "Tomas Lindqvist", "Amara Okafor", "Kenji Watanabe", "Sofia Moreau"]
ORGS = ["Northwind Shipping", "Harbourview Logistics", "Kestrel Bay Council", "Meridian Bank", "Atlas Mining"]
PLACES = ["Rotterdam", "Calgary", "Halifax", "Lagos", "Osaka", "Lyon", "Zurich", "Lisbon"]


def _text(rng: random.Random, sentences: int = 12) -> str:
    out = []
    for _ in range(sentences):
        out.append(
            f"{rng.choice(NAMES)} of {rng.choice(ORGS)} met officials in {rng.choice(PLACES)} on "
            f"{rng.randint(1, 28)} March 20{rng.randint(10, 24)} to discuss the contract with {rng.choice(ORGS)}."
        )
    return " ".join(out)


def _pdf(text: str, pages: int = 2) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def _scan(text: str, path: Path) -> None:
    page_image(text).save(path, "PDF", resolution=300)


def page_image(text: str):
    """A 300 dpi A4 page of ``text`` in a plain font, as a scanner would give a clean print."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=42)
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > 70:
            lines.append(line)
            line = ""
        line += word + " "
    lines.append(line)
    for number, row in enumerate(lines[:40]):
        draw.text((160, 200 + number * 70), row, fill=0, font=font)
    return image


def build(folder: Path, docs: int, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("articles", "pdfs", "mail", "scans"):
        (folder / sub).mkdir(parents=True)
    counts = {"text": 0, "html": 0, "pdf": 0, "email": 0, "scan": 0}
    for index in range(docs):
        roll = index % 100
        body = _text(rng)
        if roll < 35:
            (folder / "articles" / f"a{index:05d}.txt").write_text(body + "\n", encoding="utf-8")
            counts["text"] += 1
        elif roll < 70:
            html = (
                f"<html><head><title>Report {index}</title></head><body><article><p>{body}</p></article></body></html>"
            )
            (folder / "articles" / f"a{index:05d}.html").write_text(html, encoding="utf-8")
            counts["html"] += 1
        elif roll < 85:
            (folder / "pdfs" / f"p{index:05d}.pdf").write_bytes(_pdf(body))
            counts["pdf"] += 1
        elif roll < 99:
            message = EmailMessage()
            message["From"] = f"{rng.choice(NAMES)} <sender{index}@example.org>"
            message["To"] = f"{rng.choice(NAMES)} <desk{index % 7}@newsroom.example>"
            message["Subject"] = f"Contract {index}"
            message["Date"] = "Tue, 05 May 2020 09:30:00 +0200"
            message.set_content(body)
            if roll % 4 == 0:
                message.add_attachment(_pdf(_text(rng), 1), maintype="application", subtype="pdf", filename="memo.pdf")
            (folder / "mail" / f"m{index:05d}.eml").write_bytes(message.as_bytes())
            counts["email"] += 1
        else:
            _scan(_text(rng, 6), folder / "scans" / f"s{index:05d}.pdf")
            counts["scan"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/leaksift-mixed"))
    args = parser.parse_args()
    corpus, out = args.work / "corpus", args.work / "out"
    started = time.perf_counter()
    counts = build(corpus, args.docs)
    print(f"built {args.docs} documents {counts} in {time.perf_counter() - started:.1f} s")
    shutil.rmtree(out, ignore_errors=True)
    warm_server()
    started = time.perf_counter()
    log = args.work / "progress.txt"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/leaksift"), "run", str(corpus), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.5)
        summary = proc.stdout.read() if proc.stdout else ""
    seconds = time.perf_counter() - started
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    print(summary.strip())
    print(f"progress lines printed: {len(lines)}; first and last:")
    for line in lines[:2] + lines[-2:]:
        print("   ", line.strip()[:150])
    print(f"\nleaksift run: {seconds:.1f} s wall, exit {proc.returncode}; peak memory {peak:.0f} MB (target <= 2048)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
