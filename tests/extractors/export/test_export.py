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


# Two e-mails as the mail reader and resolution write them (``documents.email``, PERSON entities with an
# ``email`` attribute, EMAIL entities), an address with no person, one with no entity, a reply, an attachment.
HELEN, PRIYA, TOM = "helen@harbour.example", "priya@acme.example", "tom@acme.example"
BODY_A = "From: Helen Brandt <helen@harbour.example>\n\nPriya, the Calgary Harbour Authority signed.\n"
BODY_B = "From: Priya Raman <priya@acme.example>\n\nTom Okafor will call the Calgary Harbour Authority.\n"


def _box(name: str, address: str) -> dict:
    return {"name": name, "address": address}


def _mail_out(tmp_path: Path) -> Path:
    out = tmp_path / "mail-out"
    out.mkdir()
    a, b, att = "a" * 64, "b" * 64, "c" * 64

    def email(sender, to, cc=(), bcc=(), subject="", mid="", reply=None):
        return {
            "from": sender,
            "to": list(to),
            "cc": list(cc),
            "bcc": list(bcc),
            "reply_to": [],
            "date": "2019-03-12T09:30:00+01:00" if not reply else "2019-03-13T10:00:00+01:00",
            "subject": subject,
            "message_id": mid,
            "in_reply_to": reply,
            "references": [reply] if reply else [],
        }

    def doc(doc_id, path, media, title, mail=None, parent=None):
        return {
            "id": doc_id,
            "path": path,
            "media_type": media,
            "title": title,
            "pages": 1,
            "language": "en",
            "status": "ok",
            "error": None,
            "parent_id": parent,
            "email": mail,
        }

    rows = {
        "documents": [
            doc(
                a,
                "a.eml",
                "message/rfc822",
                "Harbour terms",
                email(
                    _box("Helen Brandt", HELEN),
                    [_box("Priya Raman", PRIYA), _box("Tom Okafor", TOM)],
                    cc=[_box("", "legal@acme.example")],
                    bcc=[_box("Ghost", "ghost@elsewhere.example")],
                    subject="Harbour terms",
                    mid="<m1@harbour.example>",
                ),
            ),
            doc(
                b,
                "b.eml",
                "message/rfc822",
                "Re: Harbour terms",
                email(
                    _box("Priya Raman", PRIYA),
                    [_box("Helen Brandt", HELEN)],
                    subject="Re: Harbour terms",
                    mid="<m2@acme.example>",
                    reply="<m1@harbour.example>",
                ),
            ),
            doc(att, "a.eml/terms.txt", "text/plain", None, parent=a),
        ],
        "pages": [
            {"document_id": a, "page": 1, "method": "text", "text": BODY_A, "ocr_confidence": None},
            {"document_id": b, "page": 1, "method": "text", "text": BODY_B, "ocr_confidence": None},
        ],
        "entities": [
            {"id": "helen", "type": "PERSON", "name": "Helen Brandt", "attributes": {"email": HELEN}},
            {"id": "priya", "type": "PERSON", "name": "Priya Raman", "attributes": {"email": PRIYA}},
            {"id": "tom", "type": "PERSON", "name": "Tom Okafor", "attributes": {"email": TOM}},
            {"id": "chha", "type": "ORG", "name": "Calgary Harbour Authority", "attributes": {}},
            {"id": "e-helen", "type": "EMAIL", "name": HELEN, "attributes": {}},
            {"id": "e-legal", "type": "EMAIL", "name": "legal@acme.example", "attributes": {}},
        ],
    }
    for e in rows["entities"]:
        e.update(aliases=[], document_ids=[a], mention_count=1)
    spans = [(a, BODY_A, "Helen Brandt", "helen"), (a, BODY_A, HELEN, "e-helen"), (a, BODY_A, "Priya", "priya")]
    spans += [(a, BODY_A, "Calgary Harbour Authority", "chha"), (b, BODY_B, "Priya Raman", "priya")]
    spans += [(b, BODY_B, "Tom Okafor", "tom"), (b, BODY_B, "Calgary Harbour Authority", "chha")]
    rows["mentions"] = [
        {
            "entity_id": eid,
            "document_id": d,
            "page": 1,
            "start": text.index(v),
            "end": text.index(v) + len(v),
            "text": v,
            "source": "ner",
        }
        for d, text, v, eid in spans
    ]
    for name, items in rows.items():
        (out / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    return out


def _ftm(path: Path) -> dict[str, dict]:
    return {d["id"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_ftm_emails_validate_with_followthemoney(tmp_path: Path) -> None:
    import subprocess
    import sys

    from followthemoney import model

    out = _mail_out(tmp_path)
    path = export(out, "ftm", tmp_path / "one")[0]
    assert path.read_bytes() == export(out, "ftm", tmp_path / "two")[0].read_bytes()  # stable ids, same file
    entities = _ftm(path)
    for data in entities.values():
        model.get(data["schema"]).validate(data)  # followthemoney's own validation: raises InvalidData
    ftm = str(Path(sys.executable).parent / "ftm")
    validated = tmp_path / "validated.json"
    subprocess.run([ftm, "validate", "-i", str(path), "-o", str(validated)], check=True, capture_output=True)
    # re-parsed and cleaned by followthemoney: nothing dropped or changed
    assert {i: (d["schema"], d["properties"]) for i, d in _ftm(validated).items()} == {
        i: (d["schema"], d["properties"]) for i, d in entities.items()
    }
    aggregated = tmp_path / "aggregated.json"
    subprocess.run([ftm, "aggregate", "-i", str(path), "-o", str(aggregated)], check=True, capture_output=True)
    assert set(_ftm(aggregated)) == set(entities)

    def one(schema: str, **props) -> dict:
        (found,) = [
            d
            for d in entities.values()
            if d["schema"] == schema and all(d["properties"].get(k) == v for k, v in props.items())
        ]
        return found

    helen = one("Person", name=["Helen Brandt"], email=[HELEN])
    priya, tom = one("Person", name=["Priya Raman"]), one("Person", name=["Tom Okafor"])
    legal = one("LegalEntity", email=["legal@acme.example"])
    ghost = one("LegalEntity", name=["Ghost"], email=["ghost@elsewhere.example"])
    first = one("Email", subject=["Harbour terms"])["properties"]
    assert first["emitters"] == [helen["id"]]
    assert set(first["recipients"]) == {priya["id"], tom["id"], legal["id"], ghost["id"]}
    assert first["from"] == ["Helen Brandt <helen@harbour.example>"] and first["cc"] == ["legal@acme.example"]
    assert first["date"] == ["2019-03-12T08:30:00"] and first["messageId"] == ["<m1@harbour.example>"]
    reply = one("Email", subject=["Re: Harbour terms"])
    assert reply["properties"]["inReplyToEmail"] == [one("Email", subject=["Harbour terms"])["id"]]
    attachment = one("Document", fileName=["terms.txt"])
    assert attachment["properties"]["parent"] == [one("Email", subject=["Harbour terms"])["id"]]
    chha = one("Organization", name=["Calgary Harbour Authority"])
    mentioned = {
        (d["properties"]["document"][0], d["properties"]["entity"][0])
        for d in entities.values()
        if d["schema"] == "Documentation"
    }
    assert (reply["id"], chha["id"]) in mentioned and (reply["id"], tom["id"]) in mentioned
    assert not any(d["schema"] == "LegalEntity" and d["properties"].get("email") == [HELEN] for d in entities.values())


def test_graph_email_edges(tmp_path: Path) -> None:
    import networkx as nx

    out = _mail_out(tmp_path)
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        g = read(export(out, fmt)[0])
        assert isinstance(g, nx.MultiGraph)
        email = {(frozenset((a, b)), d["weight"]) for a, b, d in g.edges(data=True) if d["kind"] == "email"}
        # Helen -> Priya and Priya -> Helen: 2 messages; Ghost has no entity: no edge
        assert email == {
            (frozenset(("helen", "priya")), 2),
            (frozenset(("helen", "tom")), 1),
            (frozenset(("helen", "e-legal")), 1),
        }, fmt
        pages = {frozenset((a, b)) for a, b, d in g.edges(data=True) if d["kind"] == "co-occurrence"}
        assert frozenset(("helen", "priya")) in pages and frozenset(("tom", "chha")) in pages
        assert g.nodes["e-legal"]["type"] == "EMAIL" and "e-helen" not in g
