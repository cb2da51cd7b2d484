"""``leaksift report``: OUT's records in, a static web site under ``OUT/report/`` out (opens from the file
system, no network); prints the path of its index page. Exit status 2 when OUT holds no records."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_out


def add_parser(sub) -> None:
    report = sub.add_parser(
        "report",
        help="write a static report site (entities, documents, network, timeline) under OUT/report/",
        description="Write OUT/report/: an entity index, a page per entity and per document, a network and a "
        "timeline; open OUT/report/index.html in a browser (no server, no network needed).",
    )
    add_out(report)


def command(args: argparse.Namespace) -> int:
    from extractors.report.build import ReportError, build_report

    started = time.perf_counter()
    try:
        index = build_report(Path(args.out))
    except ReportError as exc:
        print(f"leaksift: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(index.resolve())
    print(f"report written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return EXIT_OK
