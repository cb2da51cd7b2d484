"""The hostile-file suite: truncated, encrypted, mislabelled and malicious files, built on demand.

Nothing here is committed as a binary: ``build(folder)`` writes every case into ``folder`` in a second
or two (the largest file is a few hundred kB of deflated zeros). Run it as a script to get a folder to
try by hand::

    .venv/bin/python -m tests.e2e.make_hostile /tmp/hostile
    .venv/bin/leaksift run /tmp/hostile --out /tmp/hostile-out

``CASES`` says what each file is and what leaksift must make of it (status and a word of the reason);
two cases only happen during a run (a file that vanishes, a file still being written) and are staged
by the test around discovery, see ``tests/e2e/test_hostile.py``.
"""

from __future__ import annotations

import os
import random
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    path: str  # relative to the corpus folder
    what: str
    status: str  # expected documents.jsonl status
    reason: str | None  # a word the reason must contain (None: error is null)


WEIRD_NAME = "report \"final\" 'v2'\nline two – Отчёт 報告.txt"

GOOD = {
    "good/memo.txt": "Memo from Helen Brandt to Priya Raman, Calgary, 12 March 2019.\n"
    "Contact helen.brandt@example.org or +1 403 555 0100.\n",
    "good/report.pdf": "Report by Tomas Lindqvist of Northwind Shipping in Rotterdam, 3 May 2020.",
    "good/article.html": "",  # filled by _article()
}

CASES: tuple[Case, ...] = (
    Case("empty.pdf", "0-byte file", "failed", "empty"),
    Case("truncated.pdf", "PDF cut off at 40 % of its bytes", "failed", "PDF"),
    Case("broken_xref.pdf", "PDF whose xref table and startxref point at garbage", "ok", None),
    Case("encrypted_password.pdf", "PDF encrypted with user password 'secret'", "failed", "password"),
    Case("encrypted_empty.pdf", "PDF encrypted with an empty user password (opens)", "ok", None),
    Case("pages_10000.pdf", "PDF with 10,000 (blank) pages", "failed", "LEAKSIFT_MAX_PAGES"),
    Case("huge_image_page.pdf", "page holding a 30,000 x 30,000 pixel image", "failed", "LEAKSIFT_MAX_IMAGE_PIXELS"),
    Case("bomb.png", "PNG decompression bomb (20,000 x 20,000, 50 kB)", "failed", "LEAKSIFT_MAX_IMAGE_PIXELS"),
    Case("photo.jpg", "a .jpg that is really HTML", "failed", "text/html"),
    Case("random.pdf", "64 kB of random bytes named .pdf", "failed", "unknown format"),
    Case("latin1.txt", "text in Latin-1", "ok", None),
    Case("utf16_bom.txt", "text in UTF-16 with a byte-order mark", "ok", None),
    Case("nasty.html", "HTML with scripts, iframes and 5 MB of nested tags", "ok", None),
    Case(WEIRD_NAME, "file name with spaces, quotes, a newline, Cyrillic and CJK", "ok", None),
    Case("link_out.txt", "symbolic link to a file outside the corpus", "skipped", "not followed"),
    Case("loop", "symbolic link to the corpus itself (a directory loop)", "skipped", "not followed"),
    Case("vanishing.txt", "file deleted after discovery, before it is read", "failed", "could not be read"),
    Case("growing.txt", "file still being written while it is read", "failed", "changed"),
)


# --- raw PDF building ---------------------------------------------------------------------------


def raw_pdf(objects: list[bytes], *, trailer: bytes = b"", version: bytes = b"1.4") -> bytes:
    """A PDF from numbered object bodies (object i+1 is ``objects[i]``; object 1 is the catalog)."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _deflated_zeros(size: int) -> bytes:
    """``size`` zero bytes as a zlib stream, built in milliseconds.

    One 1 MiB block is deflated once and repeated: a full flush resets the compressor, so every copy
    of the block is the same bytes; the Adler-32 of ``n`` zeros is ``(n mod 65521) << 16 | 1``.
    """
    block = 1 << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = packer.compress(bytes(block)) + packer.flush(zlib.Z_FULL_FLUSH)
    count, rest = divmod(size, block)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = tail.compress(bytes(rest)) + tail.flush()
    adler = ((size % 65521) << 16) | 1
    return b"\x78\xda" + one * count + last + struct.pack(">I", adler)


def cid_pdf(glyphs: int = 240) -> bytes:
    """A one-page PDF written in a CID font without a ToUnicode map: its text layer has glyphs but no
    characters (pdfplumber reads ``(cid:NN)``), as in PDFs whose fonts were subset without one."""
    codes = "".join(f"{(i * 7) % 90 + 10:04x}" for i in range(glyphs))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(f"BT /F1 12 Tf 72 720 Td <{codes}> Tj ET".encode()),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /LeakFont /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LeakFont "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        ]
    )


def text_pdf(text: str) -> bytes:
    """A one-page PDF with a Helvetica text layer (by hand, so the bytes are fixed)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
    content = b"BT /F1 11 Tf 40 760 Td (" + safe + b") Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def many_pages_pdf(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * count
    return raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, *pages]
    )


def huge_image_pdf(side: int = 30_000) -> bytes:
    """One page showing a ``side`` x ``side`` 8-bit grey image (deflated zeros: ~0.9 MB)."""
    image = _deflated_zeros(side * side)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
            _stream(b"q 612 0 0 792 0 0 cm /Im0 Do Q"),
            _stream(
                image,
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode " % (side, side),
            ),
        ]
    )


