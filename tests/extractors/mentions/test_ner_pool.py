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
