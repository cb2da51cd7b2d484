"""Chinese named entities: a text in simplified Chinese in, entity spans (PERSON, ORG, PLACE) out.

Baseline: jiagu's character-level perceptron NER (MIT; its model ships inside the wheel), read line by
line. ``find_chinese`` is the one entry point the language router calls; its internals may change.
"""

from __future__ import annotations

import functools
import re
import threading

#: jiagu's labels and the contract types they become
_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
_LINE = re.compile(r"[^\n]+")
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _model():
    import jiagu

    jiagu.init()
    return jiagu


def find_chinese(text: str) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` in ``text``, offsets into it, types PERSON/ORG/PLACE."""
    with _lock:
        model = _model()
    spans: list[tuple[int, int, str]] = []
    for line in _LINE.finditer(text):
        chars = list(line.group(0))
        tags = model.ner(chars)
        start, label = None, None
        for i, tag in enumerate([*tags, "O"]):
            if start is not None and not tag.startswith("I-"):
                spans.append((line.start() + start, line.start() + i, _TYPES[label]))
                start, label = None, None
            if tag.startswith("B-") and tag[2:] in _TYPES:
                start, label = i, tag[2:]
    return spans
