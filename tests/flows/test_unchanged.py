"""An unchanged corpus answered from the last run's snapshot (``flows.unchanged``), and every change
that must send the run down its normal path instead."""

from __future__ import annotations

import json
import os
import time

import pytest

from extractors.output import store
from extractors.output.jsonl import read_jsonl
from flows import curate, unchanged
from flows.cli import flow_run, main

pytestmark = pytest.mark.usefixtures("prefect_server")


def _corpus(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Priya Raman spoke in Halifax on 3 May 2021.\n")
    (corpus / "b.txt").write_text("Helen Brandt spoke in Calgary.\n")
    time.sleep(RACY + 0.05)  # older than the racy window, as the files of a real corpus are
    return corpus


RACY = 0.2


@pytest.fixture(autouse=True)
def short_racy_window(monkeypatch):
    """A racy window of 0.2 s instead of 2 s, so that files written by a test can be trusted soon."""
    monkeypatch.setattr(unchanged, "RACY_SECONDS", RACY)


def _summary_json(capsys, corpus, out) -> dict:
    capsys.readouterr()
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    data.pop("wall_seconds")
    return data


def test_the_lists_of_out_files_are_the_stores(tmp_path):
    assert unchanged.RECORD_FILES == store.RECORD_FILES
    assert curate.CURATION_FILE in unchanged.OUT_FILES
    assert f"{store.STATE_DIR}/{store.PUBLISHING_MARKER}" in unchanged.OUT_FILES
    assert unchanged.STATE_DIR == store.STATE_DIR


def test_an_unchanged_run_is_answered_from_the_snapshot_with_the_same_summary(tmp_path, capsys, monkeypatch):
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert (out / ".leaksift" / unchanged.SNAPSHOT).exists()
    (out / ".leaksift" / unchanged.SNAPSHOT).unlink()
    normal = _summary_json(capsys, corpus, out)  # the normal path: nothing to do, snapshot saved again
    assert normal["processed"] == 0 and normal["reused"] == 2
    monkeypatch.setattr(flow_run, "settings_from", lambda args: pytest.fail("the run took the normal path"))
    assert _summary_json(capsys, corpus, out) == normal


def test_a_file_rewritten_with_its_old_size_and_times_is_read_again(tmp_path):
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    path = corpus / "b.txt"
    before = path.stat()
    path.write_text("Helen Kovacs spoke in Calgary.\n")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time cannot be set back
    assert path.stat().st_size == before.st_size
    assert unchanged.check(corpus, out, {}) is None
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    names = {e["name"] for e in read_jsonl(out / "entities.jsonl")}
    assert "Helen Kovacs" in names and "Helen Brandt" not in names


def test_every_kind_of_change_takes_the_normal_path(tmp_path, monkeypatch):
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert unchanged.check(corpus, out, {}) is not None
    # other settings, by flag or environment
    assert unchanged.check(corpus, out, {"phone_region": "GB"}) is None
    monkeypatch.setenv("LEAKSIFT_PHONE_REGION", "GB")
    assert unchanged.check(corpus, out, {}) is None
    monkeypatch.delenv("LEAKSIFT_PHONE_REGION")
    assert unchanged.check(corpus, out, {}) is not None
    # another OUT, a curation decision, a record file touched
    assert unchanged.check(corpus, tmp_path / "elsewhere", {}) is None
    (out / curate.CURATION_FILE).write_text("")
    assert unchanged.check(corpus, out, {}) is None
    (out / curate.CURATION_FILE).unlink()
    assert unchanged.check(corpus, out, {}) is not None
    os.utime(out / "entities.jsonl")
    assert unchanged.check(corpus, out, {}) is None


def test_a_new_file_or_link_takes_the_normal_path(tmp_path):
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert unchanged.check(corpus, out, {}) is not None
    (corpus / "link.txt").symlink_to(corpus / "a.txt")  # a skipped row more in the records
    assert unchanged.check(corpus, out, {}) is None
    (corpus / "link.txt").unlink()
    (corpus / "c.txt").write_text("Omar Haddad spoke in Leeds.\n")
    assert unchanged.check(corpus, out, {}) is None
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert "Omar Haddad" in {e["name"] for e in read_jsonl(out / "entities.jsonl")}


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again_before_it_is_trusted(tmp_path, monkeypatch):
    path = tmp_path / "fresh.txt"
    path.write_text("written just now\n")
    from extractors.hashing import file_sha256

    doc_id, stamp = file_sha256(path)
    recorded = [stamp.device, stamp.inode, stamp.size, stamp.mtime_ns, stamp.ctime_ns]
    hashed_from = time.time_ns()
    monkeypatch.setattr(unchanged, "RACY_SECONDS", 2.0)
    # within the window: a write now could keep the same times, so it is not trusted yet
    assert not unchanged._trusted(path, recorded, doc_id, hashed_from)
    monkeypatch.setattr(unchanged, "RACY_SECONDS", 0.05)
    time.sleep(0.1)
    assert unchanged._trusted(path, recorded, doc_id, hashed_from)  # hashed again: the same bytes
    assert not unchanged._trusted(path, recorded, "0" * 64, hashed_from)  # other bytes than were hashed
    # an old file needs no second look
    old_stamp = [*recorded[:3], 0, 0]
    assert unchanged._trusted(tmp_path / "missing", old_stamp, doc_id, hashed_from)
