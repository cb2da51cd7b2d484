"""An unchanged corpus answered from a snapshot of the last run, before pydantic, Prefect or any hashing.

In: the corpus, OUT and the settings flags of a ``leaksift run``. Out: the run summary saved by the last
run when nothing it depends on has changed since, else None (the run then takes its normal path: every
file hashed against the manifest, ``flows.plan``).

After a corpus run that processed everything, and after every run found to have nothing to do, the CLI
saves ``OUT/.leaksift/unchanged.json``: what the run was asked (``PIPELINE_VERSION``, the corpus and OUT,
every ``LEAKSIFT_*`` variable and the settings flags, the tesseract packs folder's stat for
``--lang auto``), the stat of every corpus file as it was hashed, the stat of OUT's state and record
files, and the summary read back from the records. The next run asked the same, whose corpus lists the
same files with the same stats and whose OUT files have the same stats, prints that summary.

A stat (device, inode, size, modification and change times; the change time cannot be set back) changes
with every write, but for a write in the same clock tick as the one the stat shows. A file changed within
``RACY_SECONDS`` before it was hashed could be written again unseen (git calls such entries "racy"), so it
is hashed again when the snapshot is saved, once that window has passed; if it is still within it, or
its bytes differ, no snapshot is saved and the next run hashes every file as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from extractors import PIPELINE_VERSION
from extractors.batch.discover import walk
from extractors.output.lock import out_lock

SNAPSHOT = "unchanged.json"
STATE_DIR = ".leaksift"
#: the files of OUT a run writes or reads to decide it has nothing to do (``extractors.output.store``,
#: ``flows.curate``; a test checks these lists against them)
RECORD_FILES = ("documents", "pages", "mentions", "tables", "entities")
OUT_FILES = (
    *(f"{name}.jsonl" for name in RECORD_FILES),
    "leaksift.sqlite",
    "curation.jsonl",
    f"{STATE_DIR}/manifest.json",
    f"{STATE_DIR}/published",
    f"{STATE_DIR}/publishing",
)
#: a file whose change time is this close to its hashing is hashed again before it is trusted (FAT
#: keeps times to 2 s; Linux's own file clock ticks every few milliseconds)
RACY_SECONDS = 2.0


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def question(corpus: Path, out: Path, overrides: dict[str, Any]) -> str:
    """A hash of what the run is asked: the code's version, the folders, the settings as given."""
    environment = sorted(
        (key.lower(), value)
        for key, value in os.environ.items()
        if key.lower().startswith("leaksift_") or key == "TESSDATA_PREFIX"
    )
    payload = {
        "pipeline": PIPELINE_VERSION,
        "corpus": str(Path(corpus).resolve()),
        "out": str(Path(out).resolve()),
        "environment": environment,
        "flags": sorted((k, str(v)) for k, v in overrides.items()),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _out_state(out: Path) -> dict[str, Any]:
    """The stats of OUT's files that decide whether a run has something to do (None: absent)."""
    state: dict[str, Any] = {name: _stat(out / name) for name in OUT_FILES}
    results = out / STATE_DIR / "results"
    with contextlib.suppress(OSError):  # a stored result removed by hand changes its folder's times
        state["results"] = sorted([e.name, *_stat(Path(e.path))] for e in os.scandir(results) if e.is_dir())
    return state


def _tessdata() -> str | None:
    """The folder tesseract reads its language packs from (installing one changes its times)."""
    try:
        first = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    line = first.splitlines()[0] if first else ""
    return line.split('"')[1] if line.count('"') >= 2 else None


def _trusted(path: Path, stamp: list[int], doc_id: str, hashed_from_ns: int) -> bool:
    """Whether a file's recorded stat stands for the bytes hashed (see the module docstring)."""
    changed_ns = max(stamp[3], stamp[4])
    racy_ns = int(RACY_SECONDS * 1e9)
    if changed_ns < hashed_from_ns - racy_ns:
        return True
    if time.time_ns() - changed_ns <= racy_ns:
        return False  # still inside the window: a write now could keep these times
    from extractors.hashing import file_sha256

    try:
        digest, again = file_sha256(path)
    except OSError:
        return False
    return digest == doc_id and [again.device, again.inode, again.size, again.mtime_ns, again.ctime_ns] == stamp


def save(
    corpus: Path,
    out: Path,
    overrides: dict[str, Any],
    files: list[tuple[str, str, str, list[int]]],
    passed_over: list[tuple[str, str]],
    *,
    hashed_from_ns: int,
) -> bool:
    """Save the snapshot after a run with nothing left to do. ``files``: (display path, path, document
    id, stat as hashed) of every corpus file; ``hashed_from_ns``: ``time.time_ns()`` before the first was
    hashed. False (and any older snapshot removed) when a file cannot be trusted yet."""
    from flows.plan import output_summary

    out = Path(out)
    target = out / STATE_DIR / SNAPSHOT
    with out_lock(out / STATE_DIR):
        if not all(_trusted(Path(path), stamp, doc_id, hashed_from_ns) for _, path, doc_id, stamp in files):
            with contextlib.suppress(OSError):
                target.unlink()
            return False
        summary = output_summary(out)
        summary.passed_over = [tuple(p) for p in passed_over]
        tessdata = _tessdata()
        snapshot = {
            "question": question(corpus, out, overrides),
            "tessdata": [tessdata, _stat(Path(tessdata)) if tessdata else None],
            "files": [[rel, stamp] for rel, _, _, stamp in files],
            "passed_over": [list(p) for p in passed_over],
            "out": _out_state(out),
            "summary": summary.to_json(),
        }
        tmp = target.with_name(f".{SNAPSHOT}.tmp")
        tmp.write_text(json.dumps(snapshot), "utf-8")
        os.replace(tmp, target)  # the snapshot is the last file written: _out_state leaves it out
    return True


def check(corpus: Path, out: Path, overrides: dict[str, Any]) -> dict[str, Any] | None:
    """The saved summary (``RunSummary.to_json``) when nothing the run depends on changed, else None."""
    out = Path(out)
    try:
        snapshot = json.loads((out / STATE_DIR / SNAPSHOT).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(snapshot, dict) or snapshot.get("question") != question(corpus, out, overrides):
        return None
    tessdata, tessdata_stat = snapshot.get("tessdata") or [None, None]
    if tessdata and _stat(Path(tessdata)) != tessdata_stat:
        return None
    with out_lock(out / STATE_DIR):
        if _out_state(out) != snapshot.get("out"):
            return None
        passed_over: list[tuple[str, str]] = []
        try:
            listed = walk(Path(corpus), exclude=out, passed_over=passed_over)
        except OSError:
            return None
        if [list(p) for p in passed_over] != snapshot.get("passed_over"):
            return None
        recorded = snapshot.get("files") or []
        if len(listed) != len(recorded):
            return None
        for (rel, path), (was_rel, was_stamp) in zip(listed, recorded, strict=True):
            if rel != was_rel or _stat(path) != was_stamp:
                return None
    return snapshot.get("summary")
