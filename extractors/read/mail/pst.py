"""Outlook data files (``.pst``, ``.ost``): the file in, every message out as an RFC 822 part.

Read with libpff (pypff), one message at a time, so a large mailbox is never held in memory. Each
message becomes an ``email.message.EmailMessage``: its headers from the stored transport headers when
the message came by mail, else from its MAPI properties (sender and recipients with their SMTP
addresses, the submit time); its body as text (the RTF rendering through striprtf when there is no
plain one) with the HTML rendering as an alternative; its attachments, and embedded messages as
attached messages. It is added as ``<folder path>/<N>.eml`` (``Top of Personal Folders/Inbox/1.eml``),
so the e-mail reader reads it like any message. The data file itself has no pages.
"""

from __future__ import annotations

import logging
import mimetypes
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import format_datetime, formataddr
from pathlib import Path

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.mail.body import rtf_to_text
from extractors.read.mail.envelope import decode_bytes, header_text, parse_addresses
from extractors.read.mail.rfc822 import NameBook, clean_name_part
from extractors.read.parts import Extracted, PartSink
from extractors.settings import Settings

log = logging.getLogger(__name__)

_ADDRESS_HEADERS = ("From", "To", "Cc", "Bcc", "Reply-To")
_OTHER_HEADERS = ("Date", "Subject", "Message-ID", "In-Reply-To", "References")
_RECIPIENT_HEADERS = {1: "To", 2: "Cc", 3: "Bcc"}
# MAPI property tags (the property id; the type is read from the entry)
_SUBJECT, _SENDER_NAME, _SENDER_EMAIL, _SENDER_SMTP = 0x0037, 0x0C1A, 0x0C1F, 0x5D01
_MESSAGE_ID, _IN_REPLY_TO, _BODY, _HTML, _CODEPAGE, _INTERNET_CPID = 0x1035, 0x1042, 0x1000, 0x1013, 0x3FFD, 0x3FDE
_DISPLAY_NAME, _EMAIL, _SMTP, _RECIPIENT_TYPE = 0x3001, 0x3003, 0x39FE, 0x0C15
_ATTACH_LONG_NAME, _ATTACH_NAME, _ATTACH_METHOD, _ATTACH_MIME = 0x3707, 0x3704, 0x3705, 0x370E
_EMBEDDED_MESSAGE = 5


