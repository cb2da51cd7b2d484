"""The shared body of ``leaksift run`` and ``leaksift ingest``: check the inputs, then run the flow here.

In: parsed ``args`` of either command. Out: the exit status, after the run summary is printed on stdout
(0 when every document was processed or cleanly skipped, 1 when any failed, 2 for bad usage). The run's
files are found and hashed here, once (``flows.sources``), and handed to the flow with the plan made
from them. Prefect and spaCy are imported only once there is work: an unchanged corpus is reported
without them.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from flows.cli.options import EXIT_FAILED, EXIT_OK, EXIT_USAGE, settings_from, settings_overrides
from flows.cli.summary import print_summary
from flows.runtime import ensure_prefect_state


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


def _handoff(args: argparse.Namespace, settings):
    """Ingest through the shared local server (started if need be); None when there is none to use,
    False when it could not be started (no second try then)."""
    from flows import local_server
    from flows.serve import remote_ingest

    if args.dask or args.local or os.environ.get("LEAKSIFT_TEST_CRASH_AT"):
        return None
    shared = local_server.ensure(ready=True)
    if shared is None:
        return False if local_server.idle_seconds() > 0 and not local_server.configured_api() else None
    try:
        return remote_ingest(Path(args.out), list(args.files), settings.model_dump(), path=shared.socket)
    finally:
        shared.release()


def _handoff_run(args: argparse.Namespace, settings, sources):
    """Run the corpus in the shared local server (started if need be), with the sources found here;
    None when there is none to use, False when it could not be started."""
    from flows import local_server
    from flows.serve import remote_run

    if args.local or os.environ.get("LEAKSIFT_TEST_CRASH_AT"):
        return None
    shared = local_server.ensure(ready=True)
    if shared is None:
        return False if local_server.idle_seconds() > 0 and not local_server.configured_api() else None
    handed = sources.model_dump(mode="json")
    for entry in handed["files"]:  # the server runs in another folder: paths relative to here would miss
        entry["path"] = str(Path(entry["path"]).absolute())
    try:
        return remote_run(
            Path(args.out),
            Path(args.corpus),
            settings.model_dump(),
            handed,
            path=shared.socket,
            progress=not args.quiet,
        )
    finally:
        shared.release()


def _use_shared_api(*, tried: bool):
    """Point this process's Prefect client at the shared local server (started if need be)."""
    from flows import local_server

    shared = None if tried else local_server.ensure()
    if shared is not None:
        os.environ["PREFECT_API_URL"] = shared.api_url  # read when Prefect is first imported, below
    return shared


def _save_unchanged(args: argparse.Namespace, sources, hashed_from_ns: int) -> None:
    """After a corpus run left nothing to do, the snapshot the next unchanged run is answered from
    (``flows.unchanged``); none when a file could not be hashed or a document failed."""
    from flows import unchanged

    if sources.unreadable or any(e.stamp is None for e in sources.files):
        return
    files = [
        (
            e.display_path,
            e.path,
            e.doc_id,
            [e.stamp.device, e.stamp.inode, e.stamp.size, e.stamp.mtime_ns, e.stamp.ctime_ns],
        )
        for e in sources.files
    ]
    try:
        unchanged.save(
            Path(args.corpus),
            Path(args.out),
            settings_overrides(args),
            files,
            list(sources.passed_over),
            hashed_from_ns=hashed_from_ns,
        )
    except OSError:  # only a shortcut for the next run: it hashes every file instead
        pass


def _answered_unchanged(args: argparse.Namespace, started: float) -> int | None:
    """The exit status after printing the last run's summary, when the corpus, OUT and the settings
    are as the last run left them (``flows.unchanged``); None otherwise."""
    if args.command != "run" or args.dask or not Path(args.corpus).is_dir():
        return None
    from flows import unchanged
    from flows.summary import RunSummary

    saved = unchanged.check(Path(args.corpus), Path(args.out), settings_overrides(args))
    if saved is None:
        return None
    return _report(RunSummary.from_json(saved), args, started)


