"""RFC 822 messages built with email.message: body choice, headers, people, the Date mark, attachments."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from extractors.errors import EmptyDocumentError
from extractors.read.mail.rfc822 import read_eml
from tests.extractors.read.mail.conftest import part_bytes


def _message(**headers) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("sender", "Helen Brandt <helen.brandt@harbourview.example>")
    message["To"] = headers.pop("to", "Priya Raman <p.raman@kestrelbay.example>, ops@kestrelbay.example")
    message["Date"] = headers.pop("date", "Tue, 12 Mar 2019 14:05:00 +0100")
    message["Subject"] = headers.pop("subject", "Terminal lease")
    for key, value in headers.items():
        message[key.replace("_", "-")] = value
    return message


def test_plain_message_page_metadata_people_and_date_mark(read):
    message = _message(cc="Ana Silva <ana@example.org>", message_id="<1@harbourview.example>")
    message.set_content("The lease of berth 4 runs to 2031.\n")
    result, _ = read(read_eml, message.as_bytes())
    text = result.pages[0].text
    assert text.startswith("From: Helen Brandt <helen.brandt@harbourview.example>\nTo: Priya Raman")
    assert "\nCc: Ana Silva <ana@example.org>\n" in text
    assert text.endswith("Subject: Terminal lease\n\nThe lease of berth 4 runs to 2031.")
    (page, start, end, kind, day) = result.marks[0]
    assert (page, kind, day) == (1, "DATE", "2019-03-12")
    assert text[start:end] == "Tue, 12 Mar 2019 14:05:00 +0100"
    assert result.title == "Terminal lease"
    assert result.email["from"] == {"name": "Helen Brandt", "address": "helen.brandt@harbourview.example"}
    assert result.email["to"][1] == {"name": "", "address": "ops@kestrelbay.example"}
    assert result.email["date"] == "2019-03-12T14:05:00+01:00"
    assert result.email["message_id"] == "<1@harbourview.example>"
    assert result.people == [
        ("Helen Brandt", "helen.brandt@harbourview.example", "from"),
        ("Priya Raman", "p.raman@kestrelbay.example", "to"),
        ("", "ops@kestrelbay.example", "to"),
        ("Ana Silva", "ana@example.org", "cc"),
    ]


def test_folded_address_headers_are_all_parsed(read):
    raw = (
        b"From: a@example.org\r\nTo: b@example.org, c@example.org,\r\n\td@example.org,\r\n e@example.org\r\n"
        b"Bcc: f@example.org,\r\n\tg@example.org\r\nSubject: x\r\n\r\nbody\r\n"
    )
    result, _ = read(read_eml, raw)
    assert [p[1] for p in result.people] == [f"{c}@example.org" for c in "abcdefg"]
    assert [p[2] for p in result.people][-2:] == ["bcc", "bcc"]


def test_encoded_words_are_decoded_and_a_decoded_comma_does_not_split_a_name(read):
    raw = (
        b"From: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>\r\n"
        b"To: =?utf-8?q?Roe=2C_Jane?= <jane@example.org>\r\n"
        b"Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=\r\n"
        b"\r\nhello\r\n"
    )
    result, _ = read(read_eml, raw)
    assert result.title == "If you can read this you understand the example."
    assert result.people[0] == ("Keld Jørn Simonsen", "keld@dkuug.dk", "from")
    assert result.people[1] == ("Roe, Jane", "jane@example.org", "to")
    assert result.marks == []  # no Date header


def test_a_bare_phrase_in_from_is_no_person(read):
    raw = b"From: <Saved by Windows Internet Explorer 7>\r\nSubject: page\r\n\r\ntext\r\n"
    result, _ = read(read_eml, raw)
    assert result.people == []
    assert result.pages[0].text.startswith("From: Saved by Windows Internet Explorer 7\n")


def test_alternatives_keep_the_text_and_add_what_only_the_html_says(read):
    message = _message()
    message.set_content("Shared opening line.\n\nText specific to body 1.\n")
    message.add_alternative(
        "<html><head><style>p {color: red}</style><script>var x = 1;</script></head><body>"
        "<p>Shared opening line.</p><p>Text specific to <b>body 2</b>.</p></body></html>",
        subtype="html",
    )
    result, _ = read(read_eml, message.as_bytes())
    body = result.pages[0].text.split("\n\n", 1)[1]
    assert body.count("Shared opening line.") == 1
    assert "Text specific to body 1." in body and "Text specific to body 2." in body
    assert "color" not in body and "var x" not in body


def test_html_only_message_is_stripped_of_markup(read):
    message = _message()
    message.set_content("<p>Dear Priya,</p><p>The berth&nbsp;4 lease&hellip;</p>", subtype="html")
    result, _ = read(read_eml, message.as_bytes())
    assert result.pages[0].text.endswith("\n\nDear Priya,\n\nThe berth 4 lease…")


def test_html_split_around_an_inline_attachment_keeps_every_piece(read):
    message = _message()
    message.set_content("text version")
    message.add_alternative("<p>first half of the html</p>", subtype="html")
    html = message.get_payload()[1]
    html.make_mixed()
    html.add_attachment(
        b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="manual.pdf", disposition="inline"
    )
    second = EmailMessage()
    second.set_content("<p>second half of the html</p>", subtype="html")
    html.attach(second)
    result, sink = read(read_eml, message.as_bytes())
    body = result.pages[0].text
    assert "text version" in body and "first half of the html" in body and "second half of the html" in body
    assert part_bytes(sink) == {"manual.pdf": b"%PDF-1.4 fake"}


def test_attachments_are_parts_with_clean_unique_names(read):
    message = _message()
    message.set_content("see attached")
    message.add_attachment(b"A", maintype="text", subtype="plain", filename="C:\\Users\\hb\\notes.txt")
    message.add_attachment(b"B", maintype="text", subtype="plain", filename="../notes.txt")
    message.add_attachment(b"GIF89a", maintype="image", subtype="gif", cid="<logo.gif@01D>")
    message.add_attachment(b"\x89PNG", maintype="image", subtype="png")
    result, sink = read(read_eml, message.as_bytes())
    assert part_bytes(sink) == {
        "notes.txt": b"A",
        "notes (2).txt": b"B",
        "logo.gif": b"GIF89a",
        "part-4.png": b"\x89PNG",
    }
    assert "see attached" in result.pages[0].text


def test_an_attached_message_is_a_part_named_by_its_subject(read):
    inner = _message(subject="Minutes of 3 March")
    inner.set_content("inner body")
    outer = _message()
    outer.set_content("forwarding")
    outer.add_attachment(inner)
    result, sink = read(read_eml, outer.as_bytes())
    parts = part_bytes(sink)
    assert list(parts) == ["Minutes of 3 March.eml"]
    assert b"inner body" in parts["Minutes of 3 March.eml"]
    assert "inner body" not in result.pages[0].text


def test_a_base64_encoded_attached_message_is_decoded(read):
    inner = b"From: x@example.org\nSubject: test2\n\ntest2 body\n"
    raw = (
        b'From: a@example.org\nSubject: outer\nContent-Type: multipart/mixed; boundary="B"\n\n'
        b"--B\nContent-Type: text/plain\n\nouter body\n"
        b'--B\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="test.eml"\n\n'
        + base64.encodebytes(inner)
        + b"--B--\n"
    )
    _, sink = read(read_eml, raw)
    assert part_bytes(sink) == {"test.eml": inner}


@pytest.mark.parametrize(
    ("charset", "text"),
    [("iso-8859-1", "Café de la Gare"), ("cp1251", "Доклад о порте"), ("utf-8", "Zürich – 東京")],
)
def test_body_charsets(read, charset, text):
    message = _message()
    message.set_content(text.encode(charset), maintype="text", subtype="plain", cte="quoted-printable")
    message.set_param("charset", charset)
    result, _ = read(read_eml, message.as_bytes())
    assert result.pages[0].text.endswith(text)


def test_unknown_or_wrong_charset_never_fails(read):
    raw = (
        b"From: a@example.org\nSubject: =?x-no-such-charset?q?Caf=E9?=\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\n\nCaf\xe9 cr\xe8me\n"
    )
    result, _ = read(read_eml, raw)
    assert "Café crème" in result.pages[0].text
    assert result.title  # decoded leniently, not an exception
    wrong = b"From: a@example.org\nContent-Type: text/plain; charset=utf-8\n\nna\xefve\n"
    assert "naïve" in read(read_eml, wrong)[0].pages[0].text


def test_raw_8bit_headers_are_read(read):
    raw = "From: Jürgen Groß <jg@example.org>\nSubject: Grüße\n\nhallo\n".encode()
    result, _ = read(read_eml, raw)
    assert result.people == [("Jürgen Groß", "jg@example.org", "from")]
    assert result.title == "Grüße"


def test_unparsable_date_gives_no_mark(read):
    result, _ = read(read_eml, b"From: a@example.org\nDate: sometime last week\n\nbody\n")
    assert result.marks == [] and result.published is None
    assert "Date: sometime last week" in result.pages[0].text


def test_empty_file(read):
    with pytest.raises(EmptyDocumentError):
        read(read_eml, b"  \n")


def test_smtp_policy_crlf_message(read):
    message = _message()
    message.set_content("line one\nline two\n")
    result, _ = read(read_eml, message.as_bytes(policy=SMTP))
    assert result.pages[0].text.endswith("line one\nline two")


def test_a_delivery_report_keeps_its_status_text(read):
    raw = (
        b'From: MAILER-DAEMON@example.org\nSubject: Undelivered\nContent-Type: multipart/report; boundary="R"\n\n'
        b"--R\nContent-Type: text/plain\n\nNot delivered.\n"
        b"--R\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        b"Final-Recipient: rfc822; gone@example.org\nStatus: 5.1.1\n--R--\n"
    )
    result, sink = read(read_eml, raw)
    assert "Not delivered." in result.pages[0].text
    assert "Final-Recipient: rfc822; gone@example.org" in result.pages[0].text
    assert sink.sources == []
