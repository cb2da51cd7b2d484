"""Corpus discovery: a corpus folder in, the files to process (with content hashes) out.

Rules: recursive; hidden files and folders (``.name``) are left out; so is anything matching a pattern
in ``CORPUS/.leaksiftignore`` (one glob per line, relative to the corpus, ``#`` comments); symbolic
links are never followed (a link could point anywhere on the machine); a folder reached twice (a loop
through bind mounts) is read once; the output folder is left out when it lies inside the corpus.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from extractors.hashing import file_sha256
from extractors.records import SourceFile

log = logging.getLogger(__name__)

IGNORE_FILE = ".leaksiftignore"


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    # (display path, reason) of entries passed over: links, unreadable files
    passed_over: list[tuple[str, str]] = field(default_factory=list)
    # display paths of files that vanished or failed to read while hashing
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def _ignore_patterns(corpus: Path) -> list[str]:
    path = corpus / IGNORE_FILE
    if not path.is_file():
        return []
    lines = path.read_text("utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _ignored(relative: str, patterns: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def discover(corpus: Path, *, exclude: Path | None = None) -> Discovery:
    """Every regular file under ``corpus``, sorted by path, with its SHA-256."""
    found = Discovery()
    for rel, path in walk(corpus, exclude=exclude, passed_over=found.passed_over):
        try:
            doc_id, stamp = file_sha256(path)
        except OSError as exc:
            found.unreadable.append((rel, f"the file could not be read: {exc.strerror or exc}"))
            continue
        found.files.append(SourceFile(path=path, display_path=rel, doc_id=doc_id, stamp=stamp))
    return found


def walk(
    corpus: Path, *, exclude: Path | None = None, passed_over: list[tuple[str, str]] | None = None
) -> list[tuple[str, Path]]:
    """The corpus files discovery reads, as (path relative to the corpus, path), sorted, by the rules
    above, without reading them; links and special files are added to ``passed_over``."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise NotADirectoryError(f"corpus folder not found: {corpus}")
    patterns = _ignore_patterns(corpus)
    excluded = exclude.resolve() if exclude is not None else None
    found = Discovery(passed_over=passed_over if passed_over is not None else [])
    seen_dirs: set[tuple[int, int]] = set()
    candidates: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(corpus, followlinks=False):
        root_path = Path(root)
        try:
            st = root_path.stat()
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            dirs[:] = []
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        keep = []
        for d in sorted(dirs):
            sub = root_path / d
            rel = sub.relative_to(corpus).as_posix()
            if d.startswith(".") or _ignored(rel, patterns):
                continue
            if sub.is_symlink():
                found.passed_over.append(
                    (rel, "symbolic link to a folder (not followed; links could reach anywhere on the machine)")
                )
                continue
            if excluded is not None and sub.resolve() == excluded:
                continue
            keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            path = root_path / name
            rel = path.relative_to(corpus).as_posix()
            if name.startswith(".") or _ignored(rel, patterns):
                continue
            if path.is_symlink():
                found.passed_over.append(
                    (rel, "symbolic link (not followed; copy the file itself into the corpus to read it)")
                )
                continue
            if not path.is_file():
                found.passed_over.append((rel, "not a regular file"))
                continue
            candidates.append((rel, path))
    return sorted(candidates)


def source_for(path: Path) -> SourceFile:
    """A single named file (manual ingestion), shown as given."""
    doc_id, stamp = file_sha256(path)
    return SourceFile(path=path, display_path=str(path), doc_id=doc_id, stamp=stamp)
