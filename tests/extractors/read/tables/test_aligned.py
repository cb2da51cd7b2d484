"""The alignment finder: tables from how word boxes line up, prose is none."""

import pytest

from extractors.read.tables.aligned import alignment_tables
from tests.conftest import DEVSET
from tests.extractors.read.tables.tables import laid_out_words as _words


def test_alignment_table_without_rulings():
    rows = [
        ["Country", "Freq.", "Percent"],
        ["Austria", "344", "75.2"],
        ["Belgium", "53", "11.6"],
        ["Total", "397", "86.8"],
    ]
    tables = alignment_tables(_words(rows))
    assert len(tables) == 1
    assert tables[0].rows == rows


def test_prose_is_no_table():
    lines = [["the quick brown fox jumps over the lazy dog again and again"]] * 5
    assert alignment_tables(_words(lines)) == []


@pytest.mark.skipif(not (DEVSET / "tables_icdar2013_eu").is_dir(), reason="no shared devset")
def test_devset_unruled_table():
    from extractors.read.dispatch import read_document
    from extractors.settings import Settings

    result = read_document(DEVSET / "tables_icdar2013_eu" / "eu-027.pdf", settings=Settings())
    assert result.tables
