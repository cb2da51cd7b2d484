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


# a Traditional Chinese sentence the model alone calls Cantonese (yue), each variety under the bar
TRADITIONAL = "會議記錄：本次理事會議討論年度模範勞工選拔，候選人共有三位。"
# a ballot page: mostly capitals, names and codes, a few words in lower case (the model alone: no language)
BALLOT = (
    "Precinct Results RUN 4/2/2018 09:14 AM REGISTRAR OF VOTERS PRECINCT BULLETINS PAGE 7\n"
    "PRECINCT 0113B HILLCREST GROUP 4 CONTINUED FROM PAGE 112\n288 BALLOTS CAST 940 REGISTERED VOTERS\n"
    "GOVERNOR VOTER NOMINATED YES 90 NO 102\nSARA NGUYEN DEM 131\nGARY HOLT REP 140 JUDGE-SUPERIOR COURT #12\n"
    "TREASURER AJ 1ST APP DV2-K. MORENO\nLEE PARK DEM 120 YES 88 NO 97\nASSESSOR SHERIFF CONTROLLER\n"
    "TOM WEST 101 RAY COLE 77"
)


def test_the_model_s_chinese_varieties_count_as_chinese():
    from extractors.read.language import _identifier

    assert _identifier().classify(TRADITIONAL)[0] == "yue"  # what the rule is for
    assert page_language(TRADITIONAL) == "zh"
    assert page_language(CHINESE) == "zh"


def test_words_in_capitals_are_read_in_lower_case():
    from extractors.read.language import _case_folded, _identifier

    assert _case_folded("TAX INVOICE for McDONALD, ÉTÉ 2019 Nr. A1") == "tax invoice for McDONALD, été 2019 Nr. A1"
    assert _identifier().classify(BALLOT)[0] != "en"  # what the rule is for
    assert page_language(BALLOT) == "en"
    assert page_language(ENGLISH.upper()) == "en" and page_language(FRENCH.upper()) == "fr"


def test_an_e_mail_s_quoted_lines_give_way_to_its_own_text():
    reply = (
        "Hi Anna,\n\nthanks for the minutes of the harbour meeting. I have read them and I agree with the "
        "budget, but the date of the next meeting should move to April.\n\nYou wrote:\n\n"
        "> Le conseil municipal a décidé à l'unanimité de reporter la réunion du comité du port à une date "
        "ultérieure, après l'été, avec la société.\n"
    )
    from extractors.read.language import _identifier

    assert _identifier().classify(reply)[0] == "fr"  # what the rule is for: the accents outweigh the reply
    assert page_language(reply) == "en"
    # a short reply to a long quote: the page is the quote's
    assert page_language("Agreed, see below.\n\n" + "> " + FRENCH + "\n> " + FRENCH + "\n") == "fr"


def test_the_model_is_unpacked_once_into_the_user_cache(tmp_path, monkeypatch):
    """The packaged model is LZMA-compressed (0.5 s to unpack); the unpacked one is kept in the cache
    and a later process loads it from there, with the same answers."""
    from extractors.read.language import _identifier

    monkeypatch.setenv("LEAKSIFT_CACHE_DIR", str(tmp_path))
    built = _identifier.__wrapped__()
    (cached_file,) = tmp_path.iterdir()
    assert cached_file.name.startswith("langid-") and cached_file.stat().st_size > 10_000_000
    loaded = _identifier.__wrapped__()
    assert loaded is not built
    text = "Le conseil municipal a approuvé le partenariat portuaire après un long débat."
    assert loaded.rank(text)[:3] == built.rank(text)[:3]
