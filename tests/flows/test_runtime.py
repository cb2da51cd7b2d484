"""Prefect's environment as leaksift sets it: no flow-run heartbeat thread unless the user asks for one."""

from __future__ import annotations

import subprocess
import sys


def test_flow_runs_have_no_heartbeat_thread_unless_configured():
    code = (
        "import flows.pipeline\n"
        "from prefect.flow_engine import BaseFlowRunEngine\n"
        "print(BaseFlowRunEngine.heartbeat_seconds.fget(None))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if "HEARTBEAT" not in k}
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert quiet.stdout.strip() == "None"
    asked = subprocess.run(
        [sys.executable, "-c", code.replace("fget(None)", "fget")],
        capture_output=True,
        text=True,
        env={**env, "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "60"},
        check=True,
    )
    assert "None" not in asked.stdout  # Prefect's own property is left in place
