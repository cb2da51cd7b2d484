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


def test_a_person_named_in_two_scripts_is_one_entity_with_either_name():
    """A Chinese list writes 约翰·史密斯（John Smith）; an English article writes John Smith twice."""
    listed = _m("list", "约翰·史密斯", text="约翰·史密斯（John Smith）", other_names=["John Smith"])
    article = [_m("article", "John Smith"), _m("article", "John Smith")]
    stranger = _m("other", "Jane Smith")
    entities, linked = resolve([listed, *article, stranger])
    people = {e.name: e for e in entities}
    assert set(people) == {"John Smith", "Jane Smith"}  # the most mentioned name names the entity
    smith = people["John Smith"]
    assert "约翰·史密斯" in smith.aliases and smith.document_ids == ["article", "list"]
    assert smith.mention_count == 3
    assert {eid for eid, m in linked if m.document_id in ("list", "article")} == {smith.id}
    # with no other mention of the other form, the listed name stands and keeps it as an alias
    (alone,), _ = resolve([listed])
    assert alone.name == "约翰·史密斯" and "John Smith" in alone.aliases


def test_other_script_forms_of_a_name():
    from extractors.normalize.people import other_script_form

    assert other_script_form("约翰·史密斯（John Smith）") == ("约翰·史密斯", "John Smith")
    assert other_script_form("Иван Петров (Ivan Petrov)") == ("Иван Петров", "Ivan Petrov")
    assert other_script_form("John Smith (Acme)") == ("John Smith (Acme)", None)  # one script
    assert other_script_form("王小明") == ("王小明", None)
