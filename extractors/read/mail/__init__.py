"""E-mail: a message or a mailbox file in, the message's text, headers and people out, its attachments
(and a mailbox's messages) as parts (``extractors.read.parts``).

``READERS`` maps a media type (``extractors.read.sniff``) to its reader,
``reader(path, sink, settings) -> Extracted``.
"""

from __future__ import annotations

READERS: dict = {}
