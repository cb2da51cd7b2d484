"""Outlook ``.msg`` items: the OLE file in, the item's page, envelope and people out, its attachments
(and embedded messages, as ``.msg`` files of their own) as parts.

Read with extract-msg. A note (``IPM.Note`` and its kinds) becomes a message page like an e-mail's
(``envelope.extracted``); a contact (``IPM.Contact``) a page of its fields with the contact table
cards use (one PERSON with its attributes); an appointment or meeting (``IPM.Appointment``,
``IPM.Schedule.Meeting``) a message page with its start, end and location; any other item class its
subject, fields and body.

8-bit string properties are decoded with the message's code page: PR_MESSAGE_CODEPAGE, else
PR_INTERNET_CPID (extract-msg otherwise falls back to ISO-8859-15, which turns a Big5 message into
mojibake). Names and addresses come from the structured sender and recipient properties, never from
parsing a display string, so ``Allison, Timothy B.`` stays one person.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path, PurePosixPath

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.cards import CONTACT_HEADER
from extractors.read.mail.body import best_body, html_to_text, rtf_to_text
from extractors.read.mail.envelope import Address, Envelope, decode_bytes, extracted, message_ids, parse_addresses
from extractors.read.mail.rfc822 import NameBook, clean_name_part
from extractors.read.parts import Extracted, PageBuilder, PartSink
from extractors.settings import Settings

log = logging.getLogger(__name__)

_RECIPIENT_FIELDS = {1: "to", 2: "cc", 3: "bcc"}


def read_msg(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Read one Outlook ``.msg`` item."""
    if Path(path).stat().st_size == 0:
        raise EmptyDocumentError("the .msg file is empty")
    item = open_msg(path)
    try:
        return item_extracted(item, sink)
    finally:
        item.close()


def open_msg(path: Path):
    """The extract-msg object of ``path``, opened again with the message code page when its strings
    are 8-bit and extract-msg guessed another one."""
    import extract_msg

    try:
        item = extract_msg.openMsg(str(path), strict=False, delayAttachments=False)
    except Exception as exc:  # olefile and extract-msg raise many types for a damaged file
        raise CorruptFileError(f"not a readable Outlook .msg file ({_reason(exc)})") from exc
    encoding = code_page(item)
    if encoding and encoding != item.stringEncoding:
        item.close()
        try:
            item = extract_msg.openMsg(str(path), strict=False, delayAttachments=False, overrideEncoding=encoding)
        except Exception as exc:
            raise CorruptFileError(f"not a readable Outlook .msg file ({_reason(exc)})") from exc
    return item


def code_page(item) -> str | None:
    """The encoding of an item's 8-bit strings (None when its strings are Unicode or it says none)."""
    from extract_msg.encoding import lookupCodePage

    if getattr(item, "areStringsUnicode", True):
        return None
    for prop in ("3FFD0003", "3FDE0003"):  # PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID
        value = _safe(lambda p=prop: item.getPropertyVal(p))
        if isinstance(value, int) and value:
            try:
                return lookupCodePage(value)
            except Exception:  # an unknown code page id: try the next property
                continue
    return None


def item_extracted(item, sink: PartSink) -> Extracted:
    """The ``Extracted`` of an opened .msg item of any class; its attachments go to ``sink``."""
    kind = (_safe(lambda: item.classType) or "IPM.Note").upper()
    _attachments(item, sink)
    if kind.startswith("IPM.CONTACT"):
        return contact_extracted(item)
    envelope = envelope_of(item)
    if kind.startswith(("IPM.APPOINTMENT", "IPM.SCHEDULE.MEETING")):
        envelope.extra = _appointment_lines(item)
    elif not kind.startswith("IPM.NOTE"):
        envelope.extra = [("Item", item.classType)] + _field_lines(item)
    return extracted(envelope, item_body(item))


