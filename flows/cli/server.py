"""``leaksift server status|stop``: the shared local Prefect server that ``run`` and ``ingest`` start
(``flows.local_server``). In: the subcommand. Out: one line per server on stdout (its pid, Prefect UI
address, state); exit status 0."""

from __future__ import annotations

import argparse

from flows.cli.options import EXIT_OK


def add_parser(sub) -> None:
    server = sub.add_parser(
        "server",
        help="show or stop the shared local Prefect server",
        description="The first `run` or `ingest` with no Prefect server configured starts a local one in "
        "the background; later commands reuse it, and it stops after LEAKSIFT_SERVER_IDLE seconds unused "
        "(default 900; 0: never start one).",
    )
    server.add_argument("action", choices=["status", "stop"], help="status: list it; stop: stop it now")


def command(args: argparse.Namespace) -> int:
    from flows import local_server

    if args.action == "stop":
        stopped = local_server.stop()
        print(f"leaksift: stopped {len(stopped)} shared server(s)" + "".join(f" (pid {p})" for p in stopped))
        return EXIT_OK
    servers = [s for s in local_server.running() if s["alive"]]
    if not servers:
        print("leaksift: no shared server running")
    for state in servers:
        ui = (state.get("api_url") or "")[: -len("/api")] or "(starting)"
        status = "ready" if state.get("ready") else "starting"
        print(f"pid {state['pid']}  {status}  UI {ui}  idle stop after {state.get('idle', 0):.0f} s unused")
    return EXIT_OK
