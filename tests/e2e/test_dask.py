"""The batch flow on a local Dask cluster gives the same records as the default run."""

from __future__ import annotations

import pytest

from extractors.output.jsonl import read_jsonl
from extractors.output.store import RECORD_FILES
from flows.cli import main

pytestmark = pytest.mark.usefixtures("prefect_server")


@pytest.mark.slow
def test_dask_run_matches_default_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, city in enumerate(["Calgary", "Halifax", "Perth", "Esbjerg"]):
        (corpus / f"doc{i}.txt").write_text(
            f"Mayor Helen Brandt of {city} met Priya Raman on {i + 1} March 2019 (raman{i}@example.org).\n"
        )
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    default_out, dask_out = tmp_path / "default", tmp_path / "dask"
    assert main(["run", str(corpus), "--out", str(default_out), "--quiet"]) == 1
    assert main(["run", str(corpus), "--out", str(dask_out), "--quiet", "--dask", "local"]) == 1
    for name in RECORD_FILES:
        assert read_jsonl(dask_out / f"{name}.jsonl") == read_jsonl(default_out / f"{name}.jsonl"), name
