"""Shared by the CLI tests: the record files of an output folder, and one CLI run over the sample corpus
for the whole session (it OCRs a scan: worth doing once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from extractors.output.store import RECORD_FILES
from flows.cli import main
from tests.conftest import CORPUS


def load_records(out: Path) -> dict[str, list[dict]]:
    return {name: read_jsonl(out / f"{name}.jsonl") for name in RECORD_FILES}


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory, prefect_server):
    out = tmp_path_factory.mktemp("corpus-out")
    code = main(["run", str(CORPUS), "--out", str(out), "--quiet"])
    return code, out, load_records(out)
