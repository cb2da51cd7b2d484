"""Office, OpenDocument and other structured documents: a file in, its pages of text (paragraphs and
tables in reading order, slides as pages), metadata and embedded files as parts out.

``READERS`` maps a media type (``extractors.read.sniff``) to its reader,
``reader(path, sink, settings) -> Extracted``.
"""

from __future__ import annotations

READERS: dict = {}
