"""The normalising stage's word lists: a list's name in, its entries out, read from ``data/``.

Lists of words (titles, head nouns of organisation names, table header words, country aliases) are
data, kept as plain UTF-8 text files in ``extractors/normalize/data/`` so they can be read and changed
without reading code. Two shapes:

- ``NAME.txt``: one entry per line; ``word_list(NAME)`` gives them as a frozenset.
- ``NAME.tsv``: ``key<TAB>value`` per line; ``word_map(NAME)`` gives a read-only mapping in file order
  (a key written twice is an error), ``word_groups(NAME)`` the values grouped by key, keys in the order
  they first appear (for lists checked in order, such as header words by role).

In both, ``#`` starts a comment that runs to the end of the line (no entry holds a ``#``), blank lines
are skipped, and each entry is stripped of surrounding whitespace but keeps its case and inner spaces.
Files are read with ``importlib.resources``, so they work from an installed wheel, and once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

#: the folder inside this package that holds the lists
DATA_FOLDER = "data"


def _lines(filename: str) -> list[tuple[int, str]]:
    """``(line number, entry)`` for every line of ``data/filename`` that holds an entry."""
    path = resources.files(__package__).joinpath(DATA_FOLDER, filename)
    if not path.is_file():
        raise FileNotFoundError(f"no word list {filename!r} in extractors/normalize/{DATA_FOLDER}/")
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if entry:
            found.append((number, entry))
    return found


def _pairs(name: str) -> list[tuple[str, str]]:
    filename = f"{name}.tsv"
    pairs = []
    for number, entry in _lines(filename):
        key, tab, value = entry.partition("\t")
        if not tab or not key.strip() or not value.strip() or "\t" in value:
            raise ValueError(f"{filename}:{number}: expected key<TAB>value, got {entry!r}")
        pairs.append((key.strip(), value.strip()))
    return pairs


@functools.cache
def word_list(name: str) -> frozenset[str]:
    """The entries of ``data/NAME.txt``."""
    return frozenset(entry for _, entry in _lines(f"{name}.txt"))


@functools.cache
def word_map(name: str) -> Mapping[str, str]:
    """The ``key -> value`` pairs of ``data/NAME.tsv``, in file order, read-only."""
    table: dict[str, str] = {}
    for key, value in _pairs(name):
        if key in table:
            raise ValueError(f"{name}.tsv: key {key!r} written twice")
        table[key] = value
    return MappingProxyType(table)


@functools.cache
def word_groups(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The values of ``data/NAME.tsv`` grouped by key: keys in first-seen order, values in file order."""
    groups: dict[str, list[str]] = {}
    for key, value in _pairs(name):
        groups.setdefault(key, []).append(value)
    return tuple((key, tuple(values)) for key, values in groups.items())


__all__ = ["word_groups", "word_list", "word_map"]
