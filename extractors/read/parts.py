"""Containers and their parts: what a reader of a structured file returns, and where it puts the parts.

A reader of a structured file (an e-mail, an Office file, an archive) returns an ``Extracted``: its own
pages of text in order, the tables written on them, its title and metadata. Whatever it holds that is a
file of its own (an attachment, an archive member, an embedded message, each message of a mailbox) it
hands to a ``PartSink``, which writes the bytes into a scratch folder under OUT's state folder and
records a ``PartRef``. The batch stage then reads each part with the same dispatch as a file of the
corpus, as a document whose ``parent_id`` is the container's id and whose path is the container's path,
``/``, and the part's name.

The sink is where the limits live, so no reader can forget them: nesting depth, parts per container,
expanded bytes (over the whole tree below a corpus file) and the compression ratio (zip bombs). A part
over a limit, a member whose name would escape its folder (``..``, an absolute path) and a link are
never written: each becomes a ``PartRef`` with a status and a one-line reason, so it ends as a row.
File names inside the container are never used for the scratch file (only a sanitised extension), so
nothing is ever written outside the scratch folder.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from extractors.read.delimited import WrittenTable, written_table
from extractors.records import FileStamp, PartRef, SourceFile
from extractors.settings import PartLimits

CHUNK = 1 << 20
#: the header of a people table (a message's senders and recipients, a calendar's attendees, a
#: document's authors); not "Role": a role column reads as a title column
PEOPLE_HEADER = ["Name", "E-mail", "Seen as"]


@dataclass
class PageContent:
    """One page of a structured document: its text, and the tables written in it (cell spans point
    into ``text``)."""

    text: str
    tables: list[WrittenTable] = field(default_factory=list)


class PageBuilder:
    """Builds a page from paragraphs and tables in reading order, keeping each table cell's characters.

    ``paragraph`` adds a block of text, ``table`` a table written out as CSV files are (a tab between
    cells, a line break between rows); blocks are separated by a blank line."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._tables: list[WrittenTable] = []

    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def paragraph(self, text: str) -> None:
        if text.strip():
            self._append(text)

    def table(self, rows: list[list[str]]) -> None:
        written = written_table(rows)
        if not written.text:
            return
        offset = self._append(written.text)
        spans = [[None if s is None else [s[0] + offset, s[1] + offset] for s in row] for row in written.spans]
        self._tables.append(WrittenTable(written.text, written.header, written.rows, spans))

    def page(self) -> PageContent:
        return PageContent("".join(self._parts), list(self._tables))


@dataclass
class Extracted:
    """What a reader of a structured file found in the file itself (its parts go to the sink)."""

    pages: list[PageContent] = field(default_factory=list)
    title: str | None = None
    published: str | None = None  # ISO 8601 date the document states for itself
    language: str | None = None
    # e-mail metadata of a message (``documents.email``): from, to, cc, bcc, reply_to (each
    # ``{"name", "address"}``, from a single one, the others lists), date (ISO 8601), subject,
    # message_id, in_reply_to, references (list)
    email: dict | None = None
    # people the file names in its metadata: (name, e-mail address, role), e.g. ("Jane Roe",
    # "jane@example.org", "from") or ("Bart Hanssens", "", "author"); written as a table page
    people: list[tuple[str, str, str]] = field(default_factory=list)
    # mentions the reader is sure of: (page number, start, end, type, canonical name), e.g. a message's
    # sent date (type "DATE", name its ISO 8601 day) at the characters of its Date line
    marks: list[tuple[int, int, int, str, str]] = field(default_factory=list)


_SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def unsafe_reason(name: str) -> str | None:
    """Why a member name may not be followed (it escapes its folder), or None when it is safe."""
    text = name.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:/", text):
        return f"the member path {name!r} is absolute; it was not extracted"
    if ".." in PurePosixPath(text).parts:
        return f"the member path {name!r} leads outside the archive ('..'); it was not extracted"
    if "\0" in text:
        return "the member name holds a NUL byte; it was not extracted"
    return None


