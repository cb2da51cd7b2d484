"""``leaksift run [CORPUS]``: the batch flow over every supported file under a corpus folder."""

from __future__ import annotations

import argparse

from flows.cli.options import add_corpus, add_flow_options, add_settings_flags


def add_parser(sub) -> None:
    run = sub.add_parser(
        "run",
        help="process every supported file under a corpus folder (incremental)",
        description="Batch flow: every file under CORPUS (recursive) into OUT. Files already processed "
        "with the same bytes and settings are reused, not processed again.",
    )
    add_corpus(run)
    run.add_argument(
        "--local",
        action="store_true",
        help="run in this process, not in the shared local Prefect server (which has everything loaded)",
    )
    add_flow_options(run)
    add_settings_flags(run)


def command(args: argparse.Namespace) -> int:
    from flows.cli.flow_run import run_flow

    return run_flow(args)