def envelope_of(item) -> Envelope:
    envelope = Envelope(
        sender=_sender(item),
        date=_sent_date(item),
        subject=" ".join((_safe(lambda: item.subject) or "").split()),
        message_id=(message_ids(_safe(lambda: item.messageId)) or [""])[0],
        in_reply_to=(message_ids(_safe(lambda: item.inReplyTo)) or [""])[0],
    )
    for recipient in _safe(lambda: item.recipients) or []:
        field = _RECIPIENT_FIELDS.get(_safe(lambda r=recipient: int(r.type)), "to")
        address = _mailbox(_safe(lambda r=recipient: r.name), _safe(lambda r=recipient: r.email))
        if address:
            getattr(envelope, field).append(address)
    return envelope


def _sender(item) -> list[Address]:
    name = _string(item, "0C1A") or _string(item, "0042")  # PR_SENDER_NAME, PR_SENT_REPRESENTING_NAME
    address = ""
    for stream in ("5D01", "5D02", "0C1F", "0065"):  # SMTP addresses first, then whatever is stored
        value = _string(item, stream)
        if value and "@" in value:
            address = value
            break
    found = _mailbox(name, address)
    header = _safe(lambda: item.header)
    value = header.get("From") if header is not None else None
    from_header = parse_addresses([value]) if value else []  # the transport headers, when stored
    if found is None:
        return from_header
    if not found.address and from_header and from_header[0].address:
        found = Address(found.name, from_header[0].address, mailbox=True)
    return [found]


def _string(item, prop: str) -> str | None:
    value = _safe(lambda: item.getStringStream(f"__substg1.0_{prop}"))
    return value if isinstance(value, str) else None


def _mailbox(name: str | None, address: str | None) -> Address | None:
    name = " ".join((name or "").split()).strip("'\"")
    address = (address or "").strip()
    if "@" not in address:  # an Exchange distinguished name (/O=ORG/OU=...), not a mail address
        address = ""
    if not name and not address:
        return None
    return Address(name, address, mailbox=True)


def _sent_date(item) -> str:
    header = _safe(lambda: item.header)
    value = header.get("Date") if header is not None else None
    if value:
        return " ".join(str(value).split())
    when = _safe(lambda: item.date)
    return format_datetime(when) if isinstance(when, datetime) and when.tzinfo else ""


def item_body(item) -> str:
    """The item's body: the plain rendering, with what the HTML (else RTF) rendering adds."""
    plain = _safe(lambda: item.body)
    html_text = rtf_text = None
    html = _safe(lambda: item.htmlBody)
    if html:
        html_text = html_to_text(decode_bytes(html, _html_charset(item)))
    if not html_text:
        rtf = _safe(lambda: item.rtfBody)
        if rtf:
            rtf_text = rtf_to_text(rtf.decode("latin-1"))
    return best_body(plain if isinstance(plain, str) else None, html_text, rtf_text)


def _html_charset(item) -> str | None:
    from extract_msg.encoding import lookupCodePage

    cpid = _safe(lambda: item.getPropertyVal("3FDE0003"))
    try:
        return lookupCodePage(cpid) if isinstance(cpid, int) and cpid else None
    except Exception:  # an unknown code page id
        return None


def _appointment_lines(item) -> list[tuple[str, str]]:
    lines = []
    for label, attr in (("Start", "appointmentStartWhole"), ("End", "appointmentEndWhole"), ("Location", "location")):
        value = _safe(lambda a=attr: getattr(item, a))
        if isinstance(value, datetime):
            value = value.isoformat()
        if value:
            lines.append((label, str(value)))
    organizer = _safe(lambda: item.organizer)
    if organizer:
        lines.append(("Organizer", str(organizer)))
    return lines


def _field_lines(item) -> list[tuple[str, str]]:
    """Every filled field extract-msg names for the item's class, as (label, value)."""
    sections = _safe(lambda: item.headerFormatProperties) or {}
    lines = []
    for fields in sections.values():
        for label, value in (fields or {}).items() if isinstance(fields, dict) else ():
            if isinstance(value, (list, tuple)):
                value = "; ".join(str(v) for v in value if v)
            if isinstance(value, datetime):
                value = value.isoformat()
            if value not in (None, "") and str(value).strip():
                lines.append((label, " ".join(str(value).split())))
    return lines