def clean_name(name: str) -> str:
    """A part's name as shown in paths: forward slashes, no leading './', no empty components."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts) or "(unnamed)"


class PartSink:
    """Receives the parts of one container, writes them into ``folder`` and keeps the limits.

    ``parent`` is the container's ``SourceFile`` (its depth and remaining byte budget decide what may
    still be expanded). ``refs`` lists every part in the container's order, ``sources`` the parts
    written (to be read next). Readers stop adding when ``full`` is true."""

    _counter = itertools.count()

    def __init__(self, folder: Path | None, parent: SourceFile, limits: PartLimits, *, container_size: int):
        self.folder = Path(folder) if folder is not None else None
        self.parent = parent
        self.limits = limits
        self.container_size = max(1, container_size)
        self.refs: list[PartRef] = []
        self.sources: list[SourceFile] = []
        self.written = 0
        self.full = False
        self._not_added = 0
        self._full_reason = ""

    # -- what readers call ----------------------------------------------------------------------
    def add(self, name: str, data: bytes | BinaryIO | Iterable[bytes]) -> bool:
        """Write a part. Returns False when it was not written (a limit, an unsafe name): it is then
        a row with the reason. ``data`` is the part's bytes, a binary file or an iterable of chunks."""
        if self.full:
            self._not_added += 1
            return False
        reason = unsafe_reason(name)
        if reason:
            self.skip(name, reason)
            return False
        shown = clean_name(name)
        if self.parent.depth + 1 > self.limits.max_depth:
            self._note(
                shown,
                "skipped",
                f"nested {self.parent.depth + 1} levels deep, over the limit of {self.limits.max_depth} "
                "(LEAKSIFT_MAX_DEPTH); it was not read",
            )
            return False
        if len(self.refs) >= self.limits.max_parts:
            self._stop(
                f"over the limit of {self.limits.max_parts} parts per container (LEAKSIFT_MAX_PARTS)",
            )
            self._not_added += 1
            return False
        if self.folder is None:  # nowhere to write (a direct read without a scratch folder): refs only
            digest = hashlib.sha256()
            for chunk in _chunks(data):
                digest.update(chunk)
            self.refs.append(PartRef(name=shown, doc_id=digest.hexdigest()))
            return True
        self.folder.mkdir(parents=True, exist_ok=True)
        suffix = PurePosixPath(shown).suffix
        target = self.folder / f"part-{os.getpid()}-{next(self._counter)}{suffix if _SAFE_SUFFIX.match(suffix) else ''}"
        digest = hashlib.sha256()
        size = 0
        over = ""
        try:
            with open(target, "wb") as fh:
                for chunk in _chunks(data):
                    size += len(chunk)
                    self.written += len(chunk)
                    over = self._over_budget()
                    if over:
                        break
                    digest.update(chunk)
                    fh.write(chunk)
                stamp = FileStamp.of(os.fstat(fh.fileno()))
        except BaseException:
            target.unlink(missing_ok=True)  # a stream that broke half way leaves no file
            raise
        if over:
            target.unlink(missing_ok=True)
            self._note(shown, "failed", f"not extracted: {over}")
            self._stop(over)
            return False
        doc_id = digest.hexdigest()
        self.refs.append(PartRef(name=shown, doc_id=doc_id))
        self.sources.append(
            SourceFile(
                path=target,
                display_path=f"{self.parent.display_path}/{shown}",
                doc_id=doc_id,
                stamp=stamp,
                parent_id=self.parent.doc_id,
                depth=self.parent.depth + 1,
                budget=max(0, self.budget - self.written),
            )
        )
        return True

    def skip(self, name: str, reason: str, *, status: str = "skipped") -> None:
        """A part that is not read (a link, an encrypted member, a folder-escaping name): a row only."""
        self._note(clean_name(name), status, reason)

    def finish(self) -> list[PartRef]:
        """The parts in order, with one row for the parts not added after a limit was hit."""
        if self._not_added:
            self._note(
                f"({self._not_added} more parts)",
                "skipped",
                f"{self._not_added} more parts were not read: {self._full_reason}",
            )
            self._not_added = 0
        return self.refs

    # -- limits ---------------------------------------------------------------------------------
    @property
    def budget(self) -> int:
        """Bytes this container may still expand (shared with the whole tree below its corpus file)."""
        return self.parent.budget if self.parent.budget is not None else self.limits.max_expanded_bytes

    def _over_budget(self) -> str:
        if self.written > self.budget:
            return (
                f"the parts expand to more than {self.limits.max_expanded_bytes} bytes "
                "(LEAKSIFT_MAX_EXPANDED_BYTES); a decompression bomb?"
            )
        if self.written > self.limits.ratio_floor and self.written / self.container_size > self.limits.max_ratio:
            return (
                f"the parts expand to more than {self.limits.max_ratio:g} times the container's "
                f"{self.container_size} bytes (LEAKSIFT_MAX_RATIO); a decompression bomb?"
            )
        return ""

    def _stop(self, reason: str) -> None:
        self.full = True
        self._full_reason = self._full_reason or reason

    def _note(self, name: str, status: str, reason: str) -> None:
        doc_id = hashlib.sha256(f"{self.parent.doc_id}\x1f{name}\x1f{len(self.refs)}".encode()).hexdigest()
        self.refs.append(PartRef(name=name, doc_id=doc_id, status=status, error=reason))


def _chunks(data: bytes | BinaryIO | Iterable[bytes]) -> Iterable[bytes]:
    if isinstance(data, (bytes, bytearray, memoryview)):
        for i in range(0, len(data), CHUNK):
            yield bytes(data[i : i + CHUNK])
        return
    read = getattr(data, "read", None)
    if read is not None:
        while chunk := read(CHUNK):
            yield chunk
        return
    yield from data
