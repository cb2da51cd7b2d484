"""The report's network page: people, organisations and places on the same page (weighted by pages
together) and who wrote to whom by e-mail, laid out with networkx and written as ``data/network.js`` and
``network.html`` (drawn as SVG by ``static/network.js``).

In: a ``Site`` (the records, indexed). Out: the two files in the site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from extractors.report.markup import file_id, js_data, page_html

if TYPE_CHECKING:
    from extractors.report.build import Site

#: entity types drawn in the network
NETWORK_TYPES = ("PERSON", "ORG", "PLACE")
#: the network's size: the most mentioned nodes, the heaviest edges among them
NETWORK_NODES = 400
NETWORK_EDGES = 3000


def address_entity(entities: Iterable[dict]) -> dict[str, str]:
    """E-mail address (casefolded) -> the entity it belongs to: a person with that e-mail attribute,
    else the EMAIL entity."""
    entities = list(entities)
    found: dict[str, str] = {}
    for x in entities:
        if x["type"] == "EMAIL":
            found.setdefault(x["name"].casefold(), x["id"])
    for x in entities:
        mail = x.get("attributes", {}).get("email")
        if x["type"] == "PERSON" and isinstance(mail, str):
            found[mail.casefold()] = x["id"]
    return found


def edge_weights(
    entities: dict[str, dict], on_page: dict[tuple[str, int], set[str]], documents: Iterable[dict]
) -> Counter:
    """The network's edges, ``(a, b, kind) -> weight``: kind ``page`` for two entities of NETWORK_TYPES on
    the same page (a < b, weight = pages together), ``mail`` for sender a to recipient b (To, Cc, Bcc;
    weight = messages), the addresses resolved by ``address_entity``. Also used by ``leaksift export``'s
    GEXF and GraphML files."""
    weights: Counter = Counter()
    for ids in on_page.values():
        kept = sorted(i for i in ids if i in entities and entities[i]["type"] in NETWORK_TYPES)
        for a_index, a in enumerate(kept):
            for b in kept[a_index + 1 :]:
                weights[(a, b, "page")] += 1
    addresses = address_entity(entities.values())
    for d in documents:
        email = d.get("email") or {}
        sender = (email.get("from") or {}).get("address") if isinstance(email.get("from"), dict) else None
        a = addresses.get((sender or "").casefold())
        if not a:
            continue
        for key in ("to", "cc", "bcc"):
            for to in email.get(key) or []:
                b = addresses.get(str((to or {}).get("address") or "").casefold())
                if b and b != a:
                    weights[(a, b, "mail")] += 1
    return weights


def write_network(site: Site) -> None:
    weights = edge_weights(site.entities, site.on_page, site.r.documents)
    degree: Counter = Counter()
    for (a, b, _), w in weights.items():
        degree[a] += w
        degree[b] += w
    in_edges = set(degree)
    nodes = sorted(in_edges, key=lambda i: (-site.entities[i].get("mention_count", 0), -degree[i], i))[:NETWORK_NODES]
    keep = set(nodes)
    edges = sorted(
        ((a, b, kind, w) for (a, b, kind), w in weights.items() if a in keep and b in keep),
        # every e-mail edge (there are few), then the heaviest same-page edges
        key=lambda t: (t[2] != "mail", -t[3], t[0], t[1]),
    )[:NETWORK_EDGES]
    positions = layout(nodes, edges)
    data = {
        "nodes": [
            [
                file_id(i),
                site.entities[i]["type"],
                site.entities[i]["name"],
                site.entities[i].get("mention_count", 0),
                round(positions[i][0], 1),
                round(positions[i][1], 1),
            ]
            for i in nodes
        ],
        "edges": [[file_id(a), file_id(b), kind, w] for a, b, kind, w in edges],
        "total_nodes": len(in_edges),
        "total_edges": len(weights),
    }
    site.write("data/network.js", f"LEAKSIFT.network = {js_data(data)};\n")
    body = (
        '<h1>Network</h1><p class="summary">People, organisations and places on the same page (grey, '
        "weight = pages together) and who wrote to whom by e-mail (red, weight = messages). Node size: "
        "mentions; the names of the most mentioned are drawn, every name shows on hover. "
        f"Showing the {len(nodes)} most mentioned of {len(in_edges)} connected entities.</p>"
        '<form id="netfilters" class="filters" autocomplete="off">'
        + "".join(f'<label><input type="checkbox" name="type" value="{t}" checked> {t}</label> ' for t in NETWORK_TYPES)
        + '<label><input type="checkbox" name="kind" value="page" checked> same page</label> '
        '<label><input type="checkbox" name="kind" value="mail" checked> e-mail</label> '
        '<label>Min. weight <input id="minw" type="number" min="1" value="1"></label></form>'
        '<p id="netcount" class="count"></p><div id="network" class="network"></div>'
    )
    site.write(
        "network.html",
        page_html("Network", body, depth=0, scripts=["static/app.js", "data/network.js", "static/network.js"]),
    )


def layout(nodes: list[str], edges: list[tuple[str, str, str, int]]) -> dict[str, tuple[float, float]]:
    """Node positions in a 1000 x 1000 box (networkx's spring layout, fixed seed: the same records give the
    same picture)."""
    if not nodes:
        return {}
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for a, b, _, w in edges:
        graph.add_edge(a, b, weight=graph.get_edge_data(a, b, {}).get("weight", 0) + w)
    iterations = 50 if len(nodes) <= 200 else 30
    pos = nx.spring_layout(graph, seed=7, iterations=iterations, k=3.0 / max(1, len(nodes)) ** 0.5)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {n: (40 + 920 * (pos[n][0] - min(xs)) / span_x, 40 + 920 * (pos[n][1] - min(ys)) / span_y) for n in nodes}
