"""OCR: a page image in, its text, word boxes and confidence out.

By default (``OcrOptions.engine == "auto"``, languages eng and/or chi_sim) tesseract reads the page;
unless it is a clean print that tesseract reads surely, PaddleOCR's PP-OCR models then read the
characters and tesseract's words give the word breaks (``extractors/read/ocr/ppocr.py``), and the words are
checked against English word frequencies (``extractors/read/ocr/lexicon.py``). Measured on the devset receipts:
0.940 word recall against 0.738 for tesseract alone (0.929 without the word check). Otherwise tesseract
alone reads the page, as described below.

Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): measured here, one page took 8.7-9.0 s with
its default threading and 4.1-4.5 s single-threaded, and two single-threaded pages side by side took
4.0 s. Parallelism therefore comes from running one page per core, which is the caller's job.

Each page is read in one or two passes. The first reads the page as scanned, only straightened and with
thin ruling lines whitened (each step measured on its own: ``bench/README.md``). Tesseract reads best
when words are about 35 pixels tall (x-height ~20 px); when the first read's words are much smaller or
larger, the page is resized to that height and read again, and the read with more confidently read
characters is kept. Pages that are already at a good scale cost one pass.

With ``lang="auto"`` (the default setting) the first read is made with English and the languages
of the rest are picked from it (``languages``): a page in another language or script is read again
with its installed pack, and the result names the languages that read it.

Results are cached on disk keyed by the image's pixels, languages and settings (``auto`` with the
packs installed; an ``auto`` read is also cached under the languages it used), so a re-run never OCRs
the same page twice.

This module is the entry point (``ocr_image``); the steps live beside it: ``preprocess`` (straighten,
whiten rulings), ``tesseract`` (one tesseract read), ``languages`` (the ``auto`` pick), ``scale`` (the second read's size), ``merge``
(PP-OCR characters with tesseract's word breaks), ``cache`` and ``results`` (what a read is).
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace

from PIL import Image

from extractors.errors import OcrError
from extractors.read.ocr.cache import OcrCache, image_key
from extractors.read.ocr.languages import (
    AUTO,
    CJK_PACKS,
    UNSURE_SHARE,
    first_language,
    pick_language,
    settings_key,
    surer,
    unsure_share,
)
from extractors.read.ocr.merge import CLEAN_PRINT_CONFIDENCE, clean_print, missed_ink, with_ppocr, with_ppocr_lines
from extractors.read.ocr.preprocess import detect_orientation, page_osd, prepare_image
from extractors.read.ocr.results import OcrResult
from extractors.read.ocr.scale import rescale_factor, scaled
from extractors.read.ocr.tesseract import image_to_data, tesseract_available, words_to_text
from extractors.settings import OcrOptions

log = logging.getLogger(__name__)


def ocr_image(
    image: Image.Image,
    *,
    lang: str = "eng",
    timeout: float = 180.0,
    cache: OcrCache | None = None,
    psm: int = 3,
    options: OcrOptions | None = None,
) -> OcrResult:
    """OCR one page image single-threaded. Raises ``OcrError`` on failure or timeout.

    ``lang`` is a tesseract language string, or ``auto``: the languages are picked from a first read
    (``extractors/read/ocr/languages.py``). The result's ``lang`` names the languages that read it.
    """

    if not tesseract_available():
        raise OcrError("tesseract is not installed (Debian: apt-get install tesseract-ocr)")
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    options = options or OcrOptions()
    original = image
    key = image_key(image, lang=_lang_key(lang, psm, options)) if cache is not None else ""
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit if hit.lang is not None or lang == AUTO else replace(hit, lang=lang)
    # The tesseract subprocess inherits our environment: one thread per page, one page per core.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    image = prepare_image(image, settings=options, timeout=timeout)
    osd: dict | None = None
    auto = lang == AUTO
    if auto:
        lang = first_language()
        result = words_to_text(image_to_data(image, lang, psm, timeout))

        def script() -> str | None:
            nonlocal osd
            osd = page_osd(image, timeout=timeout) or {}
            return osd.get("script")

        pick = pick_language(result, read_with=lang, script=script)
        if pick.lang != lang:
            again = words_to_text(image_to_data(image, pick.lang, psm, timeout))
            # The detector read real text in that language, so its pack reads it; a script guess
            # is kept only when the page reads more surely with it.
            if pick.reason.startswith("detector") or (again.confidence or 0) > (result.confidence or 0):
                log.debug("page read again with %s (%s)", pick.lang, pick.reason)
                result, lang = again, pick.lang

        def surest(packs: tuple[str, ...], why: str) -> None:
            """Read the page with each pack and keep the read whose characters are surest."""
            nonlocal result, lang
            for trial in packs:
                again = words_to_text(image_to_data(image, trial, psm, timeout))
                if surer(again, trial, result, lang):
                    log.debug("page read again with %s (%s)", trial, why)
                    result, lang = again, trial

        surest(pick.trials, pick.reason)
        if pick.fallback and unsure_share(result) >= UNSURE_SHARE:
            # Still mostly unsure with the script's packs: OSD named the wrong script.
            surest(pick.fallback, f"{pick.reason} was wrong")
        # From here on this is the read ``--lang USED`` makes: one cached for it is taken (the costly
        # steps, a second read and PP-OCR, are saved), and this one is cached for it too.
        used_key = image_key(original, lang=_lang_key(lang, psm, options)) if cache is not None else ""
        if cache is not None and (hit := cache.get(used_key)) is not None:
            hit = replace(hit, lang=lang)
            cache.put(key, hit)
            return hit
    else:
        result = words_to_text(image_to_data(image, lang, psm, timeout))
    hybrid = use_ppocr(options, lang)
    # With PP-OCR reading the characters, tesseract only gives word breaks: no second read at a
    # better scale is needed (PP-OCR scales each line itself).
    factor = rescale_factor(result) if options.rescale and not hybrid else None
    if factor is not None:
        resized = image.resize(
            (max(1, round(image.width * factor)), max(1, round(image.height * factor))),
            Image.Resampling.LANCZOS if factor > 1 else Image.Resampling.BOX,
        )
        again = scaled(words_to_text(image_to_data(resized, lang, psm, timeout)), factor)
        if _quality(again) > _quality(result):
            result = again
    if not options.orientation and _poor(result):
        # Little or nothing read: the page may lie on its side. OSD is slow (seconds per page), so
        # it is asked only here, and the rotated read is kept only when it reads better.
        rotate = detect_orientation(image, timeout=timeout, osd=osd)
        if rotate:
            turned = image.rotate(-rotate, expand=True, fillcolor=255)
            again = words_to_text(image_to_data(turned, lang, psm, timeout))
            if _quality(again) > _quality(result):
                result, image = again, turned
    if hybrid and (options.engine == "ppocr" or clean_print(result) < CLEAN_PRINT_CONFIDENCE):
        reread = with_ppocr_lines if options.engine == "lines" else with_ppocr
        result = reread(image, result, lang=lang if options.lexicon else None)
    elif hybrid and set(lang.split("+")) & CJK_PACKS and missed_ink(image, result):
        # A clean print in Chinese or Japanese keeps tesseract's read unless tesseract's layout analysis
        # skipped some of it (the cells of a sparse table: ink no word of its read covers); then PP-OCR,
        # which reads these characters at least as well, reads the page in rows. (Latin-script clean
        # prints with PP-OCR reading only the missed ink: measured, not adopted; bench/README.md.)
        result = with_ppocr(image, result, lang=lang if options.lexicon else None)
    result = replace(result, lang=lang)
    if cache is not None:
        cache.put(key, result)
        if auto:
            cache.put(used_key, result)
    return result


def _lang_key(lang: str, psm: int, options: OcrOptions) -> str:
    """Everything but the pixels that changes a read: languages (``auto`` with the packs it picks
    from), page segmentation, options, and the PP-OCR engine when it may read the page."""
    key = f"{settings_key(lang)}|psm{psm}|{options.key()}"
    if use_ppocr(options, "chi_sim" if lang == AUTO else lang):
        from extractors.read.ocr import ppocr

        key = f"{key}|{ppocr.ENGINE_VERSION}|{ppocr.models()}"
    return key


def use_ppocr(options: OcrOptions, lang: str) -> bool:
    """Whether the PP-OCR recogniser reads this page's characters (see ``extractors/read/ocr/ppocr.py``)."""
    if options.engine not in ("auto", "ppocr", "lines"):
        return False
    from extractors.read.ocr import ppocr

    return ppocr.supports(lang) and ppocr.available()


# Words read with less confidence are mostly noise (specks, ruling lines read as letters): they do not
# count towards a read's quality, or a read full of debris would win.
QUALITY_MIN_CONFIDENCE = 50
# A read of fewer words than this, or of a lower mean confidence, is poor: the page may lie on its side.
POOR_READ_WORDS = 5
POOR_READ_CONFIDENCE = 40


def _quality(result: OcrResult) -> float:
    """Confidence-weighted characters of the words read with some confidence: the better of two reads
    of one page has more of them."""
    return sum(w.confidence * len(w.text) for w in result.words if w.confidence >= QUALITY_MIN_CONFIDENCE)


def _poor(result: OcrResult) -> bool:
    return len(result.words) < POOR_READ_WORDS or (result.confidence or 0) < POOR_READ_CONFIDENCE
