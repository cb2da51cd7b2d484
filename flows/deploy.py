"""``leaksift deploy``: the batch and ingestion flows as deployments of a Prefect work pool.

Prefect's way to spread flow runs over several machines: a work pool holds the deployments' runs and
any number of ``prefect worker start --pool NAME`` processes (on this machine or others with a clone of
this repo) pick them up. Several workers may write into one OUT: ``extractors.output.store`` serialises the
publishing of records under a file lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def ensure_work_pool(name: str) -> None:
    """Create a ``process`` work pool called ``name`` unless it exists."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(work_pool=WorkPoolCreate(name=name, type="process"))
        except ObjectAlreadyExists:
            pass


def deploy(*, pool: str, corpus: Path, out: Path, cron: str | None, settings: dict[str, Any]) -> list[str]:
    """Register ``leaksift-run/batch`` and ``leaksift-ingest/ingest`` in ``pool``; returns their names."""
    from flows.pipeline import ingest_files, run_corpus

    ensure_work_pool(pool)
    batch = run_corpus.from_source(str(ROOT), "flows/pipeline.py:run_corpus")
    batch.deploy(
        name="batch",
        work_pool_name=pool,
        cron=cron,
        parameters={"corpus": str(corpus), "out": str(out), "settings": settings},
        build=False,
        push=False,
        print_next_steps=False,
    )
    ingest = ingest_files.from_source(str(ROOT), "flows/pipeline.py:ingest_files")
    ingest.deploy(
        name="ingest",
        work_pool_name=pool,
        parameters={"files": [], "out": str(out), "settings": settings},
        build=False,
        push=False,
        print_next_steps=False,
    )
    return ["leaksift-run/batch", "leaksift-ingest/ingest"]
