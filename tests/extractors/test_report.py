"""The report's builder without a browser: escaping of hostile text, data files no value can break out
of, sentence context, and a site from a small hand-built OUT."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.report.build import ReportError, build_report
from extractors.report.markup import CSP, js_data, sentence

EVIL = '</script><script>alert(1)</script>\u2028<img src=x onerror=alert(2)> & "quotes" javascript:alert(3)'


def test_js_data_cannot_end_its_script():
    text = js_data({"name": EVIL, "list": [EVIL]})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": EVIL, "list": [EVIL]}


def test_sentence_around_a_mention():
    text = "First one. Then Helen Brandt flew to Calgary. Last one."
    start = text.index("Helen")
    assert sentence(text, start, start + 12) == ("Then ", "Helen Brandt", " flew to Calgary.")
    lines = "Name Phone\nHelen Brandt +1 902\nPriya Raman +1 903\n"
    start = lines.index("Priya")
    assert sentence(lines, start, start + 11, line=True) == ("", "Priya Raman", " +1 903")


def _write(out: Path, name: str, rows: list[dict]) -> None:
    (out / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def hostile_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    text = f"{EVIL} Helen Brandt wrote."
    start = text.index("Helen")
    doc = {
        "id": "a" * 64,
        "path": f"dir/{EVIL}.txt",
        "media_type": "text/plain",
        "title": EVIL,
        "pages": 1,
        "language": "en",
        "status": "ok",
        "error": None,
        "parent_id": None,
        "email": {"from": {"name": EVIL, "address": "x@example.org"}, "to": [], "date": "2021-03-04T10:00:00"},
    }
    part = {**doc, "id": "b" * 64, "path": "dir/part.txt", "title": None, "parent_id": "a" * 64, "email": None}
    _write(out, "documents", [doc, part])
    _write(out, "pages", [{"document_id": "a" * 64, "page": 1, "method": "text", "text": text}])
    _write(
        out,
        "mentions",
        [
            {
                "entity_id": "e1",
                "document_id": "a" * 64,
                "page": 1,
                "start": start,
                "end": start + 12,
                "text": "Helen Brandt",
                "source": "ner",
                "type": "PERSON",
            }
        ],
    )
    _write(out, "tables", [{"document_id": "a" * 64, "page": 1, "index": 0, "header": [EVIL], "rows": [[EVIL]]}])
    _write(
        out,
        "entities",
        [
            {
                "id": "e1",
                "type": "PERSON",
                "name": EVIL,
                "aliases": [EVIL],
                "attributes": {"titles": [EVIL], "email": "x@example.org"},
                "document_ids": ["a" * 64],
                "mention_count": 1,
            }
        ],
    )
    return out


def test_every_page_escapes_and_carries_the_policy(hostile_out):
    index = build_report(hostile_out)
    site = index.parent
    pages = sorted(site.rglob("*.html"))
    assert {p.relative_to(site).as_posix() for p in pages} >= {
        "index.html",
        "documents.html",
        "network.html",
        "timeline.html",
        "e/e1.html",
        f"d/{'a' * 64}.html",
    }
    for page in pages:
        html = page.read_text("utf-8")
        assert f'content="{CSP}"' in html
        assert (
            "<img" not in html
            and "alert(1)</script>" not in html
            and "onerror=" not in html.replace("onerror=alert", "")
        )  # only as escaped text
        # the only scripts are the site's own files
        assert all(src.endswith(".js") for src in re.findall(r'<script src="([^"]+)"', html))
        assert re.findall(r"<script(?! src=)", html) == []
        assert "style=" not in html
    document = (site / "d" / f"{'a' * 64}.html").read_text("utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert 'href="../e/e1.html"' in document and "part.txt" in document  # the mention's mark; the part
    for data in (site / "data").glob("*.js"):
        body = data.read_text("utf-8")
        assert "<" not in body and "\u2028" not in body


def test_an_id_that_is_no_hex_never_becomes_a_path(hostile_out):
    rows = [json.loads(line) for line in (hostile_out / "entities.jsonl").read_text("utf-8").splitlines()]
    rows[0]["id"] = "../../evil"
    _write(hostile_out, "entities", rows)
    site = build_report(hostile_out).parent
    assert not (hostile_out / "evil.html").exists() and not (site.parent.parent / "evil.html").exists()
    assert len(list((site / "e").glob("x*.html"))) == 1


def test_no_records_is_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match="leaksift run"):
        build_report(tmp_path)
