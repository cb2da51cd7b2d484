"""Fixtures of the mail reader tests: a part sink writing into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.read.parts import PartSink
from extractors.records import SourceFile
from extractors.settings import PartLimits, Settings

ROOT = Path(__file__).resolve().parents[4]
# the shared devset beside the repository (a worktree sits one level deeper)
DEVSET = next(
    (
        p / "shared" / "devset" / "formats"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "devset").is_dir()
    ),
    ROOT.parent / "shared" / "devset" / "formats",
)


def make_sink(folder: Path, source: Path) -> PartSink:
    parent = SourceFile(path=source, display_path=source.name, doc_id="0" * 64)
    return PartSink(folder, parent, PartLimits(), container_size=max(1, source.stat().st_size))


def part_bytes(sink: PartSink) -> dict[str, bytes]:
    """The parts a reader added, by name."""
    return {s.display_path.split("/", 1)[1]: s.path.read_bytes() for s in sink.sources}


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def read(tmp_path, settings):
    """``read(reader, data, name)``: write ``data`` to a file, run the reader, return (Extracted, sink)."""

    def run(reader, data: bytes, name: str = "message.eml"):
        source = tmp_path / name
        source.write_bytes(data)
        sink = make_sink(tmp_path / "parts", source)
        return reader(source, sink, settings), sink

    return run
