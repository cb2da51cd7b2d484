"""Shared fixtures: paths, the real sample corpus, a Prefect test server, small hand-built inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.runtime import configure_prefect

# Prefect reads its settings at import: quiet, patient defaults before any test imports it.
configure_prefect()

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEVSET = SHARED / "devset"


@pytest.fixture(scope="session")
def prefect_server():
    """One Prefect test server for the whole session (Prefect's own advice for flow tests)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=600):
        yield


@pytest.fixture(scope="session")
def settings():
    from extractors.settings import Settings

    return Settings()


def make_pdf(path: Path, pages: list[str], *, table: list[list[str]] | None = None) -> Path:
    """A small text-layer PDF: one page per string, optionally a ruled table on the last page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2020, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    if table:
        pdf.ln(4)
        with pdf.table() as t:
            for row in table:
                r = t.row()
                for cell in row:
                    r.cell(cell)
    pdf.output(str(path))
    return path


@pytest.fixture
def tmp_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return corpus


def pytest_collection_modifyitems(config, items):
    # CI runs slow tests too; a developer may skip them with LEAKSIFT_SKIP_SLOW=1.
    if os.environ.get("LEAKSIFT_SKIP_SLOW") == "1":
        skip = pytest.mark.skip(reason="LEAKSIFT_SKIP_SLOW=1")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip)
