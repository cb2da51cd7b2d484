"""A message's envelope (sender, recipients, date, subject, ids) and body in, the reader's ``Extracted`` out.

Every mail reader (RFC 822, Outlook .msg and .pst, TNEF) fills an ``Envelope`` and calls ``extracted``,
so all messages look the same downstream: page 1 is the header lines (From, To, Cc, Bcc, Date, Subject)
then a blank line then the body; the sent date is a DATE mark on the characters of the Date line's
value; ``email`` is the metadata of ``documents.email``; ``people`` has one row per address.

A name is a person only when it comes with an address: a bare phrase in an address header (an MHT
file's ``From: <Saved by Windows Internet Explorer 7>``) names no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header, decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime

from extractors.read.parts import Extracted, PageContent

# (header label, Envelope attribute, people role)
ADDRESS_FIELDS = (
    ("From", "sender", "from"),
    ("To", "to", "to"),
    ("Cc", "cc", "cc"),
    ("Bcc", "bcc", "bcc"),
    ("Reply-To", "reply_to", "reply-to"),
)


@dataclass(frozen=True)
class Address:
    """One mailbox of an address header; ``address`` is empty for a bare phrase. ``mailbox`` says
    the name is a mailbox's display name even without an address (a structured Outlook field), so
    it still names a person; a phrase in an RFC 822 header does not."""

    name: str
    address: str
    mailbox: bool = False

    def shown(self) -> str:
        if self.name and self.address and self.name.casefold() != self.address.casefold():
            return f"{self.name} <{self.address}>"
        return self.name or self.address

    def as_dict(self) -> dict:
        return {"name": self.name, "address": self.address}


@dataclass
class Envelope:
    """What a message says about itself, already decoded to text."""

    sender: list[Address] = field(default_factory=list)
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    bcc: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    date: str = ""  # the Date header as written (or a date the format stores, ISO 8601)
    subject: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    # more header lines a format carries (an appointment's Start, a contact's Company), shown after Subject
    extra: list[tuple[str, str]] = field(default_factory=list)


def header_text(value: object) -> str:
    """A header value as text: encoded words decoded, 8-bit bytes read as UTF-8 (else Windows-1252),
    folding and runs of white space collapsed. An unknown or wrong charset never fails."""
    if value is None:
        return ""
    raw = raw_text(value)
    if "=?" in raw:
        try:
            raw = str(make_header(decode_header(raw)))
        except (LookupError, UnicodeError, ValueError, AssertionError):
            raw = _decode_words_leniently(raw)
    return " ".join(raw.split())


def raw_text(value: object) -> str:
    """A header value as a string, its raw 8-bit bytes (kept by the parser as surrogates or as an
    ``unknown-8bit`` Header) read as UTF-8, else Windows-1252; encoded words left as they are."""
    if isinstance(value, Header):
        return "".join(
            chunk if isinstance(chunk, str) else decode_bytes(chunk, charset) for chunk, charset in decode_header(value)
        )
    raw = str(value)
    return _undo_surrogates(raw) if _has_surrogates(raw) else raw


def _undo_surrogates(raw: str) -> str:
    data = raw.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _decode_words_leniently(raw: str) -> str:
    try:
        chunks = decode_header(raw)
    except (ValueError, AssertionError):
        return raw
    out = []
    for chunk, charset in chunks:
        out.append(chunk if isinstance(chunk, str) else decode_bytes(chunk, charset))
    return " ".join(out)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` in ``charset``; an unknown charset or bytes that do not fit it fall back to UTF-8 and
    then Windows-1252, so a mislabelled part still reads."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(_codec(candidate))
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def _codec(charset: str) -> str:
    name = charset.strip().strip('"').lower()
    # labels mailers write that Python does not know, or knows too narrowly
    return {"x-unknown": "utf-8", "unknown-8bit": "utf-8", "gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)


def parse_addresses(values: list[object]) -> list[Address]:
    """The mailboxes of one or more raw address headers (folded lines, encoded names, commas in
    quoted names all handled). Encoded words are decoded after splitting, so a decoded comma cannot
    split a name."""
    raw = [raw_text(v) for v in values if v is not None]
    if not raw:
        return []
    found = []
    for name, address in getaddresses(raw):
        name, address = header_text(name), " ".join(address.split())
        if not address and not name:
            continue
        if " " in address and "@" not in address:  # "<Saved by ...>": a phrase, not a mailbox
            name, address = name or address, ""
        found.append(Address(name.strip("'\" "), address.strip("<>")))
    return found


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def address_list(text: str) -> list[Address]:
    """Mailboxes from a display string such as Outlook's ``Jane Roe <jane@x.org>; John Doe``."""
    return parse_addresses([text.replace(";", ",")]) if text.strip() else []


