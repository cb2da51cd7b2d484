"""vCards become rows of a contact table (one PERSON each); calendars become text and a people table."""

from __future__ import annotations

import pytest

from extractors.errors import CorruptFileError, EmptyDocumentError
from extractors.read.calendar import read_calendar
from extractors.read.cards import read_vcards
from extractors.read.dispatch import read_document
from extractors.settings import Settings

VCF = """BEGIN:VCARD
VERSION:3.0
N:Brandt;Helen;;Dr.;
FN:Dr. Helen Brandt
ORG:Harbourview Logistics Ltd;Board
TITLE:Director of Trade
EMAIL;TYPE=work:helen.brandt@harbourview.example
EMAIL;TYPE=home:helen@mail.example
TEL;TYPE=cell:+1 902 555 0143
ADR;TYPE=work:;;1 Harbour Rd;Halifax;NS;B3H 1A1;Canada
END:VCARD
BEGIN:VCARD
VERSION:4.0
N:Raman;Priya;;;
EMAIL:p.raman@kestrelbay.example
END:VCARD
"""

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//leaksift//tests//EN
BEGIN:VEVENT
UID:1
DTSTART:20190312T140000Z
SUMMARY:Harbour partnership meeting
LOCATION:Halifax City Hall
DESCRIPTION:Talks with Mayor Helen Brandt about the terminal.
ORGANIZER;CN=Priya Raman:mailto:p.raman@kestrelbay.example
ATTENDEE;CN=Helen Brandt;ROLE=REQ-PARTICIPANT:mailto:helen.brandt@harbourview.example
END:VEVENT
END:VCALENDAR
"""


def test_each_card_is_a_row_with_its_contacts():
    table = read_vcards(VCF.encode())
    assert table.header[:7] == ["Name", "Title", "Organisation", "City", "Country", "E-mail", "Phone"]
    helen, priya = table.rows
    assert helen[:7] == [
        "Dr. Helen Brandt",
        "Director of Trade",
        "Harbourview Logistics Ltd Board",
        "Halifax",
        "Canada",
        "helen.brandt@harbourview.example",
        "+1 902 555 0143",
    ]
    assert helen[7] == "helen@mail.example"  # a second address stays in the text
    assert priya[0] == "Priya Raman"  # no FN: the structured name
    with pytest.raises(EmptyDocumentError):
        read_vcards(b"no cards here")


def test_calendar_events_and_people():
    text, people = read_calendar(ICS.encode())
    assert "Harbour partnership meeting" in text and "Where: Halifax City Hall" in text
    assert "When: 2019-03-12T14:00:00+00:00" in text
    assert people.rows == [
        ["Priya Raman", "p.raman@kestrelbay.example", "organiser"],
        ["Helen Brandt", "helen.brandt@harbourview.example", "attendee"],
    ]


def test_a_vcard_file_gives_one_person_per_card(tmp_path):
    from extractors.batch.discover import source_for
    from extractors.batch.pipeline import process_files

    path = tmp_path / "contacts.vcf"
    path.write_text(VCF, encoding="utf-8")
    _, _, entities = process_files([source_for(path)], settings=Settings())
    people = {e.name: e.attributes for e in entities if e.type == "PERSON"}
    assert set(people) == {"Helen Brandt", "Priya Raman"}
    assert people["Helen Brandt"]["email"] == "helen.brandt@harbourview.example"
    assert people["Helen Brandt"]["phone"] == "+19025550143"
    assert people["Helen Brandt"]["organisation"] == "Harbourview Logistics Ltd Board"
    assert people["Priya Raman"]["email"] == "p.raman@kestrelbay.example"
    assert "helen@mail.example" in {e.name for e in entities if e.type == "EMAIL"}


def test_calendar_attendees_are_people_with_addresses(tmp_path):
    from extractors.batch.discover import source_for
    from extractors.batch.pipeline import process_files

    path = tmp_path / "meeting.ics"
    path.write_text(ICS, encoding="utf-8")
    results, _, entities = process_files([source_for(path)], settings=Settings())
    assert results[0].document.title == "Harbour partnership meeting"
    people = {e.name: e.attributes for e in entities if e.type == "PERSON"}
    assert people["Priya Raman"]["email"] == "p.raman@kestrelbay.example"
    assert people["Helen Brandt"]["email"] == "helen.brandt@harbourview.example"


def test_broken_files_fail_with_a_reason(tmp_path):
    with pytest.raises(CorruptFileError, match="not a readable vCard file"):
        read_vcards(b"BEGIN:VCARD\nVERSION:3.0\nFN:Helen Brandt\n")
    path = tmp_path / "broken.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    result = read_document(path, settings=Settings())
    assert result.document.status == "failed"
    assert result.document.error == "the calendar holds no events"


def test_malformed_calendars_keep_their_events():
    # vCalendar 1.0 with quoted-printable values, "END:VEVENT" glued to the line before, a bad date;
    # iCalendar text with unescaped commas and escaped line breaks
    vcs = (
        "BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n"
        "LOCATION;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 Stage (12 Main St., Halifax)\r\n"
        "SUMMARY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Board meeting, budget\r\nPRIORITY:3END:VEVENT\r\n"
        "END:VCALENDAR"
    )
    text, people = read_calendar(vcs.encode())
    assert "Board meeting, budget" in text and "Where: Café Stage (12 Main St., Halifax)" in text
    assert "When: notadate" in text and people is None
    ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20010701T213000Z\nDESCRIPTION:First\\n\\nAs it opens, the style\n  is mixed.\nEND:VEVENT\nEND:VCALENDAR\n"
    text, _ = read_calendar(ics.encode())
    assert "First\n\nAs it opens, the style is mixed." in text
    assert "When: 2001-07-01T21:30:00+00:00" in text
