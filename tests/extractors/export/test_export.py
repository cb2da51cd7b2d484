"""Export of a small synthetic OUT: CSV neutralised, Parquet read back, FtM validated, GEXF/GraphML read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from extractors.export import export

TEXT = "=HYPERLINK(x) met Alice Smith at Acme Corp in Paris. Later text."


def _out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    rows = {
        "documents": [
            {
                "id": "d" * 64,
                "path": "a.txt",
                "media_type": "text/plain",
                "title": None,
                "pages": 1,
                "language": "en",
                "status": "ok",
                "error": None,
            }
        ],
        "pages": [{"document_id": "d" * 64, "page": 1, "method": "text", "text": TEXT, "ocr_confidence": None}],
        "entities": [
            {
                "id": "p1",
                "type": "PERSON",
                "name": "=HYPERLINK(x)",
                "aliases": ["@evil", "-1+2"],
                "attributes": {},
                "document_ids": ["d" * 64],
                "mention_count": 1,
            },
            {
                "id": "p2",
                "type": "PERSON",
                "name": "Alice Smith",
                "aliases": [],
                "attributes": {},
                "document_ids": ["d" * 64],
                "mention_count": 1,
                "merged_ids": ["p9"],
            },
            {
                "id": "o1",
                "type": "ORG",
                "name": "Acme Corp",
                "aliases": [],
                "attributes": {},
                "document_ids": ["d" * 64],
                "mention_count": 1,
            },
            {
                "id": "l1",
                "type": "PLACE",
                "name": "Paris",
                "aliases": [],
                "attributes": {"country": "FR"},
                "document_ids": ["d" * 64],
                "mention_count": 1,
            },
        ],
    }
    spans = {"p1": "=HYPERLINK(x)", "p2": "Alice Smith", "o1": "Acme Corp", "l1": "Paris"}
    rows["mentions"] = [
        {
            "entity_id": k,
            "document_id": "d" * 64,
            "page": 1,
            "start": TEXT.index(v),
            "end": TEXT.index(v) + len(v),
            "text": v,
            "source": "ner",
        }
        for k, v in spans.items()
    ]
    for name, items in rows.items():
        (out / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    return out


def test_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    out = _out(tmp_path)
    paths = export(out, "csv")
    assert paths[0].read_bytes().startswith(b"\xef\xbb\xbf")
    with paths[0].open(encoding="utf-8-sig") as fh:
        ents = {r["id"]: r for r in csv.DictReader(fh)}
    assert ents["p1"]["name"] == "'=HYPERLINK(x)"
    assert ents["p1"]["aliases"] == "'@evil; -1+2"
    with paths[1].open(encoding="utf-8-sig") as fh:
        ments = list(csv.DictReader(fh))
    for row in ments:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    alice = next(r for r in ments if r["entity_id"] == "p2")
    assert alice["document_path"] == "a.txt" and "Alice Smith" in alice["sentence"]


def test_parquet_round_trip(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from extractors.export import tables

    out = _out(tmp_path)
    ents, ments = tables(out)
    paths = export(out, "parquet")
    assert pq.read_table(paths[0]).to_pylist() == ents
    assert pq.read_table(paths[1]).to_pylist() == ments
    assert str(pq.read_table(paths[1]).schema.field("start").type) == "int64"


def test_ftm_validates_and_is_stable(tmp_path: Path) -> None:
    from followthemoney import model

    out = _out(tmp_path)
    first = export(out, "ftm")[0].read_text(encoding="utf-8")
    second = export(out, "ftm", tmp_path / "again")[0].read_text(encoding="utf-8")
    assert first == second
    schemas = []
    for line in first.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        schemas.append(proxy.schema.name)
        for prop, values in data["properties"].items():
            assert proxy.schema.get(prop) is not None, prop
            assert values
    assert {"Person", "Organization", "Address", "Document", "Documentation"} <= set(schemas)


def test_graphs_read_back(tmp_path: Path) -> None:
    import networkx as nx

    out = _out(tmp_path)
    g = nx.read_gexf(export(out, "gexf")[0])
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 6
    h = nx.read_graphml(export(out, "graphml")[0])
    assert h.edges["p2", "o1"]["weight"] == 1 and h.nodes["l1"]["type"] == "PLACE"
