"""Which tesseract languages read a page: a first read in, the languages to read it with out.

``--lang auto`` (``AUTO``) reads each page first with English (``first_language``), then asks the
language detector (``extractors/read/language.py``) what that text is. A language whose pack is
installed and is not the first read's (French: ``fra``, German: ``deu``) has the page read again with
it. A first read that is mostly unsure and in no language the detector knows is what a page in
another script gives (Chinese or Russian read as English: 99 % and 79 % of the characters in words
read with a confidence below 50, where the devset's English receipts have 5-32 %); for it
tesseract's script detection (OSD, about 0.8 s a page, so asked only then) names the script, and a page in Han script is read with
``chi_sim``, one in Cyrillic with ``rus``. The second read is kept only when it reads more surely than
the first. OSD cannot tell the script of a line or two; such a page is read with each installed pack
of another script and the surest read kept. A page of English therefore costs one read, as with ``--lang eng``.

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
    "Japanese": ("jpn",),
    "Hebrew": ("heb",),
    "Devanagari": ("hin",),
    "Thai": ("tha",),
}

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


def unsure_share(result: OcrResult) -> float:
    """The share of the characters read that are in words read with a confidence below
    ``UNSURE_CONFIDENCE`` (1.0 when nothing was read)."""
    total = sum(len(w.text) for w in result.words)
    unsure = sum(len(w.text) for w in result.words if w.confidence < UNSURE_CONFIDENCE)
    return unsure / total if total else 1.0


@dataclass(frozen=True)
class Pick:
    """What a first read says about a page: the languages to read it with, and why.

    ``lang`` is one pick; ``trials`` are packs to try when the script could not be told (the page
    read again with each, the surest read kept)."""

    lang: str
    reason: str  # "detector: fr", "script: Han", "trial", "kept"
    trials: tuple[str, ...] = ()


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
        if name is None:
            if sum(len(w.text) for w in first.words) < MIN_TRIAL_CHARACTERS:
                return Pick(read_with, "kept")
            trials = tuple(
                dict.fromkeys(p for s in SCRIPT_TO_TESSERACT if (p := for_script(s, installed)) and p != read_with)
            )
            return Pick(read_with, "trial", trials) if trials else Pick(read_with, "kept")
        pack = for_script(name, installed)
        if pack is not None and pack != read_with:
            return Pick(pack, f"script: {name}")
    return Pick(read_with, "kept")
