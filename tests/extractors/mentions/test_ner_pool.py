"""NER on every core gives exactly the mentions of one process, in the same order."""

from __future__ import annotations

from extractors.mentions import ner_pool
from extractors.mentions.ner import find_entities
from extractors.records import Page
from extractors.settings import Settings

TEXTS = [
    "Mayor Helen Brandt of Calgary met Priya Raman of Kestrel Bay Council on 12 March 2019.",
    "Northwind Shipping moved its office from Rotterdam to Lagos in May 2016, said Tomas Lindqvist.",
    "The Bank of England and the European Commission met in Brussels on 3 May 2020.",
]


def test_parallel_ner_equals_one_process(monkeypatch):
    pages = [Page(f"{i:064d}", 1, "text", TEXTS[i % 3] + f" Meeting {i}.") for i in range(30)]
    model = Settings().model
    alone = find_entities(pages, model=model)
    monkeypatch.setattr(ner_pool, "PARALLEL_CHARS", 0)  # this small batch goes to the workers too
    monkeypatch.setattr(ner_pool, "CHUNK_CHARS", 300)
    together = ner_pool.find_entities_parallel(pages, model=model, processes=2)
    assert len(ner_pool._chunks(pages, 300)) > 2
    assert together == alone and alone
    assert ner_pool._pools  # it did run in the worker pool


def test_a_small_batch_stays_in_this_process():
    pages = [Page("0" * 64, 1, "text", TEXTS[0])]
    before = dict(ner_pool._pools)
    found = ner_pool.find_entities_parallel(pages, model=Settings().model, processes=2)
    assert {m.text for m in found} >= {"Helen Brandt", "Calgary"}
    assert ner_pool._pools == before


def test_routed_parallel_ner_equals_one_process(monkeypatch):
    """Pages of several languages, each read by its own model in the workers, give the mentions of one process."""
    from extractors.mentions.languages import effective_models, find_routed

    texts = {
        "en": TEXTS[0],
        "zh": "北京市人民政府副市长王小明在上海会见了纳希德·年希。",
        "ru": "Владимир Путин встретился с Ангелой Меркель в Москве.",
        "id": "Presiden Joko Widodo bertemu di Jakarta pada 21 November 2019.",
    }
    langs = [list(texts)[i % 4] for i in range(12)]
    pages = [Page(f"{i:064d}", 1, "text", texts[lang]) for i, lang in enumerate(langs)]
    models = effective_models(Settings().model, "")
    alone = find_routed(pages, langs, models=models)
    monkeypatch.setattr(ner_pool, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(ner_pool, "CHUNK_CHARS", 100)
    pool = ner_pool.start_entities(pages, model=Settings().model, processes=2, languages=langs, models=models)
    together = pool()
    assert together == alone
    assert {m.text for m in alone} >= {"Helen Brandt", "王小明", "Владимир Путин", "21 November 2019"}
    assert "Joko Widodo" not in {m.text for m in alone}
