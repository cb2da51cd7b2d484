"""RFC 822 / MIME messages (``.eml``, ``.mht``): message bytes in, the message's page, envelope and
people out, every attachment (and every attached message) as a part.

The MIME tree is walked in order. A text/plain or text/html leaf without a file name that is not an
attachment is body; of a multipart/alternative the text version is kept and the HTML version's lines
that the text lacks are added (``body.merge_alternatives``); the body pieces of multipart/mixed and
multipart/related (HTML split around an inline attachment) are all kept, in order. Every other leaf
is a part named by its file name, else its Content-Location or Content-ID, else ``part-N.<ext>``; an
attached message (``message/rfc822``, even when base64-encoded against the standard) is a part named
by its file name, else ``<subject>.eml``.

Parsing uses the compat32 policy, which never raises on a malformed header; headers are decoded by
``envelope.header_text`` and bodies by ``envelope.decode_bytes``, so a wrong or unknown charset reads.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import io
import mimetypes
import quopri
import re
from email.generator import BytesGenerator
from email.message import Message
from pathlib import Path, PurePosixPath

from extractors.errors import EmptyDocumentError
from extractors.read.mail.body import html_to_text, merge_alternatives
from extractors.read.mail.envelope import (
    Envelope,
    decode_bytes,
    extracted,
    header_text,
    message_ids,
    parse_addresses,
)
from extractors.read.parts import Extracted, PartSink
from extractors.settings import Settings

_BODY_TYPES = ("text/plain", "text/html", "text/enriched", "text/richtext")
_EMBEDDED = ("message/rfc822", "message/global")


def read_eml(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Read one RFC 822 message file."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise EmptyDocumentError("the message file is empty")
    return read_message_bytes(data, sink)


def read_message_bytes(data: bytes, sink: PartSink) -> Extracted:
    """The ``Extracted`` of a message given as bytes; its attachments go to ``sink``."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    return message_extracted(message, sink)


def message_extracted(message: Message, sink: PartSink) -> Extracted:
    walker = _Walker(sink)
    body = "\n\n".join(piece for piece in walker.pieces(message) if piece.strip())
    return extracted(envelope_of(message), body)


def envelope_of(message: Message) -> Envelope:
    def first_id(key: str) -> str:
        ids = message_ids(message.get(key))
        return ids[0] if ids else ""

    return Envelope(
        sender=parse_addresses(message.get_all("From", [])),
        to=parse_addresses(message.get_all("To", [])),
        cc=parse_addresses(message.get_all("Cc", [])),
        bcc=parse_addresses(message.get_all("Bcc", [])),
        reply_to=parse_addresses(message.get_all("Reply-To", [])),
        date=header_text(message.get("Date")),
        subject=header_text(message.get("Subject")),
        message_id=first_id("Message-ID"),
        in_reply_to=first_id("In-Reply-To"),
        references=message_ids(message.get("References")),
    )


class _Walker:
    """Walks a MIME tree: returns the body pieces in order, hands every other leaf to the sink."""

    def __init__(self, sink: PartSink) -> None:
        self.sink = sink
        self.names = NameBook()
        self.count = 0

    def pieces(self, part: Message) -> list[str]:
        ctype = part.get_content_type()
        if ctype in _EMBEDDED:
            self.attach_message(part)
            return []
        if ctype.startswith("message/") and part.is_multipart():  # delivery-status, disposition-notification
            blocks = [_as_bytes(block) for block in part.get_payload() if isinstance(block, Message)]
            return [decode_bytes(b"\n".join(blocks), "utf-8").replace("\r\n", "\n")]
        if part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            if part.get_content_subtype() == "alternative":
                return [self.alternative(children)]
            return [piece for child in children for piece in self.pieces(child)]
        if is_body(part):
            return [leaf_text(part)]
        self.attach(part)
        return []

    def alternative(self, children: list[Message]) -> str:
        plain: list[str] = []
        others: list[str] = []
        for child in children:
            if child.get_content_type() == "text/plain" and is_body(child):
                plain.append(leaf_text(child))
            elif child.is_multipart() or is_body(child):
                others.append("\n\n".join(p for p in self.pieces(child) if p.strip()))
            else:  # text/calendar, an attachment inside the alternative
                self.attach(child)
        versions = [v for v in plain + others if v.strip()]
        return merge_alternatives(versions[0], versions[1:]) if versions else ""

    def attach(self, part: Message) -> None:
        self.count += 1
        if self.sink.full:
            return
        name = self.names.unique(leaf_name(part, self.count))
        self.sink.add(name, part.get_payload(decode=True) or b"")

    def attach_message(self, part: Message) -> None:
        self.count += 1
        if self.sink.full:
            return
        data = embedded_bytes(part)
        filename = clean_name_part(header_text(_filename(part)))
        if not filename:
            inner = email.message_from_bytes(data, policy=email.policy.compat32)
            filename = clean_name_part(header_text(inner.get("Subject"))) or "message"
        if PurePosixPath(filename).suffix.lower() not in (".eml", ".msg", ".mht"):
            filename += ".eml"
        self.sink.add(self.names.unique(filename), data)


