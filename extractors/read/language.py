"""Language identification: page texts in, each page's language and its document's out (ISO 639-1).

py3langid (a maintained fork of langid.py; its naive Bayes model over byte n-grams of 97 languages ships
inside the package, nothing is downloaded) names the language of every page with enough letters to
tell; the document's language is the one that covers most of its characters. A language the document
states for itself (an HTML page's ``lang``) is kept. Measured here: 0.7 s to load the model once per
process, then well under a millisecond per page.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import replace

from extractors.records import DocumentResult

#: pages with fewer letters than this get no language (a page number, a date, a name alone); a Chinese,
#: Japanese or Korean character counts as ``CJK_WEIGHT`` letters (one carries about a word)
MIN_LETTERS = 20
CJK_WEIGHT = 3
#: the model's probability (normalised over its languages) below which a page gets no language
MIN_PROBABILITY = 0.3

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def page_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short to tell."""
    if sum(CJK_WEIGHT if ch >= "\u2e80" else 1 for ch in text[:20_000] if ch.isalpha()) < MIN_LETTERS:
        return None
    with _lock:
        language, probability = _identifier().classify(text[:20_000])
    return language if probability >= MIN_PROBABILITY and len(language) == 2 else None


def with_languages(result: DocumentResult) -> None:
    """Set the language of every page of ``result`` and of its document (in place)."""
    weights: dict[str, int] = {}
    pages = []
    for page in result.pages:
        language = page.language if page.language is not None else page_language(page.text)
        if language:
            weights[language] = weights.get(language, 0) + len(page.text)
        pages.append(page if page.language == language else replace(page, language=language))
    result.pages = pages
    if result.document.language is None and weights:
        result.document = replace(result.document, language=max(weights, key=weights.get))
