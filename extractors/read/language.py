"""Language identification: page texts in, each page's language and its document's out (ISO 639-1).

py3langid (a maintained fork of langid.py; its naive Bayes model over byte n-grams of 142 languages and
varieties ships inside the package, nothing is downloaded) names the language of every page with enough
letters to tell; the document's language is the one that covers most of its characters. A language the
document states for itself (an HTML page's ``lang``) is kept. Three readings make the model's answer the
one a reader would give (measured on real PDFs, scans, leak formats and Debian text in four languages,
``bench/language_id.py``):

- the model's varieties of one ISO 639-1 language count together: it names much Simplified Chinese
  ``wuu`` (Wu) and Traditional Chinese ``yue`` (Cantonese), each of which alone fell under the bar;
- words written all in capitals are read in lower case (py3langid does so only for a text with no
  lower-case letter at all): a receipt or a ballot, mostly capitals with a few mixed-case words and OCR
  noise, otherwise reads as no language;
- an e-mail's quoted lines are left out when the rest of the page is at least as long.

Measured here: 0.5 s to unpack the model the first time on a machine, 0.08 s to load it in a process
after that (``_identifier``), then well under a millisecond per page.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import replace
from pathlib import Path

from extractors.records import DocumentResult
from extractors.user_cache import pickled

#: pages with fewer letters than this get no language (a page number, a date, a name alone); a Chinese,
#: Japanese or Korean character counts as ``CJK_WEIGHT`` letters (one carries about a word)
MIN_LETTERS = 20
CJK_WEIGHT = 3
#: the model's probability (normalised over its languages) below which a page gets no language
MIN_PROBABILITY = 0.3
#: the model's ISO 639-3 varieties that belong to an ISO 639-1 language (Wu, Cantonese; Moroccan and
#: Egyptian Arabic; Southern Uzbek): their probabilities are added to that language's
VARIETIES = {"wuu": "zh", "yue": "zh", "ary": "ar", "arz": "ar", "uzs": "uz"}

_WORD = re.compile(r"[^\W\d_]{2,}")
#: an e-mail's quoted line (``> ...``, RFC 3676)
_QUOTED = re.compile(r"^[ \t]*>.*$\n?", re.MULTILINE)

_lock = threading.Lock()
#: part of the cached model's file name: bumped if what is cached changes
LANGID_CACHE_FORMAT = 1


@functools.lru_cache(maxsize=1)
def _identifier():
    """The model, loaded once per process. py3langid ships it LZMA-compressed (0.5 s to unpack here);
    the unpacked model is kept in the user's cache (``extractors.user_cache``, about 70 MB), which loads
    in under 0.1 s: every reader worker's first scanned page and every command's first page pay it."""
    from importlib.metadata import PackageNotFoundError, version

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    def build():
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    try:
        name = f"langid-{version('py3langid')}-{Path(MODEL_FILE).name}-{LANGID_CACHE_FORMAT}.pickle"
    except PackageNotFoundError:  # not installed as a distribution: no version to key the file by
        return build()
    model = pickled(name, build)
    return model if isinstance(model, LanguageIdentifier) else build()


def _case_folded(text: str) -> str:
    """``text`` with its words written all in capitals in lower case (other words as written)."""
    return _WORD.sub(lambda m: m.group().lower() if m.group().isupper() else m.group(), text)


def _letters(text: str) -> int:
    return sum(CJK_WEIGHT if ch >= "\u2e80" else 1 for ch in text if ch.isalpha())


def page_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short to tell.

    An e-mail's quoted lines (``> ...``) are left out when the rest is at least as long and enough to
    tell: an English reply quoting a French sentence is English (the model, left alone, leans to the
    language with the more telling letters, French accents, over the longer English)."""
    sample = text[:20_000]
    letters = _letters(sample)
    if letters < MIN_LETTERS:
        return None
    if ">" in sample:
        unquoted = _QUOTED.sub("", sample)
        rest = _letters(unquoted)
        if rest >= MIN_LETTERS and 2 * rest >= letters:
            sample = unquoted
    with _lock:
        ranked = _identifier().rank(_case_folded(sample))
    totals: dict[str, float] = {}
    for language, probability in ranked:
        language = VARIETIES.get(language, language)
        totals[language] = totals.get(language, 0.0) + probability
    language = max(totals, key=totals.get)
    return language if totals[language] >= MIN_PROBABILITY and len(language) == 2 else None


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
