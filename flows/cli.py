"""The ``leaksift`` command line.

stdout carries results (the run summary, the entity table); stderr carries progress and logs.
Exit status: 0 when every document was processed or cleanly skipped, 1 when any failed, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from flows.runtime import configure_prefect, ensure_prefect_state

log = logging.getLogger("leaksift")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _add_settings_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("pipeline settings (also LEAKSIFT_<NAME> in the environment)")
    group.add_argument("--model", help="spaCy pipeline: installed package name or path")
    group.add_argument("--ocr", choices=["auto", "always", "never"], help="when to OCR pages (default auto)")
    group.add_argument("--lang", dest="ocr_lang", help="tesseract languages, e.g. eng or eng+chi_sim")
    group.add_argument(
        "--ocr-engine",
        dest="ocr_engine",
        choices=["auto", "ppocr", "tesseract"],
        help="auto: tesseract on clean prints, PP-OCR characters with tesseract word breaks elsewhere "
        "(eng, chi_sim); ppocr: PP-OCR on every page; tesseract: tesseract alone",
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


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show INFO logs, Prefect's included")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--json", action="store_true", help="print the run summary as JSON")
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run batches on a Dask cluster (scheduler address, or 'local' for a local cluster)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaksift",
        description="Turn leaked documents and news articles into clean, deduplicated entity records.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser(
        "run",
        help="process every supported file under a corpus folder (incremental)",
        description="Batch flow: every file under CORPUS (recursive) into OUT. Files already processed "
        "with the same bytes and settings are reused, not processed again.",
    )
    run.add_argument("corpus", nargs="?", default="corpus", help="corpus folder (default: corpus/)")
    _add_common(run)
    _add_settings_flags(run)

    ingest = sub.add_parser(
        "ingest",
        help="ingest the named files into the output folder",
        description="Manual ingestion: the named files join OUT's records and entity resolution.",
    )
    ingest.add_argument("files", nargs="+", metavar="FILE", help="files to ingest")
    ingest.add_argument(
        "--local", action="store_true", help="run here even when a `leaksift serve` for OUT is listening"
    )
    _add_common(ingest)
    _add_settings_flags(ingest)

    entities = sub.add_parser(
        "entities",
        help="print the entity table of an output folder",
        description="Print OUT's entities for a person to read (or as JSON Lines with --json).",
    )
    entities.add_argument("--type", dest="entity_type", help="only this type (PERSON, ORG, PLACE, DATE, ...)")
    entities.add_argument("--out", default="output", help="output folder (default: output/)")
    entities.add_argument("--json", action="store_true", help="JSON Lines instead of a table")
    entities.add_argument("--limit", type=int, default=0, help="at most this many rows (default: all)")

    serve = sub.add_parser(
        "serve",
        help="serve a Prefect deployment that runs the batch flow on a schedule",
        description="Long-running scheduled batch runs of CORPUS (a Prefect deployment served from this "
        "process). Needs a Prefect server: set PREFECT_API_URL, or see the README.",
    )
    serve.add_argument("corpus", nargs="?", default="corpus", help="corpus folder (default: corpus/)")
    serve.add_argument("--cron", default="0 * * * *", help="cron schedule (default: hourly)")
    serve.add_argument("--out", default="output", help="output folder (default: output/)")
    serve.add_argument("--name", default="leaksift-batch", help="deployment name")
    serve.add_argument("-v", "--verbose", action="store_true")
    _add_settings_flags(serve)

    _add_eval_parser(sub)

    deploy = sub.add_parser(
        "deploy",
        help="register the flows as deployments of a Prefect work pool (for several workers)",
        description="Register leaksift-run/batch and leaksift-ingest/ingest in a work pool (created as a "
        "'process' pool if missing). Needs a Prefect server (PREFECT_API_URL). Then start workers with "
        "`prefect worker start --pool NAME` on each machine.",
    )
    deploy.add_argument("corpus", nargs="?", default="corpus", help="corpus folder for the batch deployment")
    deploy.add_argument("--pool", required=True, help="work pool name")
    deploy.add_argument("--cron", help="schedule for the batch deployment (default: none, run by hand)")
    deploy.add_argument("--out", default="output", help="output folder (default: output/)")
    _add_settings_flags(deploy)

    config = sub.add_parser("config", help="show the effective settings")
    _add_settings_flags(config)
    return parser


def _add_eval_parser(sub) -> None:
    evaluate = sub.add_parser(
        "eval",
        help="score an output folder's entity records against a gold file",
        description="Precision, recall and F1 per entity type, micro F1 and the number of duplicate "
        "records of OUT's entities against GOLD (format: docs/eval.md).",
    )
    evaluate.add_argument("gold", metavar="GOLD", help="gold file (JSON)")
    evaluate.add_argument("--out", default="output", help="output folder (default: output/)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--errors", action="store_true", help="also list missed, spurious and duplicate records")
    evaluate.add_argument(
        "--spans",
        action="store_true",
        help="GOLD is a span gold file: score exact PER/ORG/LOC mention spans of the raw spaCy model "
        "and of OUT's NER mentions",
    )
    evaluate.add_argument("--model", help="spaCy pipeline for the raw-model baseline of --spans")


def _eval(args: argparse.Namespace) -> int:
    from extractors.evaluate.scores import evaluate_output

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
        for label, rows in (("missed", report.missed), ("spurious", report.spurious),
                            ("duplicate", report.duplicated)):
            for path, entity_type, name in rows:
                print(f"  {label:<9} {entity_type:<7} {name!r}  ({path})")
    return EXIT_OK


def _eval_spans(args: argparse.Namespace, out: Path) -> int:
    from extractors.evaluate.scores import evaluate_spans_output
    from extractors.settings import Settings

    model = Settings(**_settings_overrides(args)).model
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


def _settings_overrides(args: argparse.Namespace) -> dict[str, Any]:
    keys = ("model", "ocr", "ocr_lang", "ocr_engine", "ocr_lexicon", "workers", "phone_region")
    return {k: getattr(args, k) for k in keys if getattr(args, k, None) is not None}


def _settings(args: argparse.Namespace):
    """The run's settings (environment, then flags), or None after saying what is wrong."""
    from extractors.settings import Settings

    from pydantic import ValidationError

    try:
        return Settings(**_settings_overrides(args))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        print(f"leaksift: bad setting: {problems}", file=sys.stderr)
        return None


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("pdfminer", "PIL", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _print_summary(summary: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    statuses = summary["statuses"]
    status_text = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none"
    lines = [
        f"leaksift: {summary['documents']} documents in {summary['out']} ({status_text}); "
        f"{summary['processed']} processed now, {summary['reused']} unchanged",
        f"  pages:    {summary['pages']} ({summary['ocr_pages']} OCR'd)",
        "  entities: "
        + (", ".join(f"{n} {t}" for t, n in summary["entities"].items()) or "none")
        + f" ({sum(summary['entities'].values())} in all)",
    ]
    if summary["stage_seconds"]:
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in summary["stage_seconds"].items())
        lines.append(f"  seconds:  {stages}; wall {summary['wall_seconds']:.1f} s")
    for path, reason in summary["failures"]:
        lines.append(f"  FAILED   {path}: {reason}")
    for path, reason in summary["skipped"]:
        lines.append(f"  skipped  {path}: {reason}")
    print("\n".join(lines))


def _warm_up(settings) -> threading.Thread:
    """Load spaCy and the normalisers' data in the background while Prefect's API server starts."""
    from extractors.batch.pipeline import warm_up

    def work() -> None:
        try:
            warm_up(settings)
        except Exception:  # reported properly when the flow loads it
            pass

    thread = threading.Thread(target=work, name="warm-up", daemon=True)
    thread.start()
    return thread


def _task_runner(address: str | None):
    """A Dask task runner for ``--dask`` ("local" starts a local cluster), else None."""
    if not address:
        return None
    from prefect_dask import DaskTaskRunner

    if address == "local":
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True})
    return DaskTaskRunner(address=address)


