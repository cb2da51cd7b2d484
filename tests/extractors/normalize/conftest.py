"""Shared helper of the normalising stage's tests: spans written as text in, normalised mentions out."""

from extractors.normalize.mentions import normalize_mentions
from extractors.records import Mention, Page


def normalized(text, spans):
    """``(normalize_mentions(...), page)`` for model spans given as ``(surface, type)`` on one page."""
    page = Page(document_id="d", page=1, method="text", text=text)
    raw = []
    for surface, entity_type in spans:
        start = text.index(surface)
        raw.append(Mention("d", 1, start, start + len(surface), surface, entity_type, "ner"))
    return normalize_mentions(raw, {1: page}), page
