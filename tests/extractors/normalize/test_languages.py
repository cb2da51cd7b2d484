"""Normalisation of mentions in other languages (issue 15): dates in Chinese, French, Russian and German to
ISO with their precision; Chinese, French and Russian place names to country codes; Chinese names kept as
written, titles moved out. Hand-written examples."""

import datetime as dt

import pytest

from extractors.normalize.dates import normalize_date
from extractors.normalize.mentions import normalize_mentions
from extractors.normalize.people import normalize_person, titles_before
from extractors.normalize.places import normalize_place
from extractors.records import Mention, Page


@pytest.mark.parametrize(
    ("surface", "language", "expected"),
    [
        ("2019年11月21日", "zh", ("2019-11-21", "day")),
        ("2019年11月", "zh", ("2019-11", "month")),
        ("2019年", "zh", ("2019", "year")),
        ("二〇一九年十一月二十一日", "zh", ("2019-11-21", "day")),
        ("一九九八年三月", "zh", ("1998-03", "month")),
        ("2019年11月21日上午", "zh", ("2019-11-21", "day")),
        ("21 novembre 2019", "fr", ("2019-11-21", "day")),
        ("1er mars 1920", "fr", ("1920-03-01", "day")),
        ("novembre 2019", "fr", ("2019-11", "month")),
        ("en 1920", "fr", ("1920", "year")),
        ("21 ноября 2019 г.", "ru", ("2019-11-21", "day")),
        ("ноябрь 2019 года", "ru", ("2019-11", "month")),
        ("в 1990 году", "ru", ("1990", "year")),
        ("21. November 2019", "de", ("2019-11-21", "day")),
        ("November 2019", "de", ("2019-11", "month")),
    ],
)
def test_dates_in_other_languages(surface, language, expected):
    assert normalize_date(surface, language=language) == expected


@pytest.mark.parametrize(
    ("surface", "language"),
    [("去年", "zh"), ("90年代", "zh"), ("hier", "fr"), ("l'an dernier", "fr"), ("les années 1990", "fr"),
     ("1990-е годы", "ru"), ("1990er Jahre", "de"), ("11月21日", "zh")],
)  # fmt: skip
def test_phrases_naming_no_calendar_date_in_other_languages(surface, language):
    assert normalize_date(surface, language=language) is None


def test_year_less_dates_in_other_languages_take_the_reference_year():
    reference = dt.date(2020, 5, 1)
    assert normalize_date("11月21日", language="zh", reference=reference) == ("2020-11-21", "day")
    assert normalize_date("le 3 mai", language="fr", reference=reference) == ("2020-05-03", "day")


@pytest.mark.parametrize(
    ("surface", "language", "country"),
    [
        ("北京", "zh", "CN"),
        ("北京市", "zh", "CN"),
        ("中国", "zh", "CN"),
        ("法国", "zh", "FR"),
        ("巴黎", "zh", "FR"),
        ("北京市海淀区中关村大街", "zh", "CN"),
        # provinces as news writes them, without 省 or 自治区; 湖南 and 海南 are also Japanese towns
        ("湖南", "zh", "CN"),
        ("海南", "zh", "CN"),
        ("广西", "zh", "CN"),
        ("新疆", "zh", "CN"),
        ("加利福尼亚", "zh", "US"),
        ("Allemagne", "fr", "DE"),
        ("Londres", "fr", "GB"),
        ("Etats-Unis", "fr", "US"),
        ("Russie", "fr", "RU"),
        ("Москва", "ru", "RU"),
        ("Россия", "ru", "RU"),
        ("Frankreich", "de", "FR"),
    ],
)
def test_places_in_other_languages_get_their_country(surface, language, country):
    assert normalize_place(surface, language=language) == (surface, country)


def test_latin_other_names_are_not_read_in_english():
    assert normalize_place("Londres", language="en") == ("Londres", None)


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("纳希德·年希", ("纳希德·年希", [])),
        ("纳希德・年希", ("纳希德·年希", [])),  # the Japanese middle dot written as the Chinese one
        ("副市长纳希德·年希", ("纳希德·年希", ["副市长"])),
        ("市长王小明", ("王小明", ["市长"])),
        ("习近平总书记", ("习近平", ["总书记"])),
        ("王 小 明", ("王小明", [])),  # spaces OCR put between characters
    ],
)
def test_chinese_names_are_kept_as_written_titles_moved_out(surface, expected):
    assert normalize_person(surface) == expected


@pytest.mark.parametrize("surface", ["王", "市长", "副主任", "王2"])
def test_chinese_surfaces_naming_nobody(surface):
    assert normalize_person(surface) is None


def test_chinese_title_before_a_name():
    text = "北京市副市长纳希德·年希访问上海"
    assert titles_before(text, text.index("纳")) == ["副市长"]
    assert titles_before("会见了王小明", 3) == []


def test_mentions_are_read_in_their_page_language():
    text = "北京市副市长纳希德·年希于2019年11月21日访问法国，会见了中国银行行长王小明。"
    page = Page(document_id="d", page=1, method="text", text=text, language="zh")
    spans = [("北京市", "PLACE"), ("纳希德·年希", "PERSON"), ("2019年11月21日", "DATE"), ("法国", "PLACE"),
             ("中国银行", "ORG"), ("王小明", "PERSON")]  # fmt: skip
    raw = [Mention.on_page(page, text.index(s), text.index(s) + len(s), type=t, source="ner") for s, t in spans]
    got = {(m.text, m.type): (m.name, m.attributes) for m in normalize_mentions(raw, {1: page})}
    assert got == {
        ("北京市", "PLACE"): ("北京市", {"country": "CN"}),
        ("纳希德·年希", "PERSON"): ("纳希德·年希", {"titles": ["副市长"]}),
        ("2019年11月21日", "DATE"): ("2019-11-21", {"iso": "2019-11-21", "precision": "day"}),
        ("法国", "PLACE"): ("法国", {"country": "FR"}),
        ("中国银行", "ORG"): ("中国银行", {}),
        ("王小明", "PERSON"): ("王小明", {"titles": ["行长"]}),
    }


def test_document_language_when_the_page_has_none():
    text = "Le 21 novembre 2019 à Londres."
    page = Page(document_id="d", page=1, method="text", text=text)
    spans = [("21 novembre 2019", "DATE"), ("Londres", "PLACE")]
    raw = [Mention.on_page(page, text.index(s), text.index(s) + len(s), type=t, source="ner") for s, t in spans]
    got = {m.text: (m.name, m.attributes) for m in normalize_mentions(raw, {1: page}, language="fr")}
    assert got["21 novembre 2019"] == ("2019-11-21", {"iso": "2019-11-21", "precision": "day"})
    assert got["Londres"] == ("Londres", {"country": "GB"})
