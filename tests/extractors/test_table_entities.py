"""Table rows as PERSON records linked to ORG, PLACE, EMAIL and PHONE."""

from extractors.records import Page, Table
from extractors.table_entities import column_roles, flag_low_confidence, table_mentions

TEXT = (
    "Name Title Organisation City Country Email Phone\n"
    "Helen Brandt Mayor Town of Kestrel Bay Halifax Canada helen.brandt@kb.example +1 902 555 0117\n"
)
HEADER = ["Name", "Title", "Organisation", "City", "Country", "Email", "Phone"]
ROW = ["Helen Brandt", "Mayor", "Town of Kestrel Bay", "Halifax", "Canada", "helen.brandt@kb.example", "+1 902 555 0117"]


def test_row_becomes_person_with_attributes():
    page = Page("d", 1, "text", TEXT)
    mentions = table_mentions([Table("d", 1, 0, HEADER, [ROW])], {1: page})
    person = [m for m in mentions if m.type == "PERSON"][0]
    assert person.source == "table" and person.name == "Helen Brandt"
    assert person.attributes == {
        "titles": ["Mayor"], "organisation": "Town of Kestrel Bay", "place": "Halifax", "city": "Halifax",
        "country": "CA", "email": "helen.brandt@kb.example", "phone": "+19025550117",
    }
    assert {m.type for m in mentions} == {"PERSON", "ORG", "PLACE", "EMAIL", "PHONE"}
    for m in mentions:
        assert TEXT[m.start:m.end] == m.text


def test_roles_from_content_without_header():
    roles = column_roles(Table("d", 1, 0, None, [ROW, ROW]))
    assert roles.columns["email"] == 5 and roles.columns["phone"] == 6 and roles.columns["name"] == 0


def test_low_confidence_flag():
    page = Page("d", 1, "ocr", TEXT)
    mentions = table_mentions([Table("d", 1, 0, HEADER, [ROW])], {1: page})
    flagged = flag_low_confidence(mentions, {1: [(TEXT.index("Helen"), TEXT.index("Helen") + 5)]})
    assert [m.low_confidence for m in flagged if m.type == "PERSON"] == [True]


def test_ner_spans_fused_across_table_cells_are_dropped():
    from extractors.records import Mention, Page, Table
    from extractors.table_entities import drop_overlapped, table_mentions

    text = "Memo from Harbourview.\nName Title Organisation\nFiona MacLeod Head of Trade Clyde Investment Board\n"
    page = Page("d", 1, "text", text)
    table = Table("d", 1, 0, ["Name", "Title", "Organisation"], [["Fiona MacLeod", "Head of Trade", "Clyde Investment Board"]])
    rows = table_mentions([table], {1: page})
    assert {m.type for m in rows} >= {"PERSON", "ORG"}

    def ner(fragment, type_):
        start = text.index(fragment)
        return Mention("d", 1, start, start + len(fragment), fragment, type_, "ner", type_, name=fragment)

    fused = ner("Fiona MacLeod Head of", "ORG")
    outside = ner("Harbourview", "ORG")
    kept = drop_overlapped([fused, outside], rows)
    assert kept == [outside]
