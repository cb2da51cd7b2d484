"""Simplified or Traditional: how surely ``chi_sim`` and ``chi_tra`` read pages of each form (issue 15).

Pages of the devset's Chinese text (``zh/`` and ``zh_pd/``, every sixth file's first lines) are drawn
as scans in Simplified characters and, converted by OpenCC (``s2t``), in Traditional ones, at three
sizes and blurs; each is read with both packs and ``trial_confidence`` (the mean confidence of the
CJK characters, what ``--lang auto`` compares) printed with the difference chi_tra - chi_sim. The
difference decides ``TRADITIONAL_MARGIN`` in ``extractors/read/ocr/languages.py``.

OpenCC is not a leaksift dependency; run this from a scratch venv that has it and leaksift's code:

    uv venv /tmp/ccvenv && uv pip install --python /tmp/ccvenv/bin/python opencc
    /tmp/ccvenv/bin/python bench/zh_forms.py --texts /tmp/zh_forms.json      # writes the page texts
    .venv/bin/python bench/zh_forms.py --read /tmp/zh_forms.json [--lines 2]   # reads them
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#: (font size, blur, JPEG quality)
STYLES = ((40, 0.8, 60), (28, 0.6, 70), (56, 0.0, 90))


def write_texts(out: Path) -> None:
    import opencc

    convert = opencc.OpenCC("s2t").convert
    lines: list[str] = []
    for key in ("zh", "zh_pd"):
        for path in sorted((DEVSET / key / "corpus").glob("*.txt"))[::6]:
            lines += [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()][:6]
    wrapped = [part for ln in lines for part in textwrap.wrap(ln, 30)]
    pages = [wrapped[i : i + 8] for i in range(0, len(wrapped), 8)][:16]
    out.write_text(json.dumps({"sim": pages, "tra": [[convert(ln) for ln in p] for p in pages]}, ensure_ascii=False))


def _scan(lines: list[str], size: int, blur: float, quality: int):
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (size * 32 + 200, 120 + int(size * 1.75) * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((70, 60 + i * int(size * 1.75)), line, fill=20, font=font)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _read(job: tuple) -> tuple:
    import os

    from extractors.read.ocr.languages import trial_confidence
    from extractors.read.ocr.tesseract import image_to_data, words_to_text

    os.environ["OMP_THREAD_LIMIT"] = "1"
    form, lines, style = job
    image = _scan(lines, *style)
    sim, tra = (trial_confidence(words_to_text(image_to_data(image, lang, 3, 120))) for lang in ("chi_sim", "chi_tra"))
    return form, style, sim, tra


def read(path: Path, lines: int | None) -> None:
    pages = json.loads(path.read_text())
    jobs = [
        (form, page[:lines] if lines else page, style)
        for form in ("sim", "tra")
        for page in pages[form]
        for style in STYLES
    ]
    margins: dict[str, list[float]] = {"sim": [], "tra": []}
    with ProcessPoolExecutor(2) as pool:
        for form, style, sim, tra in pool.map(_read, jobs):
            margins[form].append(tra - sim)
            print(f"{form} size {style[0]:2} chi_sim {sim:5.1f} chi_tra {tra:5.1f} chi_tra - chi_sim {tra - sim:+5.1f}")
    for form, name in (("sim", "Simplified"), ("tra", "Traditional")):
        values = sorted(margins[form])
        print(f"{name} pages: {len(values)}, chi_tra - chi_sim from {values[0]:+.1f} to {values[-1]:+.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, help="write the page texts (needs opencc)")
    parser.add_argument("--read", type=Path, help="read pages drawn from these texts")
    parser.add_argument("--lines", type=int, help="only the first N lines of each page")
    args = parser.parse_args()
    if args.texts:
        write_texts(args.texts)
    if args.read:
        read(args.read, args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