def _run_flow(args: argparse.Namespace) -> int:
    from extractors.errors import ModelLoadError
    from flows import progress

    started = time.perf_counter()
    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    if args.command == "run" and not Path(args.corpus).is_dir():
        print(f"leaksift: corpus folder not found: {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "ingest":
        missing = [f for f in args.files if not os.path.lexists(f)]
        if missing:
            print(f"leaksift: no such file: {', '.join(missing)}", file=sys.stderr)
            return EXIT_USAGE
    if args.command == "ingest" and not args.dask and not args.local:
        # A running `leaksift serve` for this OUT has Prefect and spaCy loaded: hand the files over.
        from flows.serve import remote_ingest

        summary = remote_ingest(Path(args.out), list(args.files), settings.model_dump())
        if summary is not None:
            summary["wall_seconds"] = round(time.perf_counter() - started, 2)
            _print_summary(summary, as_json=args.json)
            return EXIT_FAILED if summary["failures"] else EXIT_OK
    if args.command == "run" and not args.dask:
        # An unchanged corpus needs no flow run at all: say so without starting Prefect.
        from extractors.batch.discover import discover
        from extractors.output.store import OutputStore
        from flows.plan import make_plan, nothing_to_do, output_summary

        found = discover(Path(args.corpus), exclude=Path(args.out))
        store = OutputStore(Path(args.out))
        extras = [(p, "failed", r) for p, r in found.unreadable] + [(p, "skipped", r) for p, r in found.passed_over]
        if nothing_to_do(
            make_plan(found.files, store, settings), store, origin="run", settings=settings, extras=extras
        ):
            summary = output_summary(Path(args.out))
            summary["passed_over"] = found.passed_over
            summary["wall_seconds"] = round(time.perf_counter() - started, 2)
            _print_summary(summary, as_json=args.json)
            return EXIT_FAILED if summary["failures"] else EXIT_OK
    warming = _warm_up(settings)
    ensure_prefect_state(quiet=args.quiet)
    from extractors.output.store import set_crash_point
    from flows.runtime import start_api_server_early

    # crash tests only: SIGKILL this process at a named point of the run (see tests/flows/test_crash.py)
    set_crash_point(os.environ.get("LEAKSIFT_TEST_CRASH_AT"))
    server_start = start_api_server_early()
    from flows.pipeline import ingest_files, run_corpus

    reporter = progress.Progress(enabled=not args.quiet)
    progress.set_current(reporter)
    params = settings.model_dump()
    runner = _task_runner(args.dask)
    try:
        if server_start is not None:
            server_start.join()
        warming.join()  # spaCy is not to be used from two threads at once
        if args.command == "run":
            flow_fn = run_corpus if runner is None else run_corpus.with_options(task_runner=runner)
            summary = flow_fn(corpus=args.corpus, out=args.out, settings=params, parallel=runner is not None)
        else:
            flow_fn = ingest_files if runner is None else ingest_files.with_options(task_runner=runner)
            summary = flow_fn(
                files=[str(f) for f in args.files], out=args.out, settings=params, parallel=runner is not None
            )
    except ModelLoadError as exc:
        print(f"leaksift: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        progress.set_current(None)
    summary["wall_seconds"] = round(time.perf_counter() - started, 2)
    _print_summary(summary, as_json=args.json)
    return EXIT_FAILED if summary["failures"] else EXIT_OK


def _entities(args: argparse.Namespace) -> int:
    from extractors.output.store import OutputStore
    from extractors.output.jsonl import read_jsonl

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
        print(f"{row['type']:<7} {row['mention_count']:>8} {len(row['document_ids']):>4}  {name:<40} {'; '.join(details)}")
    print(f"({len(rows)} entities)", file=sys.stderr)
    return EXIT_OK


def _config(args: argparse.Namespace) -> int:
    from extractors.settings import Settings

    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    for name, info in Settings.model_fields.items():
        print(f"{name:<16} = {getattr(settings, name)!r:<28} LEAKSIFT_{name.upper():<18} {info.description or ''}")
    print(f"{'fingerprint':<16} = {settings.fingerprint()!r}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from flows.serve import serve

    settings = _settings(args)
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


def _deploy(args: argparse.Namespace) -> int:

    if not os.environ.get("PREFECT_API_URL"):
        print("leaksift: deploy needs a Prefect server: start one (`prefect server start`) and set "
              "PREFECT_API_URL", file=sys.stderr)
        return EXIT_USAGE
    settings = _settings(args)
    if settings is None:
        return EXIT_USAGE
    from flows.deploy import deploy

    names = deploy(
        pool=args.pool,
        corpus=Path(args.corpus).resolve(),
        out=Path(args.out).resolve(),
        cron=args.cron,
        settings=settings.model_dump(),
    )
    print(f"deployed {', '.join(names)} to work pool {args.pool!r}; start workers with:\n"
          f"  prefect worker start --pool {args.pool}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    configure_prefect(verbose=verbose)
    _setup_logging(verbose)
    try:
        if args.command in ("run", "ingest"):
            return _run_flow(args)
        if args.command == "entities":
            return _entities(args)
        if args.command == "config":
            return _config(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "deploy":
            return _deploy(args)
    except KeyboardInterrupt:
        print("leaksift: interrupted; records written so far are complete", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`leaksift entities | head`): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
