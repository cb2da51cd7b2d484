"""What the forkserver of the reader and NER workers imports once, before it forks them.

The readers import these lazily, so without this each new worker paid about 0.3 s on its first PDF
(pdfplumber, pypdfium2, wordfreq, the OCR steps). Modules only, about 20 MB shared by all workers;
models and word lists are loaded by the workers that use them.

Each import is guarded: multiprocessing's forkserver skips a preload module that raises
``ImportError`` but dies on any other error, and a broken optional library (a shared object that
fails to load) must cost only the documents that need it, which report it themselves.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

READER_MODULES = (
    "pdfplumber",
    "pypdfium2",
    "pytesseract",
    "wordfreq",
    "extractors.read.pdf",
    "extractors.read.ocr.engine",
)


def preload() -> list[str]:
    """Import every module of ``READER_MODULES`` that imports; the names of those that did not."""
    failed = []
    for name in READER_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - any failure only loses the head start
            log.debug("not preloaded: %s (%s)", name, exc)
            failed.append(name)
    return failed


preload()