def is_body(part: Message) -> bool:
    """A text leaf that is read as the message's body: not an attachment, no file name."""
    if part.is_multipart() or part.get_content_type() not in _BODY_TYPES:
        return False
    return part.get_content_disposition() != "attachment" and not _filename(part)


def leaf_text(part: Message) -> str:
    data = part.get_payload(decode=True) or b""
    text = decode_bytes(data, part.get_content_charset())
    if part.get_content_type() == "text/html":
        return html_to_text(text)
    if part.get_content_subtype() in ("enriched", "richtext"):
        text = re.sub(r"<[^>]*>", "", text)
    return text.replace("\r\n", "\n").strip("\n")


def embedded_bytes(part: Message) -> bytes:
    """The bytes of an attached message; one sent base64- or quoted-printable-encoded (GroupWise) is
    decoded from the part's own body."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding in ("base64", "quoted-printable"):
        raw = _as_bytes(part)
        body = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[-1]
        try:
            return base64.b64decode(body) if encoding == "base64" else quopri.decodestring(body)
        except (binascii.Error, ValueError):
            pass
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return _as_bytes(payload[0])
    return part.get_payload(decode=True) or b""


def _as_bytes(message: Message) -> bytes:
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, maxheaderlen=0).flatten(message)
    return buffer.getvalue()


def _filename(part: Message) -> str:
    try:
        return part.get_filename() or ""
    except (ValueError, LookupError, UnicodeError):  # a damaged RFC 2231 parameter
        return part.get_param("name") or ""


def leaf_name(part: Message, index: int) -> str:
    """An attachment's name: its file name, else its Content-Location or Content-ID, else ``part-N``;
    an extension from its media type when the name has none."""
    name = clean_name_part(header_text(_filename(part)))
    if not name:
        location = header_text(part.get("Content-Location"))
        name = clean_name_part(re.split(r"[?#]", location)[0]) if location else ""
    if not name:
        cid = header_text(part.get("Content-ID")).strip("<> ")
        name = clean_name_part(cid.split("@")[0] if "." in cid.split("@")[0] else cid)
    name = name or f"part-{index}"
    if not PurePosixPath(name).suffix:
        name += extension_for(part.get_content_type())
    return name


def extension_for(media_type: str) -> str:
    return {"text/plain": ".txt", "image/jpeg": ".jpg", "message/rfc822": ".eml"}.get(
        media_type, mimetypes.guess_extension(media_type) or ".bin"
    )


def clean_name_part(name: str) -> str:
    """A file name from a message, made a name and not a path: its last path component, no control
    characters, at most 150 characters (the extension kept)."""
    name = re.split(r"[\\/]", name.strip())[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip(" .") if name not in (".", "..") else ""
    if len(name) > 150:
        suffix = PurePosixPath(name).suffix[:12]
        name = name[: 150 - len(suffix)] + suffix
    return name


class NameBook:
    """Makes part names unique within one container: a second ``a.txt`` becomes ``a (2).txt``."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        path = PurePosixPath(name)
        while candidate.casefold() in self._used:
            n += 1
            candidate = str(path.with_name(f"{path.stem} ({n}){path.suffix}")) if path.name else f"{name} ({n})"
        self._used.add(candidate.casefold())
        return candidate
