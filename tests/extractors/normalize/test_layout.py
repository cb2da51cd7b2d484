"""Layout: quoted titles, headings and headline fragments name nobody (issue 3)."""

from extractors.normalize.layout import is_quoted_title
from tests.extractors.normalize.conftest import normalized


def test_issue_book_title_is_no_person():
    text = "Scholars write in their new book, “Hidden Hand,” that officials use cities."
    out, _ = normalized(text, [("Hidden Hand", "PERSON")])
    assert out == []
    assert is_quoted_title(text, text.index("Hidden"), text.index("Hidden") + len("Hidden Hand"))


def test_heading_line_dropped_but_repeated_name_kept():
    text = "Para one.\n\nGlobal Agenda\n\nChina is a developing country."
    out, _ = normalized(text, [("Global Agenda", "PERSON")])
    assert out == []
