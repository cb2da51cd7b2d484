"""Progress counts a container's parts as work still to do, so it never passes 100 %."""

from __future__ import annotations

import io
import zipfile

from extractors.batch.discover import source_for
from extractors.batch.pipeline import extract_documents
from extractors.settings import Settings
from flows.progress import Progress


def test_parts_add_to_the_total(tmp_path):
    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for i in range(3):
            z.writestr(f"note-{i}.txt", f"Note {i} by Helen Brandt.\n")
    stream = io.StringIO()
    progress = Progress(stream=stream, interval=0)
    progress.start(1)
    results = extract_documents(
        [source_for(archive)],
        settings=Settings(isolation="none"),
        progress=progress.update,
        parts_dir=tmp_path / "parts",
        more=progress.more,
    )
    assert len(results) == 4
    assert (progress.done, progress.total) == (4, 4)
    assert "[4/4 docs 100%]" in stream.getvalue()
