"""Contact cards and calendars (vCard ``.vcf``, iCalendar ``.ics``): file bytes in, one page and one table out.

Read with vobject (one library for both formats). Each vCard is a row of a contact table (name, title,
organisation, city, country, e-mail, phone; a card's further e-mail addresses and numbers in one more
column), written out as CSV files are (``delimited.written_table``), so each card becomes one PERSON
with those attributes through the same table-row records as a staff list. A calendar's events are
written as text (summary, when, where, description) for NER, and its organisers and attendees are rows
of a people table (name, e-mail, role).
"""

from __future__ import annotations

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.delimited import WrittenTable, written_table
from extractors.read.text import decode_text

CONTACT_HEADER = ["Name", "Title", "Organisation", "City", "Country", "E-mail", "Phone"]
PEOPLE_HEADER = ["Name", "E-mail", "Role"]


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


def read_calendar(data: bytes) -> tuple[str, WrittenTable | None]:
    """A calendar's events as text, and its organisers and attendees as a people table (or None)."""
    lines: list[str] = []
    people: list[list[str]] = []
    for calendar in _components(data, "VCALENDAR"):
        for event in calendar.contents.get("vevent", []):
            for key, label in (("summary", ""), ("dtstart", "When: "), ("location", "Where: ")):
                value = _first(event, key)
                if value:
                    lines.append(f"{label}{value.isoformat() if hasattr(value, 'isoformat') else value}")
            for role, key in (("organiser", "organizer"), ("attendee", "attendee")):
                for line in event.contents.get(key, []):
                    name = " ".join(line.params.get("CN", [""])[0].split())
                    address = str(line.value).removeprefix("mailto:").removeprefix("MAILTO:")
                    people.append([name, address, role])
                    lines.append(
                        f"{role.capitalize()}: {name} <{address}>" if name else f"{role.capitalize()}: {address}"
                    )
            description = _first(event, "description")
            if description:
                lines.append(str(description))
            lines.append("")
    if not lines:
        raise EmptyDocumentError("the calendar holds no events")
    return "\n".join(lines), written_table([PEOPLE_HEADER] + people) if people else None


def _components(data: bytes, kind: str):
    import vobject

    text, _ = decode_text(data)
    try:
        return [c for c in vobject.readComponents(text, ignoreUnreadable=True) if c.name == kind]
    except Exception as exc:  # vobject's ParseError and friends
        what = {"VCARD": "vCard", "VCALENDAR": "calendar"}[kind]
        raise CorruptFileError(f"not a readable {what} file ({str(exc).splitlines()[0][:160]})") from exc


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
