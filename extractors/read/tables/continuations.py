"""Continued tables: the tables of a document's pages in, headers carried over to continuations.

A table that goes on over the next page keeps one header: a repeated header was already split off
(``header.with_header``), and a headerless table right after one of the same width takes its header.
"""

from __future__ import annotations

from extractors.read.tables.words import FoundTable


def link_continuations(pages: list[tuple[int, list[FoundTable]]]) -> None:
    """A headerless table right after a table of the same width (on the same page or the page
    before) continues it and takes its header; a repeated header was already split off."""
    previous: FoundTable | None = None
    previous_page = None
    for number, tables in pages:
        for table in tables:
            if (
                table.header is None
                and previous is not None
                and previous.header
                and previous_page in (number, number - 1)
                and all(len(r) == len(previous.header) for r in table.rows)
            ):
                table.header = list(previous.header)
            previous, previous_page = table, number
