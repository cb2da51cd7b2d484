"""``leaksift entities``: OUT's entity table on stdout, for a person (or JSON Lines with ``--json``).

Exit status 2 when OUT holds no entities yet; a warning on stderr when the last run into OUT was killed
while replacing its record files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_json, add_out


def add_parser(sub) -> None:
    entities = sub.add_parser(
        "entities",
        help="print the entity table of an output folder",
        description="Print OUT's entities for a person to read (or as JSON Lines with --json).",
    )
    entities.add_argument("--type", dest="entity_type", help="only this type (PERSON, ORG, PLACE, DATE, ...)")
    add_out(entities)
    add_json(entities, help="JSON Lines instead of a table")
    entities.add_argument("--limit", type=int, default=0, help="at most this many rows (default: all)")


def command(args: argparse.Namespace) -> int:
    from extractors.output.jsonl import read_jsonl
    from extractors.output.store import OutputStore

    path = Path(args.out) / "entities.jsonl"
    if not path.exists():
        print(f"leaksift: no entities in {args.out} (run `leaksift run` first)", file=sys.stderr)
        return EXIT_USAGE
    if OutputStore(Path(args.out)).interrupted():
        print(
            f"leaksift: warning: the last run into {args.out} was killed while replacing its record files; "
            "run it again to rebuild a consistent set",
            file=sys.stderr,
        )
    rows = read_jsonl(path)
    if args.entity_type:
        wanted = args.entity_type.upper()
        rows = [r for r in rows if r["type"] == wanted]
    rows.sort(key=lambda r: (r["type"], -r["mention_count"], r["name"].casefold()))
    if args.limit:
        rows = rows[: args.limit]
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return EXIT_OK
    print(f"{'TYPE':<7} {'MENTIONS':>8} {'DOCS':>4}  {'NAME':<40} DETAILS")
    for row in rows:
        details = []
        for key, value in row["attributes"].items():
            if key in ("iso",):
                continue
            details.append(f"{key}={', '.join(value) if isinstance(value, list) else value}")
        if row["aliases"]:
            details.append("aka " + "; ".join(row["aliases"][:4]) + (" ..." if len(row["aliases"]) > 4 else ""))
        name = row["name"] if len(row["name"]) <= 40 else row["name"][:37] + "..."
        print(
            f"{row['type']:<7} {row['mention_count']:>8} {len(row['document_ids']):>4}  {name:<40} {'; '.join(details)}"
        )
    print(f"({len(rows)} entities)", file=sys.stderr)
    return EXIT_OK
