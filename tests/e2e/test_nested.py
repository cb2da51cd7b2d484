"""A nested leak end to end: a zip attached to an e-mail inside an mbox, run through ``leaksift run``.

Checks what a journalist relies on: every part is a document whose path names where it came from
(``mailbox.mbox/2.eml/minutes.zip/board/minutes.txt``) and whose ``parent_id`` is its container's id;
the message carries its e-mail metadata; senders and recipients are PERSON entities linked to their
addresses; every mention's offsets point at its text in its page; an unchanged re-run reads nothing
again, and a message appended to the mailbox only adds its own records.
"""

from __future__ import annotations

import io
import json
import mailbox
import zipfile
from email.message import EmailMessage

from flows.cli import main


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "board/minutes.txt",
            "Minutes of the board of Northwind Shipping, Rotterdam, 3 May 2020.\n"
            "Present: Tomas Lindqvist (chair) and Amara Okafor.\n",
        )
        archive.writestr("board/empty-folder/", "")
    return buffer.getvalue()


def _message(subject: str, sender: str, to: str, body: str, *, attach: bool = False) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Tue, 05 May 2020 09:30:00 +0200"
    message["Message-ID"] = f"<{subject.replace(' ', '-')}@example.org>"
    message.set_content(body)
    if attach:
        message.add_attachment(_zip(), maintype="application", subtype="zip", filename="minutes.zip")
    return message


def _mbox(path, messages):
    box = mailbox.mbox(str(path))
    for message in messages:
        box.add(message)
    box.flush()
    box.close()


def _records(out):
    return {
        name: [json.loads(line) for line in (out / f"{name}.jsonl").read_text("utf-8").splitlines()]
        for name in ("documents", "pages", "mentions", "entities")
    }


def test_a_zip_in_a_message_in_a_mailbox(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    first = _message(
        "Shipment dates",
        "Helen Brandt <helen.brandt@harbourview.example>",
        "Priya Raman <p.raman@kestrelbay.example>",
        "Priya, the shipment leaves Halifax on 12 March 2020.\n",
    )
    second = _message(
        "Board minutes",
        "Priya Raman <p.raman@kestrelbay.example>",
        "Helen Brandt <helen.brandt@harbourview.example>, legal@northwind.example",
        "Helen, the minutes are attached.\n",
        attach=True,
    )
    _mbox(corpus / "mailbox.mbox", [first, second])
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    records = _records(out)
    docs = {d["path"]: d for d in records["documents"]}
    assert set(docs) == {
        "mailbox.mbox",
        "mailbox.mbox/1.eml",
        "mailbox.mbox/2.eml",
        "mailbox.mbox/2.eml/minutes.zip",
        "mailbox.mbox/2.eml/minutes.zip/board/minutes.txt",
    }
    assert all(d["status"] == "ok" for d in docs.values())
    box, one, two = docs["mailbox.mbox"], docs["mailbox.mbox/1.eml"], docs["mailbox.mbox/2.eml"]
    zipped, minutes = docs["mailbox.mbox/2.eml/minutes.zip"], docs["mailbox.mbox/2.eml/minutes.zip/board/minutes.txt"]
    assert box["parent_id"] is None and box["pages"] == 0
    assert one["parent_id"] == box["id"] and two["parent_id"] == box["id"]
    assert zipped["parent_id"] == two["id"] and minutes["parent_id"] == zipped["id"]
    assert two["title"] == "Board minutes"
    assert two["email"]["from"]["address"] == "p.raman@kestrelbay.example"
    assert {a["address"] for a in two["email"]["to"]} == {"helen.brandt@harbourview.example", "legal@northwind.example"}
    assert two["email"]["date"].startswith("2020-05-05T09:30:00")

    pages = {(p["document_id"], p["page"]): p["text"] for p in records["pages"]}
    for mention in records["mentions"]:
        assert pages[(mention["document_id"], mention["page"])][mention["start"] : mention["end"]] == mention["text"]
    entities = records["entities"]
    people = {e["name"]: e for e in entities if e["type"] == "PERSON"}
    assert people["Priya Raman"]["attributes"].get("email") == "p.raman@kestrelbay.example"
    assert people["Helen Brandt"]["attributes"].get("email") == "helen.brandt@harbourview.example"
    assert minutes["id"] in people["Tomas Lindqvist"]["document_ids"]
    dates = {e["name"] for e in entities if e["type"] == "DATE"}
    assert "2020-05-05" in dates  # the sent date
    assert {"helen.brandt@harbourview.example", "legal@northwind.example"} <= {
        e["name"] for e in entities if e["type"] == "EMAIL"
    }

    # unchanged: nothing is read again
    capsys.readouterr()
    assert main(["run", str(corpus), "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "0 processed now" in said.out + said.err
    assert _records(out)["documents"] == records["documents"]

    # one more message: the old messages' records stay, the new one joins
    third = _message("Follow-up", "Amara Okafor <amara@northwind.example>", "p.raman@kestrelbay.example", "Thanks.\n")
    _mbox(corpus / "mailbox.mbox", [third])
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    again = {d["path"]: d for d in _records(out)["documents"]}
    assert "mailbox.mbox/3.eml" in again and again["mailbox.mbox/2.eml"]["id"] == two["id"]
    assert list((out / ".leaksift").rglob("part-*")) == []  # the scratch files are gone
