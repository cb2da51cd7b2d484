"""``leaksift serve [CORPUS]``: scheduled batch runs from a Prefect deployment served by this process,
and warm manual ingestion for OUT (``flows.serve``). Runs until interrupted; exit status 2 for bad
settings or a missing corpus folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_corpus, add_out, add_settings_flags, add_verbose, settings_from


def add_parser(sub) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve a Prefect deployment that runs the batch flow on a schedule",
        description="Long-running scheduled batch runs of CORPUS (a Prefect deployment served from this "
        "process). Needs a Prefect server: set PREFECT_API_URL, or see the README.",
    )
    add_corpus(serve)
    serve.add_argument("--cron", default="0 * * * *", help="cron schedule (default: hourly)")
    add_out(serve)
    serve.add_argument("--name", default="leaksift-batch", help="deployment name")
    add_verbose(serve)
    add_settings_flags(serve)


def command(args: argparse.Namespace) -> int:
    from flows.serve import serve

    settings = settings_from(args)
    if settings is None:
        return EXIT_USAGE
    if not Path(args.corpus).is_dir():
        print(f"leaksift: corpus folder not found: {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    serve(
        corpus=Path(args.corpus).resolve(),
        out=Path(args.out).resolve(),
        cron=args.cron,
        name=args.name,
        settings=settings.model_dump(),
    )
    return EXIT_OK
