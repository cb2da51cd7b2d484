"""TNEF (``winmail.dat``, ``application/ms-tnef``): the file in, the message's page out, its attachments
(under their long file names) as parts.

Read with tnefparse. The envelope comes from the TNEF attributes (subject, sender, sent date) and the
MAPI properties the file carries (subject, conversation topic, sender name and address, message id);
the body is the plain body, with what the HTML (else the RTF, through striprtf) body adds. An
attachment's name is its long file name (PR_ATTACH_LONG_FILENAME), not the 8.3 name (``QUICK~1.HTM``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.mail.body import best_body, html_to_text, rtf_to_text
from extractors.read.mail.envelope import Address, Envelope, decode_bytes, extracted, message_ids
from extractors.read.mail.rfc822 import NameBook, clean_name_part
from extractors.read.parts import Extracted, PartSink
from extractors.settings import Settings

log = logging.getLogger(__name__)

# MAPI property ids
_SUBJECT, _TOPIC, _SENT, _MESSAGE_ID, _BODY = 0x0037, 0x0070, 0x0039, 0x1035, 0x1000
_SENDER_NAMES = (0x0C1A, 0x0042)
_SENDER_ADDRESSES = (0x5D01, 0x5D02, 0x0C1F, 0x0065)


def read_tnef(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Read one TNEF file."""
    import tnefparse

    data = Path(path).read_bytes()
    if not data:
        raise EmptyDocumentError("the TNEF file is empty")
    try:
        tnef = tnefparse.TNEF(data)
    except Exception as exc:  # tnefparse raises ValueError and struct errors on damage
        raise CorruptFileError(f"not a readable TNEF (winmail.dat) file ({_reason(exc)})") from exc
    props = _Props(tnef)
    _attachments(tnef, props, sink)
    return extracted(_envelope(tnef, props), _body(tnef, props))


class _Props:
    """The message's MAPI properties by id (named properties left out), strings decoded."""

    def __init__(self, tnef) -> None:
        self.codepage = getattr(tnef, "codepage", None) or "cp1252"
        self.values = {}
        for prop in getattr(tnef, "mapiprops", []) or []:
            if prop.name < 0x8000 and prop.name not in self.values:
                self.values[prop.name] = _safe(lambda p=prop: p.data)

    def text(self, prop_id: int) -> str:
        value = self.values.get(prop_id)
        if isinstance(value, bytes):
            value = decode_bytes(value.rstrip(b"\0"), self.codepage)
        return " ".join(value.split()) if isinstance(value, str) else ""


def _envelope(tnef, props: _Props) -> Envelope:
    attributes = {prop.name: prop for prop in getattr(tnef, "msgprops", []) or []}
    subject = props.text(_SUBJECT) or _attribute_text(attributes.get(tnef.ATTSUBJECT), props) or props.text(_TOPIC)
    name = next((props.text(p) for p in _SENDER_NAMES if props.text(p)), "")
    address = next((props.text(p) for p in _SENDER_ADDRESSES if "@" in props.text(p)), "")
    if not name and not address:
        name = _attribute_text(attributes.get(tnef.ATTFROM), props)
    sent = props.values.get(_SENT) or _safe(lambda: attributes[tnef.ATTDATESENT].data)
    return Envelope(
        sender=[Address(name, address, mailbox=True)] if name or address else [],
        date=_date(sent),
        subject=subject,
        message_id=(message_ids(props.text(_MESSAGE_ID)) or [""])[0],
    )


def _date(value) -> str:
    if not isinstance(value, datetime):
        return ""
    return format_datetime(value) if value.tzinfo else value.isoformat()


def _attribute_text(attribute, props: _Props) -> str:
    value = _safe(lambda: attribute.data) if attribute is not None else None
    if isinstance(value, bytes):
        value = decode_bytes(value.rstrip(b"\0"), props.codepage)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _body(tnef, props: _Props) -> str:
    plain = _text(_safe(lambda: tnef.body), props) or props.text(_BODY)
    html = _text(_safe(lambda: tnef.htmlbody), props)
    rtf = _safe(lambda: tnef.rtfbody)  # decompressed on access: a damaged one fails its CRC
    rtf_text = rtf_to_text(rtf.decode("latin-1") if isinstance(rtf, bytes) else rtf) if rtf and not html else None
    return best_body(plain, html_to_text(html) if html else None, rtf_text)


def _text(value, props: _Props) -> str:
    if isinstance(value, bytes):
        return decode_bytes(value, props.codepage)
    return value if isinstance(value, str) else ""


def _attachments(tnef, props: _Props, sink: PartSink) -> None:
    names = NameBook()
    for number, attachment in enumerate(getattr(tnef, "attachments", []) or [], start=1):
        if sink.full:
            return
        long_name = _safe(attachment.long_filename)
        name = clean_name_part(_text(long_name, props) or _text(getattr(attachment, "name", ""), props))
        data = getattr(attachment, "data", None)
        if not isinstance(data, bytes):
            sink.skip(name or f"attachment-{number}", "the attachment holds no data")
            continue
        sink.add(names.unique(name or f"attachment-{number}"), data)


def _safe(read):
    try:
        return read()
    except Exception as exc:  # tnefparse decodes lazily and can fail on any damaged property
        log.debug("TNEF value not readable: %s", exc)
        return None


def _reason(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:160]
