"""Outlook .msg and .pst and TNEF files cannot be built by hand: the shared devset's real files
(Apache Tika's test documents), skipped when the devset is absent."""

from __future__ import annotations

import shutil

import pytest

from extractors.read import sniff
from extractors.read.mail import READERS
from extractors.read.mail.outlook import read_msg
from extractors.read.mail.pst import read_pst
from extractors.read.mail.rfc822 import read_eml
from extractors.read.mail.tnef import read_tnef
from tests.extractors.read.mail.conftest import DEVSET, make_sink, part_bytes

pytestmark = pytest.mark.skipif(not DEVSET.is_dir(), reason="no shared devset")


def _read(reader, name, tmp_path, settings):
    source = tmp_path / name
    shutil.copyfile(DEVSET / name, source)
    sink = make_sink(tmp_path / "parts", source)
    return reader(source, sink, settings), sink


def test_every_mail_type_has_a_reader():
    assert set(READERS) == {sniff.EML, sniff.MBOX, sniff.EMLX, sniff.MSG, sniff.PST, sniff.TNEF}


def test_msg_note(tmp_path, settings):
    result, _ = _read(read_msg, "testMSG.msg", tmp_path, settings)
    text = result.pages[0].text
    assert "making the type detection code more" in text
    assert ("Jukka Zitting", "jukka.zitting@gmail.com", "from") in result.people
    assert ("", "tika-dev@lucene.apache.org", "to") in result.people
    assert result.marks[0][3:] == ("DATE", "2009-01-29")
    assert result.email["subject"] == "MIME registry use cases"


def test_msg_8bit_strings_in_the_message_code_page(tmp_path, settings):
    result, _ = _read(read_msg, "testMSG_chinese.msg", tmp_path, settings)
    assert "陳惠珍" in result.pages[0].text and "豐泰產業工會" in result.pages[0].text
    assert result.people[0][0] == "Tests Chang@FT (張毓倫)"


def test_msg_attachments_and_embedded_message(tmp_path, settings):
    result, sink = _read(read_msg, "testMSG_att_msg.msg", tmp_path, settings)
    parts = part_bytes(sink)
    assert sorted(parts) == ["Test Attachment.msg", "smbprn.00009008.KdcPjl.pdf"]
    assert parts["smbprn.00009008.KdcPjl.pdf"].startswith(b"%PDF")
    inner = tmp_path / "inner.msg"
    inner.write_bytes(parts["Test Attachment.msg"])
    embedded = read_msg(inner, make_sink(tmp_path / "inner", inner), settings)
    assert "Blah blah blah" in embedded.pages[0].text
    _, sink = _read(read_msg, "testMSG_att_doc.msg", tmp_path, settings)
    assert sorted(part_bytes(sink)) == ["pj1.txt", "test-unicode.doc"]


def test_msg_contact_and_appointment(tmp_path, settings):
    contact, _ = _read(read_msg, "testMSG_Contact.msg", tmp_path, settings)
    assert contact.people == [("Quick Brown Fox Jr", "quickbrown@gmail.com", "contact")]
    assert (
        contact.pages[0].tables and "Fence Co" in contact.pages[0].text and "12 Lazy Dog Lane" in contact.pages[0].text
    )
    meeting, _ = _read(read_msg, "testMSG_Appointment.msg", tmp_path, settings)
    assert "Location: under lazy dog" in meeting.pages[0].text
    assert "Start: 2017-02-28T18:30:00+00:00" in meeting.pages[0].text
    assert ("Allison, Timothy B.", "tallison@mitre.org", "to") in meeting.people


def test_pst_messages_become_eml_parts_under_their_folder(tmp_path, settings):
    result, sink = _read(read_pst, "testPST_variousBodyTypes.pst", tmp_path, settings)
    assert result.pages == []
    parts = part_bytes(sink)
    assert list(parts) == [f"Top of Outlook data file/Inbox/tmp/{n}.eml" for n in (1, 2, 3, 4)]
    bodies = []
    for number, data in enumerate(parts.values()):
        source = tmp_path / f"{number}.eml"
        source.write_bytes(data)
        message = read_eml(source, make_sink(tmp_path / f"p{number}", source), settings)
        assert ("Allison, Timothy B.", "tallison@mitre.org", "from") in message.people
        bodies.append(message.pages[0].text)
    for phrase, body in zip(
        ("This is the original email (html)", "Forwarded (html)", "Forwarded RTF", "Forwarded plain text"), bodies
    ):
        assert phrase in body


def test_tnef_body_and_long_attachment_names(tmp_path, settings):
    result, sink = _read(read_tnef, "testWINMAIL.dat", tmp_path, settings)
    assert result.title == "This is a test message"
    assert "Five files from Hell!" in result.pages[0].text
    assert sorted(part_bytes(sink)) == ["quick.doc", "quick.html", "quick.pdf", "quick.txt", "quick.xml"]
