"""Ruled tables on pdfplumber pages: grids, boxes beside them, wrapped labels, stacked rows, headings."""

import pytest

from tests.extractors.read.tables.tables import text_grid_pdf


@pytest.mark.xfail(reason="fpdf2 per-cell borders: pdfplumber splits the header row into its own table", strict=False)
def test_ruled_pdf_table(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    from extractors.read.dispatch import read_document
    from extractors.settings import Settings

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Memo to the delegation about the visit and the list below. " * 3)
    rows = [["Name", "Title", "Email"], ["Ann Lee", "Mayor", "ann@x.example"], ["Bo Chan", "Clerk", "bo@x.example"]]
    for row in rows:
        for cell in row:
            pdf.cell(50, 8, cell, border=1)
        pdf.ln()
    path = tmp_path / "list.pdf"
    pdf.output(str(path))
    result = read_document(path, settings=Settings())
    table = [t for t in result.tables if t.header][0]
    assert table.header == rows[0]
    assert table.rows == rows[1:]


def test_issue_rows_stacked_in_one_ruled_cell():
    """A ruled body without row rulings (eu-008) holds one record per line; wrapped text does not."""
    from extractors.read.tables.ruled import _stacked

    assert _stacked(["Bulgaria\nCyprus\nEstonia\nMalta", "2.3\n0.21\n1.1\n0.28", "5.5\n0.21\n3.0\n0.72"])
    assert not _stacked(
        ["A long description that\nwraps over three\nlines of the cell", "Another wrapped\ncell of text\nhere", "12"]
    )
    assert not _stacked(["Bulgaria\nCyprus\nEstonia", "5.5"])


def _page_tables(path):
    import pdfplumber

    from extractors.read.tables.ruled import pdf_page_tables

    with pdfplumber.open(path) as pdf:
        return pdf_page_tables(pdf.pages[0])


def _ruled_grid(pdf, rows, *, x=15, y=30, widths=(50, 25), height=6):
    """A fully ruled grid drawn with lines (no per-cell rectangles)."""
    total = sum(widths)
    for r in range(len(rows) + 1):
        pdf.line(x, y + r * height, x + total, y + r * height)
    edges = [x]
    for w in widths:
        edges.append(edges[-1] + w)
    for edge in edges:
        pdf.line(edge, y, edge, y + len(rows) * height)
    for r, row in enumerate(rows):
        left = x
        for w, cell in zip(widths, row):
            pdf.set_xy(left, y + r * height)
            pdf.cell(w, height, cell)
            left += w


def test_words_in_a_box_beside_a_grid_are_no_columns_of_it(tmp_path):
    """A chart in its own frame beside a ruled table (eu-015): its labels stay out of the table."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    rows = [
        ["Topic", "Enquiries"],
        ["Institutions", "3.597"],
        ["Member States", "1.847"],
        ["Passengers", "1.726"],
        ["Security", "1.451"],
        ["Total", "8.621"],
    ]
    _ruled_grid(pdf, rows)
    pdf.rect(110, 28, 80, 40)  # the chart's frame
    for i, label in enumerate(["Institutions", "Member States", "Passengers", "Security"]):
        pdf.text(115, 40 + i * 7, label)
        pdf.text(160, 40 + i * 7, str(1000 * (i + 1)))
    path = tmp_path / "chart.pdf"
    pdf.output(str(path))
    table = [t for t in _page_tables(path) if t.header == rows[0]]
    assert len(table) == 1
    assert table[0].rows == rows[1:]


def test_wrapped_row_label_in_a_ruled_grid_stays_one_row(tmp_path):
    """A label wrapped onto a second ruled line beside values spanning both lines (eu-001) is one
    row; a full-width ruled row of its own is not joined to the row above."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    x, widths, h = 15, (70, 30, 30), 6
    edges = [x, x + 70, x + 100, x + 130]
    lines = [  # (label lines, values) per row; the third row's label takes two ruled lines
        (["Substance"], ["Air", "Water"]),
        (["Ammonia (NH3)"], ["10 000", "-"]),
        (["Chlorine and inorganic compounds", "(as HCl)"], ["10 000", "-"]),
        (["Halons"], ["1", "-"]),
        (["Methane (CH4)"], ["100 000", "5"]),
    ]
    y = 30
    for labels, values in lines:
        height = h * len(labels)
        pdf.line(edges[0], y, edges[-1], y)
        for e in edges:
            pdf.line(e, y, e, y + height)
        for i, label in enumerate(labels):
            if i:
                pdf.line(edges[0], y + i * h, edges[1], y + i * h)  # ruled in the label column only
            pdf.set_xy(edges[0], y + i * h)
            pdf.cell(widths[0], h, label)
        for k, value in enumerate(values):
            pdf.set_xy(edges[k + 1], y)
            pdf.cell(widths[k + 1], h, value)
        y += height
    pdf.line(edges[0], y, edges[-1], y)
    path = tmp_path / "wrapped.pdf"
    pdf.output(str(path))
    (table,) = _page_tables(path)
    assert table.header == ["Substance", "Air", "Water"]
    assert table.rows == [
        ["Ammonia (NH3)", "10 000", "-"],
        ["Chlorine and inorganic compounds (as HCl)", "10 000", "-"],
        ["Halons", "1", "-"],
        ["Methane (CH4)", "100 000", "5"],
    ]


def test_heading_set_on_two_lines_is_one_heading(tmp_path):
    """Column headings wrapped onto a second line ("Signed TA" over "(EUR m)") are one heading; a
    spanning heading over several column headings stays a line of its own."""
    pytest.importorskip("fpdf")
    lines = [
        ["", "", "Threshold for releases", ""],
        ["Country", "Population", "Signed TA", "Share"],
        ["", "", "(EUR m)", "(%)"],
        ["Algeria", "34 000", "6.19", "6.3"],
        ["Egypt", "80 000", "6.60", "6.7"],
        ["Jordan", "6 000", "4.20", "4.3"],
        ["Morocco", "31 000", "21.09", "21.4"],
    ]
    path = text_grid_pdf(tmp_path / "headings.pdf", lines)
    (table,) = _page_tables(path)
    everything = ([table.header] if table.header else []) + table.rows
    assert table.header == ["Country", "Population", "Signed TA (EUR m)", "Share (%)"]
    assert table.rows[0] == ["Algeria", "34 000", "6.19", "6.3"]
    assert not any("Threshold" in c for row in everything for c in row)  # a caption above the heading


def test_group_label_goes_with_the_groups_first_row(tmp_path):
    """Rows in repeating groups (Men, Women, Total) named by a label set beside the group's middle
    (eu-012): the label goes with the group's first row."""
    pytest.importorskip("fpdf")
    lines = [["", "", "Agriculture", "Industry"]]
    for year, base in (("1991", 11), ("1996", 9), ("2001", 7)):
        lines += [
            ["", "Men", f"{base}.0", "40.7"],
            [year, "Women", f"{base - 4}.6", "16.0"],
            ["", "Total", f"{base - 2}.9", "28.7"],
        ]
    path = text_grid_pdf(tmp_path / "groups.pdf", lines)
    (table,) = _page_tables(path)
    everything = ([table.header] if table.header else []) + table.rows
    assert ["1991", "Men", "11.0", "40.7"] in everything
    assert ["", "Women", "7.6", "16.0"] in everything
    assert ["2001", "Men", "7.0", "40.7"] in everything
    assert not any(row[0] and row[1] == "Women" for row in everything)


def test_row_labels_heading_beside_sub_headings_goes_up_to_the_spanning_heading(tmp_path):
    """ "Faculty cluster" set beside the sub-headings under a spanning "Male students" (eu-020)
    spans both heading lines: it goes with the upper one."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    lines = [
        ["", "Male students", ""],
        ["Faculty cluster", "Sample", "Population"],
        ["Sciences", "38 (24.7%)", "672 (24.8%)"],
        ["Humanities", "18 (11.7%)", "413 (15.2%)"],
        ["Total", "154", "2714"],
    ]
    _ruled_grid(pdf, lines, widths=(50, 35, 35))
    path = tmp_path / "stub.pdf"
    pdf.output(str(path))
    (table,) = _page_tables(path)
    everything = ([table.header] if table.header else []) + table.rows
    assert [[c for c in row if c] for row in everything[:2]] == [
        ["Faculty cluster", "Male students"],
        ["Sample", "Population"],
    ]
    assert everything[2] == ["Sciences", "38 (24.7%)", "672 (24.8%)"]
