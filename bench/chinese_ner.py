"""Chinese NER (issue 15): ``find_chinese`` scored on the devset's CLUENER (``zh/``) and People's Daily
(``zh_pd/``) folders. Exact-span mention P/R/F1 per type and overall (PERSON->PER, ORG->ORG, PLACE->LOC),
the first and second half of each folder's files shown apart (rules were checked on one half, reported on
both), and throughput in characters per second. Prints a table.

    .venv/bin/python bench/chinese_ner.py            # the default: jiagu + jieba + rules, LAC joined in
    .venv/bin/python bench/chinese_ner.py --no-lac   # model ``jiagu``: without LAC
    .venv/bin/python bench/chinese_ner.py --traditional  # the devset converted to Traditional (OpenCC s2t)
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.mentions.chinese import find_chinese  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang"
MAP = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}
TYPES = ("PER", "ORG", "LOC")


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(folder: Path, names: list[str], gold: dict, found: dict) -> dict[str, tuple[float, float, float]]:
    counts: Counter = Counter()
    for name in names:
        want = {(s, e, t) for s, e, t, _ in gold.get(name, [])}
        got = {(s, e, MAP[t]) for s, e, t in found[name]}
        for t in (*TYPES, "all"):
            w = {x for x in want if t in ("all", x[2])}
            g = {x for x in got if t in ("all", x[2])}
            counts[t, "tp"] += len(w & g)
            counts[t, "fp"] += len(g - w)
            counts[t, "fn"] += len(w - g)
    return {t: _prf(counts[t, "tp"], counts[t, "fp"], counts[t, "fn"]) for t in (*TYPES, "all")}


def _traditional():
    """OpenCC's Simplified -> Traditional conversion, checked to keep each text's length (the gold offsets)."""
    import opencc

    convert = opencc.OpenCC("s2t").convert

    def form(text: str) -> str:
        converted = convert(text)
        assert len(converted) == len(text)
        return converted

    return form


def main() -> int:
    lac = "--no-lac" not in sys.argv[1:]
    form = (lambda text: text) if "--traditional" not in sys.argv[1:] else _traditional()
    find_chinese("北京市", lac=lac)  # load the models before timing
    print(
        "model:",
        "jiagu+lac" if lac else "jiagu",
        "(text in Traditional characters)" if "--traditional" in sys.argv else "",
    )
    print(f"{'set':12} {'PER F1':>7} {'ORG F1':>7} {'LOC F1':>7} {'P':>6} {'R':>6} {'F1':>6} {'chars/s':>9}")
    for key in ("zh", "zh_pd"):
        folder = DEVSET / key
        gold = json.loads((folder / "zh_gold.json").read_text("utf-8"))
        files = sorted((folder / "corpus").glob("*.txt"))
        texts = {p.name: form(p.read_text("utf-8")) for p in files}
        started = time.perf_counter()
        found = {name: find_chinese(text, lac=lac) for name, text in texts.items()}
        seconds = time.perf_counter() - started
        speed = sum(map(len, texts.values())) / seconds
        names = sorted(texts)
        half = len(names) // 2
        for label, part in ((key, names), (f"{key} 1st½", names[:half]), (f"{key} 2nd½", names[half:])):
            s = score(folder, part, gold, found)
            print(
                f"{label:12} {s['PER'][2]:7.3f} {s['ORG'][2]:7.3f} {s['LOC'][2]:7.3f} "
                f"{s['all'][0]:6.3f} {s['all'][1]:6.3f} {s['all'][2]:6.3f} " + (f"{speed:9.0f}" if label == key else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
