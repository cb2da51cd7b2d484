"""Is a PDF page's text layer real text? A page's extracted text in, ``None`` (real text) or a one-line
reason it is garbage out.

As OCRmyPDF does, a page whose text layer is real text keeps it however short it is ("Hello, World!"
is a page of text, not a scan). A text layer is garbage when a PDF's fonts do not map their glyphs to
characters: pdfplumber then writes ``(cid:NN)`` markers, the replacement character, private-use or
control characters, or, for fonts with a shifted encoding, letters that spell no words. The first kind
is counted directly; the second only for Latin-script text long enough to judge, against the word
frequencies of the major Latin-script languages (``wordfreq``, data in its wheel), so that a page of
Chinese, Russian or Greek is never called garbage for its script.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter

_CID = re.compile(r"\(cid:\d+\)")
_LATIN_WORD = re.compile(r"[^\W\d_]{4,}")

#: garbage when unmapped glyphs make up this share of the page's visible characters
MAX_UNMAPPED_SHARE = 0.1
#: Latin-script text is judged by its words of four letters or more (shorter ones match some word of
#: seven languages by chance), and only from this many on: a heading or a short label may be all codes
MIN_WORDS_TO_JUDGE = 12
#: garbage when fewer of those words than this share are words of any of ``LANGUAGES``. Measured: the
#: devset's text PDFs score 0.29 at the lowest (a ledger whose words run together), prose 0.8 and up;
#: text in a shifted glyph encoding (every letter moved by 1 to 13 places) 0.01-0.03
MIN_REAL_WORD_SHARE = 0.1
#: the languages whose words count as real (wordfreq's large Latin-script lists)
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
#: words sampled per page: enough to judge, cheap on long pages
SAMPLE_WORDS = 200


def garbage_reason(text: str) -> str | None:
    """Why ``text`` is no real text layer, or ``None`` when it is real text (or too short to judge)."""
    visible = [ch for ch in _CID.sub("\ufffd", text) if not ch.isspace()]
    if not visible:
        return None
    unmapped = sum(1 for ch in visible if _unmapped(ch))
    if unmapped / len(visible) >= MAX_UNMAPPED_SHARE:
        return f"garbage text layer (unmapped glyphs: {unmapped / len(visible):.0%} of the characters)"
    words = _LATIN_WORD.findall(text)
    if len(words) < MIN_WORDS_TO_JUDGE or not _mostly_latin(words):
        return None
    sample = [w.lower() for w in words[:SAMPLE_WORDS]]
    real = _real_words(sample, needed=math.ceil(MIN_REAL_WORD_SHARE * len(sample)))
    if real / len(sample) < MIN_REAL_WORD_SHARE:
        return f"garbage text layer (only {real / len(sample):.0%} of its words are words)"
    return None


def _real_words(sample: list[str], *, needed: int) -> int:
    """How many of ``sample`` are words of one of ``LANGUAGES``, counted language by language and only
    until ``needed`` are found: a page of English is judged by the English list alone, and the other
    lists (about 0.15 s and tens of MB each to load) are loaded only for pages that need them."""
    left = Counter(sample)
    real = 0
    for lang in LANGUAGES:
        for word in [w for w in left if _in_language(w, lang)]:
            real += left.pop(word)
        if real >= needed or not left:
            break
    return real


def _unmapped(ch: str) -> bool:
    # the replacement character (and the cid markers turned into it), private use, controls
    return ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cs")


def _mostly_latin(words: list[str]) -> bool:
    letters = [ch for w in words for ch in w]
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin >= 0.9 * len(letters)


@functools.lru_cache(maxsize=65536)
def _in_language(word: str, lang: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang) > 0
