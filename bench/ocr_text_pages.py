"""OCR of clean printed pages: devset text PDFs rendered at 300 dpi, read back, scored against their
own text layer (bag of lower-cased words, as ``score_devset.py`` scores the receipts).

    .venv/bin/python bench/ocr_text_pages.py                      # leaksift's default engine
    .venv/bin/python bench/ocr_text_pages.py --engine tesseract   # tesseract alone
    .venv/bin/python bench/ocr_text_pages.py --engine ppocr       # PP-OCR characters on every page
    .venv/bin/python bench/ocr_text_pages.py --lang auto          # languages picked per page

The receipts measure poor scans; this measures the other end, clean prints such as a scanned memo, so
that an engine tuned for one is not worse on the other. Text-layer words and OCR words do not always
split alike (line numbers, hyphenation, table layout), so no engine reaches 1.0 here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEVSET = ROOT.parent / "shared" / "devset" / "pdfs"
PAGES = [
    ("scotus-transcript-p1.pdf", 0),
    ("federal-register-2020-17221.pdf", 1),
    ("cupertino_usd_4-6-16.pdf", 0),
    ("nics-background-checks-2015-11.pdf", 0),
    ("WARN-Report-for-7-1-2015-to-03-25-2016.pdf", 0),
]


def main(argv: list[str] | None = None) -> int:
    import pypdfium2 as pdfium

    from extractors.read.ocr.engine import ocr_image
    from extractors.settings import OcrOptions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["auto", "ppocr", "lines", "tesseract"], default="auto")
    parser.add_argument("--lang", default="eng", help="tesseract languages, or auto (default eng)")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    args = parser.parse_args(argv)
    if not args.devset.is_dir():
        print(f"no devset at {args.devset}", file=sys.stderr)
        return 2
    matched = truth_total = predicted_total = 0
    seconds = 0.0
    for name, index in PAGES:
        page = pdfium.PdfDocument(str(args.devset / name))[index]
        truth = page.get_textpage().get_text_bounded().lower().split()
        image = page.render(scale=300 / 72).to_pil()
        started = time.perf_counter()
        result = ocr_image(image, lang=args.lang, options=OcrOptions(engine=args.engine))
        seconds += time.perf_counter() - started
        predicted = result.text.lower().split()
        hits = sum((Counter(truth) & Counter(predicted)).values())
        matched, truth_total, predicted_total = (
            matched + hits,
            truth_total + len(truth),
            predicted_total + len(predicted),
        )
        print(
            f"{name:45s} p{index + 1}  recall {hits / len(truth):.3f}  precision {hits / max(1, len(predicted)):.3f}"
            f"  read with {result.lang}"
        )
    print(
        f"{'all':49s}  recall {matched / truth_total:.4f}  precision {matched / predicted_total:.4f}"
        f"  OCR {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
