"""Shared fixtures: paths, the real sample corpus, a Prefect test server, small hand-built inputs."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from flows.runtime import configure_prefect

# The tests' Prefect state (database, the shared local server's files) lives in a temporary folder,
# never in the developer's ~/.prefect; set before Prefect is first imported.
TEST_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="leaksift-test-prefect-"))
os.environ["PREFECT_HOME"] = str(TEST_PREFECT_HOME)
# Prefect reads its settings at import: quiet, patient defaults before any test imports it.
configure_prefect()

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEVSET = SHARED / "devset"


def _under(home: Path | None, roots: list[Path]) -> bool:
    return home is not None and any(home.resolve().is_relative_to(r.resolve()) for r in roots)


def session_daemons(roots: list[Path]) -> list[tuple[int, Path]]:
    """Shared local servers whose PREFECT_HOME lies under ``roots`` (this session's folders only: other
    test sessions on the machine keep theirs)."""
    from flows.local_server import daemons

    return [(pid, home) for pid, home in daemons() if _under(home, roots)]


def session_prefect_servers(roots: list[Path]) -> list[int]:
    """``prefect server start`` processes whose PREFECT_HOME lies under ``roots``."""
    from flows.local_server import prefect_servers

    return [pid for pid, home in prefect_servers() if _under(home, roots)]


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind(tmp_path_factory):
    """After the suite: stop every shared local server the tests started, and check none is left; nor
    any Prefect server of the tests' homes (a ``serve`` or shared server killed before it stopped its
    Prefect child left that child running)."""
    roots = [TEST_PREFECT_HOME, tmp_path_factory.getbasetemp()]
    yield
    import signal
    import time

    from flows.local_server import stop, stop_group

    stop(TEST_PREFECT_HOME)
    for pid, _ in session_daemons(roots):
        stop_group(pid)
    left = session_daemons(roots)
    deadline = time.monotonic() + 30  # servers stopped just now may still be shutting down
    while (orphans := session_prefect_servers(roots)) and time.monotonic() < deadline:
        time.sleep(0.5)
    for pid in orphans:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(TEST_PREFECT_HOME, ignore_errors=True)
    assert left == [], f"shared local servers left running after the tests: {left}"
    assert orphans == [], f"Prefect servers of the tests' homes left running after the tests: {orphans}"


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


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server (Debian's postgresql package) for the session: its superuser URL.
    Stopped and deleted at the end of the session, whatever happened."""
    from tests.postgres import BIN_GLOB, postgres_bin, temporary_postgres

    if postgres_bin() is None:
        pytest.skip(f"no PostgreSQL server binaries ({BIN_GLOB}/initdb): install Debian's postgresql package")
    with temporary_postgres() as url:
        yield url


@pytest.fixture
def postgres_db(postgres_server, request):
    """A fresh empty database on the session's server, for one test: its URL."""
    import re

    from tests.postgres import create_database

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:50]
    return create_database(postgres_server, name)
