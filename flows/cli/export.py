"""``leaksift export``: OUT's records as CSV, Parquet, FollowTheMoney JSONL, GEXF, GraphML or PostgreSQL tables.

In: ``--format``, ``--out`` (default ``output/``), ``--to`` (default ``OUT/exports/FORMAT/``; for
``postgres`` a ``postgresql://`` URL, required). Out: the paths written, one per line on stdout (for
``postgres``: one line per table with rows inserted, updated and deleted); exit status 2 when OUT holds no
entities or the URL is not one, 1 when the database cannot be reached or refuses the export.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.options import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_out

FORMATS = ("ftm", "csv", "parquet", "gexf", "graphml", "postgres")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "export",
        help="export entities and mentions to other tools",
        description="Write OUT's entities and mentions as CSV, Parquet, FollowTheMoney, GEXF or GraphML files, "
        "or into a PostgreSQL database (the tables of leaksift.sqlite, upserted in one transaction).",
    )
    parser.add_argument("--format", required=True, choices=FORMATS)
    add_out(parser)
    parser.add_argument(
        "--to", help="target folder (default: OUT/exports/FORMAT/); for postgres: postgresql://USER@HOST/DB"
    )


def command(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not (out / "entities.jsonl").exists():
        print(f"leaksift: no entities in {out} (run `leaksift run` first)", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "postgres":
        return _postgres(out, args.to)
    from extractors.export import export

    for path in export(out, args.format, Path(args.to) if args.to else None):
        print(path)
    return EXIT_OK


def _postgres(out: Path, url: str | None) -> int:
    from extractors.export.postgres import PostgresError, export_postgres, redact

    if not url:
        print("leaksift: --format postgres needs --to postgresql://USER@HOST/DATABASE", file=sys.stderr)
        return EXIT_USAGE
    try:
        counts = export_postgres(out, url)
    except PostgresError as error:
        print(f"leaksift: {error}", file=sys.stderr)
        return EXIT_USAGE if error.usage else EXIT_FAILED
    print(f"{redact(url)} (one transaction):")
    for table, c in counts.items():
        print(f"  {table}: {c['rows']} rows ({c['inserted']} new, {c['updated']} changed, {c['deleted']} removed)")
    return EXIT_OK
