"""Places and names the model missed: raw Mentions and their Pages in, the same Mentions plus the
missed ones out (``source="ner"``, label ``RECALL``), before normalisation.

Two general rules: a whole run of capitalised words that the gazetteer knows as a country, a first-level
subdivision or a major city is a PLACE; a run the model tagged elsewhere in the document gets that type.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from extractors.normalize.gazetteer import MAJOR_CITY_POPULATION, place_candidates
from extractors.records import Mention, Page

_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-zA-Z'’.-]*(?:[ ][A-Z][a-zA-Z'’.-]*)*")
# cities of at least MAJOR_CITY_POPULATION are tagged wherever the model missed them; smaller ones only
# when a country or province follows ("Napier, New Zealand")


def add_missed_mentions(pages: Iterable[Page], mentions: list[Mention]) -> list[Mention]:
    """The model's mentions plus places and names it missed, found by two general rules.

    - Gazetteer: a whole run of capitalised words that is a country, a first-level subdivision or a
      major city (or any city when ", Country" follows) is a PLACE.
    - Label propagation: a run of capitalised words the model tagged elsewhere in the same document
      gets the same type here.

    Only whole capitalised runs count, so a word inside a longer name ("Calgary" in "University of
    Calgary" is a run of its own only when written alone) is never cut out of it.
    """
    by_document: dict[str, list[Mention]] = {}
    for m in mentions:
        by_document.setdefault(m.document_id, []).append(m)
    added: list[Mention] = []
    for page in pages:
        known = by_document.get(page.document_id, [])
        taken = bytearray(len(page.text) + 1)  # characters already inside a mention
        for m in known:
            if m.page == page.page:
                taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        surfaces: dict[str, Counter] = {}
        for m in known:
            if m.source == "ner" and "\n" not in m.text and m.text[:1].isupper():
                surfaces.setdefault(m.text, Counter())[m.type] += 1
        text = page.text
        for match in _CAPITALISED_RUN.finditer(text):
            start, end = match.start(), match.end()
            value = match.group(0)
            for suffix in ("’s", "'s", "."):
                if value.endswith(suffix) and len(value) > len(suffix) + 1:
                    value = value[: -len(suffix)]
                    end -= len(suffix)
            if any(taken[start:end]):
                continue
            entity_type = None
            if value in surfaces:
                entity_type = surfaces[value].most_common(1)[0][0]
            else:
                candidates = place_candidates(value)
                if candidates:
                    first = candidates[0]
                    followed = re.match(r",\s*[A-Z]", text[end : end + 3]) is not None
                    if first.kind in ("country", "subdivision") and "." not in value:
                        entity_type = "PLACE"
                    elif first.kind == "city" and (first.population >= MAJOR_CITY_POPULATION or followed):
                        entity_type = "PLACE"
            if entity_type is None:
                continue
            added.append(Mention.on_page(page, start, end, type=entity_type, source="ner", label="RECALL"))
            taken[start:end] = b"\x01" * (end - start)
    return mentions + added
