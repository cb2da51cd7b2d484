"""``leaksift eval GOLD``: scores of OUT's entity records (or, with ``--spans``, of mention spans) against
a gold file; ``leaksift eval --languages DEVSET``: the multilingual NER devset run through the pipeline
(``extractors.evaluate.languages``). The report goes to stdout (a table, or JSON); exit status 2 when OUT
has no records or the gold file cannot be read."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flows.cli.options import (
    EXIT_OK,
    EXIT_USAGE,
    add_json,
    add_out,
    add_settings_flags,
    settings_from,
    settings_overrides,
)


def add_parser(sub) -> None:
    evaluate = sub.add_parser(
        "eval",
        help="score an output folder's entity records against a gold file",
        description="Precision, recall and F1 per entity type, micro F1 and the number of duplicate "
        "records of OUT's entities against GOLD (format: docs/eval.md). With --languages DEVSET: the "
        "multilingual NER devset read, routed and normalised by the pipeline, exact-span PER/ORG/LOC "
        "scores and language-id accuracy per set.",
    )
    evaluate.add_argument("gold", metavar="GOLD", nargs="?", help="gold file (JSON)")
    evaluate.add_argument(
        "--languages",
        metavar="DEVSET",
        help="score the multilingual devset folder DEVSET (sets with corpus/ and LANG_gold.json, e.g. "
        "../shared/devset/ner_multilang) through the pipeline; no OUT needed",
    )
    add_settings_flags(evaluate)
    add_out(evaluate)
    add_json(evaluate, help="print the report as JSON")
    evaluate.add_argument("--errors", action="store_true", help="also list missed, spurious and duplicate records")
    evaluate.add_argument(
        "--spans",
        action="store_true",
        help="GOLD is a span gold file: score exact PER/ORG/LOC mention spans of the raw spaCy model "
        "and of OUT's NER mentions",
    )


def command(args: argparse.Namespace) -> int:
    from extractors.evaluate.scores import evaluate_output

    if args.languages:
        return _eval_languages(args)
    if not args.gold:
        print("leaksift: eval needs GOLD (or --languages DEVSET)", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    if not (out / "entities.jsonl").exists() or not (out / "documents.jsonl").exists():
        print(f"leaksift: no records in {args.out} (run `leaksift run` first)", file=sys.stderr)
        return EXIT_USAGE
    if args.spans:
        return _eval_spans(args, out)
    try:
        report = evaluate_output(args.gold, out)
    except (OSError, ValueError) as exc:
        print(f"leaksift: cannot read gold file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(report.format())
    if args.errors:
        for label, rows in (("missed", report.missed), ("spurious", report.spurious), ("duplicate", report.duplicated)):
            for path, entity_type, name in rows:
                print(f"  {label:<9} {entity_type:<7} {name!r}  ({path})")
    return EXIT_OK


def _eval_spans(args: argparse.Namespace, out: Path) -> int:
    from extractors.evaluate.scores import evaluate_spans_output
    from extractors.settings import Settings

    model = Settings(**settings_overrides(args)).model
    try:
        reports = evaluate_spans_output(args.gold, out, model=model)
    except (OSError, ValueError) as exc:
        print(f"leaksift: cannot score spans: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
        return EXIT_OK
    for report in reports:
        print(report.format())
        if args.errors:
            for label, rows in (("missed", report.missed), ("spurious", report.spurious)):
                for path, start, end, span_label, text in rows:
                    print(f"    {label:<9} {span_label:<4} {text!r} {start}-{end}  ({path})")
    return EXIT_OK


def _eval_languages(args: argparse.Namespace) -> int:
    import logging

    from extractors.evaluate.languages import evaluate_languages, format_table

    settings = settings_from(args)
    if settings is None:
        return EXIT_USAGE
    logging.getLogger("extractors").setLevel(logging.ERROR)
    try:
        reports = evaluate_languages(args.languages, settings=settings)
    except (OSError, ValueError) as exc:
        print(f"leaksift: cannot score the devset: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
        return EXIT_OK
    print(format_table(reports))
    if args.errors:
        for report in reports:
            if " " in report.name:
                continue
            for label, rows in (("missed", report.spans.missed), ("spurious", report.spans.spurious)):
                for path, start, end, span_label, text in rows:
                    print(f"    {label:<9} {span_label:<4} {text!r} {start}-{end}  ({report.name}/{path})")
    return EXIT_OK
