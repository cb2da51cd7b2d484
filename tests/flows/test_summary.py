"""RunSummary: one JSON form for --json and the serve socket, read back unchanged."""

from __future__ import annotations

import json

from flows.summary import RunSummary


def _summary() -> RunSummary:
    return RunSummary(
        out="output",
        documents=3,
        processed=2,
        reused=1,
        statuses={"ok": 2, "failed": 1},
        pages=4,
        ocr_pages=1,
        entities={"PERSON": 2, "PLACE": 1},
        failures=[("broken.pdf", "the PDF is damaged")],
        skipped=[],
        passed_over=[("link.txt", "symbolic link")],
        stage_seconds={"read": 0.5},
        wall_seconds=1.25,
    )


def test_json_form_has_the_summary_keys_in_order():
    data = _summary().to_json()
    assert list(data) == [
        "out",
        "documents",
        "processed",
        "reused",
        "statuses",
        "pages",
        "ocr_pages",
        "entities",
        "failures",
        "skipped",
        "passed_over",
        "stage_seconds",
        "wall_seconds",
        "curation",
    ]
    assert data["failures"] == [["broken.pdf", "the PDF is damaged"]]


def test_from_json_reads_back_what_to_json_wrote():
    summary = _summary()
    again = RunSummary.from_json(json.loads(json.dumps(summary.to_json())))
    assert again == summary
    assert again.failures[0] == ("broken.pdf", "the PDF is damaged") and again.failed
