"""Pattern entities: page texts in, EMAIL, PHONE and URL mentions out.

Phones are found and validated by ``phonenumbers`` (Google's libphonenumber), not by a regex; numbers
written without a country code are read in the configured default region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from extractors.records import Mention, Page

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b"
)
URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]",
    re.IGNORECASE,
)


def find_patterns(pages: Iterable[Page], *, phone_region: str = "US") -> list[Mention]:
    mentions: list[Mention] = []
    for page in pages:
        text = page.text
        emails = []
        for match in EMAIL_RE.finditer(text):
            emails.append((match.start(), match.end()))
            mentions.append(_mention(page, match.start(), match.end(), "EMAIL"))
        for match in URL_RE.finditer(text):
            if any(s <= match.start() < e for s, e in emails):
                continue
            mentions.append(_mention(page, match.start(), match.end(), "URL"))
        region = phone_region.upper() if phone_region else None
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            mentions.append(_mention(page, match.start, match.end, "PHONE"))
    return mentions


def _mention(page: Page, start: int, end: int, entity_type: str) -> Mention:
    return Mention.on_page(page, start, end, type=entity_type, source="pattern", label=entity_type)
