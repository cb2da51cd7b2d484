"""``leaksift deploy [CORPUS] --pool NAME``: the batch and ingestion flows registered as deployments of a
Prefect work pool (``flows.deploy``), for workers on several machines. Needs ``PREFECT_API_URL``
(exit status 2 without it)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_corpus, add_out, add_settings_flags, settings_from


def add_parser(sub) -> None:
    deploy = sub.add_parser(
        "deploy",
        help="register the flows as deployments of a Prefect work pool (for several workers)",
        description="Register leaksift-run/batch and leaksift-ingest/ingest in a work pool (created as a "
        "'process' pool if missing). Needs a Prefect server (PREFECT_API_URL). Then start workers with "
        "`prefect worker start --pool NAME` on each machine.",
    )
    add_corpus(deploy, help="corpus folder for the batch deployment")
    deploy.add_argument("--pool", required=True, help="work pool name")
    deploy.add_argument("--cron", help="schedule for the batch deployment (default: none, run by hand)")
    add_out(deploy)
    add_settings_flags(deploy)


def command(args: argparse.Namespace) -> int:

    if not os.environ.get("PREFECT_API_URL"):
        print(
            "leaksift: deploy needs a Prefect server: start one (`prefect server start`) and set PREFECT_API_URL",
            file=sys.stderr,
        )
        return EXIT_USAGE
    settings = settings_from(args)
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
    print(
        f"deployed {', '.join(names)} to work pool {args.pool!r}; start workers with:\n"
        f"  prefect worker start --pool {args.pool}"
    )
    return EXIT_OK
