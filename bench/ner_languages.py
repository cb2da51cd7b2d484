"""NER throughput per language (issue 15), through the language router (``extractors.mentions.languages``):
Chinese (jiagu, devset ``zh/`` + ``zh_pd/``) and French (fr_core_news_md, devset ``fr/``) in characters per
second, next to English (the spaCy pipeline on ``tests/gold/heldout/``) in words and characters per
second (the 5 English articles 8 times over); one process, models loaded before timing, best of ``--repeat`` runs. Also the mixed-page check:
Latin-script names found in a hand-made Chinese list with and without the English pass over Latin runs.

    .venv/bin/python bench/ner_languages.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.mentions import languages  # noqa: E402
from extractors.mentions.languages import effective_models, find_routed, load_model  # noqa: E402
from extractors.records import Page  # noqa: E402
from extractors.settings import Settings  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset" / "ner_multilang"
MIXED = (
    "外国官员名单：\n1. John Smith（美国国务院）\n2. Maria Garcia, Banco de España\n3. 纳希德·年希\n"
    "4. Pierre Dubois, Ministère des Affaires étrangères\n5. Anna Müller\n会见由北京市副市长王小明主持。\n"
)
MIXED_NAMES = {"John Smith", "Maria Garcia", "Pierre Dubois", "Anna Müller", "纳希德·年希", "王小明"}


def _pages(paths: list[Path]) -> list[Page]:
    return [Page(f"{i:064d}", 1, "text", p.read_text("utf-8")) for i, p in enumerate(paths)]


def _time(pages: list[Page], language: str, models: dict[str, str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        find_routed(pages, [language] * len(pages), models=models)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    models = effective_models(Settings().model, "")
    for model in (models["en"], models["fr"], models["zh"]):
        load_model(model)
    sets = {
        # the 5 held-out English articles, 8 times over (a batch of the French set's size)
        "en": _pages(sorted((ROOT / "tests" / "gold" / "heldout").glob("*.txt")) * 8),
        "fr": _pages(sorted((DEVSET / "fr" / "corpus").glob("*.txt"))),
        "zh": _pages(
            sorted((DEVSET / "zh" / "corpus").glob("*.txt")) + sorted((DEVSET / "zh_pd" / "corpus").glob("*.txt"))
        ),
    }
    print(f"{'lang':4} {'model':24} {'docs':>5} {'chars':>8} {'seconds':>8} {'chars/s':>9} {'words/s':>9}")
    for language, pages in sets.items():
        find_routed(pages[:2], [language] * 2, models=models)  # warm
        seconds = _time(pages, language, models, args.repeat)
        chars = sum(len(p.text) for p in pages)
        words = sum(len(p.text.split()) for p in pages)
        per_word = f"{words / seconds:9.0f}" if language != "zh" else f"{'-':>9}"
        print(
            f"{language:4} {models[language]:24} {len(pages):5d} {chars:8d} {seconds:8.2f} {chars / seconds:9.0f} {per_word}"
        )
    page = Page("0" * 64, 1, "text", MIXED)
    with_runs = {m.text for m in find_routed([page], ["zh"], models=models) if m.type == "PERSON"}
    saved = languages._latin_runs
    languages._latin_runs = lambda text: []
    try:
        without = {m.text for m in find_routed([page], ["zh"], models=models) if m.type == "PERSON"}
    finally:
        languages._latin_runs = saved
    print(
        f"mixed zh list, PERSON names found of {len(MIXED_NAMES)}: jiagu alone {len(without & MIXED_NAMES)}, "
        f"with English on Latin runs {len(with_runs & MIXED_NAMES)}; spurious {len(without - MIXED_NAMES)} -> "
        f"{len(with_runs - MIXED_NAMES)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
