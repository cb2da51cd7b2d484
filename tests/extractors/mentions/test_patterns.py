from extractors.mentions.patterns import find_patterns
from extractors.records import Page


def _page(text):
    return Page(document_id="d", page=1, method="text", text=text)


def test_email_phone_url_offsets_round_trip():
    text = (
        "Contact Jane at jane.doe@harbourview.example or +1 403 555 0142.\n"
        "See https://example.org/list?id=3. Office: +44 20 7946 0321"
    )
    mentions = find_patterns([_page(text)], phone_region="US")
    kinds = sorted(m.type for m in mentions)
    assert kinds == ["EMAIL", "PHONE", "PHONE", "URL"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    url = next(m for m in mentions if m.type == "URL")
    assert url.text == "https://example.org/list?id=3"


def test_no_false_phone_in_years_and_counts():
    mentions = find_patterns([_page("In 2019 there were 129 officials and 2,600 cities.")])
    assert [m for m in mentions if m.type == "PHONE"] == []