def message_ids(value: object) -> list[str]:
    """The ``<id>`` tokens of a Message-ID, In-Reply-To or References header."""
    text = header_text(value)
    ids = re.findall(r"<[^<>\s]+>", text)
    return ids or ([text] if text else [])


def sent_datetime(value: str) -> datetime | None:
    """The date of a Date header (RFC 2822, or ISO 8601 as stored by Outlook formats), or None."""
    value = value.strip()
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def extracted(envelope: Envelope, body: str) -> Extracted:
    """The ``Extracted`` of a message: header lines, a blank line, the body; marks, metadata, people."""
    lines: list[str] = []
    length = 0
    marks = []
    when = sent_datetime(envelope.date)

    def add(label: str, value: str) -> int:
        nonlocal length
        line = f"{label}: {value}"
        lines.append(line)
        start = length + len(label) + 2
        length += len(line) + 1
        return start

    for label, attr, _ in ADDRESS_FIELDS[:4]:
        shown = ", ".join(a.shown() for a in getattr(envelope, attr) if a.shown())
        if shown:
            add(label, shown)
    if envelope.date:
        start = add("Date", envelope.date)
        if when is not None:
            marks.append((1, start, start + len(envelope.date), "DATE", when.date().isoformat()))
    if envelope.subject:
        add("Subject", envelope.subject)
    for label, value in envelope.extra:
        if value.strip():
            add(label, " ".join(value.split()))
    text = "\n".join(lines)
    body = body.strip("\n")
    if body.strip():
        text = f"{text}\n\n{body}" if text else body
    if not text.strip():
        return Extracted(pages=[], title=envelope.subject or None, email=email_metadata(envelope, when))
    return Extracted(
        pages=[PageContent(text)],
        title=envelope.subject or None,
        published=when.date().isoformat() if when else None,
        email=email_metadata(envelope, when),
        people=people(envelope),
        marks=marks,
    )


def email_metadata(envelope: Envelope, when: datetime | None) -> dict:
    """The ``documents.email`` record of a message."""
    return {
        "from": envelope.sender[0].as_dict() if envelope.sender else None,
        "to": [a.as_dict() for a in envelope.to],
        "cc": [a.as_dict() for a in envelope.cc],
        "bcc": [a.as_dict() for a in envelope.bcc],
        "reply_to": [a.as_dict() for a in envelope.reply_to],
        "date": when.isoformat() if when else (envelope.date or None),
        "subject": envelope.subject or None,
        "message_id": envelope.message_id or None,
        "in_reply_to": envelope.in_reply_to or None,
        "references": list(envelope.references),
    }


def people(envelope: Envelope) -> list[tuple[str, str, str]]:
    """One (name, address, role) per mailbox with an address (or a mailbox's display name); the same
    person in the same role once."""
    seen = set()
    rows = []
    for _, attr, role in ADDRESS_FIELDS:
        for a in getattr(envelope, attr):
            if not a.address and not (a.mailbox and a.name):
                continue
            name = "" if a.name.casefold() == a.address.casefold() else a.name
            key = (name, a.address.casefold(), role)
            if key not in seen:
                seen.add(key)
                rows.append((name, a.address, role))
    return rows
