"""Curation decisions applied to a resolution: merge, reject, rename, retype, undo, and what no longer matches."""

from __future__ import annotations

from extractors.records import Entity, Mention
from extractors.resolve.curation import apply_curation, entity_ref
from extractors.resolve.entities import resolve, with_entity_ids


def _m(doc: str, name: str, type_: str = "PERSON", start: int = 0) -> Mention:
    return Mention(doc, 1, start, start + len(name), name, type_, "ner", name=name)


def _resolved(*mentions: Mention) -> tuple[list[Entity], list[dict]]:
    entities, linked = resolve(mentions)
    return entities, with_entity_ids(linked)


def _by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def _ref(entity: Entity) -> dict:
    return entity_ref(
        {
            "id": entity.id,
            "type": entity.type,
            "name": entity.name,
            "aliases": entity.aliases,
            "merged_ids": entity.merged_ids,
        }
    )


def _decision(number: int, action: str, *entities: Entity, **extra) -> dict:
    record = {"decision": number, "action": action, "entities": [_ref(e) for e in entities], **extra}
    if action == "merge":
        record["keep"] = entities[0].id
    return record


MENTIONS = (
    _m("d1", "Helen Brandt"),
    _m("d1", "H. Brandt", start=20),
    _m("d2", "H. Brandt"),
    _m("d2", "Halifax", "PLACE", start=30),
    _m("d2", "US", "ORG", start=50),
)


def test_no_decisions_changes_nothing():
    entities, mentions = _resolved(*MENTIONS)
    curated = apply_curation(entities, mentions, [])
    assert curated.entities is entities and curated.mentions is mentions and not curated.outcomes


def test_merge_keeps_the_first_id_and_lists_the_others():
    entities, mentions = _resolved(*MENTIONS)
    named = _by_name(entities)
    helen, short = named["Helen Brandt"], named["H. Brandt"]
    curated = apply_curation(entities, mentions, [_decision(1, "merge", helen, short)])
    merged = _by_name(curated.entities)["Helen Brandt"]
    assert merged.id == helen.id and merged.merged_ids == [short.id]
    assert "H. Brandt" in merged.aliases and merged.mention_count == 3
    assert merged.document_ids == ["d1", "d2"]
    assert "H. Brandt" not in _by_name(curated.entities)
    assert {r["entity_id"] for r in curated.mentions if r["type"] == "PERSON"} == {helen.id}
    assert [o.status for o in curated.outcomes] == ["applied"]


def test_merge_holds_when_new_mentions_arrive():
    entities, mentions = _resolved(*MENTIONS)
    named = _by_name(entities)
    decision = _decision(1, "merge", named["Helen Brandt"], named["H. Brandt"])
    # a new document mentions the merged-away name only
    entities2, mentions2 = _resolved(*MENTIONS, _m("d3", "H. Brandt"))
    merged = _by_name(apply_curation(entities2, mentions2, [decision]).entities)["Helen Brandt"]
    assert merged.mention_count == 4 and "d3" in merged.document_ids


def test_a_decision_finds_its_entity_when_the_id_changed():
    entities, mentions = _resolved(*MENTIONS)
    halifax = _by_name(entities)["Halifax"]
    decision = _decision(1, "reject", halifax)
    # changed settings: the place now has a country, so resolution gives it another id
    changed = [
        Mention("d2", 1, 30, 37, "Halifax", "PLACE", "ner", name="Halifax", attributes={"country": "CA"})
        if m.name == "Halifax"
        else m
        for m in MENTIONS
    ]
    entities2, mentions2 = _resolved(*changed)
    assert _by_name(entities2)["Halifax"].id != halifax.id
    curated = apply_curation(entities2, mentions2, [decision])
    assert "Halifax" not in _by_name(curated.entities)
    assert [r["text"] for r in curated.rejected] == ["Halifax"] and curated.rejected[0]["decision"] == 1


def test_reject_rename_retype_and_undo():
    entities, mentions = _resolved(*MENTIONS)
    named = _by_name(entities)
    decisions = [
        _decision(1, "reject", named["Halifax"]),
        _decision(2, "rename", named["US"], name="United States"),
        _decision(3, "retype", named["US"], type="PLACE"),
        _decision(4, "rename", named["Helen Brandt"], name="Helen M. Brandt"),
    ]
    curated = apply_curation(entities, mentions, decisions)
    after = _by_name(curated.entities)
    assert "Halifax" not in after and len(curated.rejected) == 1
    us = after["United States"]
    assert us.id == named["US"].id and us.type == "PLACE" and us.aliases == ["US"]
    assert {r["type"] for r in curated.mentions if r["entity_id"] == us.id} == {"PLACE"}
    assert after["Helen M. Brandt"].id == named["Helen Brandt"].id
    undone = apply_curation(entities, mentions, [*decisions, {"decision": 5, "action": "undo", "undoes": 3}])
    assert _by_name(undone.entities)["United States"].type == "ORG"
    assert [o.status for o in undone.outcomes] == ["applied", "applied", "undone", "applied"]


def test_a_decision_whose_entity_is_gone_is_reported():
    entities, mentions = _resolved(*MENTIONS)
    named = _by_name(entities)
    decisions = [
        _decision(1, "reject", named["Halifax"]),
        _decision(2, "merge", named["Helen Brandt"], named["H. Brandt"]),
    ]
    # d2 left the output: Halifax is gone; H. Brandt is still in d1
    entities2, mentions2 = _resolved(*[m for m in MENTIONS if m.document_id == "d1"])
    curated = apply_curation(entities2, mentions2, decisions)
    assert [(o.decision, o.status) for o in curated.problems] == [(1, "unmatched")]
    assert "Halifax" in curated.problems[0].line()
    entities3, mentions3 = _resolved(_m("d9", "Someone Else"))
    problems = apply_curation(entities3, mentions3, decisions).problems
    assert [(o.decision, o.status) for o in problems] == [(1, "unmatched"), (2, "unmatched")]


def test_merging_a_merged_entity_again_keeps_every_old_id():
    entities, mentions = _resolved(*MENTIONS, _m("d3", "Helen Brandt-Smith"))
    named = _by_name(entities)
    first = apply_curation(entities, mentions, [_decision(1, "merge", named["Helen Brandt"], named["H. Brandt"])])
    merged = _by_name(first.entities)["Helen Brandt"]
    second = _decision(2, "merge", named["Helen Brandt-Smith"], merged)
    curated = apply_curation(
        entities, mentions, [_decision(1, "merge", named["Helen Brandt"], named["H. Brandt"]), second]
    )
    final = _by_name(curated.entities)["Helen Brandt-Smith"]
    assert final.id == named["Helen Brandt-Smith"].id
    assert set(final.merged_ids) == {named["Helen Brandt"].id, named["H. Brandt"].id}
    assert {r["entity_id"] for r in curated.mentions if r["type"] == "PERSON"} == {final.id}


def test_a_decision_finds_its_entity_by_an_alias_when_name_and_id_changed():
    entities, mentions = _resolved(*MENTIONS)
    decision = _decision(1, "rename", _by_name(entities)["H. Brandt"], name="Helen Brandt (analyst)")
    # another resolution: the short form is now only an alias of an entity with another name and id
    (helen,) = [e for e in _resolved(_m("d1", "Helen Brandt"))[0]]
    helen = Entity(**{**helen.__dict__, "aliases": ["H. Brandt"]})
    curated = apply_curation([helen], [], [decision])
    assert [e.name for e in curated.entities] == ["Helen Brandt (analyst)"] and not curated.problems
