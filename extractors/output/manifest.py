"""The manifest of OUT: which documents it holds, where they came from and with which settings.

One entry per document id, saved as ``.leaksift/manifest.json``; with the result cache it is the truth
from which the record files are derived.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from extractors.output.atomic import atomic_write
from extractors.records import as_dict

log = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.json"


@dataclass
class ManifestEntry:
    id: str
    path: str
    origin: str  # "run" (a corpus sweep) or "ingest" (named by hand)
    fingerprint: str
    paths: list[str] = field(default_factory=list)


def load_manifest(state: Path) -> dict[str, ManifestEntry]:
    """The manifest in the state folder ``state`` (empty when absent; rebuilt when unreadable)."""
    path = state / MANIFEST_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        return {e["id"]: ManifestEntry(**e) for e in data["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("the manifest in %s is unreadable; rebuilding it from this run", state)
        return {}


def save_manifest(state: Path, entries: dict[str, ManifestEntry]) -> None:
    rows = [as_dict(e) for e in sorted(entries.values(), key=lambda e: (e.path, e.id))]
    atomic_write(state / MANIFEST_FILE, [json.dumps({"documents": rows}, ensure_ascii=False, indent=1)])