def encrypted_pdf(text: str, *, user_password: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(__import__("datetime").datetime(2020, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def png_bomb(side: int = 20_000) -> bytes:
    """A 1-bit ``side`` x ``side`` PNG of zeros: tiny on disk, ``side**2`` pixels once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = (side + 7) // 8 + 1  # filter byte + packed bits
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", _deflated_zeros(row * side))
        + chunk(b"IEND", b"")
    )


def _article() -> str:
    return (
        "<!doctype html><html><head><title>Harbour inquiry widens</title></head><body>"
        "<nav>Home | News | Contact</nav><article><h1>Harbour inquiry widens</h1>"
        "<p>Investigators led by Amara Okafor questioned officials of the Port of Halifax on Tuesday, "
        "according to documents seen by reporters. The inquiry, opened in June 2021, concerns contracts "
        "awarded to Bluewater Dredging Ltd.</p>"
        "<p>Okafor said the review would publish its findings by the end of the year, and that the "
        "harbour authority had handed over every file it was asked for.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )


def nasty_html(nested_bytes: int = 5 * 1024 * 1024) -> bytes:
    depth = nested_bytes // len(b"<div><span></span></div>")
    head = (
        "<!doctype html><html><head><title>Port files</title>"
        "<script>while(true){document.write('<iframe src=//evil.example/>')}</script>"
        "<script src='http://evil.example/x.js'></script></head><body>"
        "<iframe src='http://evil.example/frame' width=1 height=1></iframe>"
        "<iframe srcdoc='<script>alert(1)</script>'></iframe>"
        "<article><h1>Port files</h1><p>Wilhelmina Castellanos of Ostrava Freight met officials in "
        "Gdansk in April 2018, the files show, before the tender closed.</p>"
        "<p onmouseover='alert(1)'>A second paragraph repeats that the meeting took place in Gdansk "
        "and that minutes were taken by a clerk of the port authority.</p></article>"
    )
    return head.encode() + b"<div><span>" * depth + b"deep" + b"</span></div>" * depth + b"</body></html>"


def build(folder: Path, *, outside: Path | None = None) -> list[Case]:
    """Write the suite (good files under ``good/``, hostile ones at the top) into ``folder``.

    ``outside`` is where the symbolic link points (default: a file next to ``folder``).
    Returns the cases, in ``CASES`` order.
    """
    folder = Path(folder)
    (folder / "good").mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)

    (folder / "good/memo.txt").write_text(GOOD["good/memo.txt"], encoding="utf-8")
    (folder / "good/report.pdf").write_bytes(text_pdf(GOOD["good/report.pdf"]))
    (folder / "good/article.html").write_text(_article(), encoding="utf-8")

    (folder / "empty.pdf").write_bytes(b"")
    sample = text_pdf("Dmitri Volkov signed the transfer in Riga on 9 May 2017, according to the ledger.")
    (folder / "truncated.pdf").write_bytes(sample[: len(sample) * 2 // 5])
    xref_at = sample.rindex(b"xref\n")
    broken = (
        sample[:xref_at]
        + b"xref\n0 6\n"
        + bytes(rng.randrange(48, 58) for _ in range(120))
        + b"\ntrailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n99999\n%%EOF\n"
    )
    (folder / "broken_xref.pdf").write_bytes(broken)
    (folder / "encrypted_password.pdf").write_bytes(
        encrypted_pdf("Sealed minutes: Ingrid Solberg met the board in Bergen.", user_password="secret")
    )
    (folder / "encrypted_empty.pdf").write_bytes(
        encrypted_pdf(
            "Minutes of the board of Fjordline Holdings: Ingrid Solberg met the auditors in Bergen "
            "on 14 October 2016 and signed the accounts.",
            user_password="",
        )
    )
    (folder / "pages_10000.pdf").write_bytes(many_pages_pdf(10_000))
    (folder / "huge_image_page.pdf").write_bytes(huge_image_pdf())
    (folder / "bomb.png").write_bytes(png_bomb())
    (folder / "photo.jpg").write_bytes(b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>\n")
    (folder / "random.pdf").write_bytes(rng.randbytes(64 * 1024))
    (folder / "latin1.txt").write_bytes(
        "Déclaration de François Lefèvre, maire de Besançon, le 3 février 2015 : « Ça suffit. »\n"
        "Réunion à Genève avec Mme Hélène Müller, société Bâtiments Réunis.\n".encode("latin-1")
    )
    (folder / "utf16_bom.txt").write_text(
        "Statement by Kwame Mensah in Accra on 21 August 2014.\nCc: Yusuf Demir, Ankara.\n", encoding="utf-16"
    )
    (folder / "nasty.html").write_bytes(nasty_html())
    (folder / WEIRD_NAME).write_text("Note by Aiko Tanaka from Osaka, 2 July 2012.\n", encoding="utf-8")

    outside = outside or folder.parent / f"{folder.name}-outside-secret.txt"
    outside.write_text("This file is outside the corpus and must never be read.\n")
    for name, target in (("link_out.txt", outside), ("loop", folder.resolve())):
        link = folder / name
        if link.is_symlink():
            link.unlink()
        os.symlink(target, link)

    (folder / "vanishing.txt").write_text("Olusegun Bello will be deleted before he is read.\n")
    (folder / "growing.txt").write_text("Marguerite Duval wrote this file in several goes.\n")
    return list(CASES)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.e2e.make_hostile FOLDER")
    for case in build(Path(sys.argv[1])):
        print(f"{case.path!r}: {case.what}")