def _report(summary, args: argparse.Namespace, started: float) -> int:
    summary.wall_seconds = round(time.perf_counter() - started, 2)
    print_summary(summary, as_json=args.json)
    return EXIT_FAILED if summary.failed else EXIT_OK


def run_flow(args: argparse.Namespace) -> int:
    from extractors.errors import ModelLoadError
    from flows import progress

    started = time.perf_counter()
    answered = _answered_unchanged(args, started)
    if answered is not None:
        return answered
    settings = settings_from(args)
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
    shared_failed = False
    if args.command == "ingest" and not args.dask and not args.local:
        # A running `leaksift serve` for this OUT has Prefect and spaCy loaded: hand the files over.
        from flows.serve import remote_ingest

        summary = remote_ingest(Path(args.out), list(args.files), settings.model_dump())
        if summary is None:  # else the shared local server: Prefect and spaCy are loaded there too
            summary = _handoff(args, settings)
            shared_failed = summary is False
        if summary is not None and summary is not False:
            return _report(summary, args, started)
    from flows.sources import Sources

    # the run's one discovery: each file is hashed here, and the flow is handed the result
    sources: Sources | None = None
    if args.command == "run" and not args.dask:
        # An unchanged corpus needs no flow run at all: say so without starting Prefect.
        from extractors.output.store import OutputStore
        from flows.plan import nothing_to_do, output_summary

        hashed_from_ns = time.time_ns()
        sources = Sources.discover(Path(args.corpus), out=Path(args.out))
        store = OutputStore(Path(args.out))
        plan = sources.plan(store, settings)  # kept on ``sources``: the flow does not plan again
        if nothing_to_do(plan, store, origin="run", settings=settings, extras=sources.extras()):
            summary = output_summary(Path(args.out))
            summary.passed_over = list(sources.passed_over)
            _save_unchanged(args, sources, hashed_from_ns)
            return _report(summary, args, started)
        # the shared local server has Prefect, spaCy and the worker pools warm: the run goes there
        try:
            summary = _handoff_run(args, settings, sources)
        except RuntimeError as exc:  # the run failed inside the shared server: one line, no traceback
            print(
                f"leaksift: the run failed in the shared local server: {str(exc).splitlines()[0][:300]}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        shared_failed = summary is False
        if summary is not None and summary is not False:
            if not summary.failed:
                _save_unchanged(args, sources, hashed_from_ns)
            return _report(summary, args, started)
    warming = _warm_up(settings)
    shared = _use_shared_api(tried=shared_failed)
    ensure_prefect_state(quiet=args.quiet)
    from extractors.output.store import set_crash_point
    from flows.runtime import start_api_server_early

    # crash tests only: SIGKILL this process at a named point of the run (see tests/e2e/test_crash.py)
    set_crash_point(os.environ.get("LEAKSIFT_TEST_CRASH_AT"))
    server_start = start_api_server_early()
    files = [str(f) for f in args.files] if args.command == "ingest" else []
    if sources is None:  # hashed while Prefect's API server starts
        run = args.command == "run"
        sources = Sources.discover(Path(args.corpus), out=Path(args.out)) if run else Sources.named(files)
    from flows.pipeline import ingest_files, run_corpus, source_parameters

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
            summary = flow_fn(
                corpus=args.corpus,
                out=args.out,
                settings=params,
                parallel=runner is not None,
                **source_parameters(sources),
            )
        else:
            flow_fn = ingest_files if runner is None else ingest_files.with_options(task_runner=runner)
            summary = flow_fn(
                files=files,
                out=args.out,
                settings=params,
                parallel=runner is not None,
                **source_parameters(sources),
            )
    except ModelLoadError as exc:
        print(f"leaksift: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        progress.set_current(None)
        if shared is not None:
            shared.release()
            if os.environ.get("PREFECT_API_URL") == shared.api_url:
                del os.environ["PREFECT_API_URL"]
    if args.command == "run" and runner is None and not summary.failed:
        _save_unchanged(args, sources, hashed_from_ns)
    return _report(summary, args, started)
