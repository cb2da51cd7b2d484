"""Continued tables take the header of the table they continue."""

from extractors.read.tables.continuations import link_continuations
from extractors.read.tables.words import FoundTable


def test_continued_table_takes_the_header():
    first = FoundTable(rows=[["Ann Lee", "a@x.org"]], bbox=(0, 0, 1, 1), header=["Name", "Email"])
    second = FoundTable(rows=[["Bo Chan", "b@x.org"]], bbox=(0, 0, 1, 1))
    link_continuations([(1, [first]), (2, [second])])
    assert second.header == ["Name", "Email"]
