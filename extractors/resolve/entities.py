"""Resolution: normalised mentions of every document in, one Entity per real-world entity out.

Mentions with the same type and the same resolution key are one entity across the whole output (a
place's key includes its country). In-document aliases were joined before (``extractors.resolve.aliases``);
across documents only identical canonical names merge, so two different full names never do, and a
bare acronym takes the one expansion another document defines for it. The
entity id is hashed from that type and key, so the same entity gets the same id in every run. Each
mention gets its entity's id; the records written are those of the current set of documents.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from extractors.records import Entity, Mention, stable_id


def resolution_key(entity_type: str, name: str) -> str:
    """The identity of a canonical name: case, accents-as-composed and spacing do not matter."""
    value = unicodedata.normalize("NFKC", name).casefold()
    value = value.replace("’", "'")
    return " ".join(value.split())


def entity_id(entity_type: str, name: str) -> str:
    return stable_id(entity_type, resolution_key(entity_type, name))


def _pick_name(names: Counter) -> str:
    # most frequent form; ties go to the longer, then the alphabetically first, for stable output
    return sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _merge_attributes(entity_type: str, mentions: list[Mention]) -> dict:
    attributes: dict = {}
    if entity_type == "PERSON":
        titles = sorted({t for m in mentions for t in m.attributes.get("titles", [])})
        if titles:
            attributes["titles"] = titles
    elif entity_type == "PLACE":
        countries = Counter(m.attributes["country"] for m in mentions if m.attributes.get("country"))
        if countries:
            attributes["country"] = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    elif entity_type == "DATE":
        first = mentions[0].attributes
        attributes = {k: first[k] for k in ("iso", "precision") if k in first}
    # any other attribute (e.g. from table rows): first value seen, in document order
    for mention in mentions:
        for key, value in mention.attributes.items():
            # other_names become aliases (``resolve``)
            handled = ("titles", "iso", "precision", "year_from", "other_names") + (
                ("country",) if entity_type == "PLACE" else ()
            )
            if key not in attributes and key not in handled:
                attributes[key] = value
    return attributes


def _expand_acronyms(mentions: list[Mention]) -> list[Mention]:
    """An acronym used bare in one document takes the expansion another document defines for it,
    when exactly one expansion is known (conservative: an ambiguous acronym stays as written)."""
    expansions: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        acronym = m.attributes.get("acronym") if m.type == "ORG" else None
        if acronym and m.name and m.name != acronym:
            expansions[acronym].add(m.name)
    out = []
    for m in mentions:
        if m.type == "ORG" and m.name and m.name.isupper() and len(expansions.get(m.name, ())) == 1:
            (long_name,) = expansions[m.name]
            m = dataclasses.replace(m, name=long_name, attributes={**m.attributes, "acronym": m.name})
        out.append(m)
    return out


def _join_other_names(groups: dict[tuple[str, str], list[Mention]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each group's key -> the key of the entity it belongs to. A person a list names in two scripts
    (约翰·史密斯（John Smith）: ``other_names``) is one entity with the people named by either form: their
    groups join, under the key of the most mentioned name (ties: the longer, then the first)."""
    parent = {key: key for key in groups}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, members in groups.items():
        for other in {o for m in members if m.type == "PERSON" for o in m.attributes.get("other_names", ())}:
            other_key = ("PERSON", resolution_key("PERSON", other))
            if other_key in groups:
                parent[root(other_key)] = root(key)
    joined: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for key in groups:
        joined[root(key)].append(key)
    final = {}
    for keys in joined.values():
        head = sorted(keys, key=lambda k: (-len(groups[k]), -len(k[1]), k[1]))[0]
        final.update((k, head) for k in keys)
    return final


def resolve(mentions: Iterable[Mention]) -> tuple[list[Entity], list[tuple[str, Mention]]]:
    """Group mentions into entities.

    Returns the entities (sorted by type, then name) and ``(entity_id, mention)`` pairs in input order.
    """
    mentions = _expand_acronyms(list(mentions))
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    keyed: list[tuple[tuple[str, str], Mention]] = []
    for mention in mentions:
        if not mention.name:
            continue
        key = (mention.type, resolution_key(mention.type, mention.name))
        if mention.type == "PLACE" and mention.attributes.get("country"):
            # two places of one name in different countries are different places
            key = (mention.type, f"{key[1]}\x1f{mention.attributes['country']}")
        groups[key].append(mention)
        keyed.append((key, mention))
    final = _join_other_names(groups)
    merged: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for key, members in groups.items():
        merged[final[key]].extend(members)
    linked = [(stable_id(*final[key]), mention) for key, mention in keyed]
    entities = []
    for (entity_type, key), members in merged.items():
        name = _pick_name(Counter(m.name for m in members))
        surfaces = {" ".join(m.text.split()) for m in members} | {m.name for m in members}
        surfaces |= {o for m in members for o in m.attributes.get("other_names", ())}
        aliases = sorted(s for s in surfaces if s and s != name)
        entities.append(
            Entity(
                id=stable_id(entity_type, key),
                type=entity_type,
                name=name,
                aliases=aliases,
                attributes=_merge_attributes(entity_type, members),
                document_ids=sorted({m.document_id for m in members}),
                mention_count=len(members),
            )
        )
    entities.sort(key=lambda e: (e.type, e.name.casefold(), e.id))
    return entities, linked


def with_entity_ids(linked: list[tuple[str, Mention]]) -> list[dict]:
    """Mention records as written: the contract's fields plus the mention's type and label."""
    rows = []
    for entity_id_, m in linked:
        rows.append(
            {
                "entity_id": entity_id_,
                "document_id": m.document_id,
                "page": m.page,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "source": m.source,
                "type": m.type,
                "label": m.label,
            }
        )
    return rows


__all__ = ["resolve", "resolution_key", "entity_id", "with_entity_ids"]
