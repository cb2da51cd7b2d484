"""The ``leaksift`` command line: parser assembly, logging, dispatch to one module per command.

In: the arguments (``argv``, default ``sys.argv[1:]``). Out: the exit status. stdout carries results
(the run summary, the entity table); stderr carries progress and logs. Exit status: 0 when every
document was processed or cleanly skipped, 1 when any failed, 2 for bad usage, 130 when interrupted.
Each command module adds its sub-parser (``add_parser(sub)``) and runs it (``command(args)``); they
import Prefect, spaCy and the pipeline only when they run.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from flows.cli.options import EXIT_OK, EXIT_USAGE
from flows.runtime import configure_prefect

log = logging.getLogger("leaksift")

# command -> its module under flows.cli, in the order ``leaksift --help`` lists them
COMMANDS = {
    "run": "run",
    "ingest": "ingest",
    "entities": "entities",
    "search": "search",
    "report": "report",
    "browse": "browse",
    "export": "export",
    "serve": "serve",
    "eval": "eval",
    "deploy": "deploy",
    "config": "config",
    "server": "server",
}


def command_module(name: str):
    """The module of one command (imported on first use)."""
    return importlib.import_module(f"flows.cli.{COMMANDS[name]}")


def _named_command(argv: list[str] | None) -> str | None:
    """The command ``argv`` names, when its first word is one (``leaksift run ...``), else None."""
    words = sys.argv[1:] if argv is None else argv
    return words[0] if words and words[0] in COMMANDS else None


def build_parser(argv: list[str] | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The parser; with ``every=False`` and a command named first in ``argv``, only that command's
    sub-parser is added, so a command imports no other command's module (an unchanged ``run`` is a
    fraction of a second, a third of it was importing them all). ``leaksift --help``, a mistyped command
    and no command at all get every command."""
    parser = argparse.ArgumentParser(
        prog="leaksift",
        description="Turn leaked documents and news articles into clean, deduplicated entity records.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    named = None if every else _named_command(argv)
    for name in [named] if named else COMMANDS:
        command_module(name).add_parser(sub)
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
    parser = build_parser(argv, every=False)
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    configure_prefect(verbose=verbose)
    setup_logging(verbose)
    if args.command not in COMMANDS:
        parser.error(f"unknown command {args.command}")
        return EXIT_USAGE
    module = command_module(args.command)
    try:
        return module.command(args)
    except KeyboardInterrupt:
        print("leaksift: interrupted; records written so far are complete", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`leaksift entities | head`): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
