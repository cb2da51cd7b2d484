"""Score OCR and table extraction on the shared development set.

    .venv/bin/python bench/score_devset.py                 # leaksift's code path
    .venv/bin/python bench/score_devset.py --mode plain    # plain tesseract / pdfplumber defaults
    .venv/bin/python bench/score_devset.py --mode both --json

OCR: bag of lower-cased whitespace-separated words of each receipt scan (``scans_receipts/NNN.jpg``)
against its transcript (``NNN.csv``, fields 9+ of each line joined by commas): recall and precision
are the multiset intersection over the truth and over the prediction, pooled over all receipts.

Tables: every cell of the ICDAR 2013 ``-str.xml`` truth against the cells of the tables found on the
same page (header included), compared with whitespace removed and case folded. A truth row is
recalled when some predicted row on that page holds exactly the same non-empty cells, in order.

The development set is read in place (``../shared/devset`` from the repository root, or ``--devset``);
no file of it is copied. The OCR cache is off so every page is really OCR'd.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"


# --- OCR ---------------------------------------------------------------------------------------


def transcript_words(csv_path: Path) -> list[str]:
    words: list[str] = []
    for line in csv_path.read_text("utf-8", errors="replace").splitlines():
        fields = line.split(",")
        if len(fields) < 9:
            continue
        words += ",".join(fields[8:]).lower().split()
    return words


def bag_scores(truth: list[str], predicted: list[str]) -> tuple[int, int, int]:
    """(matched, truth count, predicted count) for two bags of words."""
    common = Counter(truth) & Counter(predicted)
    return sum(common.values()), len(truth), len(predicted)


def ocr_plain(image_path: Path) -> str:
    """Plain tesseract with its defaults (the 'before' figure): no preprocessing, default threads."""
    import pytesseract
    from PIL import Image

    env_limit = os.environ.pop("OMP_THREAD_LIMIT", None)
    try:
        with Image.open(image_path) as image:
            return pytesseract.image_to_string(image)
    finally:
        if env_limit is not None:
            os.environ["OMP_THREAD_LIMIT"] = env_limit


def ocr_leaksift(image_path: Path, settings) -> str:
    from extractors.read.dispatch import read_document

    result = read_document(image_path, settings=settings, ocr_cache=None)
    if result.document.status != "ok":
        raise RuntimeError(f"{image_path.name}: {result.document.error}")
    return "\n".join(p.text for p in result.pages)


def score_ocr(devset: Path, mode: str, settings, workers: int) -> dict:
    folder = devset / "scans_receipts"
    images = sorted(folder.glob("*.jpg"))
    if not images:
        return {}

    def one(image_path: Path):
        started = time.perf_counter()
        text = ocr_plain(image_path) if mode == "plain" else ocr_leaksift(image_path, settings)
        truth = transcript_words(image_path.with_suffix(".csv"))
        return image_path.stem, bag_scores(truth, text.lower().split()), time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=1 if mode == "plain" else workers) as pool:
        rows = list(pool.map(one, images))
    matched = sum(r[1][0] for r in rows)
    truth = sum(r[1][1] for r in rows)
    predicted = sum(r[1][2] for r in rows)
    return {
        "files": len(rows),
        "word_recall": round(matched / truth, 4) if truth else None,
        "word_precision": round(matched / predicted, 4) if predicted else None,
        "per_file": {
            name: {
                "recall": round(m / t, 4) if t else None,
                "precision": round(m / p, 4) if p else None,
                "seconds": round(s, 2),
            }
            for name, (m, t, p), s in rows
        },
    }


# --- tables ------------------------------------------------------------------------------------


def norm_cell(text: str | None) -> str:
    value = unicodedata.normalize("NFKC", text or "")
    return "".join(value.split()).casefold()


def truth_tables(xml_path: Path) -> dict[int, list[list[str]]]:
    """Truth rows per page (1-based): each row is its non-empty normalised cells in column order."""
    rows_by_page: dict[int, list[list[str]]] = {}
    root = ET.parse(xml_path).getroot()
    for table in root.iter("table"):
        for region in table.iter("region"):
            page = int(region.get("page", "1"))
            rows: dict[int, list[tuple[int, str]]] = {}
            for cell in region.iter("cell"):
                content = cell.findtext("content") or ""
                value = norm_cell(content)
                if not value:
                    continue
                rows.setdefault(int(cell.get("start-row", "0")), []).append((int(cell.get("start-col", "0")), value))
            for _, cells in sorted(rows.items()):
                rows_by_page.setdefault(page, []).append([v for _, v in sorted(cells)])
    return rows_by_page


def tables_plain(pdf_path: Path) -> dict[int, list[list[str]]]:
    import pdfplumber

    out: dict[int, list[list[str]]] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.extract_tables():
                for row in table:
                    out.setdefault(number, []).append([norm_cell(c) for c in row if norm_cell(c)])
    return out


def tables_leaksift(pdf_path: Path, settings) -> dict[int, list[list[str]]]:
    from extractors.read.dispatch import read_document

    result = read_document(pdf_path, settings=settings, ocr_cache=None)
    out: dict[int, list[list[str]]] = {}
    for table in result.tables:
        rows = ([table.header] if table.header else []) + table.rows
        for row in rows:
            out.setdefault(table.page, []).append([norm_cell(c) for c in row if norm_cell(c)])
    return out


def score_tables(devset: Path, mode: str, settings) -> dict:
    folder = devset / "tables_icdar2013_eu"
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        return {}
    cells_hit = cells_total = rows_hit = rows_total = 0
    per_file = {}
    for pdf_path in pdfs:
        truth = truth_tables(pdf_path.with_name(pdf_path.stem + "-str.xml"))
        found = tables_plain(pdf_path) if mode == "plain" else tables_leaksift(pdf_path, settings)
        f_cells = f_cells_total = f_rows = f_rows_total = 0
        for page, rows in truth.items():
            predicted_rows = found.get(page, [])
            predicted_cells = Counter(c for r in predicted_rows for c in r)
            truth_cells = Counter(c for r in rows for c in r)
            f_cells += sum((truth_cells & predicted_cells).values())
            f_cells_total += sum(truth_cells.values())
            predicted_set = Counter(tuple(r) for r in predicted_rows)
            for row in rows:
                f_rows_total += 1
                if predicted_set[tuple(row)] > 0:
                    predicted_set[tuple(row)] -= 1
                    f_rows += 1
        cells_hit += f_cells
        cells_total += f_cells_total
        rows_hit += f_rows
        rows_total += f_rows_total
        per_file[pdf_path.stem] = {
            "cell_recall": round(f_cells / f_cells_total, 4) if f_cells_total else None,
            "row_recall": round(f_rows / f_rows_total, 4) if f_rows_total else None,
        }
    return {
        "files": len(pdfs),
        "cell_recall": round(cells_hit / cells_total, 4) if cells_total else None,
        "row_recall": round(rows_hit / rows_total, 4) if rows_total else None,
        "cells": cells_total,
        "rows": rows_total,
        "per_file": per_file,
    }


# --- report ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--mode", choices=["leaksift", "plain", "both"], default="leaksift")
    parser.add_argument("--only", choices=["ocr", "tables"], help="score one part only")
    parser.add_argument("--workers", type=int, default=None, help="parallel OCR pages (leaksift mode)")
    parser.add_argument("--per-file", action="store_true", help="also print per-file scores")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    if not args.devset.is_dir():
        print(f"no development set at {args.devset}", file=sys.stderr)
        return 2

    from extractors.settings import Settings

    settings = Settings() if args.workers is None else Settings(workers=args.workers)
    modes = ["plain", "leaksift"] if args.mode == "both" else [args.mode]
    report: dict[str, dict] = {}
    for mode in modes:
        started = time.perf_counter()
        report[mode] = {}
        if args.only in (None, "ocr"):
            report[mode]["ocr"] = score_ocr(args.devset, mode, settings, settings.workers)
        if args.only in (None, "tables"):
            report[mode]["tables"] = score_tables(args.devset, mode, settings)
        report[mode]["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{'mode':<10} {'OCR recall':>10} {'OCR prec':>9} {'cell rec':>9} {'row rec':>8} {'seconds':>8}")
    for mode, parts in report.items():
        ocr, tables = parts.get("ocr", {}), parts.get("tables", {})
        cells = [ocr.get("word_recall"), ocr.get("word_precision"), tables.get("cell_recall"), tables.get("row_recall")]
        shown = [f"{v:.4f}" if v is not None else "-" for v in cells]
        print(f"{mode:<10} {shown[0]:>10} {shown[1]:>9} {shown[2]:>9} {shown[3]:>8} {parts['seconds']:>8}")
    if args.per_file:
        for mode, parts in report.items():
            for part, scores in parts.items():
                if isinstance(scores, dict):
                    for name, values in scores.get("per_file", {}).items():
                        print(f"{mode:<10} {part:<7} {name:<10} {values}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
