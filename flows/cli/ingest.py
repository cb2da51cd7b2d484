"""``leaksift ingest FILE...``: named files join OUT's records (handed to a running ``leaksift serve``
for OUT when one is listening, unless ``--local``)."""

from __future__ import annotations

import argparse

from flows.cli.options import add_flow_options, add_settings_flags


def add_parser(sub) -> None:
    ingest = sub.add_parser(
        "ingest",
        help="ingest the named files into the output folder",
        description="Manual ingestion: the named files join OUT's records and entity resolution.",
    )
    ingest.add_argument("files", nargs="+", metavar="FILE", help="files to ingest")
    ingest.add_argument(
        "--local", action="store_true", help="run here even when a `leaksift serve` for OUT is listening"
    )
    add_flow_options(ingest)
    add_settings_flags(ingest)


def command(args: argparse.Namespace) -> int:
    from flows.cli.flow_run import run_flow

    return run_flow(args)
