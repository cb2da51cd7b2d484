"""Headers: detection, captions above them, stacked headings, row-label groups."""

from extractors.read.tables.header import detect_header
from extractors.read.tables.words import FoundTable
from tests.extractors.read.tables.tables import headed as _headed


def test_header_detection():
    assert detect_header([["Name", "Phone"], ["Ann Lee", "+1 902 555 0117"]])
    assert not detect_header([["Ann Lee", "+1 902 555 0117"], ["Bo Chan", "+1 902 555 0118"]])


def test_issue_header_below_caption_and_debris():
    """A running head, a caption and a line of OCR debris above the header are no part of the table."""
    rows = [
        ["", "", "", "Annex A to memorandum of 4 September 2020"],
        ["Annex A", "Officials (continued)", "", ""],
        ["i", "", "", ""],
        ["", "Title", "City", "Email"],
        ["Ann Lee", "Mayor", "Halifax", "ann@x.example"],
        ["Bo Chan", "Clerk", "Bergen", "bo@x.example"],
    ]
    table = _headed(rows)
    assert table.header == ["", "Title", "City", "Email"]
    assert table.rows == rows[4:]


def test_spanning_heading_is_not_joined_to_the_headings_under_it():
    from extractors.read.tables.header import _join_stacked_headings

    rows = [
        ["", "Threshold for releases", "", ""],
        ["", "to air", "to water", "to land"],
        ["", "kg/year", "kg/year", "kg/year"],
        ["Ammonia", "10 000", "-", "-"],
        ["Halons", "1", "-", "-"],
    ]
    table = _join_stacked_headings(FoundTable(rows=[list(r) for r in rows], bbox=(0, 0, 1, 1)))
    assert table.rows == [rows[0], ["", "to air kg/year", "to water kg/year", "to land kg/year"], *rows[3:]]


def test_text_table_heading_is_not_joined_to_its_first_row():
    """All-text rows under a heading are body rows, not more lines of the heading."""
    rows = [["Name", "Title"], ["Ann Lee", "Mayor"], ["", "Deputy"], ["Bo Chan", "Clerk"]]
    table = _headed(rows)
    assert table.header == ["Name", "Title"]
    assert table.rows == rows[1:]


def test_group_label_wrapped_over_the_group_joins_on_its_first_row():
    """A group name wrapped onto the group's second line (eu-021) is one name on the first row."""
    rows = [
        ["Illness", "", "Suffered", "Treated"],
        ["Allergy problems", "Count", "93", "77"],
        ["", "Percentage", "18.8%", "15.6%"],
        ["Chronic fatigue", "Count", "19", "4"],
        ["syndrome", "Percentage", "3.8%", "0.8%"],
        ["Asthma", "Count", "31", "22"],
        ["", "Percentage", "6.3%", "4.4%"],
    ]
    table = _headed(rows)
    assert table.rows[2] == ["Chronic fatigue syndrome", "Count", "19", "4"]
    assert table.rows[3] == ["", "Percentage", "3.8%", "0.8%"]
    assert table.rows[0] == rows[1]


def test_labels_on_every_row_are_not_regrouped():
    rows = [
        ["Year", "Sex", "Rate"],
        ["1991", "Men", "11.0"],
        ["1991", "Women", "6.6"],
        ["1996", "Men", "9.5"],
        ["1996", "Women", "5.3"],
    ]
    table = _headed(rows)
    assert table.rows == rows[1:]
