"""Printing a run summary on stdout: a few lines for a person, or its JSON form (``--json``)."""

from __future__ import annotations

import json
import sys

from flows.summary import RunSummary


def print_summary(summary: RunSummary, *, as_json: bool) -> None:
    for line in summary.curation:  # on stderr, with --json too: a person should see them
        print(f"leaksift: warning: curation {line} (see `leaksift entities history`)", file=sys.stderr)
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
        return
    status_text = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "none"
    lines = [
        f"leaksift: {summary.documents} documents in {summary.out} ({status_text}); "
        f"{summary.processed} processed now, {summary.reused} unchanged",
        f"  pages:    {summary.pages} ({summary.ocr_pages} OCR'd)",
        "  entities: "
        + (", ".join(f"{n} {t}" for t, n in summary.entities.items()) or "none")
        + f" ({sum(summary.entities.values())} in all)",
    ]
    if summary.stage_seconds:
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items())
        lines.append(f"  seconds:  {stages}; wall {summary.wall_seconds:.1f} s")
    for path, reason in summary.failures:
        lines.append(f"  FAILED   {path}: {reason}")
    for path, reason in summary.skipped:
        lines.append(f"  skipped  {path}: {reason}")
    print("\n".join(lines))
