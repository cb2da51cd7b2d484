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


def make_cid_pdf(path: Path, *, glyphs: int = 240) -> Path:
    """A one-page PDF written in a CID font without a ToUnicode map: its text layer has glyphs but no
    characters (pdfplumber reads ``(cid:NN)``), as in PDFs whose fonts were subset without one."""
    codes = "".join(f"{(i * 7) % 90 + 10:04x}" for i in range(glyphs))
    content = f"BT /F1 12 Tf 72 720 Td <{codes}> Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /LeakFont /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LeakFont "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
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
