"""``leaksift export``: OUT's records as CSV, Parquet, FollowTheMoney JSONL, GEXF or GraphML.

In: ``--format``, ``--out`` (default ``output/``), ``--to`` (default ``OUT/exports/FORMAT/``). Out: the
paths written, one per line on stdout; exit status 2 when OUT holds no entities.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_out

FORMATS = ("ftm", "csv", "parquet", "gexf", "graphml")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "export",
        help="export entities and mentions to other tools",
        description="Write OUT's entities and mentions as CSV, Parquet, FollowTheMoney, GEXF or GraphML.",
    )
    parser.add_argument("--format", required=True, choices=FORMATS)
    add_out(parser)
    parser.add_argument("--to", help="target folder (default: OUT/exports/FORMAT/)")


def command(args: argparse.Namespace) -> int:
    from extractors.export import export

    out = Path(args.out)
    if not (out / "entities.jsonl").exists():
        print(f"leaksift: no entities in {out} (run `leaksift run` first)", file=sys.stderr)
        return EXIT_USAGE
    for path in export(out, args.format, Path(args.to) if args.to else None):
        print(path)
    return EXIT_OK
