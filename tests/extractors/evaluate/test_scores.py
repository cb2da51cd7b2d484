"""The entity-record scorer."""

from extractors.evaluate.scores import match_key, score_records, score_spans

GOLD = {
    "documents": [
        {
            "path": "a.txt",
            "entities": [
                {"type": "PERSON", "name": "Mike Pompeo", "aliases": ["Pompeo"]},
                {"type": "ORG", "name": "Canadian Security Intelligence Service", "aliases": ["CSIS"]},
                {"type": "DATE", "name": "2016-05"},
            ],
        }
    ]
}
DOCS = [{"id": "d1", "path": "a.txt"}]


def _entity(entity_type, name, aliases=()):
    return {"type": entity_type, "name": name, "aliases": list(aliases), "document_ids": ["d1"]}


def test_perfect_records_score_one():
    report = score_records(
        GOLD, DOCS, [_entity("PERSON", "Mike Pompeo"), _entity("ORG", "CSIS"), _entity("DATE", "2016-05")]
    )
    assert report.micro.f1 == 1.0 and report.duplicates == 0


def test_duplicates_are_counted_and_false_positives():
    report = score_records(
        GOLD, DOCS, [_entity("PERSON", "Mike Pompeo"), _entity("PERSON", "Pompeo"), _entity("DATE", "2016-05-01")]
    )
    assert report.duplicates == 1
    person = report.by_type["PERSON"]
    assert (person.tp, person.fp, person.fn) == (1, 1, 0)
    assert report.by_type["DATE"].fp == 1 and report.by_type["DATE"].fn == 1
    assert report.by_type["ORG"].fn == 1


def test_type_must_agree_and_keys_ignore_quotes():
    report = score_records(GOLD, DOCS, [_entity("ORG", "Mike Pompeo")])
    assert report.by_type["ORG"].fp == 1 and report.by_type["PERSON"].fn == 1
    assert match_key("Dennis O’Keefe") == match_key("dennis o'keefe")


def test_span_scores():
    scores = score_spans([(0, 5, "PER"), (10, 14, "LOC")], [(0, 5, "PER"), (10, 13, "LOC")])
    assert scores["PER"].f1 == 1.0 and scores["LOC"].f1 == 0.0 and scores["micro"].tp == 1


def test_span_report_per_label_and_gold_checked_against_text():
    import pytest

    from extractors.evaluate.scores import SpanReport, gold_spans

    text = "Mayor Jane Roe of Calgary met AFP."
    document = {
        "path": "a.txt",
        "spans": [
            {"start": 6, "end": 14, "label": "PER", "text": "Jane Roe"},
            {"start": 18, "end": 25, "label": "LOC", "text": "Calgary"},
        ],
    }
    report = SpanReport("test")
    report.add_document("a.txt", text, gold_spans(document, text), [(0, 14, "PER"), (18, 25, "LOC"), (30, 33, "ORG")])
    assert report.by_label["LOC"].tp == 1 and report.by_label["PER"].fn == 1 and report.by_label["ORG"].fp == 1
    assert report.missed == [("a.txt", 6, 14, "PER", "Jane Roe")]
    with pytest.raises(ValueError):
        gold_spans(document, "Mayor John Roe of Calgary")
