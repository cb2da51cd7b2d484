"""Export OUT's records to other tools: CSV (spreadsheet-safe), Parquet, FollowTheMoney JSONL, GEXF/GraphML
(PostgreSQL: ``postgres.py``).

In: an output folder OUT (``entities.jsonl``, ``mentions.jsonl``, ``documents.jsonl``, ``pages.jsonl`` as in
CONTRACT.md). Out: files under a target folder (default ``OUT/exports/``); each ``export_*`` returns the
paths written. Entities may carry ``merged_ids`` (curation); it is exported when present.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from extractors.output.jsonl import read_jsonl

FORMATS = ("ftm", "csv", "parquet", "gexf", "graphml")
# OWASP CSV injection: a cell starting with one of these is prefixed with a single quote
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_FTM_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "PLACE": "Address"}
_CONTEXT = 100


def neutralise(value: Any) -> Any:
    """A spreadsheet-safe cell: text starting with a formula character gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def load(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {name: read_jsonl(out / f"{name}.jsonl") for name in ("entities", "mentions", "documents", "pages")}


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end): from the previous full stop/newline to the next, capped."""
    lo = max(text.rfind(c, max(0, start - 300), start) for c in ".\n!?") + 1
    hi_candidates = [i for i in (text.find(c, end, end + 300) for c in ".\n!?") if i != -1]
    hi = min(hi_candidates) + 1 if hi_candidates else min(len(text), end + _CONTEXT)
    return " ".join(text[lo:hi].split())


def tables(out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entity rows and mention rows (with document path and sentence), plain Python values."""
    data = load(out)
    paths = {d["id"]: d["path"] for d in data["documents"]}
    texts = {(p["document_id"], p["page"]): p["text"] for p in data["pages"]}
    entities = [
        {
            "id": e["id"],
            "type": e["type"],
            "name": e["name"],
            "aliases": list(e.get("aliases") or []),
            "attributes": json.dumps(e.get("attributes") or {}, ensure_ascii=False, sort_keys=True),
            "document_count": len(e.get("document_ids") or []),
            "mention_count": int(e.get("mention_count") or 0),
            "merged_ids": list(e.get("merged_ids") or []),
        }
        for e in data["entities"]
    ]
    mentions = []
    for m in data["mentions"]:
        text = texts.get((m["document_id"], m["page"]), "")
        mentions.append(
            {
                "entity_id": m["entity_id"],
                "document_id": m["document_id"],
                "document_path": paths.get(m["document_id"], ""),
                "page": int(m["page"]),
                "start": int(m["start"]),
                "end": int(m["end"]),
                "text": m["text"],
                "source": m["source"],
                "sentence": _sentence(text, m["start"], m["end"]) if text else "",
            }
        )
    return entities, mentions


def export_csv(out: Path, to: Path) -> list[Path]:
    """entities.csv and mentions.csv, UTF-8 with a BOM (so Excel reads it as UTF-8), cells neutralised."""
    entities, mentions = tables(out)
    to.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows, fields in (
        ("entities", entities, list(entities[0]) if entities else ["id"]),
        ("mentions", mentions, list(mentions[0]) if mentions else ["entity_id"]),
    ):
        path = to / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            for row in rows:
                flat = {k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()}
                writer.writerow({k: neutralise(v) for k, v in flat.items()})
        written.append(path)
    return written


