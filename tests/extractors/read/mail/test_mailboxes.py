"""mbox files built with mailbox.mbox and .emlx files built by hand."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage

import pytest

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.mail.mailboxes import read_emlx, read_mbox
from extractors.read.mail.rfc822 import read_eml
from tests.extractors.read.mail.conftest import make_sink, part_bytes


def _message(number: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Sender {number} <s{number}@example.org>"
    message["Subject"] = f"message {number}"
    message.set_content(f"From the harbour office, note {number}.\n")  # a body line starting with "From "
    return message


def test_every_message_of_an_mbox_is_a_part_in_order(tmp_path, settings):
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(path)
    for number in (1, 2, 3):
        box.add(_message(number))
    box.flush()
    box.close()
    sink = make_sink(tmp_path / "parts", path)
    result = read_mbox(path, sink, settings)
    assert result.pages == []
    parts = part_bytes(sink)
    assert list(parts) == ["1.eml", "2.eml", "3.eml"]
    source = tmp_path / "2.eml"
    source.write_bytes(parts["2.eml"])
    second = read_eml(source, make_sink(tmp_path / "inner", source), settings)
    assert second.title == "message 2"
    assert second.people == [("Sender 2", "s2@example.org", "from")]
    assert "note 2." in second.pages[0].text


def test_a_file_that_is_no_mbox(read):
    with pytest.raises(CorruptFileError):
        read(read_mbox, b"Subject: not a mailbox\n\nhello\n", "x.mbox")
    with pytest.raises(EmptyDocumentError):
        read(read_mbox, b"", "empty.mbox")


def _emlx(message: bytes, count: int | None = None) -> bytes:
    plist = b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>flags</key><integer>8590195713</integer></dict></plist>\n'
    return f"{len(message) if count is None else count}        \n".encode() + message + plist


def test_emlx_reads_only_the_counted_bytes(read):
    message = _message(7).as_bytes()
    result, _ = read(read_emlx, _emlx(message), "1234.emlx")
    assert result.title == "message 7"
    assert result.pages[0].text.endswith("note 7.")
    assert "plist" not in result.pages[0].text and "8590195713" not in result.pages[0].text


def test_emlx_without_a_byte_count(read):
    with pytest.raises(CorruptFileError):
        read(read_emlx, b"From: a@example.org\n\nhello\n", "x.emlx")


def test_truncated_emlx_reads_what_is_there(read):
    message = _message(8).as_bytes()
    result, _ = read(read_emlx, f"{len(message) + 500}\n".encode() + message, "t.emlx")
    assert result.title == "message 8"
