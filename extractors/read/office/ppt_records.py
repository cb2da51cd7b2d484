"""The text of a legacy PowerPoint file (.ppt, .pps): the ``PowerPoint Document`` stream's records in,
the text of each slide in presentation order out.

catppt was measured first and reads nothing but the master's name from many files (a govdocs slide
with its chart gave "Default Design" alone), so the records are read here with olefile. The current
edit (``Current User`` stream, then the chain of ``UserEditAtom``s and their persist directories)
says where each slide lives; a slide's text is the outline text of its placeholders (the slide
list's ``TextCharsAtom``/``TextBytesAtom``s after its ``SlidePersistAtom``) and the text of its own
shapes, then its notes. Masters and their "Click to edit" prompts are left out. When the edit chain
cannot be followed (a damaged file), every slide container of the stream is read in stream order.
"""

from __future__ import annotations

import struct

from extractors.errors import CorruptFileError, EncryptedFileError
from extractors.read.office.common import ENCRYPTED_REASON

SLIDE = 0x03EE
SLIDE_ATOM = 0x03EF
NOTES = 0x03F0
SLIDE_PERSIST = 0x03F3
DOCUMENT = 0x03E8
SLIDE_LIST = 0x0FF0
USER_EDIT = 0x0FF5
PERSIST_DIRECTORY = 0x1772
TEXT_CHARS = 0x0FA0
TEXT_BYTES = 0x0FA8
ENCRYPTED_TOKEN = 0xF3D1C4DF
#: edits followed at most (a damaged file may loop its chain)
MAX_EDITS = 1000


def slide_texts(current_user: bytes | None, stream: bytes) -> list[list[str]]:
    """The text blocks of every slide, in presentation order."""
    try:
        persist, document = _persist_directory(current_user, stream)
        return _slides_in_order(stream, persist, document)
    except (struct.error, KeyError, ValueError, IndexError):
        return [_texts(stream, offset, end) for offset, end in _containers(stream, 0, len(stream), SLIDE)]


def _header(stream: bytes, offset: int) -> tuple[int, int, int, int]:
    """(version, instance, type, length) of the record at ``offset``."""
    version_instance, kind, length = struct.unpack_from("<HHI", stream, offset)
    return version_instance & 0xF, version_instance >> 4, kind, length


def _persist_directory(current_user: bytes | None, stream: bytes) -> tuple[dict[int, int], int]:
    if not current_user:
        raise ValueError("no Current User stream")
    token, edit_offset = struct.unpack_from("<II", current_user, 12)
    if token == ENCRYPTED_TOKEN:
        raise EncryptedFileError(ENCRYPTED_REASON)
    edits = []
    seen: set[int] = set()
    while edit_offset and edit_offset not in seen and len(edits) < MAX_EDITS:
        seen.add(edit_offset)
        if _header(stream, edit_offset)[2] != USER_EDIT:
            raise ValueError("no UserEditAtom at the current edit")
        last_edit, directory, document = struct.unpack_from("<III", stream, edit_offset + 16)
        edits.append((directory, document))
        edit_offset = last_edit
    if not edits:
        raise ValueError("no edit")
    persist: dict[int, int] = {}
    for directory, _ in reversed(edits):  # oldest first: later edits replace earlier entries
        _, _, kind, length = _header(stream, directory)
        if kind != PERSIST_DIRECTORY:
            raise ValueError("no PersistDirectoryAtom")
        pos, end = directory + 8, directory + 8 + length
        while pos + 4 <= end:
            (entry,) = struct.unpack_from("<I", stream, pos)
            first, count = entry & 0xFFFFF, entry >> 20
            offsets = struct.unpack_from(f"<{count}I", stream, pos + 4)
            persist.update(zip(range(first, first + count), offsets))
            pos += 4 + 4 * count
    return persist, persist[edits[0][1]]


def _slides_in_order(stream: bytes, persist: dict[int, int], document: int) -> list[list[str]]:
    _, _, kind, length = _header(stream, document)
    if kind != DOCUMENT:
        raise ValueError("the document persist object is not a DocumentContainer")
    slides: list[list[str]] = []
    for offset, end in _children(stream, document + 8, document + 8 + length):
        version, instance, kind, _ = _header(stream, offset)
        if kind != SLIDE_LIST or instance != 0:
            continue
        outline: list[tuple[int, list[str]]] = []
        for child, _ in _children(stream, offset + 8, end):
            child_kind = _header(stream, child)[2]
            if child_kind == SLIDE_PERSIST:
                outline.append((struct.unpack_from("<I", stream, child + 8)[0], []))
            elif outline and child_kind in (TEXT_CHARS, TEXT_BYTES):
                outline[-1][1].append(_atom_text(stream, child))
        for persist_id, texts in outline:
            slides.append(texts + _slide_own_text(stream, persist, persist_id))
    return slides


def _slide_own_text(stream: bytes, persist: dict[int, int], persist_id: int) -> list[str]:
    offset = persist.get(persist_id)
    if offset is None or _header(stream, offset)[2] != SLIDE:
        return []
    end = offset + 8 + _header(stream, offset)[3]
    texts = _texts(stream, offset + 8, end)
    for atom, _ in _children(stream, offset + 8, end):
        if _header(stream, atom)[2] == SLIDE_ATOM:
            (notes_id,) = struct.unpack_from("<I", stream, atom + 8 + 16)
            notes = persist.get(notes_id) if notes_id else None
            if notes is not None and _header(stream, notes)[2] == NOTES:
                texts += _texts(stream, notes + 8, notes + 8 + _header(stream, notes)[3])
    return texts


def _children(stream: bytes, offset: int, end: int):
    """(offset, end) of each record directly inside ``[offset, end)``."""
    end = min(end, len(stream))
    while offset + 8 <= end:
        length = _header(stream, offset)[3]
        yield offset, min(offset + 8 + length, end)
        offset += 8 + length


def _containers(stream: bytes, offset: int, end: int, wanted: int):
    """Every container of type ``wanted`` under ``[offset, end)``, in stream order."""
    for child, child_end in _children(stream, offset, end):
        version, _, kind, _ = _header(stream, child)
        if kind == wanted:
            yield child + 8, child_end
        elif version == 0xF:
            yield from _containers(stream, child + 8, child_end, wanted)


def _texts(stream: bytes, offset: int, end: int) -> list[str]:
    """The text atoms under ``[offset, end)`` (slide-number and date fields, "*", left out)."""
    found = []
    for child, child_end in _children(stream, offset, end):
        version, _, kind, _ = _header(stream, child)
        if kind in (TEXT_CHARS, TEXT_BYTES):
            text = _atom_text(stream, child)
            if text.strip() and text.strip() != "*":
                found.append(text)
        elif version == 0xF:
            found += _texts(stream, child + 8, child_end)
    return found


def _atom_text(stream: bytes, offset: int) -> str:
    _, _, kind, length = _header(stream, offset)
    raw = stream[offset + 8 : offset + 8 + length]
    text = raw.decode("utf-16-le", "replace") if kind == TEXT_CHARS else raw.decode("cp1252", "replace")
    return text.replace("\r", "\n").replace("\x0b", "\n")


def check_stream(stream: bytes | None) -> bytes:
    if not stream:
        raise CorruptFileError("the file has no PowerPoint Document stream; not a PowerPoint presentation")
    return stream