def export_parquet(out: Path, to: Path) -> list[Path]:
    """entities.parquet and mentions.parquet with int64 counts/offsets and list<string> aliases."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    entities, mentions = tables(out)
    to.mkdir(parents=True, exist_ok=True)
    schemas = {
        "entities": pa.schema(
            [
                ("id", pa.string()),
                ("type", pa.string()),
                ("name", pa.string()),
                ("aliases", pa.list_(pa.string())),
                ("attributes", pa.string()),
                ("document_count", pa.int64()),
                ("mention_count", pa.int64()),
                ("merged_ids", pa.list_(pa.string())),
            ]
        ),
        "mentions": pa.schema(
            [
                ("entity_id", pa.string()),
                ("document_id", pa.string()),
                ("document_path", pa.string()),
                ("page", pa.int64()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("text", pa.string()),
                ("source", pa.string()),
                ("sentence", pa.string()),
            ]
        ),
    }
    written = []
    for name, rows in (("entities", entities), ("mentions", mentions)):
        path = to / f"{name}.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=schemas[name]), path)
        written.append(path)
    return written


def _mailbox(box: Any) -> tuple[str, str]:
    """(display name, address) of one ``documents.email`` mailbox."""
    if not isinstance(box, dict):
        return "", ""
    return str(box.get("name") or "").strip(), str(box.get("address") or "").strip()


def _mailbox_text(name: str, address: str) -> str:
    return f"{name} <{address}>" if name and address else name or address


def export_ftm(out: Path, to: Path) -> list[Path]:
    """entities.ftm.json, one FollowTheMoney entity a line:

    - Person (with its ``email`` when known), Organization, Address from the entities;
    - Document for each document (file name, title, type, size, language, date, the e-mail addresses it
      mentions; leaksift's document id in ``notes``), or Email for an e-mail message (``documents.email``): ``from``/``to``/
      ``cc``/``bcc`` as written ("Name <address>"), ``emitters`` and ``recipients`` the Person or
      LegalEntity of each address (an address with no person: a LegalEntity with that ``email``, its id
      from the EMAIL entity), ``date``, ``subject``, ``messageId``, ``inReplyTo`` (and ``inReplyToEmail``
      when the message replied to is in OUT), ``parent`` for an attachment or a message in a mailbox;
    - Documentation (document mentions entity) for every document/entity pair of the mentions.

    Ids are derived from leaksift's stable ids (``make_id("leaksift-entity", id)`` ...), so they are the
    same in every run, and every entity passes followthemoney's schema validation.
    """
    from followthemoney import model

    from extractors.report.network import address_entity

    data = load(out)
    to.mkdir(parents=True, exist_ok=True)
    path = to / "entities.ftm.json"
    by_id = {e["id"]: e for e in data["entities"]}
    addresses = address_entity(data["entities"])
    ftm_ids: dict[str, str] = {}
    proxies: dict[str, Any] = {}  # leaksift entity id -> FtM proxy (emitted once, after the e-mail pass)
    for e in data["entities"]:
        schema = _FTM_SCHEMA.get(e["type"])
        if schema is None:
            continue
        proxy = model.make_entity(schema)
        proxy.make_id("leaksift-entity", e["id"])
        prop = "full" if schema == "Address" else "name"
        proxy.add(prop, e["name"])
        attributes = e.get("attributes") or {}
        if schema != "Address":
            proxy.add("alias", e.get("aliases") or [])
        if schema == "Person" and isinstance(attributes.get("email"), str):
            proxy.add("email", attributes["email"])
        if attributes.get("country"):
            proxy.add("country", attributes["country"])
        ftm_ids[e["id"]] = proxy.id
        proxies[e["id"]] = proxy

    def party(box: Any) -> str | None:
        """The FtM id of the Person/LegalEntity behind one mailbox (made when needed)."""
        name, address = _mailbox(box)
        if not address:
            return None
        entity_id = addresses.get(address.casefold())
        if entity_id in proxies:
            return proxies[entity_id].id
        key = entity_id or f"address:{address.casefold()}"
        proxy = model.make_entity("LegalEntity")
        if entity_id:
            proxy.make_id("leaksift-entity", entity_id)
        else:
            proxy.make_id("leaksift-address", address.casefold())
        proxy.add("name", name or address)
        proxy.add("email", address)
        proxies[key] = proxy
        if entity_id:
            ftm_ids[entity_id] = proxy.id
        return proxy.id

    mentioned_emails: dict[str, set[str]] = {}
    for m in data["mentions"]:
        e = by_id.get(m["entity_id"])
        if e and e["type"] == "EMAIL":
            mentioned_emails.setdefault(m["document_id"], set()).add(e["name"])
    documents: list[Any] = []
    doc_ids = {d["id"]: model.make_entity("Document").make_id("leaksift-document", d["id"]) for d in data["documents"]}
    by_message_id = {
        str((d.get("email") or {}).get("message_id")): doc_ids[d["id"]]
        for d in data["documents"]
        if isinstance(d.get("email"), dict) and (d["email"].get("message_id"))
    }
    for d in data["documents"]:
        email = d.get("email") if isinstance(d.get("email"), dict) else None
        proxy = model.make_entity("Email" if email else "Document")
        proxy.id = doc_ids[d["id"]]
        proxy.add("fileName", Path(d["path"]).name)
        proxy.add("title", d.get("title"))
        # contentHash is a SHA-1 in FollowTheMoney (Aleph's archive key): leaksift's id is a SHA-256, so it
        # goes into the notes, where a reader can find the file
        proxy.add("notes", f"leaksift document id (SHA-256 of the file): {d['id']}")
        proxy.add("mimeType", d.get("media_type"))
        proxy.add("fileSize", d.get("size"))
        proxy.add("language", d.get("language"))
        proxy.add("publishedAt", d.get("published"))
        proxy.add("emailMentioned", sorted(mentioned_emails.get(d["id"], ())))
        if d.get("parent_id") in doc_ids:
            proxy.add("parent", doc_ids[d["parent_id"]])
        if email:
            sender = email.get("from")
            proxy.add("from", _mailbox_text(*_mailbox(sender)) or None)
            proxy.add("emitters", party(sender))
            for key in ("to", "cc", "bcc"):
                for box in email.get(key) or []:
                    proxy.add(key, _mailbox_text(*_mailbox(box)) or None)
                    proxy.add("recipients", party(box))
            proxy.add("date", email.get("date"))
            proxy.add("subject", email.get("subject"))
            proxy.add("messageId", email.get("message_id"))
            reply_to = email.get("in_reply_to")
            proxy.add("inReplyTo", reply_to)
            if reply_to and by_message_id.get(str(reply_to)) not in (None, proxy.id):
                proxy.add("inReplyToEmail", by_message_id[str(reply_to)])
        documents.append(proxy)
    links = []
    for doc_id, entity_id in sorted({(m["document_id"], m["entity_id"]) for m in data["mentions"]}):
        if doc_id not in doc_ids or entity_id not in ftm_ids or entity_id not in by_id:
            continue
        link = model.make_entity("Documentation")
        link.make_id("leaksift-documentation", doc_id, entity_id)
        link.add("document", doc_ids[doc_id])
        link.add("entity", ftm_ids[entity_id])
        link.add("role", "mentioned")
        links.append(link)
    with path.open("w", encoding="utf-8") as fh:
        for proxy in [*proxies.values(), *documents, *links]:
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return [path]


def graph(out: Path):
    """The co-occurrence and e-mail graph (a networkx MultiGraph): PERSON/ORG/PLACE nodes (and the EMAIL
    entity of an address that wrote or was written to with no person known), edges of ``kind``
    ``co-occurrence`` (same page, weight = pages shared) and ``email`` (weight = messages between the two,
    either way; sender and recipients resolved as in the report's network page, whose edge weights this
    reuses). Edge keys are the kinds; edge ids ``KIND:A:B`` are stable across runs."""
    import networkx as nx

    from extractors.report.network import NETWORK_TYPES, edge_weights

    data = load(out)
    entities = {e["id"]: e for e in data["entities"]}
    on_page: dict[tuple[str, int], set[str]] = {}
    for m in data["mentions"]:
        if m["entity_id"] in entities:
            on_page.setdefault((m["document_id"], m["page"]), set()).add(m["entity_id"])
    weights = edge_weights(entities, on_page, data["documents"])
    undirected: Counter[tuple[str, str, str]] = Counter()
    for (a, b, kind), w in weights.items():
        undirected[(min(a, b), max(a, b), "co-occurrence" if kind == "page" else "email")] += w
    g = nx.MultiGraph()
    nodes = {i for i, e in entities.items() if e["type"] in NETWORK_TYPES}
    nodes |= {x for a, b, _ in undirected for x in (a, b)}
    for i in sorted(nodes):
        e = entities[i]
        g.add_node(i, label=e["name"], type=e["type"], mentions=int(e.get("mention_count") or 0))
    for (a, b, kind), w in sorted(undirected.items()):
        g.add_edge(a, b, key=kind, id=f"{kind}:{a}:{b}", kind=kind, label=kind, weight=w)
    return g


def export_graph(out: Path, to: Path, fmt: str) -> list[Path]:
    import networkx as nx

    to.mkdir(parents=True, exist_ok=True)
    g = graph(out)
    path = to / f"graph.{fmt}"
    if fmt == "gexf":
        nx.write_gexf(g, path)
    else:
        nx.write_graphml(g, path, edge_id_from_attribute="id")
    return [path]


def export(out: Path, fmt: str, to: Path | None = None) -> list[Path]:
    to = to or out / "exports" / fmt
    if fmt == "csv":
        return export_csv(out, to)
    if fmt == "parquet":
        return export_parquet(out, to)
    if fmt == "ftm":
        return export_ftm(out, to)
    if fmt in ("gexf", "graphml"):
        return export_graph(out, to, fmt)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
