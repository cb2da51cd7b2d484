"""Contact details: the surface of an EMAIL, PHONE or URL mention in, its canonical form (or ``None``) out.

E-mail addresses are lower-cased; phone numbers are parsed by ``phonenumbers`` for a region and written
in E.164; URLs get a scheme when they start with "www." and a lower-cased scheme and host. Input that is
no address, number or URL gives ``None`` (the mention is dropped).
"""

from __future__ import annotations

import re

import phonenumbers


def normalize_email(surface: str) -> str | None:
    value = surface.strip().strip(".").lower()
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value) else None


def normalize_phone(surface: str, *, region: str = "US") -> str | None:
    try:
        number = phonenumbers.parse(surface, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_url(surface: str) -> str | None:
    value = surface.strip().rstrip(".,;:!?)")
    if not value:
        return None
    if value.lower().startswith("www."):
        value = "http://" + value
    scheme, sep, rest = value.partition("://")
    if not sep or not rest:
        return None
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"
