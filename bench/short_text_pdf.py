"""The OCR policy on a long PDF of short real text: no page may be OCR'd, and reading must stay fast.

Builds a PDF whose every page holds "Hello, World!" twice (a real text layer, shorter than the old
40-character OCR threshold), reads it with leaksift's reader (``read_document``, the reading stage that
``leaksift run`` runs) and prints the pages OCR'd and the seconds taken.

    .venv/bin/python bench/short_text_pdf.py [--pages 500] [--out /tmp/short-text.pdf]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from fpdf import FPDF

from extractors.read.dispatch import read_document
from extractors.settings import Settings


def build(path: Path, pages: int) -> Path:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, "Hello, World!")
        pdf.ln(12)
        pdf.cell(0, 10, "Hello, World!")
    pdf.output(str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--out", type=Path, default=Path("/tmp/short-text.pdf"))
    args = parser.parse_args(argv)
    path = build(args.out, args.pages)
    started = time.perf_counter()
    result = read_document(path, settings=Settings())
    seconds = time.perf_counter() - started
    ocr = sum(1 for p in result.pages if p.method == "ocr")
    kept = sum(1 for p in result.pages if p.text.count("Hello, World!") == 2)
    report = {
        "pages": len(result.pages),
        "ocr_pages": ocr,
        "pages_with_both_greetings": kept,
        "seconds": round(seconds, 2),
        "status": result.document.status,
    }
    print(json.dumps(report))
    return 0 if ocr == 0 and kept == args.pages else 1


if __name__ == "__main__":
    sys.exit(main())
