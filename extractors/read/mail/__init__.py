"""E-mail: a message or a mailbox file in, the message's text, headers and people out, its attachments
(and a mailbox's messages) as parts (``extractors.read.parts``).

``READERS`` maps a media type (``extractors.read.sniff``) to its reader,
``reader(path, sink, settings) -> Extracted``.
"""

from __future__ import annotations

from extractors.read import sniff
from extractors.read.mail.mailboxes import read_emlx, read_mbox
from extractors.read.mail.outlook import read_msg
from extractors.read.mail.pst import read_pst
from extractors.read.mail.rfc822 import read_eml
from extractors.read.mail.tnef import read_tnef

READERS: dict = {
    sniff.EML: read_eml,
    sniff.MBOX: read_mbox,
    sniff.EMLX: read_emlx,
    sniff.MSG: read_msg,
    sniff.PST: read_pst,
    sniff.TNEF: read_tnef,
}
