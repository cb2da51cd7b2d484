"""The ``leaksift`` command line: parser assembly, logging, dispatch to one module per command.

In: the arguments (``argv``, default ``sys.argv[1:]``). Out: the exit status. stdout carries results
(the run summary, the entity table); stderr carries progress and logs. Exit status: 0 when every
document was processed or cleanly skipped, 1 when any failed, 2 for bad usage, 130 when interrupted.
Each command module adds its sub-parser (``add_parser(sub)``) and runs it (``command(args)``); they
import Prefect, spaCy and the pipeline only when they run.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from flows.cli import browse, config, deploy, entities, export, ingest, report, run, search, serve, server
from flows.cli import eval as evaluate
from flows.cli.options import EXIT_OK, EXIT_USAGE
from flows.runtime import configure_prefect

log = logging.getLogger("leaksift")

# in the order ``leaksift --help`` lists them
COMMANDS = {
    "run": run,
    "ingest": ingest,
    "entities": entities,
    "search": search,
    "report": report,
    "browse": browse,
    "export": export,
    "serve": serve,
    "eval": evaluate,
    "deploy": deploy,
    "config": config,
    "server": server,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaksift",
        description="Turn leaked documents and news articles into clean, deduplicated entity records.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("pdfminer", "PIL", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    # vobject logs each line of a damaged card as an ERROR; the document's row gives the reason once
    logging.getLogger("vobject").setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    configure_prefect(verbose=verbose)
    setup_logging(verbose)
    module = COMMANDS.get(args.command)
    if module is None:
        parser.error(f"unknown command {args.command}")
        return EXIT_USAGE
    try:
        return module.command(args)
    except KeyboardInterrupt:
        print("leaksift: interrupted; records written so far are complete", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`leaksift entities | head`): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
