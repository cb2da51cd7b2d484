"""Written forms shared by the normalisers: a mention's surface text in, the same text folded out.

``_squash`` folds whitespace, composes Unicode and makes typographic apostrophes plain, the first step
of every canonical name. ``_LEADING_ARTICLE`` and ``_POSSESSIVE`` find the article before and the
possessive ending after an organisation's or a place's name, which span repair cuts off the span and
the normalisers off the name. (Names with a leading underscore are for this package only.)
"""

from __future__ import annotations

import re
import unicodedata

_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


def _squash(value: str) -> str:
    """Whitespace folded, Unicode composed, typographic apostrophes made plain (canonical names)."""
    value = unicodedata.normalize("NFC", value).replace("’", "'").replace("‘", "'")
    return " ".join(value.split())
