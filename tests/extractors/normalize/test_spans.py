"""Span repair: model spans split, trimmed and refined to the mentions they hold (issue 3)."""

from extractors.normalize.spans import split_compound
from tests.extractors.normalize.conftest import normalized


def test_issue_credit_fused_into_name():
    text = "A photo. (Anna Moneymaker/Getty Images)\nNext line."
    out, page = normalized(text, [("Anna Moneymaker/Getty Images", "PERSON")])
    assert {(m.type, m.name) for m in out} == {("PERSON", "Anna Moneymaker"), ("ORG", "Getty Images")}
    assert all(page.text[m.start : m.end] == m.text for m in out)


def test_issue_credit_and_heading_across_lines():
    text = "The Canadian Press/Adrian Wyld\n\nDaqing's Foreign Affairs Office states that"
    spans = split_compound(text, 0, text.index(" states"), "ORG")
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("The Canadian Press", "ORG"),
        ("Adrian Wyld", "PERSON"),
        ("Daqing's Foreign Affairs Office", "ORG"),
    ]
    # the later line is a mention of its own; a whole short line (a heading, a footer) is not
    out, _ = normalized(text, [(text[: text.index(" states")], "ORG")])
    assert [(m.type, m.text) for m in out] == [
        ("ORG", "Canadian Press"),
        ("PERSON", "Adrian Wyld"),
        ("PLACE", "Daqing"),
        ("ORG", "Foreign Affairs Office"),
    ]
    assert split_compound("by Cathy He\nRelated Topics\n", 3, 26, "PERSON") == [(3, 11, "PERSON")]
    assert split_compound("Reuters\n\nMilan, May 17", 0, 14, "ORG") == [(0, 7, "ORG"), (9, 14, "PLACE")]


def test_issue_spans_refined_to_conllnormalized():
    cases = [
        ("Lawyer Carolina Huanca said", "Lawyer Carolina Huanca", "ORG", [("PERSON", "Carolina Huanca")]),
        ("Nova Scotia Premier Tim Houston", "Nova", "PERSON", [("PLACE", "Nova Scotia")]),
        ("swept across the Emilia-Romagna region", "Emilia", "PLACE", [("PLACE", "Emilia-Romagna")]),
        ("FLOODS IN NORTHERN ITALY\n", "NORTHERN ITALY", "PLACE", [("PLACE", "ITALY")]),
        ("the small town of Conselice, standing", "Conselice", "ORG", [("PLACE", "Conselice")]),
        ("the Thousand Talents Plan, which", "Thousand Talents Plan", "ORG", []),
        ("senior Party officials", "Party", "ORG", []),
        ("write it.\n\nScholars Clive Hamilton and", "Hamilton", "PERSON", [("PERSON", "Clive Hamilton")]),
        ("EU REGULATORS FINE CLOUD FIRM OVER DATA TRANSFERS\n\nThe EU", "DATA TRANSFERS", "ORG", []),
    ]
    for text, surface, entity_type, expected in cases:
        out, page = normalized(text, [(surface, entity_type)])
        assert [(m.type, m.text) for m in out] == expected, text
        assert all(page.text[m.start : m.end] == m.text for m in out)


def test_issue_byline_line_break():
    out, _ = normalized("Andrew Chen\nUpdated:\n", [("Andrew Chen\nUpdated", "PERSON")])
    assert [m.name for m in out] == ["Andrew Chen"]
    out, _ = normalized("With reporting by Cathy He\n", [("Cathy He\n", "PERSON")])
    assert [m.name for m in out] == ["Cathy He"]


def test_issue_acronym_fused_to_name():
    out, _ = normalized("in May 2016. Nicolas Asfouri AFP via Getty Images", [("Nicolas Asfouri AFP", "PERSON")])
    assert {(m.type, m.name) for m in out} == {("PERSON", "Nicolas Asfouri"), ("ORG", "AFP")}


def test_issue_titled_place_person_as_org():
    text = "Mayor of Calgary Naheed Nenshi speaks with reporters."
    out, _ = normalized(text, [("Calgary Naheed Nenshi", "ORG")])
    assert {(m.type, m.name) for m in out} == {("PLACE", "Calgary"), ("PERSON", "Naheed Nenshi")}
    person = next(m for m in out if m.type == "PERSON")
    assert person.attributes["titles"] == ["Mayor"]


def test_issue_possessive_and_article():
    out, _ = normalized(
        "chair of Harvard University’s chemistry department and the Foreign Affairs Office.",
        [("Harvard University’s", "ORG"), ("the Foreign Affairs Office", "ORG")],
    )
    assert [m.name for m in out] == ["Harvard University", "Foreign Affairs Office"]
