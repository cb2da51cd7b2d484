"""Shared fixtures of the Office reader tests: a part sink on a scratch folder, the settings, and the
devset folder (tests on its files skip when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.read.parts import PartSink
from extractors.records import SourceFile
from tests.conftest import DEVSET, ROOT

#: the devset's format files: beside the checkout (``../shared``), or beside a worktree's folder
FORMATS = next(
    (p for p in (DEVSET / "formats", ROOT.parent.parent / "shared" / "devset" / "formats") if p.is_dir()),
    DEVSET / "formats",
)


@pytest.fixture
def read(tmp_path, settings):
    """``read(reader, path)`` -> (Extracted, sink)."""

    def run(reader, path: Path):
        source = SourceFile(path=path, display_path=path.name, doc_id="container")
        sink = PartSink(tmp_path / "parts", source, settings.part_limits(), container_size=path.stat().st_size)
        return reader(path, sink, settings), sink

    return run


def devset_file(name: str) -> Path:
    path = FORMATS / name
    if not path.is_file():
        pytest.skip(f"devset file {name} is absent")
    return path


def flat(extracted) -> str:
    """All page text with whitespace runs made one space."""
    return " ".join(" ".join(page.text.split()) for page in extracted.pages)
