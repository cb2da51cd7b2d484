"""Record types: the low-confidence flag is set on a mention when it is made, and pages keep their
uncertain OCR spans in the result cache but not in the written records."""

from __future__ import annotations

from extractors.normalize.mentions import normalize_mentions
from extractors.read.dispatch import ocr_page
from extractors.read.ocr.results import OcrResult, OcrWord
from extractors.records import Document, DocumentResult, Mention, Page, as_dict
from extractors.settings import Settings

TEXT = "Talks with Mayor Helen Brandt ended in Calgary."
MAYOR = TEXT.index("Mayor")


def _page(uncertain=()) -> Page:
    return Page("d", 1, "ocr", TEXT, uncertain=uncertain)


def test_mention_made_over_an_uncertain_word_is_flagged():
    page = _page(((MAYOR, MAYOR + 5),))
    assert Mention.on_page(page, MAYOR, MAYOR + 18, type="PERSON", source="ner").low_confidence
    calgary = TEXT.index("Calgary")
    assert not Mention.on_page(page, calgary, calgary + 7, type="PLACE", source="ner").low_confidence


def test_normalising_a_span_sets_the_flag_for_the_new_span():
    # "Mayor" was read with low confidence; the person's span loses the title, and with it the flag
    page = _page(((MAYOR, MAYOR + 5),))
    raw = Mention.on_page(page, MAYOR, MAYOR + 18, type="PERSON", source="ner", label="PERSON")
    [person] = normalize_mentions([raw], {1: page})
    assert person.text == "Helen Brandt" and not person.low_confidence
    helen = TEXT.index("Helen")
    page = _page(((helen, helen + 5),))
    raw = Mention.on_page(page, MAYOR, MAYOR + 18, type="PERSON", source="ner", label="PERSON")
    [person] = normalize_mentions([raw], {1: page})
    assert person.text == "Helen Brandt" and person.low_confidence


def test_ocr_page_keeps_the_spans_of_words_below_the_threshold():
    words = [
        OcrWord("Helen", 95.0, 0, 0, 50, 10, 1, 1, 0),
        OcrWord("Brandt", 41.0, 60, 0, 60, 10, 1, 1, 6),
    ]
    page = ocr_page("d", 2, OcrResult("Helen Brandt", 68.0, words), "image", settings=Settings())
    assert page.uncertain == ((6, 12),) and page.page == 2 and page.method == "ocr"
    assert (
        ocr_page(
            "d", 2, OcrResult("Helen Brandt", 68.0, words), "image", settings=Settings(ocr_low_confidence=30)
        ).uncertain
        == ()
    )


def test_uncertain_spans_are_cached_not_written():
    page = _page(((MAYOR, MAYOR + 5),))
    assert "uncertain" not in as_dict(page)
    result = DocumentResult(document=Document(id="d", path="p", media_type="image/png"), pages=[page])
    assert DocumentResult.from_json(result.to_json()).pages == [page]


def test_cache_of_an_older_version_keeps_its_spans():
    # results cached before pages carried their spans held them on the result, by page number
    data = DocumentResult(document=Document(id="d", path="p", media_type="image/png"), pages=[_page()]).to_json()
    del data["pages"][0]["uncertain"]
    data["low_confidence"] = {"1": [[MAYOR, MAYOR + 5]]}
    assert DocumentResult.from_json(data).pages[0].uncertain == ((MAYOR, MAYOR + 5),)
