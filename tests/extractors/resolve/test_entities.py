from extractors.records import Mention
from extractors.resolve.entities import entity_id, resolve


def _m(doc, name, text=None, type_="PERSON", **attrs):
    text = text or name
    return Mention(doc, 1, 0, len(text), text, type_, "ner", "PERSON", name=name, attributes=attrs)


def test_same_name_across_documents_is_one_entity_with_stable_id():
    mentions = [
        _m("d1", "Naheed Nenshi", titles=["Mayor"]),
        _m("d2", "Naheed Nenshi"),
        _m("d2", "Calgary", type_="PLACE", country="CA"),
    ]
    entities, linked = resolve(mentions)
    people = [e for e in entities if e.type == "PERSON"]
    assert len(people) == 1
    person = people[0]
    assert person.document_ids == ["d1", "d2"]
    assert person.mention_count == 2
    assert person.attributes == {"titles": ["Mayor"]}
    assert person.id == entity_id("PERSON", "naheed  NENSHI")
    assert [eid for eid, _ in linked][:2] == [person.id, person.id]
    # same input, same ids, in another run
    assert [e.id for e in resolve(mentions)[0]] == [e.id for e in entities]


def test_types_do_not_merge():
    entities, _ = resolve([_m("d", "Victoria"), _m("d", "Victoria", type_="PLACE")])
    assert len(entities) == 2
    assert len({e.id for e in entities}) == 2
