"""Places: a PLACE mention's surface in, ``(canonical name, ISO 3166-1 alpha-2 country or None)`` out.

Names are looked up in the gazetteer (``extractors.normalize.gazetteer``); a leading article, a
possessive ending and the words of an administrative unit ("City of", "Province") come off first when
the name as written is not known. ``_known_place`` and ``_major_place`` are the gazetteer tests the
span repair of ``extractors.normalize.spans`` asks.

A name in another language or in a caseless script (北京市, 法国, Londres, Москва) is looked up among
the gazetteer's other names (``localised_candidates``) and keeps its written form as its name; a
Chinese address (北京市海淀区中关村大街) takes the country of the longest place name it starts with.
"""

from __future__ import annotations

import re

from extractors.mentions.chinese import place_abbreviations, to_simplified
from extractors.normalize.gazetteer import (
    MAJOR_CITY_POPULATION,
    choose_country,
    is_known_place,
    localised_candidates,
    place_candidates,
)
from extractors.normalize.surface import _LEADING_ARTICLE, _POSSESSIVE, _squash

_PLACE_PREFIX = re.compile(r"^(?:City|Town|Municipality|Village|Province|State|Republic) of\s+", re.I)
_PLACE_SUFFIX = re.compile(r"\s+(?:Province|Autonomous Region|Region|District|State|Prefecture|City)$")


def _major_place(value: str) -> bool:
    """A country, a first-level subdivision or a city of 250,000 people or more."""
    return any(p.kind != "city" or p.population >= MAJOR_CITY_POPULATION for p in place_candidates(_squash(value)))


def _known_place(value: str) -> bool:
    return is_known_place(_squash(value))


_CASELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: administrative words ending a Chinese place name (北京市 -> 北京), longest first
_CJK_PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|地区|省|市|县|区)$")
#: the shortest start of an address looked up: two characters (a one-character prefix is no name)
_MIN_CJK_PLACE = 2


def _localised_place(value: str, language: str | None) -> tuple[str, str | None] | None:
    candidates = localised_candidates(value, language)
    if not candidates and _CASELESS.search(value):
        # Traditional characters looked up in their Simplified form too (廣東 as 广东); the name kept
        candidates = localised_candidates(simplified := to_simplified(value), language)
        bare = _CJK_PLACE_SUFFIX.sub("", simplified)
        if not candidates and bare != simplified and len(bare) >= _MIN_CJK_PLACE:
            candidates = localised_candidates(bare, language)
        for end in range(len(value) - 1, _MIN_CJK_PLACE - 1, -1):
            if candidates:
                break
            candidates = localised_candidates(simplified[:end], language)
    if not candidates:
        return None
    # a country, or in Han script a province (湖南: Hunan, not the Japanese town Konan), before any city
    first = ("country", "continent", "subdivision") if _CASELESS.search(value) else ("country", "continent")
    best = candidates[0] if candidates[0].kind in first else choose_country(candidates, ())
    return value, best.country


def normalize_place(surface: str, *, language: str | None = None) -> tuple[str, str | None] | None:
    """``(canonical name, ISO 3166-1 alpha-2 country or None)`` for a place name.

    Without context the largest place of that name wins; ``extractors.resolve.aliases`` re-decides ambiguous
    names ("Victoria", "Richmond") by the evidence of the document. ``language`` (ISO 639-1) is the
    mention's: in a language other than English its other names are looked up first.
    """
    value = _squash(surface)
    if _CASELESS.search(value):
        value = value.strip(" ,.;:、，。")
        if len(value) < _MIN_CJK_PLACE:
            return place_abbreviations().get(value)
        return _localised_place(value, language) or (value, None)
    if language != "en":  # Cyrillic names by their script; Latin ones only with a language
        local = _localised_place(value, language)
        if local is not None:
            return local
    value = _LEADING_ARTICLE.sub("", value)
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
    # a country, or in Han script a province (湖南: Hunan, not the Japanese town Konan), before any city
    first = ("country", "continent", "subdivision") if _CASELESS.search(value) else ("country", "continent")
    best = candidates[0] if candidates[0].kind in first else choose_country(candidates, ())
    if best.kind == "subdivision" and "." in value:
        return value, None  # an abbreviation is only resolved with the document's context
    return best.name, best.country
