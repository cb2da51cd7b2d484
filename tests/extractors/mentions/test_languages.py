"""The language router on hand-written sentences: French, Russian, Chinese (names, organisations, places,
dates), a Chinese page with Latin-script names, a language with no model (dates only, never English NER),
routing of pages without a language, the models setting, and the date finder."""

from __future__ import annotations

import logging

import pytest

from extractors.mentions.dates import find_dates
from extractors.mentions.languages import (
    effective_models,
    find_routed,
    note_missing,
    parse_models,
    route,
    script_language,
)
from extractors.records import Page
from extractors.settings import Settings

MODELS = effective_models(Settings().model, "")


def _found(text: str, language: str | None) -> set[tuple[str, str]]:
    page = Page("d", 1, "text", text)
    mentions = find_routed([page], [language], models=MODELS)
    for m in mentions:
        assert m.text == text[m.start : m.end]
    return {(m.text, m.type) for m in mentions}


def test_french_names_organisations_places_and_dates():
    text = (
        "Le ministre M. Jean Dupont a reçu hier à Lyon les dirigeants de la Banque de France. "
        "La séance du 21 novembre 2019 a été présidée par Mme Claire Martin."
    )
    found = _found(text, "fr")
    assert ("Jean Dupont", "PERSON") in found  # the honorific is no part of the name
    assert ("Claire Martin", "PERSON") in found
    assert ("Lyon", "PLACE") in found
    assert ("Banque de France", "ORG") in found
    assert ("21 novembre 2019", "DATE") in found
    assert not any(text.startswith("M. ") for text, _ in found)


def test_french_all_caps_headline_and_sentence_initial_words():
    text = "GRAVE ACCIDENT A NANTES\nSouhaitons que le préfet Louis Lépine visite Rennes."
    found = _found(text, "fr")
    assert ("Louis Lépine", "PERSON") in found
    assert ("Rennes", "PLACE") in found
    assert ("Souhaitons", "PERSON") not in found and ("Souhaitons", "PLACE") not in found


def test_russian_names_organisations_places_and_dates():
    text = "Владимир Путин встретился с Ангелой Меркель в Москве 21 ноября 2019 года в офисе Газпрома."
    found = _found(text, "ru")
    assert ("Владимир Путин", "PERSON") in found
    assert ("Москве", "PLACE") in found
    assert ("Газпрома", "ORG") in found
    assert ("21 ноября 2019 года", "DATE") in found


def test_chinese_names_organisations_places_dates_and_latin_names():
    text = "2019年11月21日，北京市人民政府副市长王小明在上海会见了纳希德·年希。出席名单：John Smith, Maria Garcia"
    found = _found(text, "zh")
    assert ("王小明", "PERSON") in found
    assert ("纳希德·年希", "PERSON") in found
    assert ("北京市人民政府", "ORG") in found
    assert ("上海", "PLACE") in found
    assert ("2019年11月21日", "DATE") in found
    # the Latin-script names of the mixed list come from the English pipeline, offsets into the page
    assert ("John Smith", "PERSON") in found
    assert ("Maria Garcia", "PERSON") in found


def test_language_without_a_model_gets_dates_only_never_english_ner():
    text = (
        "Presiden Joko Widodo bertemu dengan Menteri Luar Negeri Retno Marsudi di Jakarta pada "
        "21 November 2019 untuk membahas kerja sama dengan Bank Dunia."
    )
    found = _found(text, "id")
    assert found == {("21 November 2019", "DATE")}
    greek = "Ο Κυριάκος Μητσοτάκης συναντήθηκε με τον Εμανουέλ Μακρόν στην Αθήνα στις 21/11/2019."
    assert _found(greek, "el") == {("21/11/2019", "DATE")}


def test_missing_model_is_noted_once(caplog):
    with caplog.at_level(logging.WARNING, logger="extractors.mentions.languages"):
        assert note_missing(["xx", "xx", "en", None], MODELS) == ["unknown", "xx"]
        note_missing(["xx"], MODELS)
    lines = [r.getMessage() for r in caplog.records if "language xx" in r.getMessage()]
    assert lines == ["no NER model is installed for language xx: its pages get patterns and dates only"]


def test_pages_without_language_follow_their_document_then_their_script():
    assert route(None, "fr", "Paris") == "fr"
    assert route("de", "fr", "Berlin ist groß") == "de"
    assert route(None, None, "北京市") == "zh"
    assert route(None, None, "東京とは") is None  # kana: Japanese, not Chinese
    assert route(None, None, "Short note") == "en"
    assert route(None, None, "Αθήνα") is None
    assert script_language("12 34") == "en"


def test_models_setting():
    assert parse_models("fr=/models/fr, zh = jiagu") == {"fr": "/models/fr", "zh": "jiagu"}
    with pytest.raises(ValueError):
        parse_models("fr")
    models = Settings(models="de=de_core_news_sm,ru=none").ner_models()
    assert (
        models["de"] == "de_core_news_sm" and models["ru"] == "none" and models["fr"] == "fr_core_news_md_ouest_eclair"
    )
    assert Settings(model="x").ner_models()["en"] == "x"
    assert Settings().fingerprint() != Settings(models="fr=none").fingerprint()
    assert _found_none("Владимир Путин 21 ноября 2019 года") == {("21 ноября 2019 года", "DATE")}


def _found_none(text: str) -> set[tuple[str, str]]:
    models = effective_models(Settings().model, "ru=none")
    return {(m.text, m.type) for m in find_routed([Page("d", 1, "text", text)], ["ru"], models=models)}


@pytest.mark.parametrize(
    "text, dates",
    [
        ("Le 21 novembre 2019, puis le 1er mai et en décembre 1906.", ["21 novembre 2019", "1er mai", "décembre 1906"]),
        ("2019年11月21日上午，二〇一九年十一月，11月3日和2019年", ["2019年11月21日", "二〇一九年十一月", "11月3日", "2019年"]),
        ("21 ноября 2019 года, в ноябре 2019", ["21 ноября 2019 года", "ноябре 2019"]),
        ("am 21. November 2019, 2019-11-21, 21/11/2019, 21.11.2019", ["21. November 2019", "2019-11-21", "21/11/2019", "21.11.2019"]),
        ("el 5 de marzo de 2020", ["5 de marzo de 2020"]),
        ("il y a 21 ans, 1906 habitants, page 12, tél. 02.99.12.34.56", []),
    ],
)  # fmt: skip
def test_date_finder(text, dates):
    assert [text[s:e] for s, e in find_dates(text)] == dates
