"""``leaksift entities``: OUT's entity table on stdout, for a person (or JSON Lines with ``--json``); and
curation, ``leaksift entities ACTION``: ``merge ID ID...``, ``reject ID``, ``rename ID NAME``,
``retype ID TYPE``, ``undo [DECISION]`` and ``history``.

A curation action appends one decision to OUT's ``curation.jsonl`` (``flows.curate``) and rewrites OUT's
records from its cached document results with every decision in force applied, so its effect shows at
once; every later run and ingestion applies the decisions again. Exit status 2 when OUT holds no
entities yet or an id is not in it; a warning on stderr when the last run into OUT was killed while
replacing its record files, and for each decision that no longer matches an entity.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extractors.records import ENTITY_TYPES
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
    actions = entities.add_subparsers(dest="action", metavar="ACTION")
    actions.required = False  # `leaksift entities` alone prints the table
    merge = _action(actions, "merge", "make one entity of several (it keeps the first id given)")
    merge.add_argument("ids", nargs="+", metavar="ID", help="entity ids; the first is kept, the others merged in")
    reject = _action(actions, "reject", "not an entity: drop it and its mentions from the records")
    reject.add_argument("id", metavar="ID")
    rename = _action(actions, "rename", "give an entity another canonical name (the old one becomes an alias)")
    rename.add_argument("id", metavar="ID")
    rename.add_argument("name", metavar="NAME")
    retype = _action(actions, "retype", "give an entity another type")
    retype.add_argument("id", metavar="ID")
    retype.add_argument("new_type", metavar="TYPE", help=", ".join(ENTITY_TYPES))
    undo = _action(actions, "undo", "undo a decision (default: the last one in force)")
    undo.add_argument("number", nargs="?", type=int, metavar="DECISION", help="decision number (see history)")
    history = _action(actions, "history", "list the curation decisions and how each fared in the last run")
    history.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="JSON Lines, with statuses")


def _action(actions, name: str, help: str) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
    # SUPPRESS: `leaksift entities --out X merge ...` keeps X
    parser.add_argument("--out", default=argparse.SUPPRESS, help="output folder (default: output/)")
    if name != "history":
        parser.add_argument("--note", default="", help="why (kept with the decision)")
    return parser


def command(args: argparse.Namespace) -> int:
    if getattr(args, "action", None):
        return curate(args)
    return list_entities(args)


def list_entities(args: argparse.Namespace) -> int:
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
        if row.get("merged_ids"):
            details.append(f"merged {len(row['merged_ids'])}")
        if row["aliases"]:
            details.append("aka " + "; ".join(row["aliases"][:4]) + (" ..." if len(row["aliases"]) > 4 else ""))
        name = row["name"] if len(row["name"]) <= 40 else row["name"][:37] + "..."
        print(
            f"{row['type']:<7} {row['mention_count']:>8} {len(row['document_ids']):>4}  {name:<40} {'; '.join(details)}"
        )
    print(f"({len(rows)} entities)", file=sys.stderr)
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"leaksift: {message}", file=sys.stderr)
    return EXIT_USAGE


def _shown(row: dict) -> str:
    return f"{row['type']} {row['name']!r} ({row['id']})"


def curate(args: argparse.Namespace) -> int:
    """One curation action on OUT (see the module docstring)."""
    from extractors.output.jsonl import read_jsonl
    from extractors.resolve.curation import active_decisions, entity_ref
    from flows import curate as store

    out = Path(args.out)
    if args.action == "history":
        return _history(out, as_json=args.json)
    if not (out / "entities.jsonl").exists() or not (out / ".leaksift" / "manifest.json").exists():
        return _fail(f"no entities in {out} (run `leaksift run` first)")
    rows = read_jsonl(out / "entities.jsonl")
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        for old in row.get("merged_ids", []):
            by_id.setdefault(old, row)

    def lookup(entity_id: str) -> dict | None:
        return by_id.get(entity_id.strip())

    record: dict = {"action": args.action}
    if args.action == "undo":
        decisions = store.read_decisions(out)
        active, _ = active_decisions(decisions)
        if not active:
            return _fail(f"nothing to undo in {out}")
        numbers = {d["decision"]: d for d in active}
        number = args.number if args.number is not None else active[-1]["decision"]
        if number not in numbers:
            return _fail(f"decision #{number} is not in force (see `leaksift entities history --out {out}`)")
        record.update(undoes=number, undone_action=numbers[number]["action"])
        done = f"undid decision #{number} ({numbers[number]['action']})"
    else:
        ids = args.ids if args.action == "merge" else [args.id]
        found = []
        for entity_id in ids:
            row = lookup(entity_id)
            if row is None:
                return _fail(f"no entity {entity_id} in {out} (see `leaksift entities --out {out}`)")
            if row["id"] not in [r["id"] for r in found]:
                found.append(row)
        if args.action == "merge" and len(found) < 2:
            return _fail("merge needs at least two different entities")
        record["entities"] = [entity_ref(r) for r in found]
        if args.action == "merge":
            record["keep"] = found[0]["id"]
            done = f"merged {len(found)} entities into {_shown(found[0])}"
        elif args.action == "reject":
            done = f"rejected {_shown(found[0])}: {found[0]['mention_count']} mentions kept out of the records"
        elif args.action == "rename":
            name = " ".join(args.name.split())
            if not name:
                return _fail("the new name is empty")
            record["name"] = name
            done = f"renamed {_shown(found[0])} to {name!r}"
        else:
            new_type = args.new_type.upper()
            if new_type not in ENTITY_TYPES:
                return _fail(f"unknown type {args.new_type} (one of {', '.join(ENTITY_TYPES)})")
            record["type"] = new_type
            done = f"retyped {_shown(found[0])} as {new_type}"
    record["note"] = args.note
    decision = store.append_decision(out, record)
    problems = store.republish(out)
    print(f"decision #{decision['decision']}: {done}")
    if args.action == "retype":
        from extractors.resolve.entities import resolution_key

        key = resolution_key(record["type"], found[0]["name"])
        twins = [r for r in rows if r["type"] == record["type"] and resolution_key(r["type"], r["name"]) == key]
        for twin in twins:
            print(
                f"  {_shown(twin)} has that type and name too: `leaksift entities merge {twin['id']} {found[0]['id']}`"
            )
    for line in problems:
        print(f"leaksift: warning: curation {line}", file=sys.stderr)
    return EXIT_OK


def _history(out: Path, *, as_json: bool) -> int:
    from flows import curate as store

    decisions = store.read_decisions(out)
    outcomes = store.read_outcomes(out)
    if not decisions:
        print(f"(no curation decisions in {out})", file=sys.stderr)
        return EXIT_OK
    for d in decisions:
        outcome = outcomes.get(d["decision"], {})
        status = "recorded" if d["action"] == "undo" else outcome.get("status", "not yet applied")
        if as_json:
            print(json.dumps({**d, "status": status, "status_detail": outcome.get("detail", "")}, ensure_ascii=False))
            continue
        names = "; ".join(f"{e['type']} {e['name']!r} ({e['id']})" for e in d.get("entities", []))
        what = {
            "merge": f"merge {names}",
            "reject": f"reject {names}",
            "rename": f"rename {names} to {d.get('name')!r}",
            "retype": f"retype {names} as {d.get('type')}",
            "undo": f"undo #{d.get('undoes')} ({d.get('undone_action')})",
        }.get(d["action"], d["action"])
        print(f"#{d['decision']:<3} {d['when']}  {d['who']}: {what}  [{status}]")
        if outcome.get("detail"):
            print(f"       {outcome['detail']}")
        if d.get("note"):
            print(f"       note: {d['note']}")
    problems = store.curation_problems(out)
    for line in problems:
        print(f"leaksift: warning: curation {line}", file=sys.stderr)
    return EXIT_OK
