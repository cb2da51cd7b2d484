"""Curation: a person's decisions about entities in, the resolved entities and mention rows corrected out.

In: the entities and mention rows that cross-document resolution made (``extractors.resolve.entities``),
and the decisions of OUT's ``curation.jsonl`` (append-only, one JSON object a line, see ``flows.curate``).
Out: the entities and mention rows with every decision still in force applied, in the order they were
made; the mention rows of rejected entities (the audit trail); and one status line per decision.

Decisions are applied to a fresh resolution on every run, so they survive re-runs, new documents and
changed settings, and ``undo`` is exact (an undone decision is simply not applied). A decision names
each entity it concerns by the entity's id *and* what it was at the time (type, name, aliases), so it
still finds the entity when resolution gives it another id (a place that got its country, a canonical
name chosen differently): first by id (or an id it absorbed, ``merged_ids``), then by type and
normalised name, then by an alias, if exactly one entity answers.

Actions:
  merge   one entity out of several; it keeps the id of the first entity named (``keep``), its name,
          type and attributes (the others fill attributes it lacks); the others' names join its aliases
          and their ids its ``merged_ids``; their mentions point to it.
  reject  not an entity: it and its mentions leave the records (kept in the rejected rows).
  rename  a new canonical name; the old one becomes an alias; the id stays.
  retype  a new type; the id stays (links keep resolving); its mention rows take the type.
  undo    the decision ``undoes`` is no longer applied (append-only: nothing is rewritten).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from extractors.records import Entity
from extractors.resolve.entities import resolution_key

ACTIONS = ("merge", "reject", "rename", "retype", "undo")


@dataclass
class Outcome:
    """How one decision fared on this run: ``applied``, ``partial`` (some of its entities are gone),
    ``unmatched`` (all of them are gone: it changes nothing) or ``undone``."""

    decision: int
    action: str
    status: str
    detail: str = ""

    def line(self) -> str:
        return f"decision #{self.decision} ({self.action}): {self.status}" + (f": {self.detail}" if self.detail else "")


@dataclass
class Curated:
    entities: list[Entity]
    mentions: list[dict[str, Any]]
    rejected: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def problems(self) -> list[Outcome]:
        """The decisions to tell the user about: those that no longer (fully) match anything."""
        return [o for o in self.outcomes if o.status in ("unmatched", "partial", "ambiguous")]


def entity_ref(row: dict[str, Any]) -> dict[str, Any]:
    """What a decision stores of an entity (an ``entities.jsonl`` row): enough to find it again."""
    return {
        "id": row["id"],
        "type": row["type"],
        "name": row["name"],
        "key": resolution_key(row["type"], row["name"]),
        "aliases": list(row.get("aliases", [])),
        "merged_ids": list(row.get("merged_ids", [])),
        "mention_count": row.get("mention_count", 0),
        "document_count": len(row.get("document_ids", [])),
    }


def active_decisions(decisions: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[int]]:
    """The decisions in force, in order, and the numbers of those undone."""
    decisions = list(decisions)
    undone = {d["undoes"] for d in decisions if d["action"] == "undo"}
    return [d for d in decisions if d["action"] != "undo" and d["decision"] not in undone], undone


class _Entities:
    """The current entities by id, indexed by the ways a stored reference finds one of them (absorbed
    ids, type and name, type and alias), kept up to date as decisions change the entities."""

    def __init__(self, entities: list[Entity]):
        self.by_id: dict[str, Entity] = {}
        self._absorbed: dict[str, str] = {}
        self._names: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entity in entities:
            self.put(entity)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.by_id

    def __getitem__(self, entity_id: str) -> Entity:
        return self.by_id[entity_id]

    def put(self, entity: Entity) -> None:
        if entity.id in self.by_id:
            self.remove(entity.id)
        self.by_id[entity.id] = entity
        for old in entity.merged_ids:
            self._absorbed[old] = entity.id
        self._names[(entity.type, resolution_key(entity.type, entity.name))].add(entity.id)
        for alias in entity.aliases:
            self._aliases[(entity.type, resolution_key(entity.type, alias))].add(entity.id)

    def remove(self, entity_id: str) -> None:
        entity = self.by_id.pop(entity_id)
        for old in entity.merged_ids:
            if self._absorbed.get(old) == entity_id:
                del self._absorbed[old]
        self._names[(entity.type, resolution_key(entity.type, entity.name))].discard(entity_id)
        for alias in entity.aliases:
            self._aliases[(entity.type, resolution_key(entity.type, alias))].discard(entity_id)

    def find(self, ref: dict[str, Any], *, every: bool = False) -> list[Entity]:
        """The entity ``ref`` names: by id (or an id merged into it), then by type and name, then by
        an alias (one answer only; with ``every``, all entities of that type and name)."""
        if ref["id"] in self.by_id:
            return [self.by_id[ref["id"]]]
        if ref["id"] in self._absorbed:
            return [self.by_id[self._absorbed[ref["id"]]]]
        kind, key = ref["type"], resolution_key(ref["type"], ref["name"])
        named = sorted(self._names.get((kind, key), ()))
        if len(named) == 1 or (named and every):
            return [self.by_id[i] for i in named]
        if named:  # several entities of that type and name (places in different countries): ambiguous
            return []
        # the name became an alias (renamed or merged since), or one of its aliases is a name now
        keys = {key} | {resolution_key(kind, a) for a in ref.get("aliases", [])}
        hits = set(self._aliases.get((kind, key), ()))
        for other in keys:
            hits |= self._names.get((kind, other), set())
        return [self.by_id[hits.pop()]] if len(hits) == 1 else []


def _describe(ref: dict[str, Any]) -> str:
    return f"{ref['type']} {ref['name']!r} ({ref['id']})"


def _merge(decision: dict[str, Any], current: _Entities, remap: dict[str, str]) -> Outcome:
    refs = decision["entities"]
    found: list[Entity] = []
    missing = []
    for ref in refs:
        hits = current.find(ref)
        if not hits:
            missing.append(_describe(ref))
        elif hits[0].id not in {e.id for e in found}:
            found.append(hits[0])
    # the entity the decision kept (named first), if it is still there, gives the name, type and attributes
    kept_hits = current.find(refs[0])
    first = kept_hits[0] if kept_hits else (found[0] if found else None)
    outcome = Outcome(decision["decision"], "merge", "applied")
    if not found:
        return dataclasses.replace(
            outcome, status="unmatched", detail="none of its entities is left: " + "; ".join(missing)
        )
    if missing:
        outcome = dataclasses.replace(outcome, status="partial", detail="gone: " + "; ".join(missing))
    if len(found) == 1 and found[0].id == decision["keep"]:
        return outcome
    keep_id = decision["keep"]
    assert first is not None
    name = first.name
    attributes = dict(first.attributes)
    for other in found:
        for key, value in other.attributes.items():
            attributes.setdefault(key, value)
    merged_ids: list[str] = []
    for entity in [first, *found]:
        for old in [entity.id, *entity.merged_ids]:
            if old != keep_id and old not in merged_ids:
                merged_ids.append(old)
    for ref in refs:
        if ref["id"] != keep_id and ref["id"] not in merged_ids:
            merged_ids.append(ref["id"])
    surfaces = {s for e in found for s in (e.name, *e.aliases)}
    merged = Entity(
        id=keep_id,
        type=first.type,
        name=name,
        aliases=sorted(s for s in surfaces if s and s != name),
        attributes=attributes,
        document_ids=sorted({d for e in found for d in e.document_ids}),
        mention_count=sum(e.mention_count for e in found),
        merged_ids=merged_ids,
    )
    for entity in found:
        current.remove(entity.id)
        remap[entity.id] = keep_id
    current.put(merged)
    return outcome


def _single(decision: dict[str, Any], current: _Entities, remap: dict[str, str], rejected: dict[str, int]) -> Outcome:
    (ref,) = decision["entities"]
    action = decision["action"]
    hits = current.find(ref, every=action == "reject")
    outcome = Outcome(decision["decision"], action, "applied")
    if not hits:
        return dataclasses.replace(outcome, status="unmatched", detail=f"{_describe(ref)} is no longer found")
    for entity in hits:
        if action == "reject":
            current.remove(entity.id)
            rejected[entity.id] = decision["decision"]
        elif action == "rename":
            new = decision["name"]
            aliases = sorted({*entity.aliases, entity.name} - {new})
            current.put(dataclasses.replace(entity, name=new, aliases=aliases))
        elif action == "retype":
            current.put(dataclasses.replace(entity, type=decision["type"]))
    return outcome


def apply_curation(
    entities: list[Entity], mentions: list[dict[str, Any]], decisions: Iterable[dict[str, Any]]
) -> Curated:
    """``entities`` and ``mentions`` (rows with ``entity_id``) with the decisions in force applied."""
    decisions = list(decisions)
    if not decisions:
        return Curated(entities, mentions)
    active, undone = active_decisions(decisions)
    current = _Entities(entities)
    remap: dict[str, str] = {}  # an entity id -> the id of the entity it was merged into
    rejected_ids: dict[str, int] = {}  # a rejected entity's id -> the decision that rejected it
    outcomes = []
    for decision in active:
        if decision["action"] == "merge":
            outcomes.append(_merge(decision, current, remap))
        else:
            outcomes.append(_single(decision, current, remap, rejected_ids))
    outcomes.extend(Outcome(d["decision"], d["action"], "undone") for d in decisions if d["decision"] in undone)
    outcomes.sort(key=lambda o: o.decision)

    def final(entity_id: str) -> str:
        seen = set()
        while entity_id in remap and entity_id not in seen:
            seen.add(entity_id)
            entity_id = remap[entity_id]
        return entity_id

    kept_rows, rejected_rows = [], []
    for row in mentions:
        entity_id = final(row["entity_id"])
        if entity_id in rejected_ids or entity_id not in current.by_id:
            rejected_rows.append({**row, "entity_id": entity_id, "decision": rejected_ids.get(entity_id)})
            continue
        entity = current.by_id[entity_id]
        if entity_id != row["entity_id"] or row.get("type") != entity.type:
            row = {**row, "entity_id": entity_id, "type": entity.type}
        kept_rows.append(row)
    result = sorted(current.by_id.values(), key=lambda e: (e.type, e.name.casefold(), e.id))
    return Curated(result, kept_rows, rejected_rows, outcomes)


__all__ = ["ACTIONS", "Curated", "Outcome", "active_decisions", "apply_curation", "entity_ref"]
