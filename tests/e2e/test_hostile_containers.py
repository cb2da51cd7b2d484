"""Hostile containers end to end: archives and mail built to escape, exhaust or confuse a reader.

Every file is built by the test. One ``leaksift run`` over them all must complete, give every container
and every refused part a row with a one-line reason, write nothing outside OUT's scratch folder (which is
empty afterwards), and still read the harmless members next to the hostile ones.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from flows.cli import main


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def _nested_zip(depth: int) -> bytes:
    data = _zip({"bottom.txt": b"The deepest note names Ines Carvalho of Porto.\n"})
    for level in range(depth, 0, -1):
        data = _zip({f"level{level}.zip": data})
    return data


def _links_tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        good = b"Harmless note by Jonas Weber, Basel.\n"
        info = tarfile.TarInfo("docs/note.txt")
        info.size = len(good)
        archive.addfile(info, io.BytesIO(good))
        link = tarfile.TarInfo("docs/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
        hard = tarfile.TarInfo("docs/hard")
        hard.type, hard.linkname = tarfile.LNKTYPE, "docs/note.txt"
        archive.addfile(hard)
    return buffer.getvalue()


def _mail_with_hostile_attachment() -> bytes:
    message = EmailMessage()
    message["From"] = "Mallory Grey <mallory@evil.example>"
    message["To"] = "desk@newsroom.example"
    message["Subject"] = "Read this"
    message.set_content("See the attachment.\n")
    message.add_attachment(b"payload from Mallory\n", maintype="text", subtype="plain", filename="../../../escape.txt")
    return message.as_bytes()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-containers")
    corpus, out = root / "corpus", root / "out"
    corpus.mkdir()
    (corpus / "slip.zip").write_bytes(
        _zip(
            {
                "../../evil.txt": b"escaped\n",
                "/tmp/absolute-evil.txt": b"escaped\n",
                "fine/readme.txt": b"Inventory kept by Sara Lindholm in Uppsala.\n",
            }
        )
    )
    (corpus / "bomb.zip").write_bytes(_zip({"zeros.bin": bytes(64 << 20)}))
    (corpus / "deep.zip").write_bytes(_nested_zip(12))
    (corpus / "links.tar").write_bytes(_links_tar())
    (corpus / "many.zip").write_bytes(
        _zip({f"m/{i:04d}.txt": f"note {i}\n".encode() for i in range(300)}, zipfile.ZIP_STORED)
    )
    (corpus / "hostile.eml").write_bytes(_mail_with_hostile_attachment())
    env = {"LEAKSIFT_MAX_PARTS": "40"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        code = main(["run", str(corpus), "--out", str(out), "--quiet"])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    pages = [json.loads(line) for line in (out / "pages.jsonl").read_text("utf-8").splitlines()]
    return root, out, code, {d["path"]: d for d in docs}, pages


def test_escaping_members_are_rows_and_nothing_escapes(run):
    root, out, _, docs, pages = run
    assert docs["slip.zip"]["status"] == "ok"
    assert docs["slip.zip/fine/readme.txt"]["status"] == "ok"
    refused = {p: d for p, d in docs.items() if p.startswith("slip.zip/") and "evil" in p}
    assert len(refused) == 2
    assert all(d["status"] == "skipped" and d["error"] for d in refused.values())
    assert any("outside the archive" in d["error"] for d in refused.values())
    assert any("absolute" in d["error"] for d in refused.values())
    written = [p for p in Path("/").glob("tmp/absolute-evil.txt")] + list(root.rglob("evil.txt"))
    assert written == []
    assert list((out / ".leaksift").rglob("part-*")) == []  # the scratch folder is empty
    attachment = [d for p, d in docs.items() if p.startswith("hostile.eml/")]
    assert [d["path"] for d in attachment] == ["hostile.eml/escape.txt"]  # a name, not a path
    assert not list(root.rglob("escape.txt"))
    assert all("/etc/passwd" not in p["text"] or "root:" not in p["text"] for p in pages)


def test_bombs_depth_links_and_counts_end_as_rows(run):
    _, _, code, docs, _ = run
    assert code == 1  # the bomb member failed; the batch completed
    bomb = docs["bomb.zip/zeros.bin"]
    assert bomb["status"] == "failed" and "LEAKSIFT_MAX_RATIO" in bomb["error"]
    deepest = [p for p, d in docs.items() if p.startswith("deep.zip/") and d["status"] == "ok"]
    assert max(p.count("/") for p in deepest) == 10  # ten levels opened ...
    refused = [d for p, d in docs.items() if p.endswith("level11.zip")]
    assert refused and refused[0]["status"] == "skipped" and "LEAKSIFT_MAX_DEPTH" in refused[0]["error"]
    assert docs["links.tar/docs/note.txt"]["status"] == "ok"
    for name in ("links.tar/docs/passwd", "links.tar/docs/hard"):
        assert docs[name]["status"] == "skipped" and "link" in docs[name]["error"]
    many = [p for p in docs if p.startswith("many.zip/")]
    assert len(many) == 41  # 40 parts, then one row for the rest
    rest = [d for p, d in docs.items() if p.startswith("many.zip/(")]
    assert rest and "LEAKSIFT_MAX_PARTS" in rest[0]["error"] and "260 more" in rest[0]["error"]
    for doc in docs.values():
        assert doc["error"] is None or ("\n" not in doc["error"] and len(doc["error"]) < 300)
