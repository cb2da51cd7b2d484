"""Which tesseract languages read a page: a first read in, the languages to read it with out.

``--lang auto`` (``AUTO``) reads each page first with English (``first_language``), then asks the
language detector (``extractors/read/language.py``) what that text is. A language whose pack is
installed and is not the first read's (French: ``fra``, German: ``deu``) has the page read again with
it. A first read that is mostly unsure and in no language the detector knows is what a page in
another script gives (Chinese or Russian read as English: 99 % and 79 % of the characters in words
read with a confidence below 50, where the devset's English receipts have 5-32 %); for it
tesseract's script detection (OSD, about 0.8 s a page, so asked only then) names the script, and a
page in Cyrillic is read with ``rus``, one in Hangul (OSD: ``Korean``) with ``kor``, one in kana
(OSD: ``Japanese``) with ``jpn``. A page in Han script is read with each installed pack of Chinese
(``chi_sim``, ``chi_tra``) and the surest read kept: each pack reads the other
forms as its own (``chi_sim`` reads a Traditional page 臺北 as 台北, ``chi_tra`` a Simplified one
银行 as 銀行), so the characters read cannot tell the forms apart, but the confidence can (bench:
Traditional page 92.9 with ``chi_tra`` against 85.5 with ``chi_sim``; Simplified 90.4 against 88.0;
Japanese 91.0 with ``jpn`` against 57.8); a Traditional read is kept only when it is surer by
``TRADITIONAL_MARGIN``, since on a short Simplified page ``chi_tra`` can be the surer by a point or two. A Chinese read whose first read has Latin words read
surely (a list of foreign names and e-mail addresses) is made with ``chi_sim+eng`` (``chi_tra+eng``).

The second read is kept only when it reads more surely than the first; of the trial reads the one
whose CJK characters are read most surely (``trial_confidence``). A read with the script's packs
that is still mostly unsure means OSD named the wrong script (it named a Traditional Chinese page
``Korean``): the packs of the other scripts are then tried, the surest read kept. OSD cannot tell
the script of a line or two; such a page is read with each installed pack of another script and the
surest read kept. A page of English therefore costs one read, as with ``--lang eng``.

The installed packs come from ``tesseract --list-langs``, asked once per process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from extractors.read.ocr.results import OcrResult
from extractors.tesseract_packs import AUTO, installed_languages, settings_key  # noqa: F401 (the OCR stage uses them from here)

log = logging.getLogger(__name__)


#: ISO 639-1 (the detector's codes) -> tesseract language packs, the first installed one is used
ISO_TO_TESSERACT: dict[str, tuple[str, ...]] = {
    "en": ("eng",),
    "zh": ("chi_sim", "chi_tra"),
    "fr": ("fra",),
    "de": ("deu",),
    "ru": ("rus",),
    "es": ("spa",),
    "it": ("ita",),
    "pt": ("por",),
    "nl": ("nld",),
    "pl": ("pol",),
    "uk": ("ukr",),
    "ar": ("ara",),
    "ja": ("jpn",),
    "ko": ("kor",),
    "tr": ("tur",),
}

#: tesseract OSD script names -> the packs that read that script, the first installed one is used
SCRIPT_TO_TESSERACT: dict[str, tuple[str, ...]] = {
    "Han": ("chi_sim", "chi_tra", "jpn"),
    "Cyrillic": ("rus", "ukr", "bul", "srp"),
    "Arabic": ("ara", "fas", "urd"),
    "Greek": ("ell",),
    "Hangul": ("kor",),
    "Korean": ("kor",),  # OSD's name for a page in Hangul
    "Japanese": ("jpn",),  # OSD's name for a page with kana
    "Hebrew": ("heb",),
    "Devanagari": ("hin",),
    "Thai": ("tha",),
}

#: scripts whose installed packs of these each read the page, the surest read kept: they read the
#: same characters in different forms (Simplified, Traditional). A Japanese page has kana, which OSD
#: names ``Japanese``; jpn reads a Han page only when no Chinese pack is installed.
READ_WITH_EACH = {"Han": ("chi_sim", "chi_tra")}
#: how much more surely ``chi_tra`` must read a page than ``chi_sim`` to be kept: on pages of two and
#: eight lines drawn from the devset's Chinese text in both forms (bench/README.md, "OCR language"),
#: chi_tra's confidence minus chi_sim's was -15.8 to +2.0 on Simplified pages and +4.7 to +24.3 on
#: Traditional ones; with no margin a short Simplified page was read as Traditional (会 as 會)
TRADITIONAL_MARGIN = 3.5
#: packs that read Chinese, Japanese or Korean characters, for which "+eng" reads Latin words too
CJK_PACKS = frozenset({"chi_sim", "chi_tra", "jpn", "kor", "chi_sim_vert", "chi_tra_vert", "jpn_vert"})
#: a first read with at least this many words of ``LATIN_LETTERS`` Latin letters or more read with a
#: confidence of ``LATIN_CONFIDENCE`` or more has Latin text beside the other script's (English read
#: of a Chinese list of foreign names: 25 such words; of Chinese, Japanese, Korean prose: 0-1)
LATIN_WORDS = 3
LATIN_LETTERS = 3
LATIN_CONFIDENCE = 80.0

#: a first read in no language the detector names, with at least this share of its characters in
#: words read with a confidence below ``UNSURE_CONFIDENCE``, may be a page in another script:
#: tesseract's script detection is asked. Measured with eng: Chinese 0.99, Russian 0.79, a Chinese
#: list of foreign names 0.54; the devset's English receipts 0.05-0.32.
UNSURE_SHARE = 0.4
UNSURE_CONFIDENCE = 50.0
#: an unsure first read of fewer characters, whose script OSD cannot tell, is left as it is (specks
#: on a blank page); a longer one (a single line of Chinese) is read with each other script's pack
MIN_TRIAL_CHARACTERS = 8


def first_language(installed: frozenset[str] | None = None) -> str:
    """The language of ``auto``'s first read: English, or the first installed pack without it."""
    installed = installed_languages() if installed is None else installed
    if "eng" in installed or not installed:
        return "eng"
    return sorted(installed)[0]


