"""Contact cards (vCard ``.vcf``): file bytes in, one page and one table out (calendars: ``calendar``).

Read with vobject. Each vCard is a row of a contact table (name, title,
organisation, city, country, e-mail, phone; a card's further e-mail addresses and numbers in one more
column), written out as CSV files are (``delimited.written_table``), so each card becomes one PERSON
with those attributes through the same table-row records as a staff list.
"""

from __future__ import annotations

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.delimited import WrittenTable, written_table
from extractors.read.text import decode_text

CONTACT_HEADER = ["Name", "Title", "Organisation", "City", "Country", "E-mail", "Phone"]


def read_vcards(data: bytes) -> WrittenTable:
    """Every card of a vCard file as a row of a contact table."""
    rows = []
    for card in _components(data, "VCARD"):
        emails = [str(line.value).strip() for line in card.contents.get("email", [])]
        phones = [str(line.value).strip() for line in card.contents.get("tel", [])]
        org = _first(card, "org")
        address = _first(card, "adr")
        row = [
            _name(card),
            str(_first(card, "title") or ""),
            " ".join(part for part in org if part) if isinstance(org, list) else str(org or ""),
            str(getattr(address, "city", "") or ""),
            str(getattr(address, "country", "") or ""),
            emails[0] if emails else "",
            phones[0] if phones else "",
        ]
        # further addresses and numbers: in the text (patterns find them), not the person's attributes
        rows.append(row + ["; ".join(emails[1:] + phones[1:])])
    if not rows:
        raise EmptyDocumentError("the file holds no vCard")
    return written_table([CONTACT_HEADER + ["More"]] + rows)


def _components(data: bytes, kind: str):
    import vobject

    text, _ = decode_text(data)
    try:
        return [c for c in vobject.readComponents(text, ignoreUnreadable=True) if c.name == kind]
    except Exception as exc:  # vobject's ParseError and friends
        raise CorruptFileError(f"not a readable vCard file ({str(exc).splitlines()[0][:160]})") from exc


def _first(component, key: str):
    lines = component.contents.get(key)
    return lines[0].value if lines else None


def _name(card) -> str:
    formatted = _first(card, "fn")
    if formatted:
        return " ".join(str(formatted).split())
    name = _first(card, "n")
    if name is None:
        return ""
    return " ".join(str(p) for p in (name.prefix, name.given, name.additional, name.family, name.suffix) if p)
