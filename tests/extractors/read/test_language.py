"""Each page's language and its document's, from the text (ISO 639-1); too little text tells nothing."""

from __future__ import annotations

from extractors.read.language import page_language, with_languages
from extractors.records import Document, DocumentResult, Page

ENGLISH = "Mayor Helen Brandt of Calgary met officials of the harbour authority on 12 March 2019."
FRENCH = "Le maire de Besançon a déclaré le 3 février 2015 que la réunion aurait lieu à Genève avec la société."
CHINESE = "国务院总理在北京会见了来访的德国总理，双方就经贸合作交换了意见。"
RUSSIAN = "Мэр Москвы заявил 21 ноября 2019 года, что строительство новой линии метро завершится в срок."


def test_pages_in_several_languages():
    assert page_language(ENGLISH) == "en"
    assert page_language(FRENCH) == "fr"
    assert page_language(CHINESE) == "zh"
    assert page_language(RUSSIAN) == "ru"
    assert page_language("p. 12") is None and page_language("12 345 678") is None


def test_the_document_takes_the_language_of_most_of_its_text():
    doc = Document(id="a" * 64, path="mixed.txt", media_type="text/plain", pages=3)
    pages = [Page(doc.id, 1, "text", FRENCH * 3), Page(doc.id, 2, "text", ENGLISH), Page(doc.id, 3, "text", "7")]
    result = DocumentResult(document=doc, pages=pages)
    with_languages(result)
    assert [p.language for p in result.pages] == ["fr", "en", None]
    assert result.document.language == "fr"


def test_a_language_the_document_states_is_kept():
    doc = Document(id="b" * 64, path="page.html", media_type="text/html", pages=1, language="de")
    result = DocumentResult(document=doc, pages=[Page(doc.id, 1, "text", ENGLISH)])
    with_languages(result)
    assert result.document.language == "de" and result.pages[0].language == "en"
