"""A sink on a scratch folder, and a reader run into it, for the archive tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.read.archives import READERS
from extractors.read.parts import PartSink
from extractors.read.sniff import sniff_media_type
from extractors.records import SourceFile
from extractors.settings import PartLimits, Settings


def sink_for(path: Path, folder: Path, *, limits: PartLimits | None = None, parent: SourceFile | None = None):
    source = parent or SourceFile(
        path=path, display_path=path.name, doc_id=hashlib.sha256(path.read_bytes()).hexdigest()
    )
    return PartSink(folder, source, limits or PartLimits(), container_size=path.stat().st_size)


def read_archive(path: Path, folder: Path, *, settings: Settings | None = None, **kwargs):
    """Read ``path`` with the archive reader its name calls for; returns the sink (finished)."""
    sink = sink_for(path, folder, **kwargs)
    reader = READERS[sniff_media_type(path, path.read_bytes()[:64])]
    reader(path, sink, settings or Settings())
    sink.finish()
    return sink


def parts(sink: PartSink) -> dict[str, bytes]:
    """The written parts by name, with their bytes."""
    return {s.display_path.split("/", 1)[1]: s.path.read_bytes() for s in sink.sources}


def rows(sink: PartSink) -> dict[str, tuple[str, str]]:
    """The parts not written, by name: (status, reason)."""
    return {r.name: (r.status, r.error) for r in sink.refs if r.status}


def devset_formats() -> Path:
    """The devset's format files: ``../shared`` beside the clone, or beside the worktrees' folder."""
    from tests.conftest import DEVSET, ROOT

    for folder in (DEVSET / "formats", ROOT.parent.parent / "shared" / "devset" / "formats"):
        if folder.is_dir():
            return folder
    return DEVSET / "formats"
