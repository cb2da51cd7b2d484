"""Archives: an archive file in, its members out as parts (``extractors.read.parts``); the archive
itself has no pages.

``READERS`` maps a media type (``extractors.read.sniff``) to its reader,
``reader(path, sink, settings) -> Extracted``.
"""

from __future__ import annotations

READERS: dict = {}
