"""Saved web articles: HTML bytes in, title, publication date and main text out.

Main-text extraction is trafilatura's (boilerplate such as menus and footers is dropped); the page text
is the title followed by the article body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.text import decode_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Article:
    title: str | None
    published: str | None  # ISO date
    text: str
    language: str | None


def read_article(data: bytes) -> Article:
    """Extract the article from the HTML ``data``."""
    html, _ = decode_text(data)
    if not html.strip():
        raise EmptyDocumentError("the HTML file has no content")
    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    except Exception as exc:  # trafilatura wraps lxml, which raises many types
        raise CorruptFileError(f"HTML could not be parsed: {exc}".splitlines()[0]) from exc
    if result is None or not (result.text or "").strip():
        raise EmptyDocumentError("no article text found in the HTML")
    title = (result.title or "").strip() or None
    body = result.text.strip()
    text = body if title is None or body.startswith(title) else f"{title}\n\n{body}"
    published = result.date if result.date else None
    return Article(title=title, published=published, text=text, language=result.language)
