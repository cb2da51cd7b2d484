"""Word frequencies for the OCR: which of two readings of a scanned word is a word of the language.

PP-OCR reads a line's characters, and leaksift decides where its words break (``extractors/read/ocr/ppocr.py``).
Two of its errors on faded prints are plain to a reader who knows the language, and this module gives
the OCR that knowledge, from the word frequencies of the ``wordfreq`` package (its data ships in the
wheel; nothing is downloaded):

* **a word split in two** by a faded letter, a wide letter gap or a space the recogniser put inside a
  word ("GO ODS", "TIM E:", "SEKSYE N", "oft en"). A line's pieces are joined into the likeliest words
  under a unigram model of the language, as in Norvig's word segmentation, where keeping a break earns
  a margin for the evidence of the break itself (``GAP_BREAK``, ``SPACE_BREAK``). Only pieces of letters
  are joined, and only into known words.
* **a misread letter** the recogniser was itself unsure of ("HARDWAKE", "FILH", "BXCHANGE"). A word of
  letters that the word list does not know at all gets one letter changed, at a position read with
  probability below ``UNSURE``, when that gives a common word (zipf >= ``COMMON``); of several, the
  likeliest by word frequency times the chance that the letter was misread (1 - its probability, a
  noisy-channel choice). Words the list
  knows, however rare (names, words of other languages: "ARAH" is Malay, not a misread "ARAB"), and
  letters read surely are never changed.

Frequencies are zipf values: log10 of a word's frequency per billion words (7 for "the", 0 for unknown).
"""

from __future__ import annotations

import functools
import math
import string

# Tesseract language codes -> wordfreq language codes. PP-OCR reads Latin text only for "eng".
WORDFREQ_LANGS = {"eng": "en"}

UNSURE = 0.9
COMMON = 3.0
MIN_CORRECT_LENGTH = 3


@functools.lru_cache(maxsize=1)
def available() -> bool:
    try:
        import wordfreq  # noqa: F401
    except ImportError:
        return False
    return True


def language(lang: str) -> str | None:
    """The wordfreq language for a tesseract language string ("eng+chi_sim" -> "en"), or None."""
    for part in lang.split("+"):
        if part in WORDFREQ_LANGS and available():
            return WORDFREQ_LANGS[part]
    return None


@functools.lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), lang)


def _score(word: str, lang: str) -> float:
    """zipf, with unknown strings the less likely the longer they are (as Norvig's segmenter does)."""
    value = zipf(word, lang)
    return value if value > 0 else -float(len(word))


# Punctuation that may stand before or after a word's letters ("(SETIA", "TIME:").
LEADING = "([{\"'"
TRAILING = ".,:;!?)]}\"'"
# How much more likely (in orders of magnitude) the pieces must be as one word than as two before the
# break between them goes: a blank gap in the ink (or tesseract's word gap) is weaker evidence of a
# word break than a space the recogniser read itself.
GAP_BREAK = 3.0
SPACE_BREAK = 5.0
MAX_PIECES = 3


def _core(text: str, probs: list[float]) -> tuple[str, list[float]]:
    start = len(text) - len(text.lstrip(LEADING))
    end = len(text.rstrip(TRAILING))
    return text[start:end], probs[start:end]


def join_pieces(pieces: list[str], probs: list[list[float]], spaces: list[bool], lang: str) -> list[int]:
    """Where the words of a line start, as indexes into ``pieces``.

    ``pieces`` are the line's pieces between candidate breaks, ``probs`` their letters' probabilities,
    ``spaces[k]`` whether the break before piece k is a space the recogniser read (else a gap). The
    segmentation chosen is the likeliest under a unigram model of the language: each word costs
    log10 of its probability, and each break kept earns ``GAP_BREAK`` or ``SPACE_BREAK``. Pieces are
    joined only into known words of letters (one unsure letter may be corrected, see ``correct``).
    """
    n = len(pieces)

    def word_score(i: int, j: int) -> float | None:
        text = "".join(pieces[i:j])
        letters, p = _core(text, [x for k in range(i, j) for x in probs[k]])
        if j - i == 1:
            if not letters.isalpha():
                return -9.0
            return _score(correct(letters, p, lang), lang) - 9
        inner = pieces[i:j]
        if not letters.isalpha() or not all(a[-1:].isalpha() and b[:1].isalpha() for a, b in zip(inner, inner[1:])):
            return None  # only pieces of letters, meeting letter to letter, make one word
        value = zipf(correct(letters, p, lang), lang)
        return value - 9 if value > 0 else None

    best: list[float] = [0.0] + [float("-inf")] * n
    start_of: list[int] = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - MAX_PIECES), j):
            if best[i] == float("-inf"):
                continue
            score = word_score(i, j)
            if score is None:
                continue
            if i > 0:
                score += SPACE_BREAK if spaces[i] else GAP_BREAK
            if best[i] + score > best[j]:
                best[j], start_of[j] = best[i] + score, i
    starts: list[int] = []
    j = n
    while j > 0:
        starts.append(start_of[j])
        j = start_of[j]
    return sorted(starts)


def correct(word: str, probs: list[float], lang: str) -> str:
    """The word with one unsure letter changed when that makes a common word; else the word."""
    if len(word) < MIN_CORRECT_LENGTH or not word.isalpha() or len(probs) != len(word):
        return word
    if not word.isascii():
        return word
    if zipf(word, lang) > 0:
        return word
    upper = word.isupper()
    # noisy channel: log10 P(word) + log10 P(this letter misread), where the recogniser's own
    # probability p for the letter it read leaves 1 - p for all the others
    best, best_score = word, None
    for i, (ch, p) in enumerate(zip(word, probs)):
        if p >= UNSURE:
            continue
        for letter in string.ascii_lowercase:
            if letter == ch.lower():
                continue
            candidate = word[:i] + (letter.upper() if ch.isupper() or upper else letter) + word[i + 1 :]
            value = zipf(candidate, lang)
            if value < COMMON:
                continue
            score = value + math.log10(max(1.0 - p, 1e-6))
            if best_score is None or score > best_score:
                best, best_score = candidate, score
    return best
