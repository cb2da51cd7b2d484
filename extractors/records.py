"""The record types every stage passes along.

Each record carries its parent's id and where it came from (document, page, character offsets, method),
so any entity can be traced back to the exact characters it was read from. Field names and meanings are
the outside contract (``CONTRACT.md``); extra fields are additions, never renames.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOCUMENT_STATUSES = ("ok", "failed", "skipped")
PAGE_METHODS = ("text", "ocr")
MENTION_SOURCES = ("ner", "pattern", "table")
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "DATE", "EMAIL", "PHONE", "URL")


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, stable hex id hashed from its parts (the same parts give the same id in every run)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


#: field metadata of a field kept in the result cache but not written to the record files
NOT_WRITTEN = {"written": False}


def as_dict(record: Any, *, everything: bool = False) -> dict[str, Any]:
    """A record as a plain JSON-ready dict, in field order: the fields written to the record files, or
    with ``everything`` also those only the result cache keeps."""
    return {
        f.name: getattr(record, f.name)
        for f in dataclasses.fields(record)
        if everything or f.metadata.get("written", True)
    }


@dataclass(frozen=True)
class FileStamp:
    """What ``stat`` says of a file: a write changes its size or its modification and change times
    (the change time cannot be set back), a replacement its inode."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileStamp:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass(frozen=True)
class SourceFile:
    """A file to process: where it is, how it is shown in records, and its content hash."""

    path: Path
    display_path: str
    doc_id: str
    # the file's stat when it was hashed to ``doc_id`` (None: unknown, the read hashes again to check)
    stamp: FileStamp | None = None
    # a part of a container (``extractors.read.parts``): its container's id, how deep it is nested
    # (a corpus file is 0), and the bytes its own parts may still expand to (None: the full limit)
    parent_id: str | None = None
    depth: int = 0
    budget: int | None = None


@dataclass(frozen=True)
class PartRef:
    """A part of a container as the container's result records it: its name inside the container and
    the id of its bytes; a part that was not read (a link, a limit, an unsafe name) has a status and a
    reason instead, and ends as a row of its own."""

    name: str
    doc_id: str
    status: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Document:
    id: str  # SHA-256 hex of the file's bytes
    path: str
    media_type: str
    title: str | None = None
    pages: int = 0
    language: str | None = None
    status: str = "ok"
    error: str | None = None
    # additions to the contract
    size: int = 0
    published: str | None = None  # ISO date the document states for itself, if any
    # a part of a container (an attachment, an archive member, a message of a mailbox): the
    # container's id; null for a file of the corpus
    parent_id: str | None = None
    # an e-mail message: from, to, cc, bcc, reply_to, date, subject, message_id, in_reply_to, references
    email: dict[str, Any] | None = None


