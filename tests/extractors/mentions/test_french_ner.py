"""The French NER fine-tuned on L'Ouest-Eclair (issue 15): the folder shipped in the repository loads offline
over fr_core_news_md (only its ``ner`` component is stored) and still reads modern French: names,
organisations and places in hand-written sentences (none of them in its training or rehearsal text)."""

from __future__ import annotations

import json

import pytest

from extractors.mentions.languages import (
    BUNDLED_MODELS,
    OVERLAY_META,
    _tagged_pipeline,
    effective_models,
    find_routed,
    is_ner_overlay,
)
from extractors.records import Page
from extractors.settings import DEFAULT_MODELS, Settings

FINE_TUNED = DEFAULT_MODELS["fr"]


def _found(text: str, model: str = FINE_TUNED) -> set[tuple[str, str]]:
    models = effective_models(Settings().model, f"fr={model}")
    mentions = find_routed([Page("d", 1, "text", text)], ["fr"], models=models)
    return {(m.text, m.type) for m in mentions}


def test_shipped_folder_holds_only_the_ner_component_and_loads_over_the_base():
    folder = BUNDLED_MODELS[FINE_TUNED]
    assert is_ner_overlay(folder)
    assert sorted(p.name for p in folder.iterdir()) == [OVERLAY_META, "ner"]
    assert json.loads((folder / OVERLAY_META).read_text("utf-8"))["base"] == "fr_core_news_md"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 15_000_000
    nlp = _tagged_pipeline(FINE_TUNED)
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    base = _tagged_pipeline("fr_core_news_md")
    assert nlp.get_pipe("ner").model.to_bytes() != base.get_pipe("ner").model.to_bytes()


def test_base_model_still_selectable_by_name():
    assert Settings(models="fr=fr_core_news_md").ner_models()["fr"] == "fr_core_news_md"
    assert ("Lyon", "PLACE") in _found("Le préfet est arrivé hier à Lyon.", "fr_core_news_md")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Le directeur de la Caisse d'épargne, Paul Lefèvre, a inauguré une agence à Quimper.",
            {("Paul Lefèvre", "PERSON"), ("Quimper", "PLACE")},
        ),
        (
            "Mme Isabelle Moreau, députée du Finistère, a interrogé le gouvernement à Paris.",
            {("Isabelle Moreau", "PERSON"), ("Paris", "PLACE")},
        ),
        (
            "Les ouvriers de Peugeot à Sochaux ont rencontré le ministre Bruno Le Maire.",
            {("Peugeot", "ORG"), ("Sochaux", "PLACE"), ("Bruno Le Maire", "PERSON")},
        ),
        (
            "L'Assemblée nationale a voté la loi présentée par Gabriel Attal.",
            {("Assemblée nationale", "ORG"), ("Gabriel Attal", "PERSON")},
        ),
        (
            "Le maire de Brest, François Cuillandre, a signé un accord avec la région Bretagne.",
            {("Brest", "PLACE"), ("François Cuillandre", "PERSON")},
        ),
    ],
)
def test_modern_french_names_organisations_places(text, expected):
    assert expected <= _found(text)
