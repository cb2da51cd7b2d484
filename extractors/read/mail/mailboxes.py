"""Mailbox files: an mbox in, each of its messages out as a part; an Apple Mail ``.emlx`` in, its message out.

An mbox (messages each starting on a ``From `` line) has no pages of its own: its messages become the
parts ``1.eml``, ``2.eml``, ... in file order, read one at a time so a large mailbox is never held in
memory. An ``.emlx`` is a line with a byte count, that many bytes of RFC 822 message, then an XML
property list (flags, dates); only the counted bytes are the message.
"""

from __future__ import annotations

import logging
import mailbox
from pathlib import Path

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.mail.rfc822 import read_message_bytes
from extractors.read.parts import Extracted, PartSink
from extractors.settings import Settings

log = logging.getLogger(__name__)


def read_mbox(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """Every message of an mbox as a part ``N.eml``."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise EmptyDocumentError("the mailbox file is empty")
    with open(path, "rb") as fh:
        head = fh.read(5)
    if head != b"From ":
        raise CorruptFileError("not an mbox mailbox: it does not start with a 'From ' line")
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            if sink.full:
                break
            sink.add(f"{number}.eml", box.get_bytes(key))
    except (OSError, mailbox.Error) as exc:
        raise CorruptFileError(f"the mailbox could not be read to its end ({exc})") from exc
    finally:
        box.close()
    return Extracted(pages=[])


def read_emlx(path: Path, sink: PartSink, settings: Settings) -> Extracted:
    """The message of an Apple Mail ``.emlx`` (or ``.partial.emlx``) file."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise EmptyDocumentError("the message file is empty")
    first, _, rest = data.partition(b"\n")
    try:
        count = int(first.strip())
    except ValueError:
        raise CorruptFileError("not an Apple Mail .emlx file: the first line is not a byte count") from None
    if count <= 0:
        raise CorruptFileError(f"not an Apple Mail .emlx file: a byte count of {count}")
    if count > len(rest):  # a truncated file: read the message as far as it goes
        log.warning("%s: the .emlx byte count %d is over the %d bytes left", path, count, len(rest))
    return read_message_bytes(rest[:count], sink)