def for_iso(code: str | None, installed: frozenset[str]) -> str | None:
    """The installed tesseract pack for an ISO 639-1 code, or None."""
    return next((pack for pack in ISO_TO_TESSERACT.get(code or "", ()) if pack in installed), None)


def for_script(script: str | None, installed: frozenset[str]) -> str | None:
    """The installed tesseract pack for an OSD script name, or None."""
    return next((pack for pack in SCRIPT_TO_TESSERACT.get(script or "", ()) if pack in installed), None)


def for_script_each(script: str | None, installed: frozenset[str]) -> tuple[str, ...]:
    """The installed packs that read a page of an OSD script: those of ``READ_WITH_EACH`` for its
    scripts, else the first one (empty when none is installed)."""
    packs = tuple(pack for pack in SCRIPT_TO_TESSERACT.get(script or "", ()) if pack in installed)
    each = tuple(pack for pack in packs if pack in READ_WITH_EACH.get(script or "", ()))
    return each or packs[:1]


def latin_words(result: OcrResult) -> int:
    """The words of a read made of ``LATIN_LETTERS`` or more Latin letters (an e-mail address's
    punctuation allowed) and read with a confidence of ``LATIN_CONFIDENCE`` or more."""
    return sum(
        1
        for w in result.words
        if w.confidence >= LATIN_CONFIDENCE and sum(ch.isascii() and ch.isalpha() for ch in w.text) >= LATIN_LETTERS
    )


def with_latin(pack: str, first: OcrResult, installed: frozenset[str]) -> str:
    """``pack+eng`` for a pack of CJK characters when the first read has Latin words (``latin_words``)
    and eng is installed, else ``pack``."""
    if pack in CJK_PACKS and "eng" in installed and latin_words(first) >= LATIN_WORDS:
        return f"{pack}+eng"
    return pack