def read_pst(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Every message of an Outlook data file as a part ``<folder path>/<N>.eml``."""
    import pypff

    if Path(path).stat().st_size == 0:
        raise EmptyDocumentError("the Outlook data file is empty")
    pst = pypff.file()
    try:
        pst.open(str(path))
        root = pst.get_root_folder()
    except (OSError, RuntimeError) as exc:  # libpff reports every damage as IOError
        raise CorruptFileError(f"not a readable Outlook .pst/.ost file ({_reason(exc)})") from exc
    try:
        _read_folder(root, [], sink)
    finally:
        pst.close()
    return Extracted(pages=[])


def _read_folder(folder, path: list[str], sink: PartSink) -> None:
    name = clean_name_part(_safe(lambda: folder.name) or "")
    here = path + [name] if name else path
    count = _safe(lambda: folder.number_of_sub_messages) or 0
    for index in range(count):
        if sink.full:
            return
        part = "/".join(here + [f"{index + 1}.eml"])
        try:
            message = message_eml(folder.get_sub_message(index))
            data = message.as_bytes()
        except Exception as exc:  # libpff on a damaged item, the e-mail package on a strange header
            sink.skip(part, f"the message could not be read ({_reason(exc)})", status="failed")
            continue
        sink.add(part, data)
    for index in range(_safe(lambda: folder.number_of_sub_folders) or 0):
        sub = _safe(lambda i=index: folder.get_sub_folder(i))
        if sub is not None and not sink.full:
            _read_folder(sub, here, sink)


def message_eml(item) -> EmailMessage:
    """An RFC 822 message built from a libpff message: headers, body, attachments."""
    props = _Props(item)
    message = EmailMessage()
    for key, value in _headers(item, props):
        try:
            message[key] = value
        except (ValueError, TypeError) as exc:  # a header the e-mail package refuses: keep the rest
            log.debug("header %s not kept: %s", key, exc)
    plain = props.text(_BODY)
    html = _html(item, props)
    if not (plain or "").strip():
        rtf = _safe(lambda: item.rtf_body)
        plain = rtf_to_text(rtf.decode("latin-1")) if rtf and not html else plain
    message.set_content((plain or "").replace("\r\n", "\n"))
    if html:
        message.add_alternative(html, subtype="html")
    _attachments(item, message)
    return message


def _headers(item, props: _Props) -> list[tuple[str, str]]:
    stored = _safe(lambda: item.transport_headers)
    parsed = HeaderParser(policy=compat32).parsestr(stored) if isinstance(stored, str) and stored.strip() else None
    mapi = _mapi_headers(item, props)
    headers = []
    for key in _ADDRESS_HEADERS + _OTHER_HEADERS:
        values = parsed.get_all(key, []) if parsed is not None else []
        if key in _ADDRESS_HEADERS and values:
            value = ", ".join(formataddr((a.name, a.address)) if a.address else a.name for a in parse_addresses(values))
        elif values:
            value = header_text(values[0])
        else:
            value = mapi.get(key, "")
        if value.strip():
            headers.append((key, value))
    return headers


def _mapi_headers(item, props: _Props) -> dict[str, str]:
    """Headers made from the message's MAPI properties (a draft, a sent item: no transport headers)."""
    headers = {}
    sender = _address(props.text(_SENDER_NAME), props.text(_SENDER_SMTP) or props.text(_SENDER_EMAIL))
    if sender:
        headers["From"] = sender
    recipients = _safe(lambda: item.recipients)
    for index in range(_safe(lambda: recipients.number_of_record_sets) or 0 if recipients is not None else 0):
        rprops = _Props(recipients, index, props.codepage)
        shown = _address(rprops.text(_DISPLAY_NAME), rprops.text(_SMTP) or rprops.text(_EMAIL))
        key = _RECIPIENT_HEADERS.get(rprops.integer(_RECIPIENT_TYPE) or 1, "To")
        if shown:
            headers[key] = f"{headers[key]}, {shown}" if key in headers else shown
    when = _safe(lambda: item.client_submit_time) or _safe(lambda: item.delivery_time)
    if isinstance(when, datetime):
        headers["Date"] = format_datetime(when.replace(tzinfo=when.tzinfo or UTC))
    subject = _safe(lambda: item.subject) or props.text(_SUBJECT) or ""
    headers["Subject"] = subject.lstrip("\x01\x02\x03\x04\x05")  # a stored subject may keep its prefix marker
    for key, tag in (("Message-ID", _MESSAGE_ID), ("In-Reply-To", _IN_REPLY_TO)):
        if props.text(tag):
            headers[key] = props.text(tag)
    return headers


def _address(name: str | None, address: str | None) -> str:
    name = " ".join((name or "").split())
    address = (address or "").strip() if address and "@" in address else ""  # not an Exchange DN
    if address:
        return formataddr((name, address))
    return formataddr((name, "")).removesuffix(" <>") if name else ""


def _html(item, props: _Props) -> str | None:
    data = _safe(lambda: item.html_body)
    if not data:
        return None
    charset = props.integer(_INTERNET_CPID)
    return decode_bytes(data, f"cp{charset}" if charset and charset < 20000 else _cp_name(charset))


def _cp_name(cpid: int | None) -> str | None:
    return {20127: "ascii", 28591: "latin-1", 65001: "utf-8", 50220: "iso2022_jp", 51932: "euc_jp"}.get(cpid or 0)


def _attachments(item, message: EmailMessage) -> None:
    names = NameBook()
    for index in range(_safe(lambda: item.number_of_attachments) or 0):
        attachment = _safe(lambda i=index: item.get_attachment(i))
        if attachment is not None:
            _attach(attachment, index + 1, names, message)


def _attach(attachment, number: int, names: NameBook, message: EmailMessage) -> None:
    props = _Props(attachment)
    name = clean_name_part(props.text(_ATTACH_LONG_NAME) or props.text(_ATTACH_NAME) or "")
    name = name or clean_name_part(props.text(_DISPLAY_NAME) or "") or f"attachment-{number}"
    if props.integer(_ATTACH_METHOD) == _EMBEDDED_MESSAGE and (_safe(lambda: attachment.number_of_sub_items) or 0):
        inner = message_eml(attachment.get_sub_item(0))
        message.add_attachment(inner, filename=names.unique(_with_suffix(name, ".eml")))
        return
    size = _safe(lambda: attachment.size) or 0
    data = _safe(lambda: attachment.read_buffer(size)) if size else b""
    if data is None:
        return
    media_type = props.text(_ATTACH_MIME) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    maintype, _, subtype = media_type.lower().partition("/")
    if maintype == "text" or not subtype:  # keep the bytes as they are, not re-encoded as text
        maintype, subtype = "application", "octet-stream"
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=names.unique(name))


def _with_suffix(name: str, suffix: str) -> str:
    return name if name.lower().endswith((".eml", ".msg")) else name + suffix


class _Props:
    """The MAPI properties of one libpff record set, by property id."""

    def __init__(self, item, index: int = 0, codepage: int | None = None) -> None:
        self.entries = {}
        record_set = _safe(lambda: item.get_record_set(index))
        for entry in (_safe(lambda: list(record_set.entries)) or []) if record_set is not None else []:
            self.entries.setdefault(_safe(lambda e=entry: e.entry_type), entry)
        self.codepage = codepage or self.integer(_CODEPAGE) or self.integer(_INTERNET_CPID)

    def integer(self, tag: int) -> int | None:
        entry = self.entries.get(tag)
        value = _safe(lambda: entry.get_data_as_integer()) if entry is not None else None
        return value if isinstance(value, int) else None

    def text(self, tag: int) -> str | None:
        entry = self.entries.get(tag)
        if entry is None:
            return None
        if _safe(lambda: entry.value_type) == 0x1E:  # an 8-bit string: in the message's code page
            data = (_safe(lambda: entry.data) or b"").rstrip(b"\0")
            return decode_bytes(data, f"cp{self.codepage}" if self.codepage and self.codepage < 20000 else None)
        value = _safe(lambda: entry.get_data_as_string())
        return value if isinstance(value, str) else None


def _safe(read):
    """A libpff value, or None when reading it fails (libpff raises IOError for a damaged item)."""
    try:
        return read()
    except Exception as exc:
        log.debug("libpff value not readable: %s", exc)
        return None


def _reason(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
