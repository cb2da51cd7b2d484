"""Places: a PLACE mention's surface in, ``(canonical name, ISO 3166-1 alpha-2 country or None)`` out.

Names are looked up in the gazetteer (``extractors.normalize.gazetteer``); a leading article, a
possessive ending and the words of an administrative unit ("City of", "Province") come off first when
the name as written is not known. ``_known_place`` and ``_major_place`` are the gazetteer tests the
span repair of ``extractors.normalize.spans`` asks.
"""

from __future__ import annotations

import re

from extractors.normalize.gazetteer import MAJOR_CITY_POPULATION, choose_country, is_known_place, place_candidates
from extractors.normalize.surface import _LEADING_ARTICLE, _POSSESSIVE, _squash

_PLACE_PREFIX = re.compile(r"^(?:City|Town|Municipality|Village|Province|State|Republic) of\s+", re.I)
_PLACE_SUFFIX = re.compile(r"\s+(?:Province|Autonomous Region|Region|District|State|Prefecture|City)$")


def _major_place(value: str) -> bool:
    """A country, a first-level subdivision or a city of 250,000 people or more."""
    return any(p.kind != "city" or p.population >= MAJOR_CITY_POPULATION for p in place_candidates(_squash(value)))


def _known_place(value: str) -> bool:
    return is_known_place(_squash(value))


def normalize_place(surface: str) -> tuple[str, str | None] | None:
    """``(canonical name, ISO 3166-1 alpha-2 country or None)`` for a place name.

    Without context the largest place of that name wins; ``extractors.resolve.aliases`` re-decides ambiguous
    names ("Victoria", "Richmond") by the evidence of the document.
    """
    value = _LEADING_ARTICLE.sub("", _squash(surface))
    if not _known_place(value):
        value = _POSSESSIVE.sub("", value).strip()
    if len(value) < 2 or not value[0].isalpha() or not value[0].isupper():
        return None
    candidates = place_candidates(value)
    for pattern in (_PLACE_PREFIX, _PLACE_SUFFIX):
        bare = pattern.sub("", value)
        if not candidates and bare != value and len(bare) > 2:
            candidates = place_candidates(bare)
    if not candidates:
        return value, None
    best = candidates[0] if candidates[0].kind in ("country", "continent") else choose_country(candidates, ())
    if best.kind == "subdivision" and "." in value:
        return value, None  # an abbreviation is only resolved with the document's context
    return best.name, best.country