def trial_confidence(result: OcrResult) -> float:
    """How surely a trial read reads the page: the mean confidence of its characters in words of
    CJK characters when it has any, else its confidence. Latin words beside Chinese are read as
    surely by ``chi_sim+eng`` as by ``chi_tra+eng`` and would blur which reads the Chinese better
    (a page of Simplified Chinese with names: 87.8 against 88.9 over all words, 93.3 against 88.8
    over its Chinese)."""
    words = [w for w in result.words if any(_is_cjk(ch) for ch in w.text)]
    characters = sum(len(w.text) for w in words)
    if not characters:
        return result.confidence or 0.0
    return sum(w.confidence * len(w.text) for w in words) / characters


def surer(trial: OcrResult, trial_lang: str, result: OcrResult, result_lang: str) -> bool:
    """Whether a trial read reads the page more surely than the read kept so far (``trial_confidence``),
    a Traditional read having to beat a Simplified one by ``TRADITIONAL_MARGIN``."""
    margin = 0.0
    pair = (trial_lang.split("+")[0], result_lang.split("+")[0])
    if pair == ("chi_tra", "chi_sim"):
        margin = TRADITIONAL_MARGIN
    elif pair == ("chi_sim", "chi_tra"):
        margin = -TRADITIONAL_MARGIN
    return trial_confidence(trial) > trial_confidence(result) + margin


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def unsure_share(result: OcrResult) -> float:
    """The share of the characters read that are in words read with a confidence below
    ``UNSURE_CONFIDENCE`` (1.0 when nothing was read)."""
    total = sum(len(w.text) for w in result.words)
    unsure = sum(len(w.text) for w in result.words if w.confidence < UNSURE_CONFIDENCE)
    return unsure / total if total else 1.0


@dataclass(frozen=True)
class Pick:
    """What a first read says about a page: the languages to read it with, and why.

    ``lang`` is one pick; ``trials`` are packs to try as well (the script could not be told, or its
    packs read the same characters in other forms): the page is read again with each, the surest
    read kept. ``fallback`` are the packs of the other scripts, tried the same way when the read kept
    is still mostly unsure (``UNSURE_SHARE``): the script named was wrong."""

    lang: str
    reason: str  # "detector: fr", "script: Han", "trial", "kept"
    trials: tuple[str, ...] = ()
    fallback: tuple[str, ...] = ()


def pick_language(first: OcrResult, *, read_with: str, script=None, installed=None) -> Pick:
    """The tesseract language for a page whose first read (with ``read_with``) is ``first``.

    ``script`` is called (no arguments) for tesseract's script name of the page, only when the
    first read is mostly unsure and the detector names no language. When it cannot tell (OSD needs
    a few lines of text), the installed packs of other scripts are offered as ``trials``.
    """
    from extractors.read.language import page_language

    installed = installed_languages() if installed is None else installed
    detected = page_language(first.text)
    if detected is not None:
        pack = for_iso(detected, installed)
        if pack is not None and pack != read_with:
            return Pick(pack, f"detector: {detected}")
        return Pick(read_with, "kept")
    if script is not None and unsure_share(first) >= UNSURE_SHARE:
        name = script()
        others = tuple(
            dict.fromkeys(
                with_latin(p, first, installed)
                for s in SCRIPT_TO_TESSERACT
                if s != name
                for p in for_script_each(s, installed)
                if p != read_with
            )
        )
        if name is None:
            if sum(len(w.text) for w in first.words) < MIN_TRIAL_CHARACTERS:
                return Pick(read_with, "kept")
            return Pick(read_with, "trial", others) if others else Pick(read_with, "kept")
        packs = [with_latin(p, first, installed) for p in for_script_each(name, installed) if p != read_with]
        if packs:
            return Pick(packs[0], f"script: {name}", tuple(packs[1:]), tuple(p for p in others if p not in packs))
    return Pick(read_with, "kept")
