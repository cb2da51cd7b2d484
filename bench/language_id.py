"""Language identification (issue 15, part): py3langid on the devset's Chinese and French documents and
on short single lines of them, plus the English sample corpus. Prints accuracy and time per text.

    .venv/bin/python bench/language_id.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.read.language import page_language  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang"


def main() -> int:
    sets = {
        "zh": [DEVSET / "zh" / "corpus", DEVSET / "zh_pd" / "corpus"],
        "fr": [DEVSET / "fr" / "corpus"],
        "en": [ROOT / "corpus"],
    }
    page_language("warm up the model")
    for expected, folders in sets.items():
        docs = [p.read_text("utf-8", "replace") for f in folders if f.exists() for p in sorted(f.glob("*.txt"))]
        lines = [line for d in docs for line in d.splitlines() if line.strip()]
        for kind, texts in (("documents", docs), ("lines", lines)):
            if not texts:
                continue
            started = time.perf_counter()
            found = [page_language(t) for t in texts]
            seconds = time.perf_counter() - started
            right = sum(f == expected for f in found)
            none = sum(f is None for f in found)
            print(
                f"{expected} {kind:9}: {right}/{len(texts)} right ({100 * right / len(texts):.1f} %), "
                f"{none} too short to tell, {1000 * seconds / len(texts):.2f} ms each"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