@dataclass(frozen=True)
class Page:
    document_id: str
    page: int  # 1-based
    method: str  # "text" | "ocr"
    text: str
    ocr_confidence: float | None = None
    # addition: why the page was (not) OCR'd
    ocr_reason: str | None = None
    # addition: the page's language (ISO 639-1), when it has enough text to tell
    language: str | None = None
    # addition: the tesseract languages that read an OCR'd page ("eng", "chi_sim"; null for a text page)
    ocr_lang: str | None = None
    # character spans of OCR words read with a confidence below ``Settings.ocr_low_confidence``: a mention
    # made over one of them is flagged ``low_confidence`` (cached, not written to pages.jsonl)
    uncertain: tuple[tuple[int, int], ...] = field(default=(), metadata=NOT_WRITTEN)

    # mentions the reader knows for certain, as (start, end, type, canonical name): an e-mail's sent
    # date in its header lines (cached, not written; turned into mentions by the analysis stage)
    marks: tuple[tuple[int, int, str, str], ...] = field(default=(), metadata=NOT_WRITTEN)
    # the page is only a table whose rows the table-row records read (a message's people): no NER
    tabular: bool = field(default=False, metadata=NOT_WRITTEN)

    def is_uncertain(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` covers a word OCR read with low confidence."""
        return any(s < end and start < e for s, e in self.uncertain)


@dataclass(frozen=True)
class Table:
    document_id: str
    page: int
    index: int
    header: list[str] | None
    rows: list[list[str]]
    # addition: each body cell's [start, end] in its page's text (parallel to ``rows``), taken from the
    # words the cell was built from; None for a cell (or a table) whose words have no known offsets
    spans: list[list[list[int] | None]] | None = None


@dataclass(frozen=True)
class Mention:
    """A span of a page's text that names an entity.

    ``name`` (the canonical name) and ``attributes`` are filled in by normalisation; with the type they
    decide which entity the mention resolves to. They are not part of the written mention record.
    """

    document_id: str
    page: int
    start: int
    end: int
    text: str
    type: str
    source: str  # "ner" | "pattern" | "table"
    label: str = ""  # the raw label (spaCy's, or the pattern's name)
    name: str | None = None  # canonical name after normalisation
    attributes: dict[str, Any] = field(default_factory=dict)
    # addition: the span covers OCR words tesseract was not confident about (below the threshold)
    low_confidence: bool = False
    # the language the mention was read in (ISO 639-1; the NER router's), for normalisation (dates read
    # in that language); cached, not written
    language: str | None = field(default=None, metadata=NOT_WRITTEN)

    @classmethod
    def on_page(
        cls,
        page: Page,
        start: int,
        end: int,
        *,
        type: str,
        source: str,
        label: str = "",
        name: str | None = None,
        attributes: dict[str, Any] | None = None,
        language: str | None = None,
    ) -> Mention:
        """The mention of ``page.text[start:end]``: text, page and document taken from the page."""
        return cls(
            document_id=page.document_id,
            page=page.page,
            start=start,
            end=end,
            text=page.text[start:end],
            type=type,
            source=source,
            label=label,
            name=name,
            attributes=dict(attributes or {}),
            low_confidence=page.is_uncertain(start, end),
            language=language,
        )


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str]
    attributes: dict[str, Any]
    document_ids: list[str]
    mention_count: int
    # addition: the ids of the entities a person merged into this one (``leaksift entities merge``), so
    # links made to them before still resolve; empty for an entity no one merged
    merged_ids: list[str] = field(default_factory=list)


@dataclass
class DocumentResult:
    """Everything one document produced: the unit cached for incremental runs."""

    document: Document
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # seconds per stage, for the run summary
    timings: dict[str, float] = field(default_factory=dict)
    # a failure that may pass on a later attempt (a timeout, a limit raised), so the result is not cached
    transient: bool = False
    # a failure worth one more try within the same run (tesseract failing or timing out under load);
    # limit failures are transient but not retried at once: the same limit would fail again
    retry: bool = False
    # the parts of a container, in its order (cached with the result)
    parts: list[PartRef] = field(default_factory=list)
    # the parts written to the scratch folder by this read, to be read next (not cached)
    part_sources: list[SourceFile] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": as_dict(self.document),
            "pages": [as_dict(p, everything=True) for p in self.pages],
            "tables": [as_dict(t) for t in self.tables],
            "mentions": [as_dict(m) for m in self.mentions],
            "timings": self.timings,
            "parts": [as_dict(p) for p in self.parts],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentResult:
        return cls(
            document=Document(**data["document"]),
            pages=[_page_from_json(p, data.get("low_confidence", {})) for p in data["pages"]],
            tables=[Table(**t) for t in data["tables"]],
            mentions=[Mention(**m) for m in data["mentions"]],
            timings=data.get("timings", {}),
            parts=[PartRef(**p) for p in data.get("parts", [])],
        )


def _page_from_json(data: dict[str, Any], by_page: dict[str, list]) -> Page:
    """A cached page; caches written before pages carried their uncertain spans kept them by page number
    on the result (``by_page``)."""
    spans = data.get("uncertain", by_page.get(str(data["page"]), ()))
    marks = tuple(tuple(m) for m in data.get("marks", ()))
    return Page(**{**data, "uncertain": tuple(tuple(s) for s in spans), "marks": marks})
