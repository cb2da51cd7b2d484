"""Property tests: normalisers never raise and return None or a usable value; every mention's offsets
point at its text in the page, whatever the page holds. (Name and date normalisers: test_people, test_dates.)"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.mentions.patterns import find_patterns
from extractors.normalize.contacts import normalize_email, normalize_phone, normalize_url
from extractors.normalize.mentions import normalize_mentions
from extractors.normalize.orgs import normalize_org
from extractors.normalize.places import normalize_place
from extractors.normalize.spans import repair_span
from extractors.output.jsonl import jsonl_line
from extractors.records import Mention, Page

# text that looks like documents: letters, digits, punctuation, odd whitespace and line breaks,
# combining marks, RTL, CJK, emoji, surrogate-free
document_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "Cc"]),
        st.sampled_from(list("@.+-()/:_ \n\t\r\u2028\u2029\u00a0\u200b\ufeff")),
    ),
    max_size=300,
)
fragments = st.sampled_from(
    [
        "helen.brandt@example.org",
        "+1 403 555 0100",
        "(403) 555-0100",
        "https://x.example/a?b=1",
        "www.example.com/p.",
        "The Port of Halifax's",
        "Mayor Helen Brandt",
        "12 March 2019",
        " ",
        "\n",
    ]
)
mixed_text = st.lists(st.one_of(document_text, fragments), max_size=8).map("".join)
fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(mixed_text)
def test_normalize_email(surface):
    value = normalize_email(surface)
    assert value is None or ("@" in value and value == value.strip() and value == value.lower())


@fuzz
@given(mixed_text, st.sampled_from(["US", "GB", "DE", "", "ZZ", "us"]))
def test_normalize_phone(surface, region):
    value = normalize_phone(surface, region=region)
    assert value is None or (value.startswith("+") and value[1:].isdigit())


@fuzz
@given(mixed_text)
def test_normalize_url(surface):
    value = normalize_url(surface)
    assert value is None or ("://" in value and value.split("://", 1)[1])


@fuzz
@given(mixed_text)
def test_normalize_org(surface):
    value = normalize_org(surface)
    assert value is None or (len(value) >= 2 and any(ch.isalpha() for ch in value))


@fuzz
@given(mixed_text)
def test_normalize_place(surface):
    value = normalize_place(surface)
    assert value is None or (isinstance(value[0], str) and len(value[0]) >= 2)
    if value is not None and value[1] is not None:
        assert len(value[1]) == 2 and value[1].isupper()


@fuzz
@given(mixed_text, st.data(), st.sampled_from(["PERSON", "ORG", "PLACE", "DATE", "EMAIL"]))
def test_repair_span_stays_inside_and_holds_a_name(text, data, entity_type):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = repair_span(text, start, end, entity_type=entity_type)
    if span is not None:
        new_start, new_end = span
        assert start <= new_start < new_end <= end
        assert any(ch.isalnum() for ch in text[new_start:new_end])
        assert "\n" not in text[new_start:new_end]


@fuzz
@given(
    mixed_text,
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 60), st.sampled_from(["PERSON", "ORG", "PLACE", "DATE"])),
        max_size=6,
    ),
)
def test_page_text_offsets_round_trip(text, spans):
    page = Page("d" * 64, 1, "text", text)
    mentions = find_patterns([page], phone_region="US")
    for offset, length, entity_type in spans:  # NER-like spans anywhere in the page
        start = min(offset, len(text))
        end = min(start + length, len(text))
        mentions.append(Mention(page.document_id, 1, start, end, text[start:end], entity_type, "ner", entity_type))
    for mention in find_patterns([page]):
        assert text[mention.start : mention.end] == mention.text
    for mention in normalize_mentions(mentions, {1: page}, phone_region="US"):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.name


@fuzz
@given(st.dictionaries(st.text(max_size=10), st.one_of(st.text(max_size=50), st.integers(), st.none()), max_size=5))
def test_record_lines_are_single_lines_of_json(row):
    line = jsonl_line(row)
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == row
