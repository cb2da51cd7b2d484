"""Golden records: a run over ``corpus/`` writes exactly the stored records (ids, offsets, order).

Restructuring code must not change what the pipeline produces. When a change *should* change the
records, bump ``PIPELINE_VERSION`` (``extractors/__init__.py``), say why in the commit, and rewrite the
copy with ``LEAKSIFT_UPDATE_GOLDEN=1 ./test.sh tests/e2e/test_golden.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from flows.cli import main
from tests.conftest import CORPUS

pytestmark = [pytest.mark.usefixtures("prefect_server"), pytest.mark.slow]

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "corpus"
RECORD_NAMES = ("documents", "pages", "mentions", "tables", "entities")


@pytest.fixture(scope="module")
def golden_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden-out")
    assert main(["run", str(CORPUS), "--out", str(out), "--quiet"]) == 0
    if os.environ.get("LEAKSIFT_UPDATE_GOLDEN") == "1":
        for name in RECORD_NAMES:
            shutil.copyfile(out / f"{name}.jsonl", GOLDEN / f"{name}.jsonl")
    return out


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_records_equal_the_stored_copy(golden_run, name):
    produced = (golden_run / f"{name}.jsonl").read_text("utf-8").splitlines()
    stored = (GOLDEN / f"{name}.jsonl").read_text("utf-8").splitlines()
    assert len(produced) == len(stored), f"{name}: {len(produced)} rows, stored copy {len(stored)}"
    for number, (got, want) in enumerate(zip(produced, stored), start=1):
        assert json.loads(got) == json.loads(want), f"{name}.jsonl line {number} differs"
    assert produced == stored, f"{name}.jsonl: same rows, different serialisation"


@pytest.mark.parametrize("name", RECORD_NAMES)
def test_sqlite_tables_equal_the_stored_copy(golden_run, name):
    con = sqlite3.connect(golden_run / "leaksift.sqlite")
    con.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in con.execute(f'SELECT * FROM "{name}" ORDER BY rowid')]
    finally:
        con.close()
    stored = read_jsonl(GOLDEN / f"{name}.jsonl")
    assert len(rows) == len(stored)
    for row, want in zip(rows, stored):
        # lists and objects are JSON text in SQLite; booleans are integers
        expected = {
            k: json.dumps(v, ensure_ascii=False)
            if isinstance(v, (list, dict))
            else (int(v) if isinstance(v, bool) else v)
            for k, v in want.items()
        }
        assert {k: row.get(k) for k in expected} == expected
