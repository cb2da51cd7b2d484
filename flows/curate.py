"""OUT's curation: the decisions file, and the records written with the decisions applied.

In: an output folder. Out, in OUT:
  curation.jsonl           the decisions, one JSON object a line, append-only (never rewritten): who
                           (``$LEAKSIFT_USER`` or the login name), when (ISO 8601 UTC), what, the entities
                           concerned as they were then, and why (``--note``); ``undo`` appends a record too
  rejected_mentions.jsonl  the audit trail: every mention a ``reject`` keeps out of the records, with the
                           decision's number (rewritten with the records)
  .leaksift/curation.json  how each decision fared in the last write (applied / partial / unmatched /
                           undone), read by ``leaksift entities history`` and the run summary

``publish_records`` resolves, applies the decisions (``extractors.resolve.curation``) and writes the records:
every run and ingestion goes through it. ``republish`` does the same from OUT's cached document results,
without reading any document again: a decision shows in the records at once. No Prefect here.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extractors.output.atomic import atomic_write
from extractors.output.jsonl import jsonl_lines, read_jsonl
from extractors.output.store import STATE_DIR, OutputStore
from extractors.records import Document, DocumentResult
from extractors.resolve.curation import Outcome, apply_curation

CURATION_FILE = "curation.jsonl"
REJECTED_FILE = "rejected_mentions.jsonl"
REPORT_FILE = "curation.json"


def curation_path(out: Path) -> Path:
    return Path(out) / CURATION_FILE


def read_decisions(out: Path) -> list[dict[str, Any]]:
    """The decisions of OUT, in order; a last line cut short by a killed writer is ignored."""
    path = curation_path(out)
    if not path.exists():
        return []
    decisions = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        try:
            decisions.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return decisions


def curation_stamp(out: Path) -> str | None:
    """A hash of the decisions file (None without one): the records must be rewritten when it changes."""
    try:
        return hashlib.sha256(curation_path(out).read_bytes()).hexdigest()
    except OSError:
        return None


def current_user() -> str:
    try:
        return os.environ.get("LEAKSIFT_USER") or getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "unknown"


def append_decision(out: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Append one decision to OUT's file (under OUT's lock) and return it with its number, author and time."""
    store = OutputStore(Path(out))
    with store.lock():
        number = max((d.get("decision", 0) for d in read_decisions(out)), default=0) + 1
        full = {
            "decision": number,
            "when": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "who": current_user(),
            **record,
        }
        path = curation_path(out)
        # a line cut short by a killed writer is ended first, so the new record stays a line of its own
        prefix = ""
        if path.exists() and path.stat().st_size:
            with open(path, "rb") as fh:
                fh.seek(-1, os.SEEK_END)
                prefix = "" if fh.read(1) == b"\n" else "\n"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(prefix + json.dumps(full, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    return full


def read_outcomes(out: Path) -> dict[int, dict[str, Any]]:
    """How each decision fared when the records were last written, by number."""
    try:
        data = json.loads((Path(out) / STATE_DIR / REPORT_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {o["decision"]: o for o in data.get("outcomes", [])}


def curation_problems(out: Path) -> list[str]:
    """One line per decision that no longer (fully) matches anything, as of the last write."""
    return [Outcome(**o).line() for o in read_outcomes(out).values() if o["status"] in ("unmatched", "partial")]


def publish_records(
    out: Path, results: list[DocumentResult], paths: dict[str, list[str]]
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """Resolve entities over ``results``, apply OUT's decisions, write the records.

    Returns the rows written per record file, the entities per type, and the decisions to report."""
    from extractors.batch.pipeline import build_records

    out = Path(out)
    store = OutputStore(out)
    mentions, entities = build_records(results)
    decisions = read_decisions(out)
    curated = apply_curation(entities, mentions, decisions)
    rows = store.write_records(results, curated.mentions, curated.entities, paths=paths)
    report = out / STATE_DIR / REPORT_FILE
    if decisions:
        atomic_write(out / REJECTED_FILE, jsonl_lines(curated.rejected))
        payload = {"outcomes": [vars(o) for o in curated.outcomes]}
        atomic_write(report, [json.dumps(payload, ensure_ascii=False) + "\n"])
    else:
        for stale in (out / REJECTED_FILE, report):
            stale.unlink(missing_ok=True)
    counts = dict(sorted(Counter(e.type for e in curated.entities).items()))
    return rows, counts, [o.line() for o in curated.problems]


def _unread_rows(out: Path, known: set[str]) -> list[DocumentResult]:
    """The document rows of OUT that no cached result backs (files that could not be read, links passed
    over): written as they are."""
    fields = set(Document.__dataclass_fields__)
    rows = read_jsonl(out / "documents.jsonl") if (out / "documents.jsonl").exists() else []
    return [
        DocumentResult(document=Document(**{k: v for k, v in row.items() if k in fields}))
        for row in rows
        if row["id"] not in known
    ]


def republish(out: Path) -> list[str]:
    """Rewrite OUT's records from its cached results with the decisions applied (no document is read);
    returns the decisions to report. OUT must hold a complete run."""
    from flows.parts import with_parts
    from flows.plan import record_stamp  # flows.plan imports this module

    out = Path(out)
    store = OutputStore(out)
    with store.lock():
        manifest = store.load_manifest()
        top: list[DocumentResult] = []
        top_paths: dict[str, list[str]] = {}
        for doc_id, entry in sorted(manifest.items(), key=lambda kv: (kv[1].path, kv[0])):
            result = store.load_result(doc_id)
            if result is None:
                continue
            top.append(result)
            top_paths[doc_id] = entry.paths
        all_results, all_paths = with_parts(top, top_paths, store.load_result)
        extra_results = _unread_rows(out, {r.document.id for r in all_results})
        all_results.extend(extra_results)
        _, _, problems = publish_records(out, all_results, all_paths)
        extras = [(r.document.path, r.document.status, r.document.error or "") for r in extra_results]
        store.save_stamp(record_stamp(manifest, extras, curation=curation_stamp(out)))
    return problems


__all__ = [
    "CURATION_FILE",
    "REJECTED_FILE",
    "append_decision",
    "curation_problems",
    "curation_stamp",
    "publish_records",
    "read_decisions",
    "read_outcomes",
    "republish",
]
