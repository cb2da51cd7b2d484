"""Layout: a span of a page's text in, whether the page's layout says it names nobody.

Quoted titles of works ("Hidden Hand"), section headings (a short line between blank lines) and
fragments of headlines (a title-case line, an ALL-CAPS line) are capitalised like names but name no
person or organisation. Each test reads only the text around the span; ``_dropped_by_layout`` combines
them with how often the document writes the name, for the normalising stage to drop such spans.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.normalize.wordlists import word_list

_QUOTE_OPEN = '“"‘«'
_QUOTE_CLOSE = '”"’»'
_TITLE_LINE_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
_MINOR_WORDS = word_list("minor_words")

#: a title-case headline has at least this many words; a shorter capitalised line may be a name itself
_HEADLINE_MIN_WORDS = 5
#: share of a headline's words that are capitalised (or minor words): nearly all, at most one word
#: in ten left in lower case
_HEADLINE_CAPITALISED_SHARE = 0.9
#: an ALL-CAPS line of this many words or more is a headline; one or two capitalised words may be a
#: name or an acronym set on a line of its own
_CAPS_HEADLINE_MIN_WORDS = 3
#: on an ALL-CAPS headline a name this short is kept: an acronym ("EU", "WHO")
_CAPS_ACRONYM_MAX_LENGTH = 3
#: a heading line is dropped when the document writes that name no more often than this (only there)
_HEADING_MAX_REPEATS = 1
#: a title-case headline fragment of this many words or more is dropped ...
_HEADLINE_FRAGMENT_MIN_WORDS = 4
#: ... when the document writes it no more often than this (a headline is often written twice: as
#: the page's title and as its heading)
_HEADLINE_MAX_REPEATS = 2


def is_quoted_title(text: str, start: int, end: int) -> bool:
    """Whether a span is exactly what a pair of quotation marks holds (a book, film or slogan)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end : end + 2].lstrip(",.")[:1]
    return before in _QUOTE_OPEN and after in _QUOTE_CLOSE


def is_heading_line(text: str, start: int, end: int) -> bool:
    """Whether a span is the whole of a short line set apart by blank lines (a section heading)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    before = text[max(0, line_start - 2) : line_start]
    after = text[line_end : line_end + 2]
    return before == "\n\n" and after == "\n\n"


def is_title_case_line(text: str, start: int, end: int) -> bool:
    """Whether a span lies on a headline: a line of five or more words, nearly all capitalised."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : (len(text) if line_end < 0 else line_end)]
    words = _TITLE_LINE_WORDS.findall(line)
    if len(words) < _HEADLINE_MIN_WORDS or line.rstrip().endswith("."):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _MINOR_WORDS)
    return capitalised / len(words) >= _HEADLINE_CAPITALISED_SHARE


def is_caps_headline(text: str, start: int, end: int) -> bool:
    """Whether a span lies on an ALL-CAPS line of three or more words that is no byline."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : (len(text) if line_end < 0 else line_end)]
    words = _TITLE_LINE_WORDS.findall(line)
    return len(words) >= _CAPS_HEADLINE_MIN_WORDS and line.isupper() and not re.search(r"\bBY\b", line)


def _dropped_by_layout(text: str, start: int, end: int, surfaces: Counter) -> bool:
    """Quoted titles of works, section headings and headline fragments name no person or organisation.

    On an ALL-CAPS headline a name the text never writes again in ordinary case is a fragment
    ("DATA TRANSFERS"); a short acronym ("EU") stays.
    """
    if is_quoted_title(text, start, end):
        return True
    surface = " ".join(text[start:end].split())
    if is_caps_headline(text, start, end) and len(surface) > _CAPS_ACRONYM_MAX_LENGTH:
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in surface.split()) + r"\b"
        if not any(m.group(0) != text[start:end] for m in re.finditer(pattern, text, re.I)):
            return True
    if is_heading_line(text, start, end) and surfaces[surface] <= _HEADING_MAX_REPEATS:
        return True
    return (
        len(surface.split()) >= _HEADLINE_FRAGMENT_MIN_WORDS
        and is_title_case_line(text, start, end)
        and surfaces[surface] <= _HEADLINE_MAX_REPEATS
    )
