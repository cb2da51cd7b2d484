"""In-document resolution: acronyms, short names, label consistency, place context."""

from extractors.normalize.mentions import normalize_mentions
from extractors.records import Mention, Page
from extractors.resolve.aliases import find_acronym_definitions, resolve_document


def _run(text, spans):
    page = Page(document_id="d", page=1, method="text", text=text)
    raw, position = [], 0
    for surface, entity_type in spans:
        start = text.index(surface, position)
        position = start + len(surface)  # spans never overlap, as the model's do not
        raw.append(Mention("d", 1, start, start + len(surface), surface, entity_type, "ner"))
    return resolve_document(normalize_mentions(raw, {1: page}), {1: page})


def test_acronym_definitions():
    text = "officers of the Canadian Security Intelligence Service (CSIS) and the United Front Work Department (UFWD)"
    assert find_acronym_definitions(text) == {
        "CSIS": "Canadian Security Intelligence Service",
        "UFWD": "United Front Work Department",
    }
    assert find_acronym_definitions("the Best Group (XYZ) said") == {}


def test_issue_acronym_joins_expansion():
    text = "the Canadian Security Intelligence Service (CSIS) warned. A CSIS report followed."
    out = _run(text, [("Canadian Security Intelligence Service", "ORG"), ("CSIS", "ORG"), ("CSIS", "ORG")])
    assert {m.name for m in out} == {"Canadian Security Intelligence Service"}
    assert all(m.attributes.get("acronym") == "CSIS" for m in out)


def test_issue_surname_and_honorific_join_full_name():
    text = "Mike Pompeo spoke. Mr. Pompeo noted it. Later Gui Minhai vanished; Mr. Gui was held."
    out = _run(text, [("Mike Pompeo", "PERSON"), ("Pompeo", "PERSON"), ("Gui Minhai", "PERSON"), ("Gui", "PERSON")])
    assert [m.name for m in out] == ["Mike Pompeo", "Mike Pompeo", "Gui Minhai", "Gui Minhai"]


def test_two_people_sharing_a_surname_stay_apart():
    text = "Anna Lee and Tom Lee met. Lee said no."
    out = _run(text, [("Anna Lee", "PERSON"), ("Tom Lee", "PERSON"), ("Lee", "PERSON")])
    assert [m.name for m in out] == ["Anna Lee", "Tom Lee", "Lee"]


def test_issue_surname_tagged_org_becomes_the_person():
    text = "Mayor Naheed Nenshi was listed. Besides Nenshi, the list includes others."
    out = _run(text, [("Naheed Nenshi", "PERSON"), ("Nenshi", "ORG")])
    assert [(m.type, m.name) for m in out] == [("PERSON", "Naheed Nenshi")] * 2


def test_label_consistency_by_majority():
    text = "Victoria is a city. Victoria has twins. Besides Victoria, others."
    out = _run(text, [("Victoria", "PLACE"), ("Victoria", "PLACE"), ("Victoria", "PERSON")])
    assert {m.type for m in out} == {"PLACE"}


def test_place_disambiguated_by_context():
    text = "The ambassador to Canada and the mayor of Victoria, B.C., met."
    out = _run(text, [("Canada", "PLACE"), ("Victoria", "PLACE"), ("B.C.", "PLACE")])
    assert [(m.name, m.attributes.get("country")) for m in out] == [
        ("Canada", "CA"),
        ("Victoria", "CA"),
        ("British Columbia", "CA"),
    ]
    out = _run("Two former mayors of Perth, Australia, were included.", [("Perth", "PLACE"), ("Australia", "PLACE")])
    assert out[0].attributes["country"] == "AU"


def test_embassy_is_an_org():
    out = _run("at the Chinese Embassy in Ottawa", [("the Chinese Embassy", "PLACE")])
    assert [(m.type, m.name) for m in out] == [("ORG", "Chinese Embassy")]


def test_issue_place_coordinated_with_a_place():
    text = "closing schools in Bologna and Ravenna, the agency said."
    out = _run(text, [("Bologna", "PLACE"), ("Ravenna", "PERSON")])
    assert [(m.type, m.name) for m in out] == [("PLACE", "Bologna"), ("PLACE", "Ravenna")]


def test_issue_abbreviation_takes_the_expansion_the_text_writes():
    text = "HALIFAX, N.S. — The port said. Nova Scotia Premier Tim Houston welcomed it."
    out = _run(text, [("HALIFAX", "PLACE"), ("N.S.", "PLACE"), ("Nova Scotia", "PLACE")])
    assert [m.name for m in out][1:] == ["Nova Scotia", "Nova Scotia"]
