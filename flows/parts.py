"""Containers' parts in the records: the corpus files' results in, every part's result out, placed.

A container's result lists its parts (``DocumentResult.parts``) by name and by the id of their bytes;
each part's own result is cached under that id like any document's. Before the records are written the
tree below every corpus file is walked: each part gets its path (the container's path, ``/``, the
part's name) and its ``parent_id``; a part that was not read (a link, an unsafe name, a limit) becomes a
row with its status and reason. Identical bytes stay one document listing every path they were found
under, its ``parent_id`` that of the first; a document found both in the corpus and inside a container
keeps ``parent_id`` null. No Prefect here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from extractors.records import Document, DocumentResult, PartRef

Lookup = Callable[[str], DocumentResult | None]


def with_parts(
    top: list[DocumentResult], paths: dict[str, list[str]], lookup: Lookup
) -> tuple[list[DocumentResult], dict[str, list[str]]]:
    """``top`` (the corpus files' results, with their ``paths``) followed by every part below them,
    depth first in each container's order; and the paths of every document."""
    out = list(top)
    all_paths = {doc_id: list(shown) for doc_id, shown in paths.items()}
    index = {r.document.id: r for r in top}
    for result in top:
        _walk(result, result.document.path, out, all_paths, index, lookup)
    return out, all_paths


def _walk(
    container: DocumentResult,
    shown: str,
    out: list[DocumentResult],
    paths: dict[str, list[str]],
    index: dict[str, DocumentResult],
    lookup: Lookup,
) -> None:
    for ref in container.parts:
        path = f"{shown}/{ref.name}"
        if ref.doc_id in index:  # the same bytes met before: one document, one more path
            if path not in paths.setdefault(ref.doc_id, []):
                paths[ref.doc_id].append(path)
            continue
        found = None if ref.status else lookup(ref.doc_id)
        part = _placed(found, ref, path, container.document.id)
        index[ref.doc_id] = part
        paths[ref.doc_id] = [path]
        out.append(part)
        if found is not None:
            _walk(part, path, out, paths, index, lookup)


def _placed(found: DocumentResult | None, ref: PartRef, path: str, parent_id: str) -> DocumentResult:
    if found is not None:
        return replace(found, document=replace(found.document, path=path, parent_id=parent_id))
    status, error = ref.status, ref.error
    if status is None:  # its result is gone (it failed for a passing reason, say): read again next run
        status, error = "failed", "the part could not be read this time; run again to retry it"
    from extractors.read.sniff import EXTENSIONS

    media_type = EXTENSIONS.get(PurePosixPath(ref.name).suffix.lower(), "application/octet-stream")
    document = Document(
        id=ref.doc_id, path=path, media_type=media_type, status=status, error=error, parent_id=parent_id
    )
    return DocumentResult(document=document)


def descendants_current(
    result: DocumentResult, state: Callable[[str], tuple[DocumentResult | None, str]]
) -> list[DocumentResult] | None:
    """The current results of every part below ``result``, or None when one of them is not current
    (the container must then be read again: its parts' bytes are only in it)."""
    found: list[DocumentResult] = []
    seen: set[str] = set()
    stack = [result]
    while stack:
        for ref in stack.pop().parts:
            if ref.status or ref.doc_id in seen:
                continue
            seen.add(ref.doc_id)
            part, how = state(ref.doc_id)
            if how != "current" or part is None:
                return None
            found.append(part)
            stack.append(part)
    return found
