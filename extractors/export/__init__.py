"""Export OUT's records to other tools: CSV (spreadsheet-safe), Parquet, FollowTheMoney JSONL, GEXF/GraphML.

In: an output folder OUT (``entities.jsonl``, ``mentions.jsonl``, ``documents.jsonl``, ``pages.jsonl`` as in
CONTRACT.md). Out: files under a target folder (default ``OUT/exports/``); each ``export_*`` returns the
paths written. Entities may carry ``merged_ids`` (curation); it is exported when present.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from itertools import combinations
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


def export_ftm(out: Path, to: Path) -> list[Path]:
    """entities.ftm.json: Person/Organization/Address, Document, and Documentation links; ids namespaced
    from leaksift's stable ids (``leaksift-<type>-<id>``), so they are the same in every run."""
    from followthemoney import model

    data = load(out)
    to.mkdir(parents=True, exist_ok=True)
    path = to / "entities.ftm.json"
    ftm_ids: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as fh:

        def emit(proxy) -> None:
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")

        for e in data["entities"]:
            schema = _FTM_SCHEMA.get(e["type"])
            if schema is None:
                continue
            proxy = model.make_entity(schema)
            proxy.make_id("leaksift-entity", e["id"])
            prop = "full" if schema == "Address" else "name"
            proxy.add(prop, e["name"])
            if schema != "Address":
                proxy.add("alias", e.get("aliases") or [])
            country = (e.get("attributes") or {}).get("country")
            if country:
                proxy.add("country", country)
            ftm_ids[e["id"]] = proxy.id
            emit(proxy)
        docs = {}
        for d in data["documents"]:
            proxy = model.make_entity("Document")
            proxy.make_id("leaksift-document", d["id"])
            proxy.add("fileName", Path(d["path"]).name)
            proxy.add("title", d.get("title"))
            proxy.add("contentHash", d["id"])
            proxy.add("mimeType", d.get("media_type"))
            docs[d["id"]] = proxy.id
            emit(proxy)
        links = sorted({(m["document_id"], m["entity_id"]) for m in data["mentions"]})
        for doc_id, entity_id in links:
            if doc_id not in docs or entity_id not in ftm_ids:
                continue
            link = model.make_entity("Documentation")
            link.make_id("leaksift-documentation", doc_id, entity_id)
            link.add("document", docs[doc_id])
            link.add("entity", ftm_ids[entity_id])
            link.add("role", "mentioned")
            emit(link)
    return [path]


def graph(out: Path):
    """Co-occurrence graph: PERSON/ORG/PLACE nodes, an edge per pair sharing a page, weight = pages shared."""
    import networkx as nx

    data = load(out)
    kept = {e["id"]: e for e in data["entities"] if e["type"] in _FTM_SCHEMA}
    g = nx.Graph()
    for e in kept.values():
        g.add_node(e["id"], label=e["name"], type=e["type"], mentions=int(e.get("mention_count") or 0))
    pages: dict[tuple[str, int], set[str]] = {}
    for m in data["mentions"]:
        if m["entity_id"] in kept:
            pages.setdefault((m["document_id"], m["page"]), set()).add(m["entity_id"])
    weights: Counter[tuple[str, str]] = Counter()
    for ids in pages.values():
        for a, b in combinations(sorted(ids), 2):
            weights[(a, b)] += 1
    for (a, b), w in weights.items():
        g.add_edge(a, b, weight=w, type="co-occurrence")
    return g


def export_graph(out: Path, to: Path, fmt: str) -> list[Path]:
    import networkx as nx

    to.mkdir(parents=True, exist_ok=True)
    g = graph(out)
    path = to / f"graph.{fmt}"
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(g, path)
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
