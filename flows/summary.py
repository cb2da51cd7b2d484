"""What a run did, as one typed value from the flow to the printer (no Prefect import here).

The flows return a ``RunSummary``; ``flows.plan.output_summary`` builds one from OUT's records when
nothing had to be done; the CLI prints it. ``to_json`` is the one JSON form: what ``--json`` prints and
what ``leaksift serve`` sends back over its socket; ``from_json`` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# (display path, reason) rows
_REASON_LISTS = ("failures", "skipped", "passed_over")


@dataclass
class RunSummary:
    out: str
    documents: int = 0
    processed: int = 0
    reused: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    ocr_pages: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    passed_over: list[tuple[str, str]] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    wall_seconds: float = 0.0
    # curation decisions that no longer (fully) match an entity, one line each (``flows.curate``)
    curation: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, keys in field order (the ``--json`` output)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in _REASON_LISTS:
            data[name] = [list(row) for row in data[name]]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSummary:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in _REASON_LISTS:
            if name in values:
                values[name] = [tuple(row) for row in values[name]]
        return cls(**values)
