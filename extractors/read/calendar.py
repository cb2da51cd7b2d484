"""Calendars (iCalendar ``.ics``, vCalendar 1.0 ``.vcs``): file bytes in, the events as text and their
organisers and attendees as a people table out.

Read line by line rather than with a strict parser: calendars exported by old tools are often
malformed (an ``END:VEVENT`` glued to the line before it, a missing ``END``), and a strict parser
then loses every event. Folded lines are unfolded, ``QUOTED-PRINTABLE`` and ``CHARSET`` parameters
(vCalendar 1.0) decoded, text escapes (``\\n``, ``\\,``) undone. An event runs from ``BEGIN:VEVENT``
(or ``VTODO``) to its ``END``, the next ``BEGIN`` or the end of the file.
"""

from __future__ import annotations

import datetime as dt
import quopri
import re

from extractors.errors import EmptyDocumentError
from extractors.read.delimited import WrittenTable, written_table
from extractors.read.parts import PEOPLE_HEADER
from extractors.read.text import decode_text

_EVENTS = ("VEVENT", "VTODO", "VJOURNAL")
_LINE = re.compile(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")


def read_calendar(data: bytes) -> tuple[str, WrittenTable | None]:
    """A calendar's events as text, and its organisers and attendees as a people table (or None)."""
    text, _ = decode_text(data)
    lines: list[str] = []
    people: list[list[str]] = []
    for event in _events(_properties(text)):
        for key, label in (("SUMMARY", ""), ("DTSTART", "When: "), ("DTEND", "Until: "), ("LOCATION", "Where: ")):
            for _, value in event.get(key, [])[:1]:
                if value.strip():
                    lines.append(label + (_when(value) if key.startswith("DT") else value.strip()))
        for role, key in (("organiser", "ORGANIZER"), ("attendee", "ATTENDEE")):
            for params, value in event.get(key, []):
                name = " ".join(params.get("CN", "").strip('"').split())
                address = re.sub(r"^mailto:", "", value.strip(), flags=re.I)
                people.append([name, address, role])
                lines.append(f"{role.capitalize()}: {name} <{address}>" if name else f"{role.capitalize()}: {address}")
        for _, value in event.get("DESCRIPTION", []):
            if value.strip():
                lines.append(value.strip())
        lines.append("")
    if not any(line.strip() for line in lines):
        raise EmptyDocumentError("the calendar holds no events")
    return "\n".join(lines), written_table([PEOPLE_HEADER] + people) if people else None


def _properties(text: str) -> list[tuple[str, dict[str, str], str]]:
    """(name, parameters, value) of every content line, folded lines joined."""
    unfolded: list[str] = []
    for raw in text.splitlines():
        if raw[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += raw[1:]
        elif unfolded and unfolded[-1].endswith("=") and "QUOTED-PRINTABLE" in unfolded[-1].upper():
            unfolded[-1] = unfolded[-1][:-1] + raw  # a quoted-printable soft line break
        else:
            unfolded.append(raw)
    out = []
    for line in unfolded:
        match = _LINE.match(line.strip())
        if not match:
            continue
        name, raw_params, value = match.groups()
        params = {}
        for item in raw_params.split(";")[1:]:
            key, _, val = item.partition("=")
            params[key.upper()] = val if val else key
        out.append((name.upper(), params, _value(value, params)))
    return out


def _value(value: str, params: dict[str, str]) -> str:
    if params.get("ENCODING", "").upper() in ("QUOTED-PRINTABLE", "QP") or "QUOTED-PRINTABLE" in params:
        charset = params.get("CHARSET", "utf-8")
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            value = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            value = raw.decode("latin-1")
    return re.sub(r"\\([nN,;\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _events(properties) -> list[dict[str, list[tuple[dict[str, str], str]]]]:
    events: list[dict] = []
    current: dict | None = None
    for name, params, value in properties:
        if name == "BEGIN":
            current = {} if value.strip().upper() in _EVENTS else None
            if current is not None:
                events.append(current)
        elif name == "END":
            current = None
        elif current is not None:
            current.setdefault(name, []).append((params, value))
    return events


def _when(value: str) -> str:
    """An iCalendar date or date-time as ISO 8601 (as written when it is not one)."""
    value = value.strip()
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y%m%d"):
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt.endswith("Z"):
            return parsed.replace(tzinfo=dt.UTC).isoformat()
        return parsed.date().isoformat() if fmt == "%Y%m%d" else parsed.isoformat()
    return value