def contact_extracted(item) -> Extracted:
    """A contact: its fields, the contact table (one row), its notes; the contact as a person."""
    name = " ".join(
        p
        for p in (_safe(lambda a=a: getattr(item, a)) for a in ("givenName", "middleName", "surname", "generation"))
        if p
    ) or " ".join((_safe(lambda: item.displayName) or _safe(lambda: item.subject) or "").split())
    emails = [e for e in (_safe(lambda a=a: getattr(item, a)) for a in _EMAILS) if e and "@" in e]
    phones = [p for p in (_safe(lambda a=a: getattr(item, a)) for a in _PHONES) if p]
    builder = PageBuilder()
    builder.paragraph("\n".join(f"{label}: {value}" for label, value in [("Contact", name), *_field_lines(item)]))
    city = _safe(lambda: item.workAddressLocality) or _safe(lambda: item.homeAddressLocality) or ""
    country = _safe(lambda: item.workAddressCountry) or _safe(lambda: item.homeAddressCountry) or ""
    row = [
        name,
        _safe(lambda: item.jobTitle) or "",
        _safe(lambda: item.companyName) or "",
        city,
        country,
        emails[0] if emails else "",
        phones[0] if phones else "",
        "; ".join(emails[1:] + phones[1:]),
    ]
    builder.table([CONTACT_HEADER + ["More"], [str(v) for v in row]])
    builder.paragraph((_safe(lambda: item.body) or "").replace("\r\n", "\n").strip())
    people = [(name, emails[0] if emails else "", "contact")] if name or emails else []
    return Extracted(pages=[builder.page()], title=name or None, people=people)


_EMAILS = ("email1EmailAddress", "email2EmailAddress", "email3EmailAddress")
_PHONES = (
    "businessTelephoneNumber",
    "mobileTelephoneNumber",
    "homeTelephoneNumber",
    "primaryTelephoneNumber",
    "companyMainTelephoneNumber",
)


def _attachments(item, sink: PartSink) -> None:
    names = NameBook()
    for number, attachment in enumerate(_safe(lambda: item.attachments) or [], start=1):
        if sink.full:
            return
        data = _safe(lambda a=attachment: a.data)
        label = _attachment_name(attachment, number)
        if isinstance(data, (bytes, bytearray)):
            sink.add(names.unique(label), bytes(data))
        elif data is not None and hasattr(data, "exportBytes"):  # an embedded Outlook item
            if PurePosixPath(label).suffix.lower() != ".msg":
                label = f"{label}.msg"
            try:
                sink.add(names.unique(label), data.exportBytes())
            except Exception as exc:  # extract-msg's OLE writer on an odd embedded item
                sink.skip(label, f"the embedded message could not be copied out ({_reason(exc)})", status="failed")
        else:
            sink.skip(label, "the attachment is a link to a file not stored in the message, or unreadable")


def _attachment_name(attachment, number: int) -> str:
    for attr in ("longFilename", "shortFilename", "displayName", "name"):
        value = _safe(lambda a=attr: getattr(attachment, a))
        if isinstance(value, str) and clean_name_part(value):
            name = clean_name_part(value)
            break
    else:
        name = f"attachment-{number}"
    if not PurePosixPath(name).suffix:
        extension = _safe(lambda: attachment.extension)
        if isinstance(extension, str) and extension.startswith(".") and len(extension) <= 10:
            name += extension
    return name


def _safe(read):
    """A property of an extract-msg object, or None when reading it fails (a damaged stream, a
    property whose type extract-msg does not know)."""
    try:
        return read()
    except Exception as exc:
        log.debug("extract-msg property not readable: %s", exc)
        return None


def _reason(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
