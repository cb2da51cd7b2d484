"""OCR languages (issue 15): pages of real Chinese, French, German and Russian text drawn as scans,
read with ``--lang eng``, ``--lang auto`` and the language's own pack, scored against the text drawn.

    .venv/bin/python bench/ocr_languages.py                      # 3 pages per language, default engine
    .venv/bin/python bench/ocr_languages.py --engine tesseract --pages 5

Chinese and French text comes from the devset (``ner_multilang/zh/corpus``, ``fr/corpus``: news
sentences, the first lines of the first files); German and Russian pages are a few sentences written
here. Each page is drawn with a CJK font (WenQuanYi Micro Hei, which also covers Latin and Cyrillic)
at 40 px on white, blurred a little and saved as a JPEG of quality 60, as a scan would be. Scores:
Chinese by characters (whitespace ignored), the others by bag of lower-cased words (runs of letters
and digits), pooled per
language; the page language the detector gives on the read text; OCR seconds per page.
"""

from __future__ import annotations

import argparse
import glob
import io
import re
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang"
LINES_PER_PAGE = 10
WIDTH = 1600
FONT_SIZE = 40

DE = (
    "Der Stadtrat von München hat am Mittwoch einen neuen Haushalt für die Schulen beschlossen. "
    "Der Oberbürgermeister erklärte, dass die Arbeiten an der Brücke über die Isar im Frühjahr beginnen "
    "würden. Die Opposition kritisierte die hohen Kosten und forderte eine öffentliche Anhörung. "
    "Nach Angaben der Verwaltung sollen bis Ende des Jahres zwölf neue Kindergärten eröffnet werden."
)
RU = (
    "Городской совет Москвы в среду утвердил новый бюджет для школ и больниц. Мэр заявил, что работы "
    "на мосту через реку начнутся весной следующего года. Оппозиция раскритиковала высокие расходы и "
    "потребовала провести публичные слушания. По данным администрации, до конца года откроются "
    "двенадцать новых детских садов."
)


def _font():
    found = sorted(glob.glob("/usr/share/fonts/**/*wqy*.tt[cf]", recursive=True))
    if not found:
        raise SystemExit("no WenQuanYi font (Debian: fonts-wqy-microhei)")
    return found[0]


def _texts(language: str, pages: int) -> list[list[str]]:
    """Up to ``pages`` pages of ``LINES_PER_PAGE`` lines each."""
    if language in ("zh", "fr"):
        files = sorted((DEVSET / language / "corpus").glob("*.txt"))
        lines = [ln.strip() for f in files for ln in f.read_text("utf-8").splitlines() if ln.strip()]
    else:
        lines = [DE if language == "de" else RU]
    width = 30 if language == "zh" else 60
    wrapped = [part for ln in lines for part in textwrap.wrap(ln, width)]
    return [wrapped[i : i + LINES_PER_PAGE] for i in range(0, len(wrapped), LINES_PER_PAGE)][:pages]


def _scan(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(_font(), FONT_SIZE)
    image = Image.new("L", (WIDTH, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((70, 60 + i * 70), line, fill=20, font=font)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _units(text: str, language: str) -> list[str]:
    if language == "zh":
        return [ch for ch in text if not ch.isspace()]
    # Words as runs of letters and digits: the devset's French text is tokenised ("heures ,", "l' Union")
    # and packs differ in whether they see the narrow space before the comma.
    return re.findall(r"\w+", text.lower())


PACKS = {"zh": "chi_sim", "fr": "fra", "de": "deu", "ru": "rus"}


def main(argv: list[str] | None = None) -> int:
    from extractors.read.language import page_language
    from extractors.read.ocr.engine import ocr_image
    from extractors.settings import OcrOptions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["auto", "ppocr", "tesseract"], default="auto")
    parser.add_argument("--pages", type=int, default=3, help="pages per language (German, Russian: 1)")
    args = parser.parse_args(argv)
    options = OcrOptions(engine=args.engine)
    page_language("warm the detector up before timing")
    print(f"{'language':8s} {'--lang':8s} {'recall':>7s} {'prec':>7s} {'s/page':>7s}  read with / page language")
    for language, pack in PACKS.items():
        pages = [_scan(lines) for lines in _texts(language, args.pages)]
        truths = [
            _units("".join(lines) if language == "zh" else " ".join(lines), language)
            for lines in _texts(language, args.pages)
        ]
        for lang in ("eng", "auto", pack):
            hits = truth_total = predicted_total = 0
            seconds = 0.0
            picked = []
            for image, truth in zip(pages, truths):
                started = time.perf_counter()
                result = ocr_image(image, lang=lang, options=options)
                seconds += time.perf_counter() - started
                predicted = _units(result.text, language)
                hits += sum((Counter(truth) & Counter(predicted)).values())
                truth_total += len(truth)
                predicted_total += len(predicted)
                picked.append(f"{result.lang}/{page_language(result.text)}")
            print(
                f"{language:8s} {lang:8s} {hits / truth_total:7.3f} {hits / max(1, predicted_total):7.3f}"
                f" {seconds / len(pages):7.2f}  {' '.join(picked)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
