"""Structured text files (JSON, JSON Lines, SVG): file bytes in, the text a person would read out.

JSON and JSON Lines: every string value, one per line, in document order (keys, numbers and booleans
are structure, not text). A file may hold several JSON values one after another (JSON Lines, or
pretty-printed objects concatenated without commas, as log exports write them): each is read. SVG: the words of its ``text``, ``tspan``, ``title`` and ``desc`` elements,
one element per line, parsed with defusedxml (leaked files are hostile: no entity expansion, no
external references).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.text import decode_text

SVG_TEXT_TAGS = ("text", "title", "desc")


def json_text(data: bytes, *, lines: bool = False) -> str:
    """The string values of a JSON document (``lines``: of every JSON Lines record), one per line."""
    text, _ = decode_text(data)
    try:
        documents = list(_documents(text))
    except ValueError as exc:
        raise CorruptFileError(f"not valid JSON ({exc})") from exc
    except RecursionError as exc:  # a file built to nest deeper than the parser goes
        raise CorruptFileError("the JSON is nested too deeply to read") from exc
    values = [" ".join(value.split()) for document in documents for value in _strings(document)]
    values = [v for v in values if v]
    if not values:
        raise EmptyDocumentError("the JSON holds no text (no string values)")
    return "\n".join(values)


def _documents(text: str) -> Iterator[object]:
    """Every JSON value in ``text``, one after another (whitespace between them)."""
    decoder = json.JSONDecoder()
    position, end = 0, len(text)
    while True:
        while position < end and text[position] in " \t\r\n\ufeff":
            position += 1
        if position >= end:
            return
        value, position = decoder.raw_decode(text, position)
        yield value


def _strings(node) -> Iterator[str]:
    stack = [node]
    while stack:  # iterative: a deeply nested file must not exhaust the recursion limit
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def svg_text(data: bytes) -> tuple[str, str | None]:
    """The text of an SVG drawing, and its title (or None)."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise CorruptFileError(f"not a readable SVG file ({exc})") from exc
    lines, title = [], None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in SVG_TEXT_TAGS:
            words = " ".join("".join(element.itertext()).split())
            if words:
                lines.append(words)
                if tag == "title" and title is None:
                    title = words
    if not lines:
        raise EmptyDocumentError("the SVG holds no text")
    return "\n".join(lines), title
