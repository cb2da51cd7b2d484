"""A static report site from an output folder's records.

In: OUT holding ``documents.jsonl``, ``pages.jsonl``, ``mentions.jsonl``, ``tables.jsonl`` and
``entities.jsonl`` (the contract's record files). Out: ``OUT/report/`` (replaced as a whole), a site that
opens from the file system with no network at all:

- ``index.html``: the entity index; its rows come from ``data/index-N.js`` chunks (sorted, filtered and
  searched in ``static/app.js``, drawn a page of rows at a time);
- ``e/<entity id>.html``: one page per entity (attributes, every mention in its sentence, co-occurring
  entities), written as escaped HTML;
- ``d/<document id>.html``: one page per document (its text with mentions marked, tables, e-mail headers,
  parent and parts, path);
- ``network.html`` with ``data/network.js`` (``network.py``): people, organisations and places on the same
  page (weighted) and who-wrote-to-whom from e-mail, laid out here (networkx), drawn as SVG in the browser;
- ``timeline.html``: dated mentions and e-mail dates, each linked to its mention.

Leaked text is hostile (``markup.py``): every text, name and path is escaped with ``html.escape`` in HTML, and data files
are JavaScript whose only string content is JSON with ``<``, ``>``, ``&`` and line separators escaped, so no
value can end the script. Every page carries a Content-Security-Policy that allows only the site's own
script and style files and no network request; no page has inline script or style.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.output.jsonl import read_jsonl
from extractors.report.markup import e, file_id, js_data, page_html, sentence, type_badge
from extractors.report.network import write_network

STATIC = Path(__file__).resolve().parent / "static"
#: entity rows per index data file
INDEX_CHUNK = 2000
#: co-occurring entities listed on an entity page
TOP_COOCCURRING = 25
ATTRIBUTE_ORDER = ("titles", "organisation", "email", "phone", "place", "city", "country", "acronym", "iso")


class ReportError(Exception):
    """OUT cannot be made into a report (no records); the message says what to do."""


@dataclass
class Records:
    documents: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    tables: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    page_text: dict[tuple[str, int], str] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> Records:
        if not (out / "entities.jsonl").exists() and not (out / "documents.jsonl").exists():
            raise ReportError(f"no records in {out} (run `leaksift run --out {out}` first)")
        names = ("documents", "pages", "mentions", "tables", "entities")
        records = cls(*(read_jsonl(out / f"{name}.jsonl") for name in names))
        records.page_text = {(p["document_id"], p["page"]): p["text"] for p in records.pages}
        return records


class Site:
    """The report's pages, written from ``records`` into ``root``."""

    def __init__(self, records: Records, root: Path) -> None:
        self.r = records
        self.root = root
        self.entities = {x["id"]: x for x in records.entities}
        self.documents = {d["id"]: d for d in records.documents}
        self.by_entity: dict[str, list[dict]] = defaultdict(list)
        self.by_document: dict[str, list[dict]] = defaultdict(list)
        self.on_page: dict[tuple[str, int], set[str]] = defaultdict(set)
        for m in records.mentions:
            self.by_entity[m["entity_id"]].append(m)
            self.by_document[m["document_id"]].append(m)
            if m["entity_id"] in self.entities:
                self.on_page[(m["document_id"], m["page"])].add(m["entity_id"])
        self.tables: dict[str, list[dict]] = defaultdict(list)
        for t in records.tables:
            self.tables[t["document_id"]].append(t)
        self.children: dict[str, list[dict]] = defaultdict(list)
        for d in records.documents:
            if d.get("parent_id"):
                self.children[d["parent_id"]].append(d)
        self.cooccur: dict[str, Counter] = defaultdict(Counter)
        for ids in self.on_page.values():
            if len(ids) > 1:
                for a in ids:
                    for b in ids:
                        if a != b:
                            self.cooccur[a][b] += 1

    # links
    def entity_link(self, entity_id: str, up: str = "../") -> str:
        x = self.entities.get(entity_id)
        if x is None:
            return e(entity_id)
        return f'<a class="ent t-{e(x["type"])}" href="{up}e/{file_id(x["id"])}.html">{e(x["name"])}</a>'

    def doc_name(self, d: dict) -> str:
        return d.get("title") or d.get("path") or d["id"][:12]

    def doc_link(self, doc_id: str, up: str = "../", anchor: str = "") -> str:
        d = self.documents.get(doc_id)
        label = self.doc_name(d) if d else doc_id[:12]
        return f'<a href="{up}d/{file_id(doc_id)}.html{e(anchor)}">{e(label)}</a>'

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def build(self) -> None:
        shutil.copytree(STATIC, self.root / "static")
        self.write_index()
        self.write_documents_index()
        for x in self.r.entities:
            self.write_entity(x)
        for d in self.r.documents:
            self.write_document(d)
        write_network(self)
        self.write_timeline()

    # the entity index
    def write_index(self) -> None:
        rows = [
            [
                file_id(x["id"]),
                x["type"],
                x["name"],
                x.get("mention_count", 0),
                len(x.get("document_ids", [])),
                x["aliases"],
            ]
            for x in self.r.entities
        ]
        rows.sort(key=lambda r: (-r[3], r[2].casefold()))
        chunks = [rows[i : i + INDEX_CHUNK] for i in range(0, len(rows), INDEX_CHUNK)] or [[]]
        scripts = []
        for n, chunk in enumerate(chunks):
            self.write(f"data/index-{n}.js", f"LEAKSIFT.addEntities({js_data(chunk)});\n")
            scripts.append(f"data/index-{n}.js")
        types = sorted({r[1] for r in rows})
        options = "".join(f'<option value="{e(t)}">{e(t)}</option>' for t in types)
        body = (
            f'<h1>Entities</h1><p class="summary">{len(rows)} entities in {len(self.r.documents)} documents, '
            f"{len(self.r.mentions)} mentions.</p>"
            '<form id="filters" class="filters" autocomplete="off">'
            '<label>Search <input id="q" type="search" placeholder="name or alias"></label> '
            f'<label>Type <select id="type"><option value="">all</option>{options}</select></label> '
            '<label>Min. mentions <input id="minm" type="number" min="0" value="0"></label> '
            '<label>Min. documents <input id="mind" type="number" min="0" value="0"></label></form>'
            '<p id="count" class="count"></p>'
            '<table id="entities" class="sortable"><thead><tr>'
            '<th data-key="2" data-sort="text">Name</th><th data-key="1" data-sort="text">Type</th>'
            '<th data-key="3" data-sort="num" class="num">Mentions</th>'
            '<th data-key="4" data-sort="num" class="num">Documents</th></tr></thead><tbody></tbody></table>'
            '<p><button id="more" type="button" hidden>Show more</button></p>'
        )
        self.write(
            "index.html",
            page_html("Entities", body, depth=0, scripts=["static/app.js", *scripts, "static/index.js"]),
        )

    def write_documents_index(self) -> None:
        items = []
        for d in sorted(self.r.documents, key=lambda d: d.get("path") or ""):
            n = len(self.by_document.get(d["id"], []))
            items.append(
                f'<tr><td>{self.doc_link(d["id"], up="")}</td><td class="path">{e(d.get("path"))}</td>'
                f'<td>{e(d.get("media_type"))}</td><td>{e(d.get("status"))}</td><td class="num">{n}</td></tr>'
            )
        body = (
            f'<h1>Documents</h1><p class="summary">{len(items)} documents.</p><table><thead><tr><th>Title</th>'
            '<th>Path</th><th>Type</th><th>Status</th><th class="num">Mentions</th></tr></thead>'
            f"<tbody>{''.join(items)}</tbody></table>"
        )
        self.write("documents.html", page_html("Documents", body, depth=0))

    # an entity
    def write_entity(self, x: dict) -> None:
        attrs = []
        order = {k: n for n, k in enumerate(ATTRIBUTE_ORDER)}
        for key in sorted(x.get("attributes", {}), key=lambda k: (order.get(k, len(order)), k)):
            value = x["attributes"][key]
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            attrs.append(f"<dt>{e(key)}</dt><dd>{e(shown)}</dd>")
        if x.get("aliases"):
            attrs.append(f"<dt>aliases</dt><dd>{e('; '.join(x['aliases']))}</dd>")
        attrs.append(f"<dt>documents</dt><dd>{len(x.get('document_ids', []))}</dd>")
        mentions = sorted(self.by_entity.get(x["id"], []), key=lambda m: (m["document_id"], m["page"], m["start"]))
        items = []
        for m in mentions:
            text = self.r.page_text.get((m["document_id"], m["page"]), "")
            before, hit, after = (
                sentence(text, m["start"], m["end"], line=m.get("source") == "table") if text else ("", m["text"], "")
            )
            anchor = f"#m-{m['page']}-{m['start']}-{m['end']}"
            items.append(
                f'<li><span class="ctx">{e(before)}<mark class="t-{e(x["type"])}">{e(hit)}</mark>{e(after)}'
                f'</span> <span class="where">{self.doc_link(m["document_id"], anchor=anchor)}, page {m["page"]}'
                f" ({e(m.get('source'))})</span></li>"
            )
        co = self.cooccur.get(x["id"], Counter()).most_common(TOP_COOCCURRING)
        co_items = "".join(f'<li>{self.entity_link(i)} <span class="n">{n}</span></li>' for i, n in co)
        body = (
            f'<h1>{e(x["name"])} {type_badge(x["type"])}</h1><dl class="attrs">{"".join(attrs)}</dl>'
            f'<section><h2>Mentions ({len(mentions)})</h2><ol id="mentions" class="mentions">{"".join(items)}'
            "</ol></section>"
            f'<section><h2>Appears most with</h2><ul id="cooccurring" class="co">'
            f"{co_items or '<li>nobody on the same page</li>'}</ul></section>"
        )
        self.write(f"e/{file_id(x['id'])}.html", page_html(x["name"], body, depth=1, page_class="entity"))

    # a document
    def marked_text(self, doc_id: str, page: int, text: str) -> str:
        spans = sorted(
            (m for m in self.by_document.get(doc_id, []) if m["page"] == page),
            key=lambda m: (m["start"], -m["end"]),
        )
        out, pos = [], 0
        for m in spans:
            if m["start"] < pos or m["end"] > len(text):
                continue  # overlaps the previous mark
            x = self.entities.get(m["entity_id"])
            kind = m.get("type") or (x["type"] if x else "")
            out.append(e(text[pos : m["start"]]))
            inner = e(text[m["start"] : m["end"]])
            anchor = f'id="m-{page}-{m["start"]}-{m["end"]}"'
            if x:
                out.append(
                    f'<a {anchor} class="mark t-{e(kind)}" title="{e(kind)}: {e(x["name"])}" '
                    f'href="../e/{file_id(x["id"])}.html">{inner}</a>'
                )
            else:
                out.append(f'<mark {anchor} class="mark t-{e(kind)}">{inner}</mark>')
            pos = m["end"]
        out.append(e(text[pos:]))
        return "".join(out)

    def write_document(self, d: dict) -> None:
        parts = [
            f'<h1>{e(self.doc_name(d))}</h1><dl class="attrs"><dt>path</dt><dd class="path">{e(d.get("path"))}</dd>'
        ]
        for key in ("media_type", "language", "pages", "status", "error", "published"):
            if d.get(key) not in (None, ""):
                parts.append(f"<dt>{e(key)}</dt><dd>{e(d[key])}</dd>")
        if d.get("parent_id"):
            parts.append(f"<dt>part of</dt><dd>{self.doc_link(d['parent_id'])}</dd>")
        parts.append("</dl>")
        email = d.get("email")
        if email:
            parts.append('<section><h2>E-mail</h2><dl class="attrs email">')
            for key in ("from", "to", "cc", "bcc", "reply_to", "date", "subject", "message_id", "in_reply_to"):
                value = email.get(key)
                if not value:
                    continue
                values = value if isinstance(value, list) else [value]
                shown = ", ".join(
                    (f"{v.get('name')} <{v.get('address')}>" if v.get("name") else str(v.get("address")))
                    if isinstance(v, dict)
                    else str(v)
                    for v in values
                )
                parts.append(f"<dt>{e(key)}</dt><dd>{e(shown)}</dd>")
            parts.append("</dl></section>")
        children = self.children.get(d["id"], [])
        if children:
            links = "".join(
                f'<li>{self.doc_link(c["id"])} <span class="path">{e(c.get("path"))}</span></li>' for c in children
            )
            parts.append(f"<section><h2>Parts ({len(children)})</h2><ul>{links}</ul></section>")
        legend = "".join(
            f'<span class="mark t-{t}">{t}</span> '
            for t in sorted({m.get("type", "") for m in self.by_document.get(d["id"], [])})
        )
        if legend:
            parts.append(f'<p class="legend">{legend}</p>')
        for number in range(1, (d.get("pages") or 0) + 1):
            text = self.r.page_text.get((d["id"], number))
            if text is None:
                continue
            parts.append(
                f'<section class="page" id="p{number}"><h2>Page {number}</h2>'
                f'<pre class="text">{self.marked_text(d["id"], number, text)}</pre></section>'
            )
        for t in self.tables.get(d["id"], []):
            head = "".join(f"<th>{e(c)}</th>" for c in (t.get("header") or []))
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in t.get("rows", []))
            parts.append(
                f'<section class="table"><h2>Table {t["index"] + 1}, page {t["page"]}</h2><table>'
                f"{'<thead><tr>' + head + '</tr></thead>' if head else ''}<tbody>{rows}</tbody></table></section>"
            )
        self.write(
            f"d/{file_id(d['id'])}.html", page_html(self.doc_name(d), "".join(parts), depth=1, page_class="document")
        )

    # the network
    # the timeline
    def write_timeline(self) -> None:
        events: list[tuple[str, str, str]] = []  # (iso, what, html)
        for m in self.r.mentions:
            x = self.entities.get(m["entity_id"])
            if not x or x["type"] != "DATE":
                continue
            iso = x.get("attributes", {}).get("iso") or x["name"]
            text = self.r.page_text.get((m["document_id"], m["page"]), "")
            before, hit, after = sentence(text, m["start"], m["end"]) if text else ("", m["text"], "")
            anchor = f"#m-{m['page']}-{m['start']}-{m['end']}"
            events.append(
                (
                    str(iso),
                    "mention",
                    f'<span class="ctx">{e(before)}<mark class="t-DATE">{e(hit)}</mark>{e(after)}</span> '
                    f'<span class="where">{self.doc_link(m["document_id"], up="", anchor=anchor)}, '
                    f"page {m['page']}</span>",
                )
            )
        for d in self.r.documents:
            email = d.get("email") or {}
            date = email.get("date")
            if not date:
                continue
            iso = str(date)[:10] if re.match(r"\d{4}-\d\d-\d\d", str(date)) else str(date)
            events.append(
                (iso, "e-mail", f'e-mail {self.doc_link(d["id"], up="")} <span class="where">{e(date)}</span>')
            )
        events.sort(key=lambda t: t[0])
        groups: dict[str, list[str]] = defaultdict(list)
        for iso, what, item in events:
            groups[iso].append(f'<li class="{e(what)}">{item}</li>')
        sections = "".join(
            f'<section class="when"><h2 class="date"><time>{e(iso)}</time> <span class="n">{len(items)}</span></h2>'
            f"<ul>{''.join(items)}</ul></section>"
            for iso, items in groups.items()
        )
        body = (
            f'<h1>Timeline</h1><p class="summary">{len(events)} dated mentions and e-mails on '
            f'{len(groups)} dates.</p><div id="timeline">{sections or "<p>No dates found.</p>"}</div>'
        )
        self.write("timeline.html", page_html("Timeline", body, depth=0))


def build_report(out: Path) -> Path:
    """Write ``out/report/`` from ``out``'s records (replacing an older report at once); its index page."""
    out = Path(out)
    records = Records.read(out)
    final = out / "report"
    tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=out))
    try:
        Site(records, tmp).build()
        old = None
        if final.exists():
            old = out / f".report-old-{os.getpid()}"
            final.rename(old)
        tmp.chmod(0o755)
        tmp.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final / "index.html"
